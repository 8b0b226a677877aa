"""The working-day calendar: Vietnam's holidays and swaps, host holidays, weekends, overrides.

Pure Python: no Django import, so this runs with and without pytest-django.

Fixed dates were checked by hand against the official notices quoted in
src/chancery/organization/data/vn_day_swaps.yaml; days of the week against a printed calendar
(and `date.weekday()`, asserted below where it matters).
"""

from __future__ import annotations

import copy
import pickle
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chancery.organization import calendar as calmod
from chancery.organization.calendar import (
    SAT_SUN,
    WorkingCalendar,
    default_weekend,
    load_vn_day_swaps,
)

HANOI = WorkingCalendar(host_country="VN")  # Consular Department, Sat-Sun week
RIYADH = WorkingCalendar.for_host("SA")  # Fri-Sat week
TOKYO = WorkingCalendar(host_country="JP")
PARIS = WorkingCalendar(host_country="FR")

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


# --- Vietnam's holidays and the Prime Minister's swaps, 2024-2026 -----------------------------


@pytest.mark.parametrize(
    ("first", "last", "notice"),
    [
        # 8662/VPCP-KGVX (3/11/2023): Tết off Thu 08/02 - Wed 14/02/2024.
        (date(2024, 2, 8), date(2024, 2, 14), "8662/VPCP-KGVX"),
        # 6150/TB-BLĐTBXH: Tết off Sat 25/01 - Sun 02/02/2025.
        (date(2025, 1, 25), date(2025, 2, 2), "6150/TB-BLĐTBXH"),
        # 9441/TB-BNV (16/10/2025): Tết off Sat 14/02 - Sun 22/02/2026.
        (date(2026, 2, 14), date(2026, 2, 22), "9441/TB-BNV"),
        # 2450/VPCP-KGVX: 30/4-1/5 off Sat 27/04 - Wed 01/05/2024 (Mon 29/04 swapped).
        (date(2024, 4, 27), date(2024, 5, 1), "2450/VPCP-KGVX"),
        # 6150/TB-BLĐTBXH: 30/4-1/5 off Wed 30/04 - Sun 04/05/2025 (Fri 02/05 swapped).
        (date(2025, 4, 30), date(2025, 5, 4), "6150/TB-BLĐTBXH"),
        # 12729/VPCP-KGVX: New Year off Thu 01/01 - Sun 04/01/2026 (Fri 02/01 swapped).
        (date(2026, 1, 1), date(2026, 1, 4), "12729/VPCP-KGVX"),
        # 8662/VPCP-KGVX: National Day off Sat 31/08 - Tue 03/09/2024.
        (date(2024, 8, 31), date(2024, 9, 3), "8662/VPCP-KGVX"),
        # National Day 2025 off Sat 30/08 - Tue 02/09/2025 (VNA, 3/8/2025).
        (date(2025, 8, 30), date(2025, 9, 2), "VNA report"),
        # 9441/TB-BNV: National Day off Sat 29/08 - Wed 02/09/2026 (Mon 31/08 swapped).
        (date(2026, 8, 29), date(2026, 9, 2), "9441/TB-BNV"),
    ],
)
def test_official_breaks_are_closed_and_the_days_around_them_open(first, last, notice):
    assert all(not HANOI.is_working_day(d) for d in days(first, last)), notice
    assert HANOI.is_working_day(first - timedelta(1)), notice
    assert HANOI.is_working_day(last + timedelta(1)), notice


@pytest.mark.parametrize(
    "saturday", [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)]
)
def test_make_up_saturdays_are_working_days_at_sat_sun_units(saturday):
    assert saturday.weekday() == SAT
    assert HANOI.is_working_day(saturday)
    assert PARIS.is_working_day(saturday)  # missions observe Vietnam's calendar too
    assert HANOI.reason(saturday) is None


def test_a_host_holiday_on_a_make_up_saturday_stays_closed():
    assert TOKYO.reason(date(2024, 5, 4)) == "Greenery Day"


def test_swaps_do_not_apply_to_units_without_a_sat_sun_week():
    """The notices leave such units to arrange their own schedule (no swap applied)."""
    sunday_only = WorkingCalendar(weekend={SUN})
    assert sunday_only.is_working_day(date(2025, 5, 2))  # Friday: the swapped day off
    assert sunday_only.is_working_day(date(2025, 4, 26))  # Saturday: a working day anyway
    assert not RIYADH.is_working_day(date(2025, 4, 26))  # their weekend stays a weekend


def test_the_data_file_lists_verified_swaps_only():
    swaps = load_vn_day_swaps()
    assert {(s.day_off, s.work_day) for s in swaps} == {
        (date(2024, 4, 29), date(2024, 5, 4)),
        (date(2025, 5, 2), date(2025, 4, 26)),
        (date(2026, 1, 2), date(2026, 1, 10)),
        (date(2026, 8, 31), date(2026, 8, 22)),
    }
    for swap in swaps:
        assert swap.verified in {"text", "press"}
        assert swap.source and swap.reason
        assert swap.day_off.weekday() < SAT <= swap.work_day.weekday()


def test_every_swap_the_holidays_package_knows_is_in_the_data_file():
    """When `holidays` is upgraded with a new swap, add it (with its notice) to the data file."""
    listed = {s.day_off for s in load_vn_day_swaps()}
    years = range(2024, 1 + max(s.day_off.year for s in load_vn_day_swaps()))
    package = holidays.country_holidays("VN", years=years, language="en_US")
    substituted = {d for d, name in package.items() if name.startswith("Day off (substituted")}
    assert substituted <= listed


def test_vietnam_holidays_are_not_double_counted_when_the_host_is_vietnam():
    hanoi_with_host = WorkingCalendar(host_country="VN", observe_host_holidays=True)
    no_host = WorkingCalendar()
    for d in days(date(2024, 1, 1), date(2026, 12, 31)):
        assert hanoi_with_host.is_working_day(d) == no_host.is_working_day(d)
    assert hanoi_with_host.working_days_between(date(2025, 1, 1), date(2025, 12, 31)) == (
        no_host.working_days_between(date(2025, 1, 1), date(2025, 12, 31))
    )


# --- host countries and other weekends ------------------------------------------------------


def test_japan_golden_week_2025_is_closed_at_the_tokyo_embassy():
    # Cabinet Office list: Shōwa Day Tue 29/04, Constitution Day Sat 03/05, Greenery Day Sun
    # 04/05, Children's Day Mon 05/05, substitute holiday Tue 06/05/2025. Between them Vietnam's
    # 30/04, 01/05 and the swapped Fri 02/05.
    assert [TOKYO.is_working_day(d) for d in days(date(2025, 4, 28), date(2025, 5, 7))] == [
        True, False, False, False, False, False, False, False, False, True,
    ]  # fmt: skip
    assert TOKYO.reason(date(2025, 4, 29)) == "Showa Day"
    assert not WorkingCalendar(host_country="JP", observe_host_holidays=False).is_working_day(
        date(2025, 4, 30)
    )  # Vietnam's holiday stays when host holidays are not observed
    assert WorkingCalendar(host_country="JP", observe_host_holidays=False).is_working_day(date(2025, 4, 29))


def test_riyadh_works_sunday_to_thursday_and_gets_compensatory_days():
    assert RIYADH.weekend == frozenset({FRI, SAT})
    assert RIYADH.is_working_day(date(2025, 12, 7))  # a Sunday
    assert RIYADH.reason(date(2025, 12, 5)) == "weekend"  # a Friday
    # Tết 2026: statutory days Mon 16 - Fri 20/02. Fri 20 is a rest day in Riyadh, so Labour
    # Code Art. 111(3) gives the next working day off: Sat 21 is a rest day, Sun 22 is Saudi
    # Founding Day, hence Mon 23/02/2026.
    assert date(2026, 2, 20).weekday() == FRI
    assert RIYADH.reason(date(2026, 2, 22)) == "Founding Day Holiday"
    assert RIYADH.reason(date(2026, 2, 23)).endswith("(compensatory day off)")
    assert RIYADH.is_working_day(date(2026, 2, 24))


def test_default_weekend_comes_from_the_host_country():
    assert default_weekend("SA") == frozenset({FRI, SAT})
    assert default_weekend("IR") == frozenset({FRI})
    assert default_weekend("FR") == SAT_SUN
    assert default_weekend(None) == SAT_SUN


# --- administrator overrides, reasons, names --------------------------------------------------


def test_closures_and_extra_working_days_override_the_rules():
    calendar = WorkingCalendar(
        host_country="FR",
        closures={date(2025, 3, 12): "Office move"},
        extra_working_days={date(2025, 3, 15), date(2025, 4, 30)},
    )
    assert calendar.reason(date(2025, 3, 12)) == "Office move"
    assert calendar.is_working_day(date(2025, 3, 15))  # a Saturday opening
    assert calendar.is_working_day(date(2025, 4, 30))  # worked despite the holiday
    assert WorkingCalendar(closures=[date(2025, 3, 12)]).reason(date(2025, 3, 12)) == "closed"


def test_reason_names_the_holiday_in_the_chosen_language():
    assert HANOI.reason(date(2025, 3, 12)) is None
    assert HANOI.reason(date(2025, 3, 15)) == "weekend"
    assert HANOI.reason(date(2025, 9, 2)) == "National Day"
    assert WorkingCalendar(language="vi").reason(date(2025, 1, 29)) == "Tết Nguyên Đán"
    assert "26/04/2025" in HANOI.reason(date(2025, 5, 2))


def test_calendars_are_immutable_values():
    a = WorkingCalendar(weekend=[4, 5], host_country="sa", closures={date(2025, 1, 5): "x"})
    b = WorkingCalendar(weekend={5, 4}, host_country="SA", closures={date(2025, 1, 5): "x"})
    assert a == b and hash(a) == hash(b)
    assert a != WorkingCalendar(weekend={4, 5}, host_country="SA")
    with pytest.raises(AttributeError):
        a.weekend = frozenset()  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(a)) == a
    assert copy.deepcopy(a).reason(date(2025, 1, 5)) == "x"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weekend": range(7)},
        {"weekend": {7}},
        {"host_country": "XX"},
        {"closures": {date(2025, 1, 4): "x"}, "extra_working_days": {date(2025, 1, 4)}},
    ],
)
def test_invalid_calendars_are_refused(kwargs):
    with pytest.raises(ValueError):
        WorkingCalendar(**kwargs)


def test_years_outside_the_holiday_data_are_refused():
    with pytest.raises(ValueError):
        HANOI.is_working_day(date(2150, 1, 1))
    with pytest.raises(ValueError):
        HANOI.add_working_days(date(2099, 12, 1), 100)


def test_holiday_tables_are_built_once_not_per_call(monkeypatch):
    HANOI.is_working_day(date(2025, 6, 1))  # warm the caches for 2024-2026
    TOKYO.working_days_between(date(2024, 1, 1), date(2026, 12, 31))
    calls = []
    real = holidays.country_holidays
    monkeypatch.setattr(holidays, "country_holidays", lambda *a, **k: calls.append(a) or real(*a, **k))
    for n in range(2000):
        fresh = WorkingCalendar(host_country="JP")  # equal calendars share their tables
        fresh.add_working_days(date(2025, 1, 1) + timedelta(n % 300), n % 40)
    assert calls == []
    assert calmod._span_for(fresh._rules) is calmod._span_for(TOKYO._rules)


# --- day arithmetic -------------------------------------------------------------------------


def test_add_working_days_conventions():
    friday, saturday = date(2025, 3, 14), date(2025, 3, 15)
    assert HANOI.add_working_days(friday, 0) == friday
    assert HANOI.add_working_days(saturday, 0) == date(2025, 3, 17)
    assert HANOI.add_working_days(friday, 1) == date(2025, 3, 17)
    assert HANOI.add_working_days(saturday, 1) == date(2025, 3, 17)
    assert HANOI.add_working_days(date(2025, 3, 17), -1) == friday
    assert HANOI.next_working_day(friday) == date(2025, 3, 17)
    assert HANOI.next_working_day(friday, include_self=True) == friday
    assert HANOI.working_days_between(friday, date(2025, 3, 17)) == 1
    assert HANOI.working_days_between(date(2025, 3, 17), friday) == -1
    # Across Tết 2025 and across a year end, loading more years on demand.
    assert HANOI.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert HANOI.add_working_days(date(2024, 12, 31), 250) > date(2025, 12, 1)
    # 2025 has 261 weekdays; (1 Jan, 31 Dec] leaves out 1 Jan: 260. Minus 11 weekday holidays
    # (Tết 27-31/01, Hùng Kings 07/04, 30/04, 01/05, swapped 02/05, 01-02/09), plus the worked
    # Saturday 26/04: 250.
    assert HANOI.working_days_between(date(2025, 1, 1), date(2025, 12, 31)) == 250


# --- properties -----------------------------------------------------------------------------

any_day = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
weekends = st.sampled_from([SAT_SUN, frozenset({FRI, SAT}), frozenset({FRI}), frozenset({SUN})])
hosts = st.sampled_from([None, "VN", "JP", "US", "SA", "FR", "IR", "CN"])


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    closures = draw(st.sets(any_day, max_size=8))
    extra = draw(st.sets(any_day, max_size=4)) - closures
    return WorkingCalendar(
        weekend=draw(weekends),
        host_country=draw(hosts),
        observe_host_holidays=draw(st.booleans()),
        closures=closures,
        extra_working_days=extra,
    )


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(calendars(), any_day, st.integers(1, 400))
def test_add_working_days_and_working_days_between_are_inverse(calendar, start, n):
    end = calendar.add_working_days(start, n)
    assert calendar.is_working_day(end)
    assert calendar.working_days_between(start, end) == n
    back = calendar.add_working_days(end, -n)
    assert calendar.working_days_between(end, back) == -n
    if calendar.is_working_day(start):
        assert back == start


@PROPERTY
@given(calendars(), any_day)
def test_zero_working_days_is_the_day_itself_or_the_next_working_day(calendar, start):
    same = calendar.add_working_days(start, 0)
    assert same == (start if calendar.is_working_day(start) else calendar.next_working_day(start))


@PROPERTY
@given(calendars(), any_day, any_day)
def test_working_days_between_working_days_round_trips(calendar, a, b):
    a, b = calendar.next_working_day(a, include_self=True), calendar.next_working_day(b, True)
    assert calendar.add_working_days(a, calendar.working_days_between(a, b)) == b
    assert calendar.working_days_between(a, b) == -calendar.working_days_between(b, a)


@PROPERTY
@given(calendars(), any_day, any_day, any_day)
def test_working_days_between_adds_up(calendar, a, b, c):
    wdb = calendar.working_days_between
    assert wdb(a, b) + wdb(b, c) == wdb(a, c)
    assert wdb(a, b) == sum(calendar.is_working_day(d) for d in days(a + timedelta(1), b)) or (b < a)


@PROPERTY
@given(calendars(), any_day)
def test_next_working_day_skips_exactly_the_closed_days(calendar, d):
    nxt = calendar.next_working_day(d)
    assert nxt > d and calendar.is_working_day(nxt)
    assert all(calendar.reason(x) is not None for x in days(d + timedelta(1), nxt - timedelta(1)))


@PROPERTY
@given(calendars(), any_day)
def test_a_closed_day_always_says_why(calendar, d):
    reason = calendar.reason(d)
    assert (reason is None) == calendar.is_working_day(d)
    if d in calendar.extra_working_days:
        assert reason is None
    elif d in calendar.closures:
        assert reason == "closed"
    elif _statutory_vn_holiday(d) and not _statutory_vn_holiday(d).startswith("Day off"):
        assert reason is not None  # every statutory Vietnamese holiday is closed everywhere


def _statutory_vn_holiday(d: date) -> str:
    """The holiday's English name, "" when none; swaps apply to Sat-Sun units only."""
    package = holidays.country_holidays("VN", years=d.year, observed=False, language="en_US")
    undecided = {u.name for u in calmod.load_vn_unconfirmed_days() if u.status == "unconfirmed"}
    name = package.get(d, "")
    return "" if name in undecided else name


# --- per-unit settings: the host's region, unconfirmed national days -----------------------


def test_a_units_region_adds_its_own_holidays():
    # Canberra Day, Monday 9 March 2026, is a holiday of the Australian Capital Territory only.
    canberra = WorkingCalendar(host_country="AU", host_subdivision="ACT")
    sydney = WorkingCalendar(host_country="AU", host_subdivision="NSW")
    national = WorkingCalendar(host_country="AU")
    assert not canberra.is_working_day(date(2026, 3, 9)) and "Canberra" in canberra.reason(date(2026, 3, 9))
    assert sydney.is_working_day(date(2026, 3, 9)) and national.is_working_day(date(2026, 3, 9))
    assert canberra != national and pickle.loads(pickle.dumps(canberra)) == canberra


def test_a_region_that_the_country_does_not_have_is_refused():
    with pytest.raises(ValueError, match="not a subdivision"):
        WorkingCalendar(host_country="FR", host_subdivision="ACT")
    with pytest.raises(ValueError, match="not a subdivision"):
        WorkingCalendar(host_subdivision="ACT")


def test_an_unconfirmed_national_day_is_a_working_day_until_decided(monkeypatch):
    """24/11 is in the holidays package from 2026 but no law or notice makes it a day off yet."""
    culture_day = date(2026, 11, 24)
    assert WorkingCalendar(host_country="VN").is_working_day(culture_day)
    listed = {d.name: d for d in calmod.load_vn_unconfirmed_days()}
    assert listed["Vietnam Cultural Day"].status == "unconfirmed"
    assert "Vietnam Cultural Day" in holidays.country_holidays("VN", years=2026).get_list(culture_day)
    decided = tuple(calmod.UnconfirmedDay(d.name, "confirmed", "Notice 1/TB-TEST") for d in listed.values())
    monkeypatch.setattr(calmod, "load_vn_unconfirmed_days", lambda: decided)
    calmod._vn_holidays.cache_clear()
    calmod._closed_days.cache_clear()
    try:
        assert not WorkingCalendar(host_country="VN", weekend=[5, 6], closures={date(1999, 1, 4): "x"}
                                   ).is_working_day(culture_day)
    finally:
        calmod._vn_holidays.cache_clear()
        calmod._closed_days.cache_clear()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["AU", "US", "DE", "CH"]), st.data(),
       st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
       st.sets(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)), max_size=4))
def test_a_region_only_closes_days_and_extra_working_days_always_open(country, data, day, worked):
    region = data.draw(st.sampled_from(calmod.host_subdivisions(country)))
    national = WorkingCalendar.for_host(country)
    regional = WorkingCalendar.for_host(country, host_subdivision=region)
    if regional.is_working_day(day) and not national.is_working_day(day):
        # A region keeps its own list, not the country's plus more (Arkansas works on Columbus
        # Day): a day opens again only when it is a holiday of the country the region does not keep.
        assert day in calmod._host_holidays(country, None, day.year, "en")
        assert day not in calmod._host_holidays(country, region, day.year, "en")
    opened = WorkingCalendar.for_host(country, host_subdivision=region, extra_working_days=worked)
    assert all(opened.is_working_day(d) for d in worked)
