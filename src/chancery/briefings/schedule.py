"""Pure rules about days and hours: which local day a note belongs to, when a briefing is due,
whether a monitoring assignment's note is written. No database access here, so they are easy to test.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings


def briefing_hour() -> int:
    """Local hour (0-23) after which a unit's day is compiled; setting BRIEFING_HOUR, default 18."""
    return int(getattr(settings, "BRIEFING_HOUR", 18))


def local_date(moment: datetime, tz_name: str) -> date:
    """The calendar day of `moment` in the unit's time zone (23:30 in Paris is that Paris day)."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is required")
    return moment.astimezone(ZoneInfo(tz_name)).date()


def local_moment(day: date, hour: int, tz_name: str) -> datetime:
    """`hour`:00 on `day` in the given time zone, as an aware datetime."""
    return datetime.combine(day, time(hour=hour), tzinfo=ZoneInfo(tz_name))


def is_due(now: datetime, day: date, tz_name: str, hour: int | None = None) -> bool:
    """Whether the unit's briefing of `day` may be compiled at `now` (its local hour has passed)."""
    return now >= local_moment(day, briefing_hour() if hour is None else hour, tz_name)


def due_unit_dates(now: datetime, tz_name: str, hour: int | None = None) -> list[date]:
    """Days to compile for a unit at `now`: yesterday (catch-up) and today once the hour has passed."""
    today = local_date(now, tz_name)
    days = [today - timedelta(days=1)]
    if is_due(now, today, tz_name, hour):
        days.append(today)
    return days


def ministry_due(now: datetime, day: date, tz_names: Iterable[str], hour: int | None = None) -> bool:
    """The ministry-wide briefing of `day` waits until every unit's day has reached the hour."""
    return all(is_due(now, day, tz, hour) for tz in set(tz_names))


def is_working_day(day: date, weekend_days: Iterable[int]) -> bool:
    return day.weekday() not in set(weekend_days or [5, 6])


def note_fulfils(assignment: Any, note: Any) -> bool:
    """A note by the assignee, at the assignment's unit, on its topic and/or country."""
    if note.author_id != assignment.user_id or note.unit_id != assignment.unit_id:
        return False
    if assignment.topic and assignment.topic not in (note.topics or []):
        return False
    return not (assignment.country and assignment.country not in (note.countries or []))


class Status:
    WRITTEN = "written"
    PENDING = "pending"  # today, before the briefing hour
    MISSING = "missing"
    NOT_EXPECTED = "not_expected"  # weekend, outside the assignment's dates, or not a daily duty


def assignment_status(
    assignment: Any,
    day: date,
    notes: Iterable[Any],
    *,
    now: datetime,
    tz_name: str,
    weekend_days: Iterable[int],
) -> tuple[str, Any]:
    """(status, the note that fulfils it or None) for one assignment on one local day."""
    for note in notes:
        if note.date == day and note_fulfils(assignment, note):
            return Status.WRITTEN, note
    if (
        not assignment.daily_note_expected
        or not assignment.is_active_on(day)
        or not is_working_day(day, weekend_days)
    ):
        return Status.NOT_EXPECTED, None
    if not is_due(now, day, tz_name):
        return Status.PENDING, None
    return Status.MISSING, None
