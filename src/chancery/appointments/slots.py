"""The slots of a counter schedule over a span of days (pure: no database).

A schedule offers slots on the days that are both one of its weekdays and a working day of the
office's calendar (``organization.calendar.WorkingCalendar``: weekend, Vietnam's and the host
country's holidays, closure days and extra working days an administrator set), from its opening
time, one after another, as long as a whole slot ends by its closing time. Times are the office's
local times; a slot is returned as aware datetimes in the office's time zone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from chancery.organization.calendar import WorkingCalendar


class ScheduleLike(Protocol):
    weekdays: list[int]
    opens_at: time
    closes_at: time
    slot_minutes: int
    valid_from: date | None
    valid_until: date | None


@dataclass(frozen=True)
class SlotTime:
    starts_at: datetime
    ends_at: datetime


def open_on(schedule: ScheduleLike, calendar: WorkingCalendar, day: date) -> bool:
    """Whether the counter opens on this day."""
    if schedule.valid_from and day < schedule.valid_from:
        return False
    if schedule.valid_until and day > schedule.valid_until:
        return False
    return day.weekday() in schedule.weekdays and calendar.is_working_day(day)


def day_slots(schedule: ScheduleLike, calendar: WorkingCalendar, tz: ZoneInfo, day: date) -> list[SlotTime]:
    """The slots of one day (none on a day the counter is closed)."""
    if not open_on(schedule, calendar, day):
        return []
    step = timedelta(minutes=schedule.slot_minutes)
    start = datetime.combine(day, schedule.opens_at)
    close = datetime.combine(day, schedule.closes_at)
    slots = []
    while start + step <= close:
        slots.append(SlotTime(start.replace(tzinfo=tz), (start + step).replace(tzinfo=tz)))
        start += step
    return slots


def slots_between(
    schedule: ScheduleLike, calendar: WorkingCalendar, tz: ZoneInfo, first: date, last: date
) -> Iterator[SlotTime]:
    """Every slot from the day ``first`` to the day ``last``, both included, in time order."""
    day = first
    while day <= last:
        yield from day_slots(schedule, calendar, tz, day)
        day += timedelta(days=1)


def is_slot(
    schedule: ScheduleLike, calendar: WorkingCalendar, tz: ZoneInfo, starts_at: datetime
) -> SlotTime | None:
    """The slot that starts at this moment, if the schedule has one (else None)."""
    local = starts_at.astimezone(tz)
    for slot in day_slots(schedule, calendar, tz, local.date()):
        if slot.starts_at == local:
            return slot
    return None
