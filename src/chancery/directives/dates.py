"""The ministry's calendar day: the one date every task rule compares with.

Staff pages show times in each office's own time zone, but deadlines are set in Hà Nội and a task
must have the same status for the mission in San Francisco and the office in Hà Nội at the same
moment, so "today" and the day of a report are always Viet Nam dates (settings.TIME_ZONE).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def ministry_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def ministry_today() -> date:
    return timezone.localdate(timezone=ministry_zone())


def ministry_date(moment: datetime) -> date:
    return timezone.localdate(moment, timezone=ministry_zone())
