"""Edges of the calendar rules that the worked examples in test_due_dates.py and
test_calendar.py do not reach: the checks on the day-swap data, moments read on the office's
clock near midnight, and the exact boundaries of the timeliness buckets (scripts/mutation found
them unchecked)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from chancery.organization import calendar as calmod
from chancery.organization.calendar import (
    Suspension,
    WorkingCalendar,
    compute_due_with_suspensions,
    timeliness,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
HANOI = WorkingCalendar(host_country="VN")
# Two hours ahead of the server's time zone (Asia/Ho_Chi_Minh): a moment read on the wrong clock
# falls on another day.
TOKYO_TZ = ZoneInfo("Asia/Tokyo")
TOKYO = WorkingCalendar(host_country="JP")

GOOD_SWAP = {"day_off": date(2025, 5, 2), "work_day": date(2025, 4, 26),
             "reason": " 30 April - 1 May ", "source": " Notice 1/TB ", "verified": "text"}


def test_a_swap_entry_is_read_with_its_notice():
    swap = calmod._parse_swap(GOOD_SWAP)
    assert swap == calmod.DaySwap(date(2025, 5, 2), date(2025, 4, 26), "30 April - 1 May",
                                  "Notice 1/TB", "text")
    assert calmod._parse_swap({**GOOD_SWAP, "verified": "press"}).verified == "press"


@pytest.mark.parametrize("change", [
    {"day_off": "2025-05-02"},  # not read as a date
    {"work_day": "2025-04-26"},
    {"day_off": date(2025, 5, 3)},  # a Saturday given off
    {"work_day": date(2025, 4, 25)},  # a Friday "worked"
    {"verified": "rumour"},
    {"verified": ""},
])
def test_a_swap_that_is_not_a_weekday_off_for_a_weekend_day_worked_or_unverified_is_refused(change):
    with pytest.raises(ValueError, match="swap"):
        calmod._parse_swap({**GOOD_SWAP, **change})


def test_a_sunday_worked_is_a_swap_too():
    assert calmod._parse_swap({**GOOD_SWAP, "work_day": date(2025, 4, 27)}).work_day == date(2025, 4, 27)


# ---- Timeliness read on the office's clock ------------------------------------------------------


def test_finishing_exactly_at_the_due_moment_is_on_time_and_now_at_it_is_not_overdue():
    due = datetime(2025, 3, 10, 11, 0, tzinfo=HCM)
    assert timeliness(due, due, due, HANOI, HCM) == "on_time"
    assert timeliness(due, None, due, HANOI, HCM) == "due_soon"
    assert timeliness(due, None, due + timedelta(microseconds=1), HANOI, HCM) == "overdue"


def test_a_finish_just_after_midnight_local_is_on_the_due_day_not_before():
    # 00:30 on Monday 10 March in Tokyo is still Sunday 9 March in Hà Nội and UTC.
    due = datetime.combine(date(2025, 3, 10), time.max, tzinfo=TOKYO_TZ)
    finished = datetime(2025, 3, 10, 0, 30, tzinfo=TOKYO_TZ).astimezone(UTC)
    assert timeliness(due, finished, finished, TOKYO, TOKYO_TZ) == "on_time"
    assert timeliness(due, finished - timedelta(hours=1), finished, TOKYO, TOKYO_TZ) == "early"


def test_the_due_day_and_today_are_counted_on_the_offices_clock():
    # Due Tuesday 11 March 01:00 in Tokyo (Monday 23:00 in Hà Nội). On Thursday 6 at 10:00 three
    # working days are left (Fri, Mon, Tue): on track; read in Hà Nội the due day is Monday (two).
    due = datetime(2025, 3, 11, 1, 0, tzinfo=TOKYO_TZ).astimezone(UTC)
    assert timeliness(due, None, datetime(2025, 3, 6, 10, 0, tzinfo=TOKYO_TZ), TOKYO, TOKYO_TZ) == "on_track"
    # Due Tuesday 11 at 24:00; Friday 7 at 01:00 in Tokyo (Thursday 23:00 in Hà Nội) leaves two
    # working days (Mon, Tue): due soon; counted from Thursday it would be three.
    due = datetime.combine(date(2025, 3, 11), time.max, tzinfo=TOKYO_TZ)
    now = datetime(2025, 3, 7, 1, 0, tzinfo=TOKYO_TZ).astimezone(UTC)
    assert timeliness(due, None, now, TOKYO, TOKYO_TZ) == "due_soon"
    assert timeliness(due, None, now - timedelta(hours=2), TOKYO, TOKYO_TZ) == "on_track"


# ---- Working hours resume on the next opening ---------------------------------------------------


def test_working_hours_resume_at_the_next_opening_after_a_supplement_on_a_rest_day():
    received = datetime(2025, 3, 7, 9, 0, tzinfo=HCM)  # Friday 09:00
    held = Suspension(datetime(2025, 3, 7, 10, 0, tzinfo=HCM), datetime(2025, 3, 8, 10, 0, tzinfo=HCM))
    # 1 hour used on Friday, 7 left from Monday 08:00: due Monday 15:00.
    due = compute_due_with_suspensions(received, 8, "working_hours", HANOI, HCM, [held])
    assert due == datetime(2025, 3, 10, 15, 0, tzinfo=HCM)
