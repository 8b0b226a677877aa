"""The amount a case owes, computed from the catalogue's fee schedule (issue 15, must-have 1).

A pure rule (no database): `compute_fee(fee, answers, office_kind)` reads the `fee:` block of a
procedure version (validated by procedures/schema.py) and gives the amount with its breakdown:

- the amount per unit of charge at the kind of office (USD at missions under Circular
  264/2016/TT-BTC as amended by Circular 113/2021/TT-BTC; VND in Viet Nam under Circular
  157/2016/TT-BTC), or the rate the tariff names for the applicant's case (e.g. a passport
  re-issued after loss or damage);
- times the count the application gives, for a fee per document, copy or person;
- less the largest reduction or exemption the law states that the answers meet (e.g. citizens
  living in China, Laos, Thailand or Cambodia pay 20 % of the passport fee). Each line cites its
  source.

`amount_due(case)` is what `services.start_payment` charges: the officer's adjustment if one was
made (with a reason, audited: services.adjust_fee), otherwise the computed amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from chancery.procedures.conditions import applies

if TYPE_CHECKING:
    from chancery.cases.models import Case

UNIT_LABELS = {
    "application": _("per application"),
    "document": _("per document"),
    "copy": _("per copy"),
    "person": _("per person"),
}

# Amounts are kept to the currency's minor unit: VND has none, USD has cents.
MINOR_UNITS = {"VND": Decimal("1"), "USD": Decimal("0.01")}


def quantize(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(MINOR_UNITS.get(currency, Decimal("0.01")), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FeeLine:
    label: dict[str, str] | None  # a catalogue text {vi, en}; None: the procedure's fee
    unit_amount: Decimal
    count: int
    unit: str  # application, document, copy, person
    amount: Decimal
    source: str


@dataclass(frozen=True)
class FeeReduction:
    label: dict[str, str]
    pay_percent: int
    amount: Decimal  # what is taken off (positive)
    source: str


@dataclass(frozen=True)
class FeeQuote:
    """The computed fee of one application at one kind of office."""

    currency: str
    lines: list[FeeLine]
    reductions: list[FeeReduction] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.subtotal - sum((r.amount for r in self.reductions), Decimal(0))

    def as_dict(self) -> dict[str, Any]:
        """As JSON, for a notice's frozen content and the API."""
        return {
            "currency": self.currency, "subtotal": str(self.subtotal), "total": str(self.total),
            "lines": [{"label": x.label, "unit_amount": str(x.unit_amount), "count": x.count,
                       "unit": x.unit, "amount": str(x.amount), "source": x.source}
                      for x in self.lines],
            "reductions": [{"label": r.label, "pay_percent": r.pay_percent, "amount": str(r.amount),
                            "source": r.source} for r in self.reductions],
        }


def _count(fee: Mapping[str, Any], answers: Mapping[str, Any]) -> int:
    """The number the fee is multiplied by: 1 for a fee per application; otherwise the answer
    named by `count_field`, at least 1 (the form refuses 0 and non-numbers; a missing answer on a
    draft counts one)."""
    if fee.get("unit", "application") == "application":
        return 1
    try:
        return max(1, int(str(answers.get(fee["count_field"]) or 1)))
    except (TypeError, ValueError):
        return 1


def office_amount(fee: Mapping[str, Any], office_kind: str | None) -> tuple[Decimal, str, str]:
    """(amount per unit, currency, source) at this kind of office."""
    for entry in fee.get("by_office") or []:
        if office_kind in entry["offices"]:
            return Decimal(entry["amount"]), entry["currency"], entry["source"]
    return Decimal(fee["amount"]), fee["currency"], fee.get("source", "")


def compute_fee(
    fee: Mapping[str, Any] | None,
    answers: Mapping[str, Any] | None,
    office_kind: str | None,
    *,
    today: date | None = None,
) -> FeeQuote | None:
    """The fee of an application with these answers at this kind of office; None when the
    procedure has no fee. `today` only matters to rules read from an age (none today)."""
    if not fee:
        return None
    answers = answers or {}
    today = today or date.today()
    unit_amount, currency, source = office_amount(fee, office_kind)
    label = None
    for rate in fee.get("rates") or []:
        if applies(rate["when"], answers, today=today):
            # A rate the tariff names is in the currency of the office's tariff (the schema checks
            # every office's currency; rates are written for the fee's own currency).
            unit_amount, source, label = Decimal(rate["amount"]), rate["source"], rate["label"]
            break
    count = _count(fee, answers)
    unit = fee.get("unit", "application")
    lines = [FeeLine(label, unit_amount, count, unit, quantize(unit_amount * count, currency), source)]
    quote = FeeQuote(currency, lines)
    best = None
    for rule in fee.get("reductions") or []:
        if applies(rule["when"], answers, today=today) and (
                best is None or rule["pay_percent"] < best["pay_percent"]):
            best = rule
    if best is not None:
        payable = quantize(quote.subtotal * best["pay_percent"] / Decimal(100), currency)
        quote.reductions.append(FeeReduction(best["label"], best["pay_percent"],
                                             quote.subtotal - payable, best["source"]))
    return quote


def case_quote(case: Case) -> FeeQuote | None:
    """The computed fee of a case: its procedure version, its answers, its office."""
    return compute_fee(case.procedure_version.fee, case.data or {}, case.unit.kind)


@dataclass(frozen=True)
class AmountDue:
    amount: Decimal
    currency: str
    # The officer's adjustment, when the amount is not the computed one.
    adjustment: Any = None


def amount_due(case: Case) -> AmountDue | None:
    """What the case owes: the last adjustment an officer made (with its reason), otherwise the
    computed fee. None when there is nothing to pay."""
    quote = case_quote(case)
    if quote is None:
        return None
    from chancery.payments.models import FeeAdjustment

    adjustment = FeeAdjustment.objects.filter(case=case).order_by("-at", "-id").first()
    if adjustment is not None:
        if adjustment.amount <= 0:
            return None
        return AmountDue(quantize(adjustment.amount, adjustment.currency), adjustment.currency, adjustment)
    if quote.total <= 0:
        return None
    return AmountDue(quote.total, quote.currency)


# The grounds on which the office waives a case's fee entirely (payments.fee_services.exempt_fee),
# each with its source. Circular 264/2016/TT-BTC (as amended by Circular 113/2021/TT-BTC) lists
# the cases exempt from consular fees; DOMAIN.md records only its 20 % reduction, so the article
# and its wording are to be checked against the consolidated text (15/VBHN-BTC, 2022) before a
# ground is relied on. A ground is decided by the head of the unit (or a delegated officer).
EXEMPTION_SOURCE = ("Thông tư số 264/2016/TT-BTC (sửa đổi bởi Thông tư số 113/2021/TT-BTC), "
                    "các trường hợp miễn phí, lệ phí lãnh sự")
EXEMPTION_GROUNDS: dict[str, str] = {
    "protection": EXEMPTION_SOURCE,
    "trafficking": EXEMPTION_SOURCE,
    "head_decision": EXEMPTION_SOURCE,
}


def transfer_reference(case: Case) -> str:
    """What a bank transfer for this case carries in its description: the tracking code without
    its dash (banks drop punctuation), so a statement line finds its case."""
    return case.tracking_code.replace("-", "").upper()


def payment_notice_content(case: Case) -> dict[str, Any]:
    """What a payment notice freezes about the money (cases.notices.register_content): the
    amount due, its breakdown, the officer's adjustment and reason, the reference, how to pay."""
    from django.conf import settings
    from django.urls import reverse

    quote = case_quote(case)
    due = amount_due(case)
    adjustment = due.adjustment if due else None
    return {
        "fee": {
            "amount": str(due.amount) if due else "0",
            "currency": due.currency if due else (quote.currency if quote else ""),
            "quote": quote.as_dict() if quote else None,
            "adjustment": {"computed": str(quantize(adjustment.computed_amount, adjustment.currency)),
                           "reason": adjustment.reason}
            if adjustment else None,
            "reference": transfer_reference(case),
            "pay_url": settings.SITE_URL + reverse("portal:status_lookup"),
            "online": _online_possible(due.currency) if due else False,
        },
    }


def _online_possible(currency: str) -> bool:
    from chancery.payments import providers

    return providers.for_currency(currency) is not None


@dataclass(frozen=True)
class ScheduleRow:
    """One amount of a procedure's schedule, as the procedure page lists it."""

    offices: list[str]  # office kinds
    amount: Decimal
    currency: str
    unit: str
    source: str

    @property
    def office_names(self) -> str:
        from chancery.organization.models import UnitKind

        return ", ".join(str(UnitKind(o).label) for o in self.offices)

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS.get(self.unit, self.unit))


@dataclass(frozen=True)
class Schedule:
    rows: list[ScheduleRow]
    rates: list[dict[str, Any]]
    reductions: list[dict[str, Any]]
    note: dict[str, str] | None


def schedule(fee: Mapping[str, Any] | None, handled_by: list[str]) -> Schedule | None:
    """The whole schedule of a procedure (before any answer): the amount at each kind of office
    that handles it, the tariff's other rates and the reductions, each with its source."""
    if not fee:
        return None
    unit = fee.get("unit", "application")
    rows: list[ScheduleRow] = []
    named = set()
    for entry in fee.get("by_office") or []:
        offices = [o for o in entry["offices"] if o in handled_by]
        named.update(entry["offices"])
        if offices:
            rows.append(ScheduleRow(offices, Decimal(entry["amount"]), entry["currency"], unit,
                                    entry["source"]))
    rest = [o for o in handled_by if o not in named]
    if rest:
        rows.insert(0, ScheduleRow(rest, Decimal(fee["amount"]), fee["currency"], unit,
                                   fee.get("source", "")))
    return Schedule(rows, list(fee.get("rates") or []), list(fee.get("reductions") or []),
                    fee.get("note"))
