"""The rules of task tracking, as pure functions: no database, no clock.

A task's status is never set by hand: published figures (Decision 42/2014, amended 23/2018) use
four buckets derived from dates, so Chancery stores the dates and derives the status from them
in one place, :func:`task_status`. The same rule is written once more as SQL in
``selectors.status_expression`` for lists and counts; a test checks the two agree.

The dates that decide a status:

* ``deadline``: the date a one-off task is due (an approved extension moves it; the first one is
  kept as ``original_deadline``). For a monthly or quarterly task it is the optional end of the
  series; an ongoing task ("thường xuyên") has none and is never overdue.
* ``next_due_on``: the date by which the lead unit owes something now. One-off task: its
  deadline. Recurring task: the due date of the earliest period whose report has not come in.
  It is derived from the reports by :func:`schedule` and stored with the task.
* ``completion_reported_on``: the day the lead unit reported the task done (waiting for the
  issuing office). ``completed_on``: that same day, copied when the issuing office accepts it.
  **The date that counts for "on time" is the accepted completion report's date**, not the day
  the office got round to accepting it: the lead unit should not be late because the issuer was
  slow. A completion sent back clears the report date; the next report is judged on its own date.
* ``cancelled_on``: the day the issuing office cancelled (withdrew) the task.

All dates are Viet Nam dates (Asia/Ho_Chi_Minh, the ministry's time zone) because deadlines are
set in Hà Nội, whichever mission reports.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

# Decree 09/2019/NĐ-CP Art. 13 (via DOMAIN.md): periodic reports are due by the 25th of the
# period's last month unless a specific rule says otherwise.
DEFAULT_REPORT_DAY = 25


class Recurrence(models.TextChoices):
    ONCE = "once", _("By a date")
    MONTHLY = "monthly", _("Monthly report")
    QUARTERLY = "quarterly", _("Quarterly report")
    ONGOING = "ongoing", _("Ongoing (no deadline)")


RECURRING = frozenset({Recurrence.MONTHLY, Recurrence.QUARTERLY})


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    OVERDUE = "overdue", _("Overdue")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = frozenset({TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE})
DONE_STATUSES = frozenset({TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE})

# Lists show what needs attention first.
STATUS_ORDER = {
    TaskStatus.OVERDUE: 0,
    TaskStatus.IN_PROGRESS: 1,
    TaskStatus.NOT_STARTED: 2,
    TaskStatus.DONE_LATE: 3,
    TaskStatus.DONE_ON_TIME: 4,
    TaskStatus.CANCELLED: 5,
}


class Bucket(models.TextChoices):
    """The four published buckets (DOMAIN.md); cancelled tasks are in none of them."""

    COMPLETED_ON_TIME = "completed_on_time", _("Completed on time")
    COMPLETED_LATE = "completed_late", _("Completed late")
    OPEN_WITHIN_DEADLINE = "open_within_deadline", _("Open, within deadline")
    OPEN_OVERDUE = "open_overdue", _("Open, overdue")


BUCKET_OF: dict[str, str | None] = {
    TaskStatus.DONE_ON_TIME: Bucket.COMPLETED_ON_TIME,
    TaskStatus.DONE_LATE: Bucket.COMPLETED_LATE,
    TaskStatus.NOT_STARTED: Bucket.OPEN_WITHIN_DEADLINE,
    TaskStatus.IN_PROGRESS: Bucket.OPEN_WITHIN_DEADLINE,
    TaskStatus.OVERDUE: Bucket.OPEN_OVERDUE,
    TaskStatus.CANCELLED: None,
}


class TaskDates(Protocol):
    """What :func:`task_status` reads: a Task, or anything with the same attributes."""

    deadline: date | None
    next_due_on: date | None
    started_on: date | None
    completion_reported_on: date | None
    completed_on: date | None
    cancelled_on: date | None
    late_periods: int


def completed_late(task: TaskDates) -> bool:
    """Late when the accepted report came after the deadline, or a periodic report was late or
    still missing on the day the task was reported done."""
    done = task.completed_on
    if done is None:
        return False
    if task.deadline is not None and done > task.deadline:
        return True
    if task.late_periods > 0:
        return True
    return task.next_due_on is not None and task.next_due_on < done


def is_overdue(task: TaskDates, today: date) -> bool:
    """Past what is due now, unless the lead unit reported completion in time and is only
    waiting for the issuing office to accept it."""
    due = task.next_due_on
    if due is None or today <= due:
        return False
    reported = task.completion_reported_on
    return reported is None or reported > due


def task_status(task: TaskDates, today: date) -> TaskStatus:
    """The one rule that turns a task's dates into its status on `today`."""
    if task.cancelled_on is not None:
        return TaskStatus.CANCELLED
    if task.completed_on is not None:
        return TaskStatus.DONE_LATE if completed_late(task) else TaskStatus.DONE_ON_TIME
    if is_overdue(task, today):
        return TaskStatus.OVERDUE
    if task.started_on is not None:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


def days_overdue(task: TaskDates, today: date) -> int:
    """Whole days past what is due now (0 when not overdue)."""
    if task_status(task, today) != TaskStatus.OVERDUE or task.next_due_on is None:
        return 0
    return (today - task.next_due_on).days


# --------------------------------------------------------------------------------------------
# Periods of recurring tasks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One reporting period: its first and last day and the day its report is due."""

    start: date
    end: date
    due_on: date


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_containing(day: date, recurrence: str, report_day: int = DEFAULT_REPORT_DAY) -> Period:
    """The calendar month or quarter that holds `day`, with its due date."""
    if recurrence == Recurrence.MONTHLY:
        start = day.replace(day=1)
    elif recurrence == Recurrence.QUARTERLY:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    else:
        raise ValueError(f"{recurrence!r} has no periods")
    last_month = start.month + (2 if recurrence == Recurrence.QUARTERLY else 0)
    end = _month_end(start.year, last_month)
    due_on = end.replace(day=min(max(report_day, 1), end.day))
    return Period(start, end, due_on)


def periods(
    recurrence: str, starts_on: date, until: date | None = None,
    report_day: int = DEFAULT_REPORT_DAY,
) -> Iterator[Period]:
    """The periods of a recurring task, in order; endless when `until` is None.

    The first period is the one holding `starts_on`, unless its report was already due before
    the task was assigned (a monthly task given on the 28th owes its first report next month).
    """
    period = period_containing(starts_on, recurrence, report_day)
    if period.due_on < starts_on:
        period = period_containing(period.end + timedelta(days=1), recurrence, report_day)
    while until is None or period.start <= until:
        yield period
        period = period_containing(period.end + timedelta(days=1), recurrence, report_day)


@dataclass(frozen=True)
class Schedule:
    next_due_on: date | None
    late_periods: int


def schedule(
    recurrence: str,
    *,
    deadline: date | None,
    starts_on: date,
    report_day: int = DEFAULT_REPORT_DAY,
    period_reports: Mapping[date, date] | None = None,
) -> Schedule:
    """What is due next and how many periodic reports came late, from the reports received.

    `period_reports` maps a period's first day to the day its (first) report came in.
    """
    if recurrence == Recurrence.ONCE:
        return Schedule(deadline, 0)
    if recurrence not in RECURRING:
        return Schedule(None, 0)
    reports = dict(period_reports or {})
    last_reported = max(reports) if reports else None
    late = 0
    next_due: date | None = None
    for period in periods(recurrence, starts_on, deadline, report_day):
        reported = reports.get(period.start)
        if reported is None:
            if next_due is None:
                next_due = period.due_on
        elif reported > period.due_on:
            late += 1
        if next_due is not None and (last_reported is None or period.start >= last_reported):
            break
    return Schedule(next_due, late)


@dataclass(frozen=True)
class Figures:
    """Counts by status and the two rates, each with the definition shown next to it."""

    counts: Mapping[str, int]

    def count(self, status: str) -> int:
        """Not __getitem__: templates would then read `figures.assigned` as a status."""
        return self.counts.get(status, 0)

    @property
    def assigned(self) -> int:
        """All tasks except cancelled ones."""
        return sum(n for status, n in self.counts.items() if status != TaskStatus.CANCELLED)

    @property
    def bucket_counts(self) -> dict[str, int]:
        result = {bucket.value: 0 for bucket in Bucket}
        for status, n in self.counts.items():
            bucket = BUCKET_OF.get(status)
            if bucket:
                result[bucket] += n
        return result

    @property
    def on_time_rate(self) -> float | None:
        """Completed on time ÷ (completed on time + completed late + open overdue)."""
        on_time = self.count(TaskStatus.DONE_ON_TIME)
        decided = on_time + self.count(TaskStatus.DONE_LATE) + self.count(TaskStatus.OVERDUE)
        return None if decided == 0 else on_time / decided

    @property
    def overdue_share(self) -> float | None:
        """Open overdue ÷ all assigned (cancelled excluded)."""
        return None if self.assigned == 0 else self.count(TaskStatus.OVERDUE) / self.assigned


ON_TIME_RATE_DEFINITION = _(
    "On-time rate = tasks completed on time ÷ (completed on time + completed late + open and "
    "overdue). Tasks still open within their deadline and cancelled tasks are not counted. A task "
    "is completed on the date of the lead unit's completion report that the issuing office "
    "accepted."
)
OVERDUE_SHARE_DEFINITION = _(
    "Overdue share = open and overdue tasks ÷ all assigned tasks (cancelled excluded)."
)

# Ageing of overdue tasks, as the Government's reports show it ("quá hạn trên 120 ngày").
AGEING_BUCKETS: list[tuple[int, int | None, str]] = [
    (1, 30, "1–30"),
    (31, 90, "31–90"),
    (91, 120, "91–120"),
    (121, None, "> 120"),
]


def ageing_label(days: int) -> str:
    for low, high, label in AGEING_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return ""
