"""The dashboard's paid, refunded and unpaid totals per unit and month, against a generated set of
payments near month ends in two time zones, added up here the plain way."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.organization.models import Role, UnitKind
from chancery.payments import fees
from chancery.payments.models import Payment, PaymentStatus, Refund
from chancery.payments.selectors import monthly_totals
from chancery.procedures.services import load_catalog
from tests.factories import advance, make_unit, make_user, submit_case

FIRST, LAST = date(2026, 2, 1), date(2026, 3, 1)


@pytest.mark.parametrize("seed", [1, 2])
def test_fee_totals_per_unit_and_month_add_up(db, seed):
    load_catalog(settings.CATALOG_DIR)
    rng = random.Random(seed)
    units = [make_unit("CD-HN", kind=UnitKind.MINISTRY_DEPARTMENT, country="VN", tz="Asia/Ho_Chi_Minh"),
             make_unit("EMB-X", kind=UnitKind.MINISTRY_DEPARTMENT, country="VN", tz="America/Los_Angeles")]
    expected: Counter = Counter()
    for i in range(12):
        unit = units[i % 2]
        officer = make_user(f"o{i}", unit, Role.OFFICER)
        case, _key = submit_case(unit, "consular-certification")
        case = advance(case, ["receive", "start_processing", "request_fee"], officer=officer)
        due = fees.amount_due(case)
        tz = ZoneInfo(unit.time_zone)
        # Around the month ends, where the unit's month and UTC's differ.
        moment = datetime(2026, rng.choice([1, 2, 3, 4]), 1, tzinfo=UTC) + timedelta(
            hours=rng.choice([-20, -10, -3, 3, 10, 20, 24 * 14]))
        local = moment.astimezone(tz)
        month = date(local.year, local.month, 1)
        kind = rng.choice(["paid", "paid", "unpaid", "pending"])
        if kind == "unpaid":
            Case.objects.filter(pk=case.pk).update(status_changed_at=moment)
            if FIRST <= month <= LAST:
                expected[(unit.code, month, "unpaid", due.currency)] += due.amount
            continue
        status = PaymentStatus.PAID if kind == "paid" else PaymentStatus.PENDING
        method = rng.choice(["online", "cash", "transfer"]) if kind == "paid" else "online"
        payment = Payment.objects.create(
            case=case, reference=f"R{seed}{i}", amount=due.amount, currency=due.currency, provider=method,
            method=method, status=status, paid_at=moment if kind == "paid" else None, created_at=moment,
            expires_at=moment + timedelta(minutes=15) if method == "online" else None,
            gateway_transaction_no="T" if method == "online" and kind == "paid" else "",
            counter_receipt_no="Q" if method == "cash" else "",
            bank_transaction_id=f"B{seed}{i}" if method == "transfer" else "")
        Case.objects.filter(pk=case.pk).update(
            status=Status.FEE_PAID if kind == "paid" else Status.FEE_REQUESTED, status_changed_at=moment)
        if kind == "pending":  # started online, not paid: unpaid in the month the fee was requested
            if FIRST <= month <= LAST:
                expected[(unit.code, month, "unpaid", due.currency)] += due.amount
            continue
        if FIRST <= month <= LAST:
            expected[(unit.code, month, "paid", due.currency)] += due.amount
            if method == "online":
                expected[(unit.code, month, "online", due.currency)] += due.amount
        if rng.random() < 0.5:
            refunded_at = moment + timedelta(days=rng.choice([0, 3, 20]))
            amount = (due.amount / rng.choice([1, 2])).quantize(Decimal("0.01"))
            Refund.objects.create(payment=payment, amount=amount, reason="r", recorded_at=refunded_at)
            local = refunded_at.astimezone(tz)
            refund_month = date(local.year, local.month, 1)
            if FIRST <= refund_month <= LAST:
                expected[(unit.code, refund_month, "refunded", due.currency)] += amount
    got: Counter = Counter()
    for row in monthly_totals(FIRST, LAST):
        for name, money in (("paid", row.paid), ("online", row.paid_online), ("refunded", row.refunded),
                            ("unpaid", row.unpaid)):
            if money.amount:
                got[(row.unit.code, row.month, name, row.currency)] += money.amount
    assert got == +expected
    assert sum(expected.values()) > 0  # the generated set is not empty in the period
    # One unit's totals are that unit's rows of the ministry's.
    only = Counter()
    for row in monthly_totals(FIRST, LAST, units[0]):
        assert row.unit == units[0]
        only[(row.month, row.currency)] += row.paid.amount
    assert only == +Counter({(m, c): v for (u, m, n, c), v in expected.items()
                             if u == units[0].code and n == "paid"})
    assert timezone.is_aware(moment)
