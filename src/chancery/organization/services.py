"""The working-day calendar of a unit, from its settings and the closure days an administrator set."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from chancery.organization.calendar import WorkingCalendar
from chancery.organization.models import Unit


def calendar_for(unit: Unit) -> WorkingCalendar:
    """Equal settings give equal calendars, which share their cached tables."""
    closures = {c.date: c.reason for c in unit.closure_days.all()}
    return WorkingCalendar(
        weekend=unit.weekend_days or (5, 6), host_country=unit.host_country, closures=closures
    )


def unit_tz(unit: Unit) -> ZoneInfo:
    return ZoneInfo(unit.time_zone)
