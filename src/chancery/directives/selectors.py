"""Reads of directives and tasks, already scoped to what the caller may see.

A person sees a task when one of their units leads it, coordinates it or issued its directive;
leadership sees every task. A task or directive outside that answers 404, like one that does
not exist.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.urls import reverse

from chancery.directives.models import Directive, Task, TaskEntry, TaskGroup
from chancery.directives.rules import (
    AGEING_BUCKETS,
    DONE_STATUSES,
    STATUS_ORDER,
    Figures,
    Period,
    TaskStatus,
    ageing_label,
    periods,
)
from chancery.organization.models import Unit
from chancery.organization.selectors import is_leadership, visible_unit_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def status_expression(today: date) -> Case:
    """rules.task_status written as SQL, for filtering, ordering and counting in the database.

    Keep the two in step: tests/directives/test_rules.py checks they agree on random tasks.
    """
    late = Q(deadline__lt=F("completed_on")) | Q(late_periods__gt=0) | Q(next_due_on__lt=F("completed_on"))
    not_reported_in_time = Q(completion_reported_on__isnull=True) | Q(
        completion_reported_on__gt=F("next_due_on")
    )
    return Case(
        When(cancelled_on__isnull=False, then=Value(TaskStatus.CANCELLED.value)),
        When(Q(completed_on__isnull=False) & late, then=Value(TaskStatus.DONE_LATE.value)),
        When(completed_on__isnull=False, then=Value(TaskStatus.DONE_ON_TIME.value)),
        When(Q(next_due_on__lt=today) & not_reported_in_time, then=Value(TaskStatus.OVERDUE.value)),
        When(started_on__isnull=False, then=Value(TaskStatus.IN_PROGRESS.value)),
        default=Value(TaskStatus.NOT_STARTED.value),
        output_field=CharField(),
    )


def with_status(qs: QuerySet[Task], today: date) -> QuerySet[Task]:
    """Annotate `status_now` and `status_rank` (overdue first, then open, done, cancelled)."""
    qs = qs.annotate(status_now=status_expression(today))
    return qs.annotate(status_rank=Case(
        *[When(status_now=status, then=Value(rank)) for status, rank in STATUS_ORDER.items()],
        output_field=IntegerField(),
    ))


def visible_tasks(user: User) -> QuerySet[Task]:
    qs = Task.objects.all()
    ids = visible_unit_ids(user)
    if ids is None:
        return qs
    coordinates = Task.coordinating_units.through.objects.filter(task_id=OuterRef("pk"), unit_id__in=ids)
    return qs.filter(
        Q(lead_unit_id__in=ids) | Q(directive__issuing_unit_id__in=ids) | Exists(coordinates)
    )


def visible_directives(user: User) -> QuerySet[Directive]:
    qs = Directive.objects.select_related("issuing_unit")
    ids = visible_unit_ids(user)
    if ids is None:
        return qs
    has_task = visible_tasks(user).filter(directive_id=OuterRef("pk"))
    return qs.filter(Q(issuing_unit_id__in=ids) | Exists(has_task))


def issuable_units(user: User) -> QuerySet[Unit]:
    """Offices this person may issue directives for: their own, or any for leadership."""
    qs = Unit.objects.filter(is_active=True)
    if is_leadership(user):
        return qs
    ids = visible_unit_ids(user) or set()
    return qs.filter(pk__in=ids)


def assignable_units() -> QuerySet[Unit]:
    """Any active unit may lead or coordinate a task."""
    return Unit.objects.filter(is_active=True).order_by("code")


def task_for_user(user: User, pk: int) -> Task:
    """Another unit's task answers 404, exactly like one that does not exist."""
    try:
        return (
            visible_tasks(user)
            .select_related("directive__issuing_unit", "lead_unit", "accepted_by")
            .prefetch_related("coordinating_units")
            .get(pk=pk)
        )
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def directive_for_user(user: User, pk: int) -> Directive:
    try:
        return visible_directives(user).get(pk=pk)
    except Directive.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class TaskFilters:
    status: str | None = None
    unit: int | None = None
    directive: int | None = None
    period_from: date | None = None
    period_to: date | None = None
    search: str | None = None


def tasks(user: User, *, today: date, filters: TaskFilters | None = None) -> QuerySet[Task]:
    """Visible tasks with their status on `today`, overdue first, then by what is due soonest.

    The period filter is on the day a task was assigned (`starts_on`): "tasks assigned in 2025".
    """
    f = filters or TaskFilters()
    qs = with_status(visible_tasks(user), today)
    if f.status:
        qs = qs.filter(status_now=f.status)  # type: ignore[misc]  # annotated by with_status
    if f.unit:
        qs = qs.filter(lead_unit_id=f.unit)
    if f.directive:
        qs = qs.filter(directive_id=f.directive)
    if f.period_from:
        qs = qs.filter(starts_on__gte=f.period_from)
    if f.period_to:
        qs = qs.filter(starts_on__lte=f.period_to)
    if f.search:
        qs = qs.filter(Q(text__icontains=f.search) | Q(directive__title__icontains=f.search))
    return (
        qs.select_related("directive__issuing_unit", "lead_unit")
        .defer("directive__source_text")  # a whole article per row otherwise
        .prefetch_related("coordinating_units")
        .order_by("status_rank", F("next_due_on").asc(nulls_last=True), "directive_id", "position", "id")  # type: ignore[misc]
    )


def units_in_view(user: User) -> QuerySet[Unit]:
    """Units that lead a task this person can see (for the unit filter)."""
    return Unit.objects.filter(pk__in=visible_tasks(user).values("lead_unit_id")).order_by("code")


def history(task: Task) -> QuerySet[TaskEntry]:
    return task.entries.select_related("actor", "unit").prefetch_related("attachments").order_by("at", "id")


@dataclass
class PeriodRow:
    period: Period
    reported_on: date | None
    state: str  # "on_time" | "late" | "missing" | "open" | "upcoming"


def period_rows(task: Task, today: date, limit: int = 12) -> list[PeriodRow]:
    """The reporting periods of a recurring task up to the current one, newest first."""
    if not task.is_recurring:
        return []
    reported: dict[date, date] = {}
    for start, day in task.entries.filter(
        kind__in=[TaskEntry.Kind.PROGRESS, TaskEntry.Kind.COMPLETION_REPORTED], period_start__isnull=False
    ).values_list("period_start", "day"):
        if start is None or day is None:
            continue
        if start not in reported or day < reported[start]:
            reported[start] = day
    rows: list[PeriodRow] = []
    for period in periods(task.recurrence, task.starts_on, task.deadline, task.report_day):
        if period.start > today:
            break
        reported_on = reported.get(period.start)
        if reported_on is not None:
            state = "on_time" if reported_on <= period.due_on else "late"
        elif today > period.due_on:
            state = "missing"
        else:
            state = "open"
        rows.append(PeriodRow(period, reported_on, state))
    return list(reversed(rows))[:limit]


# --------------------------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    """A line of a dashboard table: a unit or a directive, and its figures."""

    key: Any
    label: str
    figures: Figures


@dataclass
class OverdueTask:
    task: Task
    days: int
    ageing: str


@dataclass
class Dashboard:
    today: date
    figures: Figures
    by_unit: list[Row] = field(default_factory=list)
    by_directive: list[Row] = field(default_factory=list)
    overdue: list[OverdueTask] = field(default_factory=list)
    ageing: list[tuple[str, int]] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


def dashboard(
    user: User, *, today: date, filters: TaskFilters | None = None, with_coordinators: bool = False
) -> Dashboard:
    """Every figure of the dashboard and its exports, from one scoped query.

    Counting is done here in Python over (status, unit, directive) triples: a few thousand tasks a
    year, and the exports need the same rows anyway. Coordinating units are loaded only for the
    exports that list them.
    """
    qs = tasks(user, today=today, filters=filters)
    if not with_coordinators:
        qs = qs.prefetch_related(None)
    rows = list(qs)
    total: Counter[str] = Counter()
    per_unit: dict[int, Counter[str]] = {}
    per_directive: dict[int, Counter[str]] = {}
    units: dict[int, Unit] = {}
    directives: dict[int, Directive] = {}
    overdue: list[OverdueTask] = []
    for task in rows:
        status = task.status_now  # type: ignore[attr-defined]  # annotated by with_status
        total[status] += 1
        per_unit.setdefault(task.lead_unit_id, Counter())[status] += 1
        per_directive.setdefault(task.directive_id, Counter())[status] += 1
        units[task.lead_unit_id] = task.lead_unit
        directives[task.directive_id] = task.directive
        if status == TaskStatus.OVERDUE:
            days = task.days_overdue(today)
            overdue.append(OverdueTask(task, days, ageing_label(days)))
    overdue.sort(key=lambda o: (-o.days, o.task.pk))
    ageing_counts = Counter(o.ageing for o in overdue)
    by_unit = [Row(units[pk], units[pk].code, Figures(dict(c))) for pk, c in per_unit.items()]
    # Worst units first, by name: the reports name them (DOMAIN.md).
    by_unit.sort(key=lambda r: (-r.figures.count(TaskStatus.OVERDUE), r.label))
    by_directive = [Row(directives[pk], directives[pk].title, Figures(dict(c)))
                    for pk, c in per_directive.items()]
    by_directive.sort(
        key=lambda r: (-r.figures.count(TaskStatus.OVERDUE), -(r.key.issued_on or date.min).toordinal())
    )
    return Dashboard(
        today=today, figures=Figures(dict(total)), by_unit=by_unit, by_directive=by_directive,
        overdue=overdue, ageing=[(label, ageing_counts.get(label, 0)) for _l, _h, label in AGEING_BUCKETS],
        tasks=rows,
    )


def directive_tasks(user: User, directive: Directive, today: date) -> list[Task]:
    return list(tasks(user, today=today, filters=TaskFilters(directive=directive.pk)))



def tasks_for_missions(user: User, missions: list[Unit], *, limit: int = 20) -> list[dict[str, Any]]:
    """Tasks the missions lead or coordinate, as far as the reader may see them (the country page
    of briefings shows them: contributed in DirectivesConfig.ready)."""
    ids = [u.pk for u in missions]
    if not ids:
        return []
    tasks = (
        visible_tasks(user)
        .filter(Q(lead_unit_id__in=ids) | Q(coordinating_units__in=ids))
        .select_related("lead_unit")
        .distinct()
        .order_by("deadline", "pk")[:limit]
    )
    return [
        {"title": task.text[:160], "url": reverse("directives:task", args=[task.pk]),
         "unit": task.lead_unit.code, "deadline": task.deadline}
        for task in tasks
    ]


# --------------------------------------------------------------------------------------------
# Tasks for many units
# --------------------------------------------------------------------------------------------

REPORT_KINDS = (TaskEntry.Kind.PROGRESS, TaskEntry.Kind.COMPLETION_REPORTED)


def group_for_user(user: User, pk: int) -> TaskGroup:
    """A group the person may see some task of (leadership: any); otherwise 404."""
    try:
        group = TaskGroup.objects.select_related("directive__issuing_unit").get(pk=pk)
    except TaskGroup.DoesNotExist as exc:
        raise Http404 from exc
    if not visible_tasks(user).filter(group=group).exists():
        raise Http404
    return group


@dataclass
class GroupRow:
    """One unit of a group: its task, the status from rules.py, and what it has sent."""

    task: Task
    status: TaskStatus
    last_report: date | None
    reports: int
    last_urged: Any  # datetime of the last reminder, by hand or scheduled
    days_overdue: int

    @property
    def reported(self) -> bool:
        return self.reports > 0

    @property
    def reported_done(self) -> bool:
        return self.task.pending_request == Task.Request.COMPLETION

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def late(self) -> bool:
        return self.status == TaskStatus.OVERDUE

    @property
    def needs_urging(self) -> bool:
        """Still owes something: open and not reported done (services.needs_urging)."""
        return self.task.is_open and not self.reported_done


@dataclass
class GroupProgress:
    group: TaskGroup
    today: date
    rows: list[GroupRow]
    figures: Figures

    @property
    def units(self) -> int:
        return len(self.rows)

    @property
    def reported(self) -> int:
        return sum(1 for r in self.rows if r.reported)

    @property
    def not_reported(self) -> int:
        return sum(1 for r in self.rows if not r.reported and r.status != TaskStatus.CANCELLED)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.late)

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.done)

    @property
    def waiting_acceptance(self) -> int:
        return sum(1 for r in self.rows if r.reported_done)

    @property
    def to_urge(self) -> int:
        return sum(1 for r in self.rows if r.needs_urging)


def _attention(row: GroupRow) -> int:
    """Late first, then units that owe the task and have sent nothing, then the rest."""
    if row.late:
        return 0
    if row.needs_urging:
        return 1 if not row.reported else 2
    return 3 + STATUS_ORDER[row.status]


def group_progress(user: User, group: TaskGroup, *, today: date) -> GroupProgress:
    """Who has reported, who is late, who is done: one row per unit the caller may see, late
    first. The status is rules.task_status, the one rule."""
    tasks_qs = (
        visible_tasks(user).filter(group=group)
        .select_related("lead_unit", "directive__issuing_unit")
        .annotate(
            reports=Count("entries", filter=Q(entries__kind__in=REPORT_KINDS), distinct=True),
            last_report=Max("entries__day", filter=Q(entries__kind__in=REPORT_KINDS)),
            last_urged=Max("reminders__created_at"),
        )
    )
    rows = [
        GroupRow(task=t, status=t.status(today), last_report=t.last_report, reports=t.reports,
                 last_urged=t.last_urged, days_overdue=t.days_overdue(today))
        for t in tasks_qs
    ]
    rows.sort(key=lambda r: (_attention(r), r.task.lead_unit.code))
    return GroupProgress(group=group, today=today, rows=rows,
                         figures=Figures(dict(Counter(r.status for r in rows))))


def directive_groups(user: User, directive: Directive, *, today: date) -> list[GroupProgress]:
    return [group_progress(user, g, today=today)
            for g in directive.task_groups.filter(tasks__in=visible_tasks(user)).distinct()]


def recent_groups(user: User, *, today: date, limit: int = 10) -> list[GroupProgress]:
    """Groups with a task still open, newest first (the leader's home page)."""
    groups = (
        TaskGroup.objects.filter(tasks__in=visible_tasks(user).filter(
            cancelled_on__isnull=True, completed_on__isnull=True))
        .select_related("directive__issuing_unit").distinct().order_by("-created_at", "-id")[:limit]
    )
    return [group_progress(user, g, today=today) for g in groups]


# --------------------------------------------------------------------------------------------
# On-time rates by unit and month
# --------------------------------------------------------------------------------------------


def due_month(task: Task) -> date | None:
    """The month a task is judged in: the month of its deadline (a recurring task: the date it
    owes now, or owed when it was completed); an ongoing task in the month it was completed."""
    day = task.deadline if task.recurrence == "once" else task.next_due_on
    day = day or task.completed_on
    return day.replace(day=1) if day else None


def last_months(today: date, n: int) -> list[date]:
    """The first days of the last `n` months, oldest first, ending with today's month."""
    months: list[date] = []
    year, month = today.year, today.month
    for _i in range(n):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


@dataclass
class RateCell:
    month: date
    figures: Figures

    @property
    def rate(self) -> float | None:
        return self.figures.on_time_rate

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else round(rate * 100)

    @property
    def decided(self) -> int:
        f = self.figures
        return f.count(TaskStatus.DONE_ON_TIME) + f.count(TaskStatus.DONE_LATE) + f.count(TaskStatus.OVERDUE)


@dataclass
class RateRow:
    unit: Unit
    cells: list[RateCell]
    total: Figures


@dataclass
class OnTimeRates:
    months: list[date]
    rows: list[RateRow]
    total: list[RateCell]


def on_time_rates(user: User, *, today: date, months: int = 6) -> OnTimeRates:
    """On-time rate (rules.Figures.on_time_rate over rules.task_status) per lead unit and month
    a task was due, for the last `months` months, over the tasks the caller may see."""
    window = last_months(today, months)
    first = window[0]
    counts: dict[tuple[int, date], Counter[str]] = {}
    units: dict[int, Unit] = {}
    qs = (
        visible_tasks(user).filter(cancelled_on__isnull=True)
        .filter(Q(deadline__gte=first) | Q(next_due_on__gte=first) | Q(completed_on__gte=first))
        .select_related("lead_unit")
        .only(
            "recurrence", "deadline", "next_due_on", "started_on", "completion_reported_on",
            "completed_on", "cancelled_on", "late_periods", "lead_unit",
        )
    )
    for task in qs:
        month = due_month(task)
        if month is None or not first <= month <= window[-1]:
            continue
        units[task.lead_unit_id] = task.lead_unit
        counts.setdefault((task.lead_unit_id, month), Counter())[task.status(today)] += 1
    rows: list[RateRow] = []
    for pk, unit in sorted(units.items(), key=lambda kv: kv[1].code):
        cells = [RateCell(m, Figures(dict(counts.get((pk, m), Counter())))) for m in window]
        total: Counter[str] = Counter()
        for cell in cells:
            total.update(cell.figures.counts)
        rows.append(RateRow(unit, cells, Figures(dict(total))))
    totals = []
    for m in window:
        c: Counter[str] = Counter()
        for pk in units:
            c.update(counts.get((pk, m), Counter()))
        totals.append(RateCell(m, Figures(dict(c))))
    return OnTimeRates(months=window, rows=rows, total=totals)
