"""Reads for the dashboard: paid, unpaid and refunded totals per unit and month, and the online
payment indicators of the service index (Decision 766/QĐ-TTg: 10 of its 100 points).

Months are the unit's own local months, like every other dashboard figure:
* paid: the month the payment was paid (`paid_at`), by method and currency;
* exempted: the month a case was exempted from its fee (a paid payment of 0, method "exempt"):
  counted apart, as 0 and as settled, never as paid money nor as unpaid;
* refunded: the month the refund was recorded;
* unpaid: the fees requested in the month that are still waiting to be paid now (the case is in
  "fee requested"), at the amount due today (`fees.amount_due`).
Amounts are added up per currency only (VND in Viet Nam, USD at missions), never converted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.organization.models import Unit
from chancery.organization.services import unit_tz
from chancery.payments import fees, providers
from chancery.payments.models import Payment, PaymentMethod, PaymentStatus, Refund


@dataclass
class Money:
    count: int = 0
    amount: Decimal = Decimal("0")

    def add(self, amount: Decimal) -> None:
        self.count += 1
        self.amount += amount


@dataclass
class MonthTotals:
    """One line of the dashboard's payment table: a unit, a month, a currency."""

    unit: Unit
    month: date
    currency: str
    paid: Money = field(default_factory=Money)
    paid_online: Money = field(default_factory=Money)
    refunded: Money = field(default_factory=Money)
    unpaid: Money = field(default_factory=Money)
    exempted: Money = field(default_factory=Money)  # amount always 0: the count of exemptions

    @property
    def net(self) -> Decimal:
        return self.paid.amount - self.refunded.amount


def _month(unit: Unit, moment: datetime, zones: dict[int, Any]) -> date:
    tz = zones.get(unit.pk) or zones.setdefault(unit.pk, unit_tz(unit))
    local = moment.astimezone(tz)
    return date(local.year, local.month, 1)


def _window(first_month: date, last_month: date) -> tuple[datetime, datetime]:
    """A UTC window wide enough for every local month in [first_month, last_month] (time zones
    are at most 14 hours from UTC); rows are then kept by their local month."""
    start = datetime(first_month.year, first_month.month, 1, tzinfo=UTC) - timedelta(days=1)
    after = date(last_month.year + (last_month.month == 12), last_month.month % 12 + 1, 1)
    end = datetime(after.year, after.month, 1, tzinfo=UTC) + timedelta(days=1)
    return start, end


def monthly_totals(first_month: date, last_month: date, unit: Unit | None = None) -> list[MonthTotals]:
    """Paid, refunded and unpaid totals per (unit, month, currency), in that order."""
    start, end = _window(first_month, last_month)
    zones: dict[int, Any] = {}
    rows: dict[tuple[int, date, str], MonthTotals] = {}

    def row(for_unit: Unit, moment: datetime, currency: str) -> MonthTotals | None:
        month = _month(for_unit, moment, zones)
        if not first_month <= month <= last_month:
            return None
        key = (for_unit.pk, month, currency)
        if key not in rows:
            rows[key] = MonthTotals(for_unit, month, currency)
        return rows[key]

    paid = Payment.objects.filter(status=PaymentStatus.PAID, paid_at__gte=start, paid_at__lt=end)
    refunds = Refund.objects.filter(recorded_at__gte=start, recorded_at__lt=end)
    waiting = Case.objects.filter(status=Status.FEE_REQUESTED, status_changed_at__gte=start,
                                  status_changed_at__lt=end)
    if unit is not None:
        paid, refunds, waiting = (paid.filter(case__unit=unit), refunds.filter(payment__case__unit=unit),
                                  waiting.filter(unit=unit))
    for payment in paid.select_related("case__unit").order_by():
        if payment.paid_at is None:  # excluded by the filter; for the type checker
            continue
        target = row(payment.case.unit, payment.paid_at, payment.currency)
        if target is None:
            continue
        if payment.method == PaymentMethod.EXEMPT:
            target.exempted.add(payment.amount)
        else:
            target.paid.add(payment.amount)
        if payment.method == PaymentMethod.ONLINE:
            target.paid_online.add(payment.amount)
    for refund in refunds.select_related("payment__case__unit").order_by():
        target = row(refund.payment.case.unit, refund.recorded_at, refund.payment.currency)
        if target is not None:
            target.refunded.add(refund.amount)
    for case in waiting.select_related("unit", "procedure_version").order_by():
        due = fees.amount_due(case)
        if due is not None:
            target = row(case.unit, case.status_changed_at, due.currency)
            if target is not None:
                target.unpaid.add(due.amount)
    for totals in rows.values():  # to the currency's minor unit: 30000 VND, 20.00 USD, everywhere
        for money in (totals.paid, totals.paid_online, totals.refunded, totals.unpaid, totals.exempted):
            money.amount = fees.quantize(money.amount, totals.currency)
    return sorted(rows.values(), key=lambda r: (r.unit.code, r.month, r.currency))


# ---- The service index's online payment indicators ---------------------------------------------


@dataclass
class PaymentMeasures:
    """What the three online payment indicators count, for one unit (or the ministry)."""

    fee_procedures: set[str] = field(default_factory=set)  # published fee-bearing procedures handled
    payable_online: set[str] = field(default_factory=set)  # of these, those a configured gateway takes
    paid_online_codes: set[str] = field(default_factory=set)  # procedures paid online in the period
    dossiers_paid: int = 0  # dossiers whose fee was paid in the period (any method)
    dossiers_paid_online: int = 0  # of these, paid online

    @property
    def procedures_paid_online(self) -> int:
        """Fee-bearing procedures with at least one online payment in the period."""
        return len(self.paid_online_codes & self.fee_procedures)


def fee_bearing(versions: Iterable[Any]) -> tuple[set[str], set[str]]:
    """(codes of fee-bearing procedures, codes of those payable online) among these versions."""
    bearing, online = set(), set()
    for version in versions:
        fee = version.fee or {}
        if not fee.get("amount"):
            continue
        bearing.add(version.code)
        if providers.for_currency(str(fee.get("currency", "VND")).upper()) is not None:
            online.add(version.code)
    return bearing, online


def payment_measures(
    first_month: date, last_month: date, procedures: dict[str | None, tuple[set[str], set[str]]],
    units: Iterable[Unit],
) -> dict[int | None, PaymentMeasures]:
    """Measures per unit id, and for all units together (key None). `procedures` maps a unit
    kind (None: every kind) to fee_bearing() of the procedures that kind handles."""
    units = list(units)
    by_id = {u.pk: u for u in units}
    measures: dict[int | None, PaymentMeasures] = {}
    for key, kind in [(None, None), *((u.pk, u.kind) for u in units)]:
        bearing, online = procedures.get(kind, (set(), set()))
        measures[key] = PaymentMeasures(fee_procedures=set(bearing), payable_online=set(online))
    start, end = _window(first_month, last_month)
    zones: dict[int, Any] = {}
    # An exemption is not a dossier paid (nothing was paid, online or not).
    paid = (Payment.objects.filter(status=PaymentStatus.PAID, paid_at__gte=start, paid_at__lt=end,
                                   case__unit__in=units).exclude(method=PaymentMethod.EXEMPT)
            .values_list("case__unit_id", "paid_at", "method", "case__procedure_version__procedure__code")
            .order_by())
    for unit_id, paid_at, method, code in paid:
        if paid_at is None:  # excluded by the filter; for the type checker
            continue
        unit = by_id[unit_id]
        if not first_month <= _month(unit, paid_at, zones) <= last_month:
            continue
        for key in (None, unit_id):
            m = measures[key]
            m.dossiers_paid += 1
            if method == PaymentMethod.ONLINE:
                m.dossiers_paid_online += 1
                m.paid_online_codes.add(code)
    return measures
