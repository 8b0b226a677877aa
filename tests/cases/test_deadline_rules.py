"""The deadline rules of `cases.deadlines` on plain values (no database): when the clock starts,
what an apology may do, and which timeliness a case shows. They also kill the mutants that the
database tests would only catch slowly (scripts/mutation)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation

from chancery.cases import deadlines
from chancery.cases.lifecycle import TRANSITIONS, Status
from chancery.organization.calendar import END_OF_DAY, WorkingCalendar

# An office two hours ahead of the server's own time zone (Asia/Ho_Chi_Minh), so that a moment
# read on the wrong clock falls on another day; Viet Nam's calendar (no holiday until 30 April).
TZ = ZoneInfo("Asia/Tokyo")
CALENDAR = WorkingCalendar(weekend=[5, 6], host_country="VN")
# Monday 3 March 2025, 09:00 at the office.
MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


OFFICE = SimpleNamespace(code="EMB-TEST")


def _of_the_office(value):
    def lookup(unit):
        assert unit is OFFICE, "the case's own office is asked"
        return value
    return lookup


@pytest.fixture(autouse=True)
def _office(monkeypatch):
    monkeypatch.setattr(deadlines, "calendar_for", _of_the_office(CALENDAR))
    monkeypatch.setattr(deadlines, "unit_tz", _of_the_office(TZ))


def _version(*, amount=5, unit="working_days", urgent=False, clock_starts="receipt", fee=0):
    time_ = {"amount": amount, "unit": unit}
    return SimpleNamespace(processing_time=time_, processing_amount=lambda data: time_["amount"],
                           urgent=urgent, clock_starts=clock_starts, fee=fee)


def _case(**fields):
    suspensions = fields.pop("suspensions", [])
    values = {
        "procedure_version": _version(), "clock_started_at": MONDAY, "apology_extension": 0,
        "data": {}, "unit": OFFICE, "result_timeliness": "", "due_at": None, "decided_at": None,
        "closed_at": None, "rescheduled_at": None, "status": "in_processing",
        "suspensions": SimpleNamespace(all=lambda: suspensions),
    }
    values.update(fields)
    return SimpleNamespace(**values)


def _end(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=TZ)


# ---- When the clock starts ---------------------------------------------------------------------

CLOCK_STARTERS = [
    ({}, "receive"),
    ({"clock_starts": "payment"}, "record_payment"),
    ({"urgent": True}, "submit"),
    ({"urgent": True, "clock_starts": "payment"}, "submit"),  # urgency wins: hours from submission
]


@pytest.mark.parametrize(("version", "starter"), CLOCK_STARTERS)
def test_exactly_one_action_starts_the_clock_and_only_once(version, starter):
    for action in TRANSITIONS:
        fresh = _case(procedure_version=_version(**version), clock_started_at=None)
        assert deadlines.clock_starts_with(fresh, action) is (action == starter), action
        running = _case(procedure_version=_version(**version))
        assert deadlines.clock_starts_with(running, action) is False


# ---- The due date of a case ----------------------------------------------------------------------


def test_no_due_date_before_the_clock_starts():
    assert deadlines.compute_due(_case(clock_started_at=None)) is None


def test_due_date_counts_the_period_and_the_apologys_extension():
    assert deadlines.compute_due(_case()) == _end(date(2025, 3, 10))
    assert deadlines.compute_due(_case(apology_extension=2)) == _end(date(2025, 3, 12))
    # An explicit extension replaces the recorded one (what an apology would give).
    assert deadlines.compute_due(_case(apology_extension=2), extension=0) == _end(date(2025, 3, 10))
    assert deadlines.compute_due(_case(), extension=1) == _end(date(2025, 3, 11))


def test_a_supplement_from_the_clocks_start_pauses_it_one_before_does_not():
    held = SimpleNamespace(started_at=MONDAY, ended_at=MONDAY + timedelta(days=2))
    # Day 0 is Monday; the request that same day keeps nothing used, counting resumes Wednesday.
    assert deadlines.compute_due(_case(suspensions=[held])) == _end(date(2025, 3, 12))
    earlier = SimpleNamespace(started_at=MONDAY - timedelta(seconds=1), ended_at=MONDAY + timedelta(days=2))
    assert deadlines.compute_due(_case(suspensions=[earlier])) == _end(date(2025, 3, 10))
    awaited = SimpleNamespace(started_at=MONDAY + timedelta(days=1), ended_at=None)
    assert deadlines.compute_due(_case(suspensions=[awaited])) is None


# ---- Apologies ---------------------------------------------------------------------------------


def test_extension_is_the_least_that_reaches_the_new_date():
    case = _case()
    assert deadlines.extension_to(case, _end(date(2025, 3, 10))) == 0
    assert deadlines.extension_to(case, _end(date(2025, 3, 12))) == 2
    # A weekend day is reached by the next working day (Monday 17 = 5 more working days).
    assert deadlines.extension_to(case, _end(date(2025, 3, 15))) == 5
    # It starts from the extension already granted and never goes below it.
    assert deadlines.extension_to(_case(apology_extension=3), _end(date(2025, 3, 12))) == 3
    # While the clock is stopped there is no due date to move: nothing more is added.
    waiting = _case(suspensions=[SimpleNamespace(started_at=MONDAY, ended_at=None)], apology_extension=1)
    assert deadlines.extension_to(waiting, _end(date(2025, 3, 12))) == 1


def test_extension_search_is_bounded_by_apology_max_days(monkeypatch):
    # Calendar days, an office open every day, no holiday from May to August: each day of
    # extension is one day later.
    monkeypatch.setattr(deadlines, "calendar_for", _of_the_office(WorkingCalendar(weekend=[])))
    case = _case(procedure_version=_version(amount=0, unit="calendar_days"),
                 clock_started_at=datetime(2025, 5, 5, 9, 0, tzinfo=TZ))
    limit = settings.APOLOGY_MAX_DAYS
    assert deadlines.extension_to(case, _end(date(2025, 5, 5) + timedelta(days=limit))) == limit
    with pytest.raises(ValueError, match="no period ends"):
        deadlines.extension_to(case, _end(date(2025, 5, 5) + timedelta(days=limit + 1)))


DUE = _end(date(2025, 3, 10))  # Monday


@pytest.mark.parametrize(("day", "allowed"), [
    (date(2025, 3, 10), False),  # the due day itself
    (date(2025, 3, 9), False),  # before it
    (date(2025, 3, 11), True),  # the next working day
    (date(2025, 3, 15), False),  # a Saturday
])
def test_an_apology_names_a_later_working_day(day, allowed):
    assert (deadlines.apology_date_problem(_case(due_at=DUE), day) is None) is allowed


def test_an_apology_reaches_exactly_apology_max_days_and_no_further():
    limit = settings.APOLOGY_MAX_DAYS
    # Find a due day whose limit day and the day after are both working days.
    due_day = next(d for d in (date(2025, 5, 5) + timedelta(days=i) for i in range(30))
                   if CALENDAR.is_working_day(d + timedelta(days=limit))
                   and CALENDAR.is_working_day(d + timedelta(days=limit + 1)))
    case = _case(due_at=_end(due_day))
    assert deadlines.apology_date_problem(case, due_day + timedelta(days=limit)) is None
    problem = deadlines.apology_date_problem(case, due_day + timedelta(days=limit + 1))
    assert problem is not None and str(limit) in problem


def test_the_due_day_is_read_on_the_offices_clock():
    # 23:30 on Monday at the office is Monday there.
    case = _case(due_at=datetime(2025, 3, 10, 23, 30, tzinfo=TZ).astimezone(ZoneInfo("UTC")))
    assert deadlines.apology_date_problem(case, date(2025, 3, 11)) is None
    late_utc = datetime(2025, 3, 10, 1, 0, tzinfo=TZ).astimezone(ZoneInfo("UTC"))  # Sunday elsewhere
    assert deadlines.apology_date_problem(_case(due_at=late_utc), date(2025, 3, 10)) is not None


@pytest.mark.parametrize(("unit", "allowed"), [
    ("working_days", True), ("calendar_days", True), ("working_hours", False), ("hours", False),
])
def test_an_apology_is_for_periods_counted_in_days(unit, allowed):
    case = _case(due_at=DUE, procedure_version=_version(unit=unit))
    assert (deadlines.apology_date_problem(case, date(2025, 3, 11)) is None) is allowed
    assert deadlines.apology_date_problem(_case(due_at=None, procedure_version=_version(unit=unit)),
                                          date(2025, 3, 11)) is not None


@pytest.mark.parametrize(("case", "day"), [
    (_case(due_at=None), date(2025, 3, 11)),
    (_case(due_at=DUE, procedure_version=_version(unit="hours")), date(2025, 3, 11)),
    (_case(due_at=DUE), date(2025, 3, 10)),
    (_case(due_at=DUE), date(2025, 3, 10) + timedelta(days=settings.APOLOGY_MAX_DAYS + 1)),
    (_case(due_at=DUE), date(2025, 3, 15)),
], ids=["no due date", "hours", "not after", "too far", "rest day"])
def test_each_apology_problem_is_told_in_the_users_language(case, day):
    english = deadlines.apology_date_problem(case, day)
    with translation.override("vi"):
        vietnamese = deadlines.apology_date_problem(case, day)
    assert english and vietnamese and english != vietnamese


def test_an_apology_is_possible_until_the_start_of_the_due_day():
    assert deadlines.apology_deadline(_case(due_at=None)) is None
    due = datetime(2025, 3, 10, 23, 0, tzinfo=TZ).astimezone(ZoneInfo("UTC"))
    assert deadlines.apology_deadline(_case(due_at=due)) == datetime(2025, 3, 10, 0, 0, tzinfo=TZ)
    # Due at 01:00 on Monday at the office (Sunday in Hà Nội and UTC): the start of Monday there.
    early = datetime(2025, 3, 10, 1, 0, tzinfo=TZ).astimezone(ZoneInfo("UTC"))
    assert deadlines.apology_deadline(_case(due_at=early)) == datetime(2025, 3, 10, 0, 0, tzinfo=TZ)


def test_end_of_day_is_the_last_moment_of_the_local_day():
    end = deadlines.end_of_day(_case(), date(2025, 3, 10))
    assert end == datetime(2025, 3, 10, 23, 59, 59, 999999, tzinfo=TZ)
    assert (end + timedelta(microseconds=1)).astimezone(TZ).date() == date(2025, 3, 11)


def test_prompt_for_an_apology_only_while_due_soon_and_still_allowed():
    # Due Wednesday 12; Monday 10 is two working days before: due soon.
    due = _end(date(2025, 3, 12))
    monday = datetime(2025, 3, 10, 10, 0, tzinfo=TZ)
    assert deadlines.should_prompt_apology(_case(due_at=due), monday)
    assert not deadlines.should_prompt_apology(_case(due_at=None), monday)
    assert not deadlines.should_prompt_apology(_case(due_at=due, rescheduled_at=monday), monday)
    assert not deadlines.should_prompt_apology(_case(due_at=due, decided_at=monday), monday)
    assert not deadlines.should_prompt_apology(_case(due_at=due, closed_at=monday), monday)
    # On track (a week before): no prompt yet.
    assert not deadlines.should_prompt_apology(_case(due_at=due), monday - timedelta(days=7))
    # Too late from the start of the due day, though the case is still due soon.
    start_of_due_day = datetime(2025, 3, 12, 0, 0, tzinfo=TZ)
    assert deadlines.should_prompt_apology(_case(due_at=due), start_of_due_day - timedelta(seconds=1))
    assert not deadlines.should_prompt_apology(_case(due_at=due), start_of_due_day)


# ---- Timeliness ---------------------------------------------------------------------------------


def test_open_case_timeliness_on_the_offices_calendar():
    due = _end(date(2025, 3, 12))  # Wednesday
    case = _case(due_at=due)
    assert deadlines.case_timeliness(case, datetime(2025, 3, 3, 10, 0, tzinfo=TZ)) == "on_track"
    assert deadlines.case_timeliness(case, datetime(2025, 3, 10, 10, 0, tzinfo=TZ)) == "due_soon"
    assert deadlines.case_timeliness(case, datetime(2025, 3, 13, 0, 0, tzinfo=TZ)) == "overdue"
    # Without a moment, now: long after 2025.
    assert deadlines.case_timeliness(case) == "overdue"


def test_finished_or_clockless_cases_have_no_running_timeliness():
    now = datetime(2025, 3, 10, 10, 0, tzinfo=TZ)
    due = _end(date(2025, 3, 12))
    assert deadlines.case_timeliness(_case(due_at=due, result_timeliness="late"), now) == "late"
    assert deadlines.case_timeliness(_case(due_at=None), now) is None
    assert deadlines.case_timeliness(_case(due_at=due, decided_at=now), now) is None
    assert deadlines.case_timeliness(_case(due_at=due, closed_at=now), now) is None


def test_result_timeliness_against_the_due_moment():
    due = _end(date(2025, 3, 12))
    case = _case(due_at=due)
    assert deadlines.result_timeliness(case, datetime(2025, 3, 11, 16, 0, tzinfo=TZ)) == "early"
    assert deadlines.result_timeliness(case, datetime(2025, 3, 12, 22, 0, tzinfo=TZ)) == "on_time"
    assert deadlines.result_timeliness(case, due + timedelta(microseconds=1)) == "late"
    # 00:30 on the due day at the office is the day before in Hà Nội and UTC: on time, not early.
    just_after_midnight = datetime(2025, 3, 12, 0, 30, tzinfo=TZ).astimezone(ZoneInfo("UTC"))
    assert deadlines.result_timeliness(case, just_after_midnight) == "on_time"
    # Decided before the clock ever ran: nothing was late. A running clock without a due date
    # (suspended) gives no figure.
    assert deadlines.result_timeliness(_case(clock_started_at=None), MONDAY) == "on_time"
    assert deadlines.result_timeliness(_case(), MONDAY) == ""


def test_timeliness_labels_are_translated():
    for label in deadlines.TIMELINESS_LABELS.values():
        with translation.override("vi"):
            vietnamese = str(label)
        assert vietnamese != str(label)


def test_the_period_is_the_one_the_applications_own_answers_give():
    # A period that grows with the number of documents (1 working day for 1-4, 2 for 5-9).
    version = _version()
    version.processing_amount = lambda data: 1 if data["documents"] < 5 else 2
    few, many = ({"documents": 3}, {"documents": 7})
    assert deadlines.compute_due(_case(procedure_version=version, data=few)) == _end(date(2025, 3, 4))
    assert deadlines.compute_due(_case(procedure_version=version, data=many)) == _end(date(2025, 3, 5))


@pytest.mark.parametrize("status", sorted(Status))
def test_an_open_case_has_a_timeliness_only_while_its_clock_runs(status):
    from chancery.cases.lifecycle import CLOCK_RUNNING

    case = _case(status=status, due_at=_end(date(2025, 3, 12)))
    found = deadlines.case_timeliness(case, datetime(2025, 3, 3, 10, 0, tzinfo=TZ))
    assert (found is not None) == (status in CLOCK_RUNNING)
