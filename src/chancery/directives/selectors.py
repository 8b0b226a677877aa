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
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.urls import reverse

from chancery.directives.models import Directive, Task, TaskEntry
from chancery.directives.rules import (
    AGEING_BUCKETS,
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
