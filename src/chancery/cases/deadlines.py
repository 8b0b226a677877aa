"""Legal deadlines of cases: when the clock starts, stops and ends, and whether a case is on time.

The arithmetic is `organization.calendar` (pure); this module applies it to cases:

* the clock starts when the office receives the complete dossier; for a procedure with a fee it
  starts again when the fee is paid (online legalisation counts from payment, Decree 196/2025);
  an urgent matter (citizen protection) counts in hours from submission, around the clock;
* it stops while a supplement is awaited and resumes when it is provided;
* the due moment may be moved once, by an apology issued at least a day before it.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.cases.models import Case
from chancery.organization.calendar import (
    DEFAULT_OFFICE_HOURS,
    Suspension,
    compute_due_with_suspensions,
    timeliness,
)
from chancery.organization.services import calendar_for, unit_tz

TIMELINESS_LABELS = {
    "early": _("early"),
    "on_time": _("on time"),
    "late": _("late"),
    "on_track": _("on track"),
    "due_soon": _("due soon"),
    "overdue": _("overdue"),
}


def clock_starts_with(case: Case, action: str) -> bool:
    """Does this transition (re)start the legal clock of this case?"""
    version = case.procedure_version
    if version.urgent:
        return action == "submit"
    if action == "receive":
        return True
    return action == "record_payment" and bool(version.fee)


def compute_due(case: Case) -> datetime | None:
    """The due moment from the clock's start and the suspensions since; None while suspended."""
    if case.clock_started_at is None:
        return None
    if case.rescheduled_at and case.due_at:
        return case.due_at
    period = case.procedure_version.processing_time
    suspensions = [
        Suspension(s.started_at, s.ended_at)
        for s in case.suspensions.all()
        if s.started_at >= case.clock_started_at
    ]
    return compute_due_with_suspensions(
        case.clock_started_at, period["amount"], period["unit"], calendar_for(case.unit),
        unit_tz(case.unit), suspensions,
    )


def case_timeliness(case: Case, now: datetime | None = None) -> str | None:
    """Early / on time / late once processed; on track / due soon / overdue while open."""
    if case.result_timeliness:
        return case.result_timeliness
    if case.due_at is None or case.decided_at or case.closed_at:
        return None
    return timeliness(case.due_at, None, now or timezone.now(), calendar_for(case.unit),
                      unit_tz(case.unit))


def result_timeliness(case: Case, finished: datetime) -> str:
    if case.due_at is None:
        # The clock never ran (decided before reception was complete): nothing was late.
        return "on_time" if case.clock_started_at is None else ""
    return timeliness(case.due_at, finished, finished, calendar_for(case.unit), unit_tz(case.unit))


def closing_time_on(case: Case, day: Any) -> datetime:
    """The end of office hours on a local day: what an appointment date means."""
    tz = unit_tz(case.unit)
    return datetime.combine(day, DEFAULT_OFFICE_HOURS[1], tzinfo=tz)


def apology_deadline(case: Case) -> datetime | None:
    """The last moment an apology may be issued: the day before the due day (local)."""
    if case.due_at is None:
        return None
    tz = unit_tz(case.unit)
    due_day = case.due_at.astimezone(tz).date()
    return datetime.combine(due_day, time(0, 0), tzinfo=tz)


def should_prompt_apology(case: Case, now: datetime | None = None) -> bool:
    """Prompt the officer while an apology is still allowed and the case is due soon."""
    now = now or timezone.now()
    deadline = apology_deadline(case)
    return (
        deadline is not None and not case.rescheduled_at and now < deadline
        and case.decided_at is None and case.closed_at is None
        and case_timeliness(case, now) == "due_soon"
    )
