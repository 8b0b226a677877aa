"""Legal deadlines of cases: when the clock starts, stops and ends, and whether a case is on time.

The arithmetic is `organization.calendar` (pure); this module applies it to cases:

* the clock starts when the office receives the complete dossier, or, where the catalogue says
  `clock_starts: payment`, when the fee is paid (online legalisation counts from payment, Decree
  196/2025/NĐ-CP); payment never restarts a clock already running; an urgent matter (citizen
  protection) counts in hours from submission, around the clock;
* the period is the procedure's, or the step the application's number reaches (`grows_with`);
* it stops while a supplement is awaited and resumes when it is provided; an urgent matter's
  clock (running from submission) also stops while the applicant completes the dossier at
  reception (docs/adr/0004-completion-request-pauses-an-urgent-clock.md); the transitions declare
  it (lifecycle.ClockEffect.PAUSE / RESUME);
* the due date may be moved once, by an apology issued at least a day before it, to a working day;
  the apology lengthens the period, so a later supplement moves the promised date on, never back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.cases.lifecycle import CLOCK_RUNNING, TRANSITIONS, Status, clock_start_for
from chancery.cases.models import Case
from chancery.organization.calendar import (
    END_OF_DAY,
    Suspension,
    WorkingCalendar,
    compute_due_with_suspensions,
    time_used_with_suspensions,
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
    """Does this transition start the legal clock of this case? It starts once, at the transition
    whose declared clock effect (lifecycle.TRANSITIONS) is the procedure's START_AT_…."""
    if case.clock_started_at is not None or action not in TRANSITIONS:
        return False
    version = case.procedure_version
    start = clock_start_for(urgent=version.urgent, clock_starts=version.clock_starts)
    return TRANSITIONS[action].effects.clock is start


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
    if case.due_at is None or case.decided_at or case.closed_at or case.status not in CLOCK_RUNNING:
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


# ---- The clock of one case, as the case page, the API and the status page show it ---------------

CLOCK_STATE_LABELS = {
    "not_started": _("clock not started"),
    "running": _("clock running"),
    "paused": _("clock paused"),
    "stopped": _("clock stopped"),
}
WAITING_FOR_LABELS = {
    "receipt": _("waiting for the complete dossier to be received"),
    "payment": _("waiting for the fee: the period counts from payment"),
    "supplement": _("waiting for the applicant's supplement"),
    "completion": _("waiting for the applicant to complete the dossier"),
}
PERIOD_UNIT_LABELS = {
    "working_days": _("working days"),
    "calendar_days": _("days"),
    "working_hours": _("working hours"),
    "hours": _("hours"),
}


@dataclass(frozen=True)
class ClockState:
    """Where the legal clock of one case stands at one moment (see :func:`clock_state`)."""

    state: str  # not_started | running | paused | stopped
    waiting_for: str  # "", receipt, payment (not started), supplement, completion (paused)
    due_at: datetime | None  # the due moment (24:00 of the due day for periods in days)
    due_date: date | None  # its day, in the office's time zone
    promised_date: date | None  # the last date told to the citizen (kept while paused)
    timeliness: str | None  # early / on_time / late once decided; on_track / due_soon / overdue
    period_unit: str  # working_days | calendar_days | working_hours | hours
    used: int | None  # of the period, in period_unit (whole hours for hour units)
    allowed: int | None  # the legal period with the apology's extension

    @property
    def working_days_used(self) -> int | None:
        return self.used if self.period_unit == "working_days" else None

    @property
    def working_days_allowed(self) -> int | None:
        return self.allowed if self.period_unit == "working_days" else None

    @property
    def state_label(self) -> str:
        return str(CLOCK_STATE_LABELS[self.state])

    @property
    def waiting_label(self) -> str:
        return str(WAITING_FOR_LABELS.get(self.waiting_for, ""))

    @property
    def timeliness_label(self) -> str:
        return str(TIMELINESS_LABELS.get(self.timeliness or "", ""))

    @property
    def unit_label(self) -> str:
        return str(PERIOD_UNIT_LABELS.get(self.period_unit, self.period_unit))

    @property
    def percent_used(self) -> int:
        if not self.allowed or self.used is None:
            return 100 if self.used else 0
        return min(100, round(100 * self.used / self.allowed))


def _as_count(value: int | timedelta) -> int:
    return int(value.total_seconds() // 3600) if isinstance(value, timedelta) else int(value)


def _days_late(
    due: datetime, until: datetime, period_unit: str, calendar: WorkingCalendar, tz: ZoneInfo
) -> int:
    if until <= due:
        return 0
    due_day, day = due.astimezone(tz).date(), until.astimezone(tz).date()
    if period_unit == "working_days":
        return max(0, calendar.working_days_between(due_day, day))
    return max(0, (day - due_day).days)


def clock_state(case: Case, now: datetime | None = None) -> ClockState:
    """The legal clock of ``case`` at ``now``: computed, never stored, and nothing is written.

    * state: *not started* until the clock starts (at receipt of the complete dossier, or at
      payment where the catalogue says ``clock_starts: payment``: then it waits for the fee);
      *paused* while a supplement is awaited (Decree 118/2025/NĐ-CP), or while the applicant
      completes the dossier of an urgent matter whose clock runs from submission (the
      transitions' declared ClockEffect.PAUSE; waiting for a fee never stops a clock that runs
      from receipt); *stopped* once decided or closed; otherwise *running*.
    * timeliness: the result recorded at the decision for closed cases; for open ones the queue's
      bucket (on track / due soon / overdue, DUE_SOON_WORKING_DAYS), as case_timeliness says.
    * used: the period the office has used, counted as the due date is computed (paused time
      excluded), up to the decision, or ``now``; it exceeds ``allowed`` by the time it is late.
    """
    now = now or timezone.now()
    version = case.procedure_version
    period_unit = version.processing_time["unit"]
    ended = case.decided_at or case.closed_at
    if ended is not None:
        state, waiting = "stopped", ""
    elif case.clock_started_at is None:
        state = "not_started"
        waiting = "payment" if version.clock_starts == "payment" and case.received_at else "receipt"
    elif case.due_at is None:
        state = "paused"
        waiting = "completion" if case.status == Status.COMPLETION_REQUESTED else "supplement"
    else:
        state, waiting = "running", ""
    tz = unit_tz(case.unit)
    due_date = case.due_at.astimezone(tz).date() if case.due_at else None
    used = allowed = None
    promised = due_date
    if case.clock_started_at is not None:
        allowed = version.processing_amount(case.data) + case.apology_extension
        suspensions = [
            Suspension(s.started_at, s.ended_at)
            for s in case.suspensions.all() if s.started_at >= case.clock_started_at
        ]
        calendar = calendar_for(case.unit)
        until = max(min(ended or now, now), case.clock_started_at)
        try:
            used = _as_count(time_used_with_suspensions(
                case.clock_started_at, allowed, period_unit, calendar, tz, suspensions, until))
            if period_unit in ("working_days", "calendar_days") and case.due_at is not None:
                # Days: the whole period by the due day (a period that ends on a rest day runs
                # to the next working day), then one more for each day late.
                late = _days_late(case.due_at, until, period_unit, calendar, tz)
                used = allowed + late if late else min(used, allowed)
            if state == "paused":
                # The date in force when the supplement was asked for: the last one told.
                closed = [s for s in suspensions if s.end is not None]
                before = compute_due_with_suspensions(
                    case.clock_started_at, allowed, period_unit, calendar, tz, closed)
                promised = before.astimezone(tz).date() if before else None
        except ValueError:  # dates beyond the calendar's years (MIN_YEAR-MAX_YEAR): show no count
            used = None
    return ClockState(
        state=state, waiting_for=waiting, due_at=case.due_at, due_date=due_date,
        promised_date=promised, timeliness=case_timeliness(case, now), period_unit=period_unit,
        used=used, allowed=allowed,
    )
