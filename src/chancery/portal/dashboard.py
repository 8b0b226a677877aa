"""The public transparency dashboard: figures per period for the ministry and each unit, the
service index (Decision 766/QĐ-TTg, 2022), and the 12-month trend.

Period figures come from the monthly counters (`portal.statistics`), never from scanning cases:
a year of the whole ministry is a few thousand counter rows. "Open now" and "overdue now" are
the present state, counted over open cases only (few, and indexed by status and due date).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.cases.lifecycle import BEFORE_DECISION
from chancery.cases.models import Case
from chancery.cases.selectors import timeliness_filter
from chancery.organization.models import Unit
from chancery.payments.selectors import (
    MonthTotals,
    PaymentMeasures,
    fee_bearing,
    monthly_totals,
    payment_measures,
)
from chancery.portal.models import COUNT_FIELDS, HISTOGRAM_DAYS, HISTOGRAM_FIELDS, ServiceCounter
from chancery.procedures.models import ProcedureVersion
from chancery.procedures.selectors import published_procedures

# ---- Periods -----------------------------------------------------------------------------------

PERIOD_KINDS = ("month", "quarter", "year")
PERIOD_LABELS = {
    "month": gettext_lazy("Month"), "quarter": gettext_lazy("Quarter"), "year": gettext_lazy("Year"),
}
_PATTERNS = {
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE),
    "year": re.compile(r"^(\d{4})$"),
}
FIRST_YEAR, LAST_YEAR = 2000, 2100
TREND_MONTHS = 12


class PeriodError(ValueError):
    """A period or value the dashboard does not understand."""


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year; months are the units' local months."""

    kind: str
    year: int
    number: int = 1  # month 1–12, quarter 1–4; 1 for a year

    @classmethod
    def parse(cls, value: str, kind: str | None = None) -> Period:
        """'2026-03', '2026-Q1' or '2026'; ``kind``, when given, must agree with the value."""
        value = (value or "").strip()
        kinds = [kind] if kind else list(PERIOD_KINDS)
        if kind and kind not in PERIOD_KINDS:
            raise PeriodError(_("Unknown kind of period: %(kind)s.") % {"kind": kind})
        for candidate in kinds:
            match = _PATTERNS[candidate].match(value)
            if match:
                year = int(match.group(1))
                number = int(match.group(2)) if candidate != "year" else 1
                if not FIRST_YEAR <= year <= LAST_YEAR or (candidate == "month" and not 1 <= number <= 12):
                    break
                return cls(candidate, year, number)
        raise PeriodError(_("“%(value)s” is not a valid period (examples: 2026-03, 2026-Q1, 2026).")
                          % {"value": value})

    @classmethod
    def containing(cls, kind: str, day: date) -> Period:
        if kind == "month":
            return cls("month", day.year, day.month)
        if kind == "quarter":
            return cls("quarter", day.year, (day.month - 1) // 3 + 1)
        return cls("year", day.year)

    @classmethod
    def current(cls, kind: str = "month") -> Period:
        return cls.containing(kind, timezone.localdate())

    @property
    def value(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def first_month(self) -> date:
        if self.kind == "month":
            return date(self.year, self.number, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self.number - 2, 1)
        return date(self.year, 1, 1)

    @property
    def last_month(self) -> date:
        return add_months(self.first_month, {"month": 0, "quarter": 2, "year": 11}[self.kind])

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("Month %(month)d/%(year)d") % {"month": self.number, "year": self.year}
        if self.kind == "quarter":
            return _("Quarter %(quarter)d/%(year)d") % {"quarter": self.number, "year": self.year}
        return _("Year %(year)d") % {"year": self.year}

    def shifted(self, n: int) -> Period:
        step = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        return Period.containing(self.kind, add_months(self.first_month, n * step))

    def as_kind(self, kind: str, today: date | None = None) -> Period:
        """The period of another kind around this one: its last month, not past today's."""
        today = today or timezone.localdate()
        anchor = min(self.last_month, date(today.year, today.month, 1))
        anchor = max(anchor, self.first_month)
        return Period.containing(kind, anchor)

    def is_future(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.first_month > date(today.year, today.month, 1)

    def recent(self, count: int, today: date | None = None) -> list[Period]:
        """Periods of this kind for a picker: the last ``count`` up to today, this one included."""
        latest = Period.current(self.kind) if today is None else Period.containing(self.kind, today)
        periods = [latest.shifted(-i) for i in range(count)]
        if self not in periods:
            periods.append(self)
        return sorted(periods, key=lambda p: p.first_month, reverse=True)


# ---- Figures -----------------------------------------------------------------------------------


@dataclass
class Figures:
    """Sums of counters for some units, procedures and months, plus the present open state."""

    counts: Counter = field(default_factory=Counter)
    open_now: int = 0
    overdue_now: int = 0

    def add(self, other: Figures) -> None:
        self.counts.update(other.counts)
        self.open_now += other.open_now
        self.overdue_now += other.overdue_now

    def __getattr__(self, name: str) -> int:
        # Every counter field reads as an attribute: figures.received, figures.late …
        if name in COUNT_FIELDS:
            return self.counts[name]
        raise AttributeError(name)

    @property
    def timed(self) -> int:
        return self.counts["early"] + self.counts["on_time"] + self.counts["late"]

    @property
    def early_or_on_time(self) -> int:
        return self.counts["early"] + self.counts["on_time"]

    @property
    def on_time_rate(self) -> float | None:
        """Resolved early or on time ÷ resolved with a due date."""
        return _ratio(self.early_or_on_time, self.timed)

    @property
    def late_rate(self) -> float | None:
        return _ratio(self.counts["late"], self.timed)

    @property
    def online_share(self) -> float | None:
        """Submitted online for a procedure that can be done fully online ÷ all received."""
        return _ratio(self.counts["full_online"], self.counts["received"])

    @property
    def digitised_share(self) -> float | None:
        return _ratio(self.counts["digitised"], self.counts["received"])

    @property
    def histogram(self) -> list[int]:
        return [self.counts[f] for f in HISTOGRAM_FIELDS]

    @property
    def average_working_days(self) -> float | None:
        return _ratio(self.counts["wd_sum"], self.counts["resolved"])

    @property
    def p90_working_days(self) -> int | None:
        """Nearest-rank 90th percentile; HISTOGRAM_DAYS + 1 means "more than HISTOGRAM_DAYS"."""
        return percentile(self.histogram, 0.9)

    @property
    def p90_label(self) -> str:
        value = self.p90_working_days
        if value is None:
            return ""
        return f"> {HISTOGRAM_DAYS}" if value > HISTOGRAM_DAYS else str(value)

    @property
    def ratings(self) -> list[int]:
        return [self.counts[f"rating_{score}"] for score in range(1, 6)]

    @property
    def rating_count(self) -> int:
        return sum(self.ratings)

    @property
    def rating_average(self) -> float | None:
        return _ratio(sum(score * n for score, n in enumerate(self.ratings, start=1)), self.rating_count)

    @property
    def satisfied_share(self) -> float | None:
        """Ratings of 4 or 5 ÷ all ratings."""
        ratings = self.ratings
        return _ratio(ratings[3] + ratings[4], self.rating_count)

    @property
    def dislikes(self) -> int:
        """Ratings of 1 or 2: the dossiers the applicant was dissatisfied with."""
        ratings = self.ratings
        return ratings[0] + ratings[1]


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def percentile(histogram: list[int], q: float) -> int | None:
    """The smallest value v with at least ceil(q × n) observations ≤ v (nearest rank)."""
    total = sum(histogram)
    if not total:
        return None
    rank = max(1, math.ceil(q * total))
    running = 0
    for value, count in enumerate(histogram):
        running += count
        if running >= rank:
            return value
    return len(histogram) - 1


# ---- The service index (Decision 766/QĐ-TTg, 2022) ---------------------------------------------

# Formulas of the national portal's index as transcribed in DOMAIN.md (a third-party transcription
# of the portal's formula document): score = min(1, ratio / target) × points. Names, formulas and
# reasons are lazy texts: an index is computed for each of ~100 units on every ministry view.
DEFAULT_TARGET = 0.8

NO_PORTAL_LINK = gettext_lazy(
    "Chancery does not exchange data with the National Public Service Portal yet (Circular "
    "04/2025/TT-VPCP): nothing is synchronised, so there is nothing to count."
)
PAPER_RESULTS = gettext_lazy(
    "Results (passports, certificates, registrations) are handed over on paper: Chancery does "
    "not issue or store electronic results yet."
)
NO_POPULATION_DB = gettext_lazy(
    "Chancery is not connected to the national population database or to citizens' "
    "electronic stores yet."
)
NO_FEEDBACK = gettext_lazy(
    "Chancery does not receive complaints and recommendations (phản ánh, kiến nghị) yet; only "
    "ratings of returned results."
)


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator of the index: what it is worth, its formula, and why it is not measured."""

    key: str
    name: Any
    points: int
    formula: Any
    target: float | None = DEFAULT_TARGET
    why_not: Any = None  # set: not measured by Chancery (yet), scores nothing

    @property
    def measured(self) -> bool:
        return self.why_not is None  # not a truth test: that would translate the lazy text


INDEX_GROUPS: list[tuple[str, Any, int, list[IndicatorSpec]]] = [
    ("publicity", gettext_lazy("Publicity and transparency"), 18, [
        IndicatorSpec(
            "published_on_time", gettext_lazy("Procedures published on time"), 6,
            gettext_lazy("procedures published on time ÷ procedures to publish; target 80%"),
            why_not=gettext_lazy("The catalogue does not record when each procedure was decided "
                                 "and by when it had to be published."),
        ),
        IndicatorSpec(
            "national_database", gettext_lazy("Updated in the national database on time"), 4,
            gettext_lazy("procedures updated on time ÷ procedures changed; target 80%"),
            why_not=NO_PORTAL_LINK,
        ),
        IndicatorSpec(
            "complete", gettext_lazy("Procedures published with all parts"), 2,
            gettext_lazy("published procedures with name and description in Vietnamese and "
                         "English, required documents, processing time, legal basis and handling "
                         "units ÷ published procedures this office handles; target 80%"),
        ),
        IndicatorSpec(
            "synchronised", gettext_lazy("Dossiers synchronised to the national portal"), 6,
            gettext_lazy("dossiers synchronised ÷ dossiers received; target 80%"),
            why_not=NO_PORTAL_LINK,
        ),
    ]),
    ("progress", gettext_lazy("Processing progress"), 20, [
        IndicatorSpec(
            "on_time", gettext_lazy("Dossiers resolved early or on time"), 20,
            gettext_lazy("dossiers decided early or on time ÷ dossiers decided with a due date, "
                         "in the period; target 80%"),
        ),
        IndicatorSpec(
            "average_time", gettext_lazy("Average processing time"), 0,
            gettext_lazy("sum of working days from reception to decision ÷ dossiers decided "
                         "(shown, no points)"),
            target=None,
        ),
    ]),
    ("online", gettext_lazy("Online service"), 12, [
        IndicatorSpec(
            "full_online", gettext_lazy("Dossiers submitted fully online"), 12,
            gettext_lazy("dossiers submitted online ÷ dossiers received for procedures that can "
                         "be done fully online; target 50%"),
            target=0.5,
        ),
    ]),
    ("payment", gettext_lazy("Online payment"), 10, [
        IndicatorSpec(
            "payment_procedures", gettext_lazy("Fee-bearing procedures payable online"), 2,
            gettext_lazy("fee-bearing procedures with online payment ÷ fee-bearing procedures"),
        ),
        IndicatorSpec(
            "payment_transactions", gettext_lazy("Procedures with online payments made"), 2,
            gettext_lazy("procedures with at least one online payment ÷ fee-bearing procedures"),
        ),
        IndicatorSpec(
            "payment_dossiers", gettext_lazy("Dossiers paid online"), 6,
            gettext_lazy("dossiers paid online ÷ fee-bearing dossiers"),
        ),
    ]),
    ("digitisation", gettext_lazy("Digitisation of records and results"), 22, [
        IndicatorSpec(
            "e_result", gettext_lazy("Electronic results issued"), 6,
            gettext_lazy("dossiers with an electronic result ÷ dossiers resolved"),
            why_not=PAPER_RESULTS,
        ),
        IndicatorSpec(
            "digitised", gettext_lazy("Dossiers digitised and with an electronic result"), 4,
            gettext_lazy("dossiers digitised with an electronic result ÷ dossiers resolved. "
                         "Shown meanwhile, without points: dossiers received with their documents "
                         "as files ÷ dossiers received"),
            why_not=PAPER_RESULTS,
        ),
        IndicatorSpec(
            "e_copy", gettext_lazy("Certified electronic copies"), 2,
            gettext_lazy("dossiers with certified electronic copies ÷ dossiers resolved"),
            why_not=PAPER_RESULTS,
        ),
        IndicatorSpec(
            "reuse", gettext_lazy("Reuse of digitised data"), 2,
            gettext_lazy("dossiers reusing digitised data ÷ dossiers received"),
            why_not=NO_POPULATION_DB,
        ),
        IndicatorSpec(
            "citizen_store", gettext_lazy("Results linked to the citizen's electronic store"), 4,
            gettext_lazy("results linked to the citizen's store ÷ results"),
            why_not=NO_POPULATION_DB,
        ),
        IndicatorSpec(
            "population_db", gettext_lazy("Use of the population database"), 4,
            gettext_lazy("dossiers using the population database ÷ dossiers received "
                         "(2 + 2 points)"),
            why_not=NO_POPULATION_DB,
        ),
    ]),
    ("satisfaction", gettext_lazy("Satisfaction"), 18, [
        IndicatorSpec(
            "feedback_on_time", gettext_lazy("Feedback handled on time"), 6,
            gettext_lazy("feedback handled on time ÷ feedback received"), why_not=NO_FEEDBACK,
        ),
        IndicatorSpec(
            "feedback_satisfaction", gettext_lazy("Satisfaction with feedback handling"), 6,
            gettext_lazy("satisfied answers ÷ answers on feedback handling"), why_not=NO_FEEDBACK,
        ),
        IndicatorSpec(
            "reception", gettext_lazy("Satisfaction with reception and handling"), 6,
            gettext_lazy("100% − (dossiers decided late ÷ dossiers decided + ratings of 1 or 2 "
                         "stars ÷ dossiers decided), in the period; target 90%"),
            target=0.9,
        ),
    ]),
]


@dataclass
class Indicator:
    spec: IndicatorSpec
    numerator: float | None = None
    denominator: float | None = None
    shown: str = ""  # a figure shown without points (e.g. an average)
    # False when the ratio is itself computed (satisfaction): then no "n / d" is shown.
    counted: bool = True

    key = property(lambda self: self.spec.key)
    name = property(lambda self: self.spec.name)
    points = property(lambda self: self.spec.points)
    formula = property(lambda self: self.spec.formula)
    target = property(lambda self: self.spec.target)
    why_not = property(lambda self: self.spec.why_not)
    measured = property(lambda self: self.spec.measured)

    @property
    def ratio(self) -> float | None:
        if not self.measured or self.numerator is None or not self.denominator:
            return None
        return max(0.0, self.numerator / self.denominator)

    @property
    def score(self) -> float | None:
        ratio = self.ratio
        if ratio is None or not self.points or not self.target:
            return None
        return round(min(1.0, ratio / self.target) * self.points, 2)

    @property
    def has_data(self) -> bool:
        return self.ratio is not None


@dataclass
class IndexGroup:
    key: str
    name: Any
    points: int
    indicators: list[Indicator]

    @property
    def score(self) -> float | None:
        scores = [i.score for i in self.indicators if i.score is not None]
        return round(sum(scores), 2) if scores else None


@dataclass
class ServiceIndex:
    groups: list[IndexGroup]

    @cached_property
    def indicators(self) -> list[Indicator]:
        return [i for g in self.groups for i in g.indicators]

    @cached_property
    def score(self) -> float | None:
        scores = [i.score for i in self.indicators if i.score is not None]
        return round(sum(scores), 2) if scores else None

    @cached_property
    def attainable(self) -> int:
        """Points of the indicators that could be scored in this period (measured, with data)."""
        return sum(i.points for i in self.indicators if i.score is not None)

    @cached_property
    def measured_points(self) -> int:
        return sum(i.points for i in self.indicators if i.measured)

    @cached_property
    def percent(self) -> float | None:
        """The score as a share of the points measured: what units are ranked by. An indicator
        without data in the period (nothing decided) scores nothing, as a small unit should not
        top the ranking on its catalogue alone."""
        score = self.score
        return None if score is None else score / self.measured_points


def procedure_completeness(versions: Iterable[ProcedureVersion]) -> tuple[int, int]:
    """(published with all parts, published): name and description in both languages, the
    required documents, the processing time, at least one legal basis and the handling units."""
    complete = total = 0
    for version in versions:
        d = version.definition
        total += 1
        parts = (
            d.get("name", {}).get("vi"), d.get("name", {}).get("en"),
            d.get("description", {}).get("vi"), d.get("description", {}).get("en"),
            d.get("documents"), d.get("processing_time"), d.get("legal_basis"), d.get("handled_by"),
        )
        complete += all(parts)
    return complete, total


def service_index(figures: Figures, procedures: tuple[int, int],
                  payment: PaymentMeasures | None = None) -> ServiceIndex:
    """Each indicator of the index from the period's figures (formulas in INDEX_GROUPS).

    Online payment (`payment`, from payments.selectors): fee-bearing procedures a configured
    gateway takes ÷ fee-bearing procedures; of these, those with an online payment in the period;
    dossiers whose fee was paid online in the period ÷ dossiers whose fee was paid in the period
    (online, at the counter or by transfer). Targets 80%."""
    f = figures
    complete, published = procedures
    satisfaction = None if not f.resolved else 1 - (f.late + f.dislikes) / f.resolved
    measures: dict[str, dict[str, Any]] = {
        "complete": {"numerator": complete, "denominator": published},
        "on_time": {"numerator": f.early_or_on_time, "denominator": f.timed},
        "average_time": {"shown": _format_days(f.average_working_days)},
        "full_online": {"numerator": f.full_online, "denominator": f.full_online_eligible},
        "digitised": {"shown": _format_percent(f.digitised_share)},
        "reception": {"numerator": satisfaction, "denominator": None if satisfaction is None else 1,
                      "counted": False},
    }
    if payment is not None:
        measures.update({
            "payment_procedures": {"numerator": len(payment.payable_online & payment.fee_procedures),
                                   "denominator": len(payment.fee_procedures)},
            "payment_transactions": {"numerator": payment.procedures_paid_online,
                                     "denominator": len(payment.fee_procedures)},
            "payment_dossiers": {"numerator": payment.dossiers_paid_online,
                                 "denominator": payment.dossiers_paid},
        })
    return ServiceIndex([
        IndexGroup(key, name, points, [Indicator(spec, **measures.get(spec.key, {})) for spec in specs])
        for key, name, points, specs in INDEX_GROUPS
    ])


def _format_days(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _format_percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


# ---- Reading the counters ----------------------------------------------------------------------


def _counter_rows(unit: Unit | None, first: date, last: date) -> Any:
    qs = ServiceCounter.objects.filter(month__gte=first, month__lte=last)
    return qs.filter(unit=unit) if unit is not None else qs


def period_counts(unit: Unit | None, period: Period, by: str) -> dict[Any, Counter]:
    """Sums over the period's months per ``by`` ("unit_id" or "procedure_code"): one grouped
    query; the database adds the rows up (a ministry year is ~17,000 rows into ~100 groups)."""
    rows = (
        _counter_rows(unit, period.first_month, period.last_month)
        .values(by)
        .annotate(**{f"s_{name}": Sum(name) for name in COUNT_FIELDS})
        .order_by()
        .values_list(by, *(f"s_{name}" for name in COUNT_FIELDS))
    )
    return {
        row[0]: Counter({name: value for name, value in zip(COUNT_FIELDS, row[1:], strict=True) if value})
        for row in rows
    }


def open_counts(unit: Unit | None, now: datetime | None = None) -> dict[tuple[int, str], tuple[int, int]]:
    """(open, overdue) per (unit id, procedure code) right now: cases not yet decided or closed."""
    now = now or timezone.now()
    qs = Case.objects.filter(status__in=BEFORE_DECISION)
    if unit is not None:
        qs = qs.filter(unit=unit)
    overdue = timeliness_filter("overdue", Unit.objects.none(), now)
    rows = (
        qs.values("unit_id", "procedure_version_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=overdue))
        .order_by()
    )
    codes = _version_codes()
    totals: dict[tuple[int, str], tuple[int, int]] = {}
    for row in rows:
        key = (row["unit_id"], codes[row["procedure_version_id"]])
        open_, overdue = totals.get(key, (0, 0))
        totals[key] = (open_ + row["open"], overdue + row["overdue"])
    return totals


def _version_codes() -> dict[int, str]:
    return dict(ProcedureVersion.objects.values_list("pk", "procedure__code"))


@dataclass
class TrendPoint:
    month: date
    received: int
    resolved: int
    on_time_rate: float | None


def trend(unit: Unit | None, last_month: date, months: int = TREND_MONTHS) -> list[TrendPoint]:
    first = add_months(last_month, -(months - 1))
    rows = {
        row["month"]: row
        for row in _counter_rows(unit, first, last_month)
        .values("month")
        .annotate(received=Sum("received"), resolved=Sum("resolved"), early=Sum("early"),
                  on_time=Sum("on_time"), late=Sum("late"))
        .order_by()
    }
    points = []
    for i in range(months):
        month = add_months(first, i)
        row = rows.get(month) or {}
        good = (row.get("early") or 0) + (row.get("on_time") or 0)
        timed = good + (row.get("late") or 0)
        points.append(TrendPoint(month, row.get("received") or 0, row.get("resolved") or 0,
                                 _ratio(good, timed)))
    return points


# ---- The dashboard -----------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a breakdown: a procedure, or a unit (with its head and index)."""

    code: str
    name: str
    figures: Figures
    head: str = ""
    index: ServiceIndex | None = None
    rank: int | None = None
    unit: Unit | None = None


@dataclass
class Dashboard:
    period: Period
    unit: Unit | None
    figures: Figures
    index: ServiceIndex
    by_procedure: list[Row]
    units: list[Row]
    trend: list[TrendPoint]
    as_of: datetime
    # Paid, refunded and unpaid fees per unit, month and currency (payments.selectors).
    payments: list[MonthTotals] = field(default_factory=list)

    @property
    def head(self) -> str:
        return head_name(self.unit) if self.unit else ""

    @property
    def title(self) -> str:
        return self.unit.name if self.unit else _("Ministry of Foreign Affairs (all units)")


def head_name(unit: Unit) -> str:
    head = unit.head
    if head is None:
        return ""
    return head.get_full_name() or head.get_username()


def build(period: Period, unit: Unit | None = None, now: datetime | None = None) -> Dashboard:
    """Everything the page, the exports and the API show, in about six queries."""
    now = now or timezone.now()
    opened = open_counts(unit, now)
    procedures = list(published_procedures())
    names = {p.code: p.current.name for p in procedures}
    by_kind: dict[str | None, tuple[int, int]] = {}

    def completeness(kind: str | None) -> tuple[int, int]:
        if kind not in by_kind:
            handled = [p.current for p in procedures if kind is None or kind in p.current.handled_by]
            by_kind[kind] = procedure_completeness(handled)
        return by_kind[kind]

    # Two grouped sums, by procedure and (for the ministry) by unit; the total is their sum.
    per_procedure = {code: Figures(c) for code, c in period_counts(unit, period, "procedure_code").items()}
    per_unit: dict[int, Figures] = {}
    if unit is None:
        per_unit = {pk: Figures(c) for pk, c in period_counts(None, period, "unit_id").items()}
    for (unit_id, code), (open_now, overdue_now) in opened.items():
        targets = [per_procedure.setdefault(code, Figures())]
        if unit is None:
            targets.append(per_unit.setdefault(unit_id, Figures()))
        for figures in targets:
            figures.open_now += open_now
            figures.overdue_now += overdue_now
    total = Figures()
    for figures in per_procedure.values():
        total.add(figures)

    fee_kinds: dict[str | None, tuple[set[str], set[str]]] = {}

    def fee_procedures(kind: str | None) -> tuple[set[str], set[str]]:
        if kind not in fee_kinds:
            fee_kinds[kind] = fee_bearing(
                p.current for p in procedures if kind is None or kind in p.current.handled_by)
        return fee_kinds[kind]

    active_units = ([unit] if unit is not None
                    else list(Unit.objects.filter(is_active=True).select_related("head")))
    for each in active_units:
        fee_procedures(each.kind)
    fee_procedures(None if unit is None else unit.kind)
    paying = payment_measures(period.first_month, period.last_month, fee_kinds, active_units)
    if unit is not None:
        paying[None] = paying[unit.pk]

    units: list[Row] = []
    if unit is None:
        for each in active_units:
            figures = per_unit.get(each.pk, Figures())
            # A unit with no case in the period is not scored: its catalogue alone would rank it.
            active = figures.received or figures.resolved or figures.rating_count
            index = service_index(figures, completeness(each.kind), paying.get(each.pk)) if active else None
            units.append(Row(each.code, each.name, figures, head=head_name(each), index=index, unit=each))
        rank_units(units)
    by_procedure = sorted(
        (Row(code, names.get(code, code), figures) for code, figures in per_procedure.items()),
        key=lambda row: (-row.figures.received, -row.figures.resolved, row.name),
    )
    return Dashboard(
        period=period, unit=unit, figures=total,
        index=service_index(total, completeness(unit.kind if unit else None), paying[None]),
        by_procedure=by_procedure, units=units, trend=trend(unit, period.last_month), as_of=now,
        payments=monthly_totals(period.first_month, period.last_month, unit),
    )


def rank_units(rows: list[Row]) -> None:
    """Best first by index (points scored of the points measured), then on-time rate, then
    volume; units without a case in the period come last, unranked."""

    def key(row: Row) -> tuple:
        percent = row.index.percent if row.index else None
        rate = row.figures.on_time_rate
        return (percent is None, -(percent or 0), -(rate or 0), -row.figures.resolved, row.code)

    rows.sort(key=key)
    rank = 0
    for row in rows:
        if row.index and row.index.percent is not None:
            rank += 1
            row.rank = rank


# ---- The trend chart (inline SVG, no script, no inline style) ----------------------------------


@dataclass
class Bar:
    x: float
    y: float
    height: float
    css: str
    title: str


def timeliness_split(figures: Figures) -> list[tuple[str, float, float, str]]:
    """(css class, x, width, title) of early, on time and late on a 0–100 bar."""
    parts, x = [], 0.0
    for css, value, label in (("early", figures.early, _("early")),
                              ("on-time", figures.on_time, _("on time")),
                              ("late", figures.late, _("late"))):
        width = round(100 * value / figures.timed, 2) if figures.timed else 0
        parts.append((css, round(x, 2), width, f"{value} {label}"))
        x += width
    return parts


@dataclass
class Chart:
    width: int
    height: int
    bar_width: float
    bars: list[Bar]
    line: str  # polyline points of the on-time rate
    dots: list[tuple[float, float, str]]
    labels: list[tuple[float, str]]
    grid: list[tuple[float, str]]
    rate_grid: list[tuple[float, str]]
    baseline: float
    plot_left: int
    plot_right: int


def trend_chart(points: list[TrendPoint]) -> Chart:
    """Bars for received and resolved, a line for the on-time rate (right axis, 0–100 %)."""
    width, height = 720, 260
    left, right, top, bottom = 44, 44, 12, 30
    plot_h = height - top - bottom
    peak = max([p.received for p in points] + [p.resolved for p in points] + [1])
    scale = _nice_ceiling(peak)
    slot = (width - left - right) / max(1, len(points))
    bar_w = slot * 0.36
    baseline = top + plot_h
    bars, dots, labels, line = [], [], [], []
    for i, p in enumerate(points):
        x0 = left + i * slot + slot * 0.12
        month = f"{p.month.month:02d}/{p.month.year % 100:02d}"
        for j, (value, css, label) in enumerate((
            (p.received, "received", _("received")), (p.resolved, "resolved", _("resolved")),
        )):
            h = plot_h * value / scale
            bars.append(Bar(round(x0 + j * bar_w, 1), round(baseline - h, 1), round(h, 1), css,
                            f"{month}: {value} {label}"))
        labels.append((round(left + i * slot + slot / 2, 1), month))
        if p.on_time_rate is not None:
            cx = round(left + i * slot + slot / 2, 1)
            cy = round(top + plot_h * (1 - p.on_time_rate), 1)
            line.append(f"{cx},{cy}")
            dots.append((cx, cy, f"{month}: {p.on_time_rate * 100:.1f}% " + _("early or on time")))
    grid = [(round(baseline - plot_h * k / 4, 1), str(int(scale * k / 4))) for k in range(5)]
    rate_grid = [(round(baseline - plot_h * k / 4, 1), f"{25 * k}%") for k in range(5)]
    return Chart(width, height, round(bar_w, 1), bars, " ".join(line), dots, labels, grid, rate_grid,
                 baseline, left, width - right)


def _nice_ceiling(value: int) -> int:
    """An axis maximum of four round steps (1, 2 or 5 × 10^n each) covering ``value``."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if 4 * step * magnitude >= value:
                return 4 * step * magnitude
        magnitude *= 10
