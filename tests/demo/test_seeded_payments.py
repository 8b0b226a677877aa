"""The demo's cases past "fee requested" are paid (or exempted) through the payments services: each
has exactly one paid payment, a numbered receipt when money was paid, an exemption record when
not; none is left "paid" without a payment, and the dashboard's totals count them."""

from __future__ import annotations

from collections import Counter

import pytest
from django.conf import settings

from chancery.cases.models import Case
from chancery.demo.seed import create_cases, create_units_and_staff
from chancery.payments.models import FeeExemption, Payment, PaymentMethod, PaymentStatus, Receipt
from chancery.procedures.services import load_catalog


@pytest.mark.django_db
def test_every_seeded_case_past_payment_has_exactly_one_paid_payment_or_an_exemption():
    load_catalog(settings.CATALOG_DIR)
    create_units_and_staff()
    assert create_cases(count=75, months=6) > 0
    past = Case.objects.filter(fee_paid_at__isnull=False)
    assert past.count() >= 5
    ways: Counter = Counter()
    for case in past:
        paid = list(Payment.objects.filter(case=case, status=PaymentStatus.PAID))
        assert len(paid) == 1, case.tracking_code
        payment = paid[0]
        ways[payment.method] += 1
        assert case.events.filter(action="record_payment").count() == 1
        if payment.method == PaymentMethod.EXEMPT:
            exemption = FeeExemption.objects.get(case=case)
            assert exemption.payment == payment and exemption.by.username.endswith(".head")
            assert not Receipt.objects.filter(payment=payment).exists()
        else:
            assert payment.amount > 0 and Receipt.objects.filter(payment=payment).count() == 1
    # Every payment belongs to a case past payment: none was made for a case left waiting.
    assert not Payment.objects.filter(status=PaymentStatus.PAID, case__fee_paid_at__isnull=True).exists()
    assert {"cash", "transfer", "exempt"} <= set(ways), ways
