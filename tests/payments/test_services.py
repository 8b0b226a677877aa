"""The lifecycle lets the system make only the transitions the table marks `by_system`, and the
payment services' own rules (amount, state, one order at a time)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from chancery.audit.models import AuditRecord
from chancery.cases.lifecycle import TRANSITIONS, Status
from chancery.cases.services import ActionForbidden, apply_transition
from chancery.payments import services
from chancery.payments.models import Payment, PaymentStatus
from chancery.procedures.services import load_catalog
from tests.factories import advance, make_user
from tests.payments.conftest import IPN_PATH, fee_requested_case
from tests.payments.test_no_unverified_payment import genuine, signed


@pytest.fixture
def case(db, offline_gateway_settings):
    load_catalog(settings.CATALOG_DIR)
    return fee_requested_case()[0]


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_the_system_makes_only_the_transitions_marked_for_it(case, action):
    if TRANSITIONS[action].by_system:
        assert action == "record_payment"
        apply_transition(case, action, actor=None, system=True, expected_version=case.version)
        case.refresh_from_db()
        assert case.status == Status.FEE_PAID
    else:
        with pytest.raises(ActionForbidden):
            apply_transition(case, action, actor=None, system=True, expected_version=case.version,
                             reason="x")


def test_starting_refuses_what_cannot_be_paid(case):
    url = "http://testserver/payment/return/"
    with pytest.raises(services.PaymentUnavailable):
        services.start_payment(case=case, amount=Decimal("30000"), currency="USD", return_url=url)
    with pytest.raises(services.PaymentNotPossible):
        services.start_payment(case=case, amount=Decimal("0"), currency="VND", return_url=url)
    first = services.start_payment(case=case, amount=Decimal("30000"), currency="VND", return_url=url)
    assert services.start_payment(case=case, amount=Decimal("30000"), currency="VND", return_url=url) == first
    assert AuditRecord.objects.filter(action="payment.started", object_id=str(first.pk)).count() == 1


def test_paid_after_the_counter_payment_stays_paid_and_is_flagged(case):
    payment = services.start_payment(case=case, amount=Decimal("30000"), currency="VND",
                                     return_url="http://testserver/payment/return/")
    officer = make_user("counter.cd")
    from chancery.organization.models import Membership, Role

    Membership.objects.create(user=officer, unit=case.unit, role=Role.OFFICER)
    advance(case, ["record_payment"], officer=officer)  # paid at the counter meanwhile
    assert Client().get(IPN_PATH + "?" + signed(genuine(payment.reference))).json()["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    flagged = AuditRecord.objects.filter(action="payment.paid_case_not_waiting", object_id=str(payment.pk))
    assert flagged.exists()


def test_database_refuses_a_second_paid_payment_for_a_case(case):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    now = timezone.now()
    row = {"case": case, "amount": Decimal("1"), "currency": "VND", "provider": "vnpay", "status": "paid",
           "paid_at": now, "gateway_transaction_no": "1", "created_at": now,
           "expires_at": now + timezone.timedelta(minutes=1)}
    Payment.objects.create(reference="A1", **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(reference="A2", **row)
    Payment.objects.filter(reference="A1").delete()
    for broken in ({"gateway_transaction_no": ""}, {"paid_at": None}, {"amount": Decimal("0")},
                   {"currency": "vnd"}, {"status": "refunded"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Payment.objects.create(reference="A3", **{**row, **broken})
