"""Cases rescheduled before 0006 have `apology_extension` 0 although an apology moved their date:
a later supplement would then compute the due date without it, earlier than the date promised.

For each such case the extension is derived as issue_apology derives it (deadlines.extension_to):
the least lengthening of the legal period that makes the case due at the end of the day the
apology named (the apology notice's `new_due_at`, else the due date now), in the office's working
days and time zone, counting the supplements held before the apology. An open case whose due date
is now earlier than that period gives is moved on to it (never back). Odd data (no unit calendar,
a time zone or country the calendar does not know, dates beyond its years, a period in hours) is
skipped and logged: this migration never fails.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import migrations

from chancery.organization.calendar import (
    END_OF_DAY,
    Suspension,
    WorkingCalendar,
    compute_due_with_suspensions,
)

log = logging.getLogger("chancery.migrations")
MAX_EXTENSION = 32767  # PositiveSmallIntegerField
DAY_UNITS = ("working_days", "calendar_days")


def _amount(definition: dict, answers: dict | None) -> int:
    """ProcedureVersion.processing_amount, on the frozen definition (historical models have no
    methods)."""
    time = definition["processing_time"]
    amount = int(time["amount"])
    grows = time.get("grows_with")
    if grows:
        try:
            count = int((answers or {}).get(grows["field"]) or 0)
        except (TypeError, ValueError):
            count = 0
        for step in grows["steps"]:
            if count >= step["at_least"]:
                amount = int(step["amount"])
    return amount


def _calendar(unit: Any, closure_days: Any) -> WorkingCalendar:
    """organization.services.calendar_for, from the rows (no cache in a migration)."""
    rows = closure_days.objects.filter(unit_id=unit.pk).values_list("date", "kind", "reason")
    return WorkingCalendar(
        weekend=unit.weekend_days or (5, 6), host_country=unit.host_country,
        host_subdivision=unit.host_subdivision or None,
        closures={d: reason for d, kind, reason in rows if kind == "closed"},
        extra_working_days={d for d, kind, _reason in rows if kind == "worked"},
    )


def _named_day(case: Any, notice_model: Any, tz: ZoneInfo) -> date | None:
    """The day the apology named: its notice says it; else the due date the case has now."""
    notice = notice_model.objects.filter(case_id=case.pk, kind="apology").order_by("-issued_at", "-id").first()
    named = (notice.content or {}).get("new_due_at") if notice else None
    if named:
        return datetime.fromisoformat(named).astimezone(tz).date()
    return case.due_at.astimezone(tz).date() if case.due_at else None


def _least_extension(due: Any, target: datetime, bound: int) -> int | None:
    """The least e in [0, bound] with due(e) >= target (due grows with e); None if none."""
    if due(0) >= target:
        return 0
    if due(bound) < target:
        return None
    low, high = 0, bound  # due(low) < target <= due(high)
    while high - low > 1:
        middle = (low + high) // 2
        if due(middle) >= target:
            high = middle
        else:
            low = middle
    return high


def derive_one(case: Any, apps: Any) -> dict[str, Any] | None:
    """The changes for one case (apology_extension, perhaps due_at), or None to leave it."""
    notice_model = apps.get_model("cases", "Notice")
    suspension_model = apps.get_model("cases", "CaseSuspension")
    closure_days = apps.get_model("organization", "ClosureDay")
    unit, definition = case.unit, case.procedure_version.definition
    period_unit = definition["processing_time"]["unit"]
    if period_unit not in DAY_UNITS:
        log.warning("case %s: a period in %s has no apology extension; skipped", case.tracking_code,
                    period_unit)
        return None
    tz = ZoneInfo(unit.time_zone)
    calendar = _calendar(unit, closure_days)
    named = _named_day(case, notice_model, tz)
    if named is None:
        log.warning("case %s: no date named by its apology; skipped", case.tracking_code)
        return None
    suspensions = list(suspension_model.objects.filter(
        case_id=case.pk, started_at__gte=case.clock_started_at).order_by("started_at"))
    before = [Suspension(s.started_at, s.ended_at) for s in suspensions
              if s.ended_at is not None and s.ended_at <= case.rescheduled_at]
    amount = _amount(definition, case.data)

    def due_with(extension: int, held: list[Suspension] = before) -> datetime | None:
        return compute_due_with_suspensions(case.clock_started_at, amount + extension, period_unit,
                                            calendar, tz, held)

    start_day = case.clock_started_at.astimezone(tz).date()
    bound = min(MAX_EXTENSION - 1, max(1, (named - start_day).days + 1))
    extension = _least_extension(due_with, datetime.combine(named, END_OF_DAY, tzinfo=tz), bound)
    if extension is None:
        log.warning("case %s: no period ends on %s; skipped", case.tracking_code, named)
        return None
    changes: dict[str, Any] = {"apology_extension": extension}
    if case.due_at is not None and case.decided_at is None and case.closed_at is None:
        every = [Suspension(s.started_at, s.ended_at) for s in suspensions]
        due = due_with(extension, every)
        if due is not None and due > case.due_at:
            changes["due_at"] = due
    return changes


def derive_apology_extensions(apps: Any, schema_editor: Any) -> None:
    case_model = apps.get_model("cases", "Case")
    rescheduled = (case_model.objects.filter(rescheduled_at__isnull=False, apology_extension=0,
                                             clock_started_at__isnull=False)
                   .select_related("unit", "procedure_version"))
    fixed = 0
    for case in rescheduled.iterator():
        try:
            changes = derive_one(case, apps)
        except Exception:  # odd data must not stop a deployment: log it, leave the case
            log.exception("case %s: apology extension not derived", case.tracking_code)
            continue
        if changes and (changes.get("apology_extension") or "due_at" in changes):
            case_model.objects.filter(pk=case.pk).update(**changes)
            fixed += 1
            log.info("case %s: %s", case.tracking_code, changes)
    if fixed:
        log.info("apology extension derived for %d case(s)", fixed)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0012_completion_request"),
        ("organization", "0003_calendar_regions_and_worked_days"),
    ]

    operations = [
        migrations.RunPython(derive_apology_extensions, migrations.RunPython.noop, elidable=True),
    ]
