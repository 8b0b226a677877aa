"""Legal deadlines of cases: when the clock starts, stops and ends, and whether a case is on time.

The arithmetic is `organization.calendar` (pure); this module applies it to cases:

* the clock starts when the office receives the complete dossier, or, where the catalogue says
  `clock_starts: payment`, when the fee is paid (online legalisation counts from payment, Decree
  196/2025/NĐ-CP); payment never restarts a clock already running; an urgent matter (citizen
  protection) counts in hours from submission, around the clock;
* the period is the procedure's, or the step the application's number reaches (`grows_with`);
* it stops while a supplement is awaited and resumes when it is provided;
* the due date may be moved once, by an apology issued at least a day before it, to a working day;
  the apology lengthens the period, so a later supplement moves the promised date on, never back.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.cases.models import Case
from chancery.organization.calendar import (
    END_OF_DAY,
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
    """Does this transition start the legal clock of this case? It starts once."""
    version = case.procedure_version
    if case.clock_started_at is not None:
        return False
    if version.urgent:
        return action == "submit"
    if version.clock_starts == "payment":
        return action == "record_payment"
    return action == "receive"


def compute_due(case: Case, extension: int | None = None) -> datetime | None:
    """The due moment from the clock's start, the period (with the apology's extension) and the
    suspensions since; None while suspended."""
    if case.clock_started_at is None:
        return None
    period = case.procedure_version.processing_time
    amount = case.procedure_version.processing_amount(case.data)
    amount += case.apology_extension if extension is None else extension
    suspensions = [
        Suspension(s.started_at, s.ended_at)
        for s in case.suspensions.all()
        if s.started_at >= case.clock_started_at
    ]
    return compute_due_with_suspensions(
        case.clock_started_at, amount, period["unit"], calendar_for(case.unit),
        unit_tz(case.unit), suspensions,
    )


def extension_to(case: Case, new_due: datetime) -> int:
    """The least extension of the period that makes the case due at ``new_due`` or later (exactly
    then for a working day, which an apology must name)."""
    extension = case.apology_extension
    # apology_date_problem bounds new_due (a working day at most APOLOGY_MAX_DAYS on), so this
    # ends; the bound guards against a caller that skipped it.
    for _step in range(settings.APOLOGY_MAX_DAYS + 1):
        if (compute_due(case, extension) or new_due) >= new_due:
            return extension
        extension += 1
    raise ValueError(f"no period ends on {new_due:%Y-%m-%d}")


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


def end_of_day(case: Case, day: date) -> datetime:
    """The last moment of a local day in the office's time zone: when a date told to the citizen
    ends (Civil Code 2015 Art. 148)."""
    return datetime.combine(day, END_OF_DAY, tzinfo=unit_tz(case.unit))


def apology_date_problem(case: Case, day: date) -> str | None:
    """Why an apology cannot move this case to ``day``; None if it can. The new date must be a
    working day of the office after the current due date, and not further than
    APOLOGY_MAX_DAYS (a typo such as 2206 is not a date anyone means)."""
    if case.due_at is None:
        return str(_("An apology is only for a case in processing with a due date."))
    if case.procedure_version.processing_time["unit"] not in ("working_days", "calendar_days"):
        return str(_("An apology moves a date: it is for periods counted in days."))
    due_day = case.due_at.astimezone(unit_tz(case.unit)).date()
    if day <= due_day:
        return str(_("The new date must be after the current due date."))
    if day > due_day + timedelta(days=settings.APOLOGY_MAX_DAYS):
        return str(_("The new date may be at most %(days)d days after the current due date.")
                   % {"days": settings.APOLOGY_MAX_DAYS})
    if not calendar_for(case.unit).is_working_day(day):
        return str(_("The new date must be a working day of the office."))
    return None


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
