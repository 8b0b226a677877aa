"""Slots generated over the working calendar (pure; no database): for schedules and calendars
drawn at random, every slot falls on a day the counter opens, none on a weekend, a holiday or a
closure day, they tile the opening hours, and every open day has them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chancery.appointments.slots import day_slots, is_slot, open_on, slots_between
from chancery.organization.calendar import WorkingCalendar


@dataclass
class Schedule:
    weekdays: list[int]
    opens_at: time
    closes_at: time
    slot_minutes: int
    valid_from: date | None = None
    valid_until: date | None = None
    procedures: list[str] = field(default_factory=list)


OFFICES = [  # (host country, weekend, time zone): as the demo's offices
    ("FR", (5, 6), "Europe/Paris"), ("JP", (5, 6), "Asia/Tokyo"), ("SA", (4, 5), "Asia/Riyadh"),
    ("VN", (5, 6), "Asia/Ho_Chi_Minh"), ("US", (5, 6), "America/Los_Angeles"),
]


@st.composite
def schedules(draw) -> Schedule:
    weekdays = sorted(draw(st.sets(st.integers(0, 6), min_size=1)))
    opens = draw(st.integers(6 * 60, 14 * 60))
    minutes = draw(st.sampled_from([10, 15, 20, 30, 45, 60]))
    length = draw(st.integers(minutes, 6 * 60))
    close = min(opens + length, 23 * 60 + 59)
    return Schedule(weekdays, time(opens // 60, opens % 60), time(close // 60, close % 60), minutes)


@settings(max_examples=60, deadline=None)
@given(
    schedule=schedules(),
    office=st.sampled_from(OFFICES),
    start=st.dates(date(2026, 1, 1), date(2027, 11, 30)),
    closures=st.sets(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=8),
)
def test_slots_only_on_open_days_and_tiling_the_hours(schedule, office, start, closures):
    country, weekend, zone = office
    tz = ZoneInfo(zone)
    calendar = WorkingCalendar(weekend=weekend, host_country=country, closures=closures)
    end = start + timedelta(days=30)
    slots = list(slots_between(schedule, calendar, tz, start, end))
    step = timedelta(minutes=schedule.slot_minutes)
    hours = datetime.combine(start, schedule.closes_at) - datetime.combine(start, schedule.opens_at)
    per_day = hours // step
    by_day: dict[date, list] = {}
    for s in slots:
        by_day.setdefault(s.starts_at.date(), []).append(s)
    day = start
    while day <= end:
        got = by_day.get(day, [])
        if calendar.is_working_day(day) and day.weekday() in schedule.weekdays:
            assert len(got) == per_day, day
            assert got[0].starts_at.timetz().replace(tzinfo=None) == schedule.opens_at
            for a, b in zip(got, got[1:], strict=False):
                assert a.ends_at == b.starts_at
            assert all(s.ends_at - s.starts_at == step for s in got)
            assert got[-1].ends_at.time() <= schedule.closes_at
        else:
            assert got == [], (day, calendar.reason(day))
            if day in closures and day.weekday() in schedule.weekdays:
                assert calendar.reason(day) is not None
        day += timedelta(days=1)
    for s in slots:  # every generated slot is recognised as one (what booking checks)
        assert is_slot(schedule, calendar, tz, s.starts_at.astimezone(ZoneInfo("UTC"))) == s


@pytest.mark.parametrize(("country", "holiday"), [
    ("FR", date(2026, 12, 25)),   # Christmas, host country
    ("FR", date(2026, 9, 2)),     # Viet Nam's National Day: every mission keeps it
    ("JP", date(2027, 1, 1)),
    ("VN", date(2026, 4, 30)),
])
def test_no_slot_on_a_public_holiday(country, holiday):
    schedule = Schedule(list(range(7)), time(9), time(12), 30)
    calendar = WorkingCalendar.for_host(country)
    assert not calendar.is_working_day(holiday)
    assert day_slots(schedule, calendar, ZoneInfo("UTC"), holiday) == []
    assert not open_on(schedule, calendar, holiday)


def test_closure_day_closes_and_extra_working_day_opens_the_counter():
    schedule = Schedule(list(range(7)), time(9), time(10), 20)
    monday, saturday = date(2026, 12, 7), date(2026, 12, 12)
    calendar = WorkingCalendar(host_country="FR", closures={monday: "Strike"}, extra_working_days=[saturday])
    tz = ZoneInfo("Europe/Paris")
    assert day_slots(schedule, calendar, tz, monday) == []
    assert len(day_slots(schedule, calendar, tz, saturday)) == 3


def test_validity_dates_bound_the_schedule():
    schedule = Schedule(list(range(7)), time(9), time(10), 30, valid_from=date(2026, 12, 8),
                        valid_until=date(2026, 12, 9))
    calendar = WorkingCalendar(host_country="FR")
    days = {s.starts_at.date() for s in slots_between(schedule, calendar, ZoneInfo("Europe/Paris"),
                                                      date(2026, 12, 7), date(2026, 12, 11))}
    assert days == {date(2026, 12, 8), date(2026, 12, 9)}


def test_a_time_between_slots_is_not_a_slot():
    schedule = Schedule(list(range(7)), time(9), time(12), 30)
    calendar = WorkingCalendar(host_country="FR")
    tz = ZoneInfo("Europe/Paris")
    assert is_slot(schedule, calendar, tz, datetime(2026, 12, 7, 9, 30, tzinfo=tz)) is not None
    assert is_slot(schedule, calendar, tz, datetime(2026, 12, 7, 9, 40, tzinfo=tz)) is None
    assert is_slot(schedule, calendar, tz, datetime(2026, 12, 7, 11, 45, tzinfo=tz)) is None
