"""Edges of the calendar rules that the worked examples in test_due_dates.py and
test_calendar.py do not reach: the checks on the day-swap data, moments read on the office's
clock near midnight, and the exact boundaries of the timeliness buckets (scripts/mutation found
them unchecked)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from chancery.organization import calendar as calmod
from chancery.organization.calendar import (
    Suspension,
    WorkingCalendar,
    compute_due,
    compute_due_with_suspensions,
    time_used_with_suspensions,
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


# ---- Holiday tables computed afresh ------------------------------------------------------------
# The tables are cached for the whole process, and module-level calendars keep theirs, so a test
# that reads a calendar built earlier checks the cache, not the rules. These tests build the
# tables again (as a new process would) and the calendars inside the test.


@pytest.fixture
def fresh_tables():
    def clear() -> None:
        calmod._vn_holidays.cache_clear()
        calmod._host_holidays.cache_clear()
        calmod._closed_days.cache_clear()
        calmod._spans.clear()

    saved = dict(calmod._spans)
    clear()
    try:
        yield
    finally:
        clear()
        calmod._spans.update(saved)


def test_make_up_saturdays_across_a_year_end_come_from_the_neighbouring_years_list(fresh_tables):
    # New Year 2015: Fri 02/01/2015 off, made up on Sat 27/12/2014 (listed with 2015's holidays).
    # New Year 2019: Mon 31/12/2018 off, made up on Sat 05/01/2019 (listed with 2018's).
    hanoi = WorkingCalendar()
    assert hanoi.is_working_day(date(2014, 12, 27)) and hanoi.is_working_day(date(2019, 1, 5))
    assert hanoi.reason(date(2015, 1, 2)) == "Day off (swapped with working Saturday 27/12/2014)"
    assert hanoi.reason(date(2018, 12, 31)) == "Day off (swapped with working Saturday 05/01/2019)"


def test_a_swapped_day_off_is_named_in_vietnamese(fresh_tables):
    hanoi_vi = WorkingCalendar(language="vi")
    assert hanoi_vi.reason(date(2025, 5, 2)) == "Ngày nghỉ (hoán đổi, làm bù thứ Bảy 26/04/2025)"


def test_observed_holidays_a_holiday_on_a_sunday_gives_monday_off(fresh_tables):
    # Sat-Sun units: New Year's Day on Sunday 01/01/2023 gives Monday 02/01 off (Art. 111(3)).
    assert WorkingCalendar().reason(date(2023, 1, 2)) == "New Year's Day (observed)"
    # Host countries' own rules: Japan's substitute holiday (Emperor's Birthday on Sunday
    # 23/02/2025), the United States' Friday before a Saturday holiday (4 July 2026).
    tokyo, washington = WorkingCalendar(host_country="JP"), WorkingCalendar(host_country="US")
    assert tokyo.reason(date(2025, 2, 24)).startswith("Substitute Holiday")
    assert washington.reason(date(2026, 7, 3)) == "Independence Day (observed)"


def test_a_unit_working_on_sundays_takes_no_observed_monday_for_a_sunday_holiday(fresh_tables):
    # Riyadh rests Fri-Sat: New Year's Day on Sunday 01/01/2023 is the day off there, and Monday
    # is worked (the package's Monday off is for Sat-Sun weeks).
    riyadh = WorkingCalendar.for_host("SA")
    assert riyadh.reason(date(2023, 1, 1)) == "New Year's Day"
    assert riyadh.is_working_day(date(2023, 1, 2))


def test_a_region_keeps_its_own_holidays_when_the_tables_are_built(fresh_tables):
    canberra = WorkingCalendar(host_country="AU", host_subdivision="ACT")
    assert "Canberra" in canberra.reason(date(2026, 3, 9))


def test_compensatory_day_is_the_next_working_day_of_the_units_own_week(fresh_tables):
    # Labour Code 2019 Art. 111(3). A unit resting on Sundays only: Hùng Kings' Day on Sunday
    # 26/04/2026 gives Monday 27 off; Saturday 25 and Tuesday 28 are worked.
    sundays = WorkingCalendar(weekend={6})
    assert [sundays.reason(date(2026, 4, d)) for d in (25, 26, 27, 28)] == [
        None,
        "Hung Kings' Commemoration Day",
        "Hung Kings' Commemoration Day (compensatory day off)",
        None,
    ]
    sundays_vi = WorkingCalendar(weekend={6}, language="vi")
    assert sundays_vi.reason(date(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    # Riyadh: Hùng Kings' Day on Friday 16/04/2027; Saturday is a rest day too, so Sunday 18 is
    # off; Thursday 15 and Monday 19 are worked.
    riyadh = WorkingCalendar.for_host("SA")
    assert [riyadh.is_working_day(date(2027, 4, d)) for d in (15, 16, 17, 18, 19)] == [
        True, False, False, False, True,
    ]  # fmt: skip
    assert riyadh.reason(date(2027, 4, 18)).endswith("(compensatory day off)")


def test_an_unconfirmed_national_day_stays_a_working_day_when_the_tables_are_built(fresh_tables):
    assert WorkingCalendar().is_working_day(date(2026, 11, 24))  # "Vietnam Cultural Day"


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 12, 31), 1, date(2026, 1, 5)),  # New Year 2026: Thu 1 - Sun 4 January off
        (date(2098, 12, 31), 1, date(2099, 1, 2)),  # into the last year known
        (date(1991, 1, 2), -1, date(1990, 12, 31)),  # back into the first year known
    ],
)
def test_counting_past_the_years_loaded_so_far_loads_the_next_one(fresh_tables, start, n, expected):
    assert WorkingCalendar().add_working_days(start, n) == expected


def test_a_calendar_for_a_host_takes_the_hosts_weekend_unless_given_one():
    assert WorkingCalendar.for_host("SA").weekend == frozenset({4, 5})
    assert WorkingCalendar.for_host("SA", weekend={6}).weekend == frozenset({6})
    assert WorkingCalendar.for_host(None).weekend == frozenset({5, 6})


# ---- Working hours: when the clock starts ---------------------------------------------------------


def test_working_hours_start_on_the_offices_own_clock():
    # New York, Monday 10/03/2025 14:00 (Tuesday 01:00 in Hà Nội): 3 office hours left on Monday,
    # 5 more on Tuesday: due Tuesday 13:00 New York time.
    new_york = ZoneInfo("America/New_York")
    washington = WorkingCalendar(host_country="US")
    received = datetime(2025, 3, 10, 14, 0, tzinfo=new_york)
    due = datetime(2025, 3, 11, 13, 0, tzinfo=new_york)
    assert compute_due(received, 8, "working_hours", washington, new_york) == due


@pytest.mark.parametrize(
    "received",
    [datetime(2025, 3, 8, 10, 0, tzinfo=HCM),  # Saturday morning
     datetime(2025, 3, 7, 18, 0, tzinfo=HCM)],  # Friday after closing
)
def test_working_hours_received_outside_office_time_start_at_the_next_opening(received):
    # 8 office hours from Monday 10/03/2025 08:00: Monday 16:00.
    assert compute_due(received, 8, "working_hours", HANOI, HCM) == datetime(2025, 3, 10, 16, 0, tzinfo=HCM)


# ---- Office hours and the cut-off -----------------------------------------------------------------


def test_the_cut_off_must_come_after_opening_and_may_be_closing_time():
    received = datetime(2025, 3, 10, 14, 59, tzinfo=HCM)  # Monday
    # An office closing at 15:00 with the 15:00 cut-off: a same-day request at 14:59 is today.
    assert compute_due(received, 0, "working_days", HANOI, HCM, office_hours=(time(8), time(15))) == (
        datetime.combine(date(2025, 3, 10), time.max, tzinfo=HCM)
    )
    with pytest.raises(ValueError, match="cut-off"):
        compute_due(received, 0, "working_days", HANOI, HCM, office_hours=(time(15), time(17)))


# ---- Suspensions ----------------------------------------------------------------------------------


def test_a_same_day_request_after_the_cut_off_is_due_the_next_day_with_the_suspension_rule_too():
    received = datetime(2025, 3, 10, 16, 0, tzinfo=HCM)  # Monday after 15:00
    assert compute_due_with_suspensions(received, 0, "working_days", HANOI, HCM, []) == (
        datetime.combine(date(2025, 3, 11), time.max, tzinfo=HCM)
    )


def test_suspensions_count_in_the_order_they_happened_whatever_order_they_are_given():
    # Received Monday 10/03/2025, 5 working days. Stopped Tue 11 (1 day used) - Wed 12; stopped
    # Fri 14 (Thu and Fri used: 3) - Mon 17: 2 days left from Monday 17: due Wednesday 19.
    received = datetime(2025, 3, 10, 10, 0, tzinfo=HCM)
    first = Suspension(datetime(2025, 3, 11, 10, tzinfo=HCM), datetime(2025, 3, 12, 10, tzinfo=HCM))
    second = Suspension(datetime(2025, 3, 14, 10, tzinfo=HCM), datetime(2025, 3, 17, 10, tzinfo=HCM))
    due = datetime.combine(date(2025, 3, 19), time.max, tzinfo=HCM)
    assert compute_due_with_suspensions(received, 5, "working_days", HANOI, HCM, [second, first]) == due
    assert compute_due_with_suspensions(received, 5, "working_days", HANOI, HCM, [first, second]) == due


def test_a_supplement_requested_at_the_due_moment_still_stops_the_clock():
    # 24 hours from Monday 10:00: due Tuesday 10:00. A request at exactly that moment is in time;
    # nothing is left, so the case is due when the supplement arrives (Thursday 09:00).
    received = datetime(2025, 3, 10, 10, 0, tzinfo=HCM)
    held = Suspension(datetime(2025, 3, 11, 10, 0, tzinfo=HCM), datetime(2025, 3, 13, 9, 0, tzinfo=HCM))
    assert compute_due_with_suspensions(received, 24, "hours", HANOI, HCM, [held]) == held.end


# ---- Refusals say what is wrong -------------------------------------------------------------------
# These are errors of the calling code; the message is all that reaches the log.


class _NoOffset(tzinfo):
    """A time zone that knows no offset: Python counts such a datetime as naive."""

    def utcoffset(self, dt):
        return None


NAIVE = datetime(2025, 3, 10, 10, 0)
AWARE = datetime(2025, 3, 10, 10, 0, tzinfo=HCM)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Suspension(NAIVE), "Suspension.start must be a timezone-aware datetime"),
        (lambda: Suspension(AWARE, NAIVE), "Suspension.end must be a timezone-aware datetime"),
        (lambda: Suspension(AWARE.replace(tzinfo=_NoOffset())),
         "Suspension.start must be a timezone-aware datetime"),
        (lambda: Suspension(AWARE, AWARE - timedelta(seconds=1)), "a suspension cannot end before it starts"),
        (lambda: compute_due(NAIVE, 1, "working_days", HANOI, HCM),
         "received_at must be a timezone-aware datetime"),
        (lambda: compute_due(NAIVE, 1, "hours", HANOI, HCM),
         "received_at must be a timezone-aware datetime"),
        (lambda: compute_due(AWARE, -1, "working_days", HANOI, HCM), "a legal period cannot be negative"),
        (lambda: compute_due(AWARE, 1, "weeks", HANOI, HCM), "unknown duration unit 'weeks'"),
        (lambda: compute_due(AWARE, 1, "hours", HANOI, HCM, office_hours=(time(16), time(17))),
         "office hours must open before the cut-off, which is at most closing"),
        (lambda: WorkingCalendar(weekend={7}), "weekend must be weekday numbers 0-6, not all seven: {7}"),
        (lambda: WorkingCalendar(host_country="xx"), "no public holidays known for country code 'xx'"),
        (lambda: WorkingCalendar(closures=[date(2025, 1, 4)], extra_working_days=[date(2025, 1, 4)]),
         "dates both closed and extra working days: [datetime.date(2025, 1, 4)]"),
        (lambda: HANOI.is_working_day(date(2150, 1, 1)), "working days are known for 1990-2099 only"),
    ],
)
def test_a_refusal_names_what_is_wrong(call, message):
    with pytest.raises(ValueError) as refused:
        call()
    assert str(refused.value) == message


# ---- Time used: what the case page shows against the period -----------------------------------
# Received Monday 10/03/2025 10:00 in Hà Nội; 5 working days are due Monday 17 at 24:00.

MONDAY_10 = datetime(2025, 3, 10, 10, 0, tzinfo=HCM)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=HCM)


def used(amount, unit, suspensions, until, received=MONDAY_10, **options):
    return time_used_with_suspensions(received, amount, unit, HANOI, HCM, suspensions, until, **options)


@pytest.mark.parametrize(
    ("suspensions", "until", "expected"),
    [
        ([], at(2025, 3, 13, 15), 3),  # Tue, Wed, Thu
        # Stopped Tuesday (1 used) until Wednesday; Thursday and Friday: 3.
        ([Suspension(at(2025, 3, 11, 10), at(2025, 3, 12, 10))], at(2025, 3, 14, 10), 3),
        ([Suspension(at(2025, 3, 11, 10))], at(2025, 3, 14, 10), 1),  # still waiting
        # Still waiting on Friday (the supplement comes on Monday).
        ([Suspension(at(2025, 3, 11, 10), at(2025, 3, 17, 10))], at(2025, 3, 14, 10), 1),
        ([Suspension(at(2025, 3, 13, 10), at(2025, 3, 14, 10))], at(2025, 3, 12, 10), 2),  # not yet asked
        # Asked after the due day: it stops nothing; by Thursday 20 the office has used 8 of 5.
        ([Suspension(at(2025, 3, 19, 10), at(2025, 3, 20, 9))], at(2025, 3, 20, 10), 8),
        # Two supplements, given in any order: Tue (1), then Thu-Fri (2), then Tue 18 (1).
        ([Suspension(at(2025, 3, 14, 10), at(2025, 3, 17, 10)),
          Suspension(at(2025, 3, 11, 10), at(2025, 3, 12, 10))], at(2025, 3, 18, 10), 4),
    ],
)
def test_working_days_used_leave_out_the_supplement_time(suspensions, until, expected):
    assert used(5, "working_days", suspensions, until) == expected


def test_calendar_days_used_stop_at_the_whole_period_when_the_request_comes_on_a_moved_due_day():
    # 5 calendar days from Monday 10/03/2025 end on Saturday 15, a rest day: due Monday 17
    # (Civil Code Art. 148(5)). A request on Monday 17 has used the 5 days, not 7; one more day
    # after the supplement (Tue 18 to Wed 19): 6.
    held = Suspension(at(2025, 3, 17, 10), at(2025, 3, 18, 10))
    assert used(5, "calendar_days", [held], at(2025, 3, 19, 10)) == 6


def test_a_same_day_request_after_the_cut_off_has_used_nothing_the_next_morning():
    assert used(0, "working_days", [], at(2025, 3, 11, 10), received=at(2025, 3, 10, 16)) == 0


def test_office_and_elapsed_time_used():
    nine = at(2025, 3, 10, 9)
    assert used(8, "working_hours", [], at(2025, 3, 10, 15), received=nine) == timedelta(hours=6)
    # Stopped Monday 11:00 (2 h used) until Tuesday 10:00; 2 h more by noon.
    held = Suspension(at(2025, 3, 10, 11), at(2025, 3, 11, 10))
    assert used(8, "working_hours", [held], at(2025, 3, 11, 12), received=nine) == timedelta(hours=4)
    # The unit's office hours, 07:00-16:00: received 06:00, by 10:00 3 h used.
    assert used(8, "working_hours", [], at(2025, 3, 10, 10), received=at(2025, 3, 10, 6),
                office_hours=(time(7), time(16))) == timedelta(hours=3)
    assert used(24, "hours", [], at(2025, 3, 11, 12)) == timedelta(hours=26)
    # Day and night, less the 8 hours of the supplement (12:00-20:00): 18 h.
    held = Suspension(at(2025, 3, 10, 12), at(2025, 3, 10, 20))
    assert used(24, "hours", [held], at(2025, 3, 11, 12)) == timedelta(hours=18)


def test_a_supplement_asked_at_the_due_moment_or_right_now_keeps_what_was_used():
    # 24 hours from Monday 10:00, due Tuesday 10:00, asked at that very moment and still awaited:
    # 24 h used on Wednesday, not 48.
    waiting = Suspension(at(2025, 3, 11, 10))
    assert used(24, "hours", [waiting], at(2025, 3, 12, 10)) == timedelta(hours=24)
    # 5 calendar days due on the moved due day Monday 17; asked at this moment: the 5 days.
    waiting = Suspension(at(2025, 3, 17, 10))
    assert used(5, "calendar_days", [waiting], at(2025, 3, 17, 10)) == 5


def test_a_second_supplement_asked_after_the_due_day_stops_nothing():
    # Stopped Tue 11 - Wed 12 (1 used): 4 left from Wednesday, due Tuesday 18. A request on
    # Wednesday 19 comes too late to stop the clock: by Friday 21, 1 + 7 days used.
    first = Suspension(at(2025, 3, 11, 10), at(2025, 3, 12, 10))
    late = Suspension(at(2025, 3, 19, 10), at(2025, 3, 20, 9))
    assert used(5, "working_days", [first, late], at(2025, 3, 21, 10)) == 8


def test_a_region_is_of_no_account_when_the_unit_does_not_keep_host_holidays():
    # The region only adds the host's holidays: without them the working days are the same, so
    # the calendars are equal (and share their tables); the region is still remembered.
    with_region = WorkingCalendar(host_country="AU", host_subdivision="ACT", observe_host_holidays=False)
    without = WorkingCalendar(host_country="AU", observe_host_holidays=False)
    assert with_region == without and hash(with_region) == hash(without)
    assert with_region.host_subdivision == "ACT"
    assert with_region.is_working_day(date(2026, 3, 9))  # Canberra Day


def test_a_calendar_shows_its_settings_in_logs():
    riyadh = WorkingCalendar.for_host("SA", closures={date(2025, 1, 5): "Office move"})
    assert repr(riyadh) == (
        "WorkingCalendar(weekend=[4, 5], host_country='SA', observe_host_holidays=True, closures=1, "
        "extra_working_days=0)"
    )


def test_counting_past_the_last_year_known_is_refused_not_guessed(fresh_tables):
    with pytest.raises(ValueError, match="1990-2099"):
        WorkingCalendar().add_working_days(date(2099, 12, 1), 100)
