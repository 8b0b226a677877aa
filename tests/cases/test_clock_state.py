"""The legal clock of a case as the case page, the API and the status page show it
(deadlines.clock_state): its state, due and promised dates, timeliness and the time used,
checked by hand on real cases and against the queue's SQL buckets."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from chancery.cases import deadlines
from chancery.cases.lifecycle import CLOSED_STATUSES, Status
from chancery.cases.models import Case
from chancery.cases.selectors import timeliness_filter
from chancery.organization.calendar import MAX_YEAR, MIN_YEAR
from chancery.organization.models import Unit
from tests.factories import advance, submit_case

PARIS = ZoneInfo("Europe/Paris")
TOKYO = ZoneInfo("Asia/Tokyo")


@contextmanager
def at(moment: datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def act(case: Case, action: str, moment: datetime, officer) -> Case:
    with at(moment):
        return advance(case, [action], officer=officer)


@pytest.fixture
def received(org, catalog) -> Case:
    """nationality-confirmation (5 working days) received Monday 2 March 2026 in Paris: due
    Monday 9 March, 24:00."""
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), org.officer)
    return act(case, "start_processing", paris(2026, 3, 2, 11, 0), org.officer)


def test_a_submitted_case_waits_for_receipt(org, catalog):
    case, _ = submit_case(org.fr, "nationality-confirmation")
    clock = deadlines.clock_state(case, paris(2026, 3, 2, 9, 0))
    assert (clock.state, clock.waiting_for, clock.due_date, clock.used, clock.allowed) == (
        "not_started", "receipt", None, None, None)


def test_a_clock_that_starts_at_payment_waits_for_the_fee(org, catalog):
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "consular-legalisation")
    for action in ("receive", "start_processing", "request_fee"):
        case = act(case, action, paris(2026, 3, 2, 10, 0), org.officer)
    clock = deadlines.clock_state(case, paris(2026, 3, 3, 9, 0))
    assert (clock.state, clock.waiting_for) == ("not_started", "payment")
    case = act(case, "record_payment", paris(2026, 3, 3, 10, 0), org.officer)
    assert deadlines.clock_state(case, paris(2026, 3, 3, 11, 0)).state == "running"


def test_a_running_clock_counts_the_working_days_used(received):
    # Thursday 5 March: Tue 3, Wed 4, Thu 5 used of 5; Fri 6 and Mon 9 left: due soon.
    clock = deadlines.clock_state(received, paris(2026, 3, 5, 12, 0))
    assert clock.state == "running" and clock.waiting_for == ""
    assert clock.due_date == clock.promised_date == date(2026, 3, 9)
    assert clock.due_at == datetime.combine(date(2026, 3, 9), time.max, tzinfo=PARIS)
    assert (clock.working_days_used, clock.working_days_allowed) == (3, 5)
    assert clock.timeliness == "due_soon"
    assert deadlines.clock_state(received, paris(2026, 3, 2, 18, 0)).timeliness == "on_track"
    # Wednesday 11 March: two working days late.
    late = deadlines.clock_state(received, paris(2026, 3, 11, 9, 0))
    assert (late.used, late.allowed, late.timeliness) == (7, 5, "overdue")


def test_a_supplement_pauses_the_clock_and_keeps_the_date_told(org, received):
    case = act(received, "request_supplement", paris(2026, 3, 3, 9, 0), org.officer)
    paused = deadlines.clock_state(case, paris(2026, 3, 4, 15, 0))
    assert (paused.state, paused.waiting_for) == ("paused", "supplement")
    assert paused.due_date is None and paused.promised_date == date(2026, 3, 9)
    assert paused.used == 1 and paused.timeliness is None  # Tuesday 3 counts: the office worked
    assert deadlines.clock_state(case, paris(2026, 3, 20, 9, 0)).used == 1  # frozen while paused
    # Provided Thursday 5: Wed 4 and Thu 5 were the applicant's; due Wednesday 11.
    case = act(case, "provide_supplement", paris(2026, 3, 5, 9, 0), org.officer)
    clock = deadlines.clock_state(case, paris(2026, 3, 10, 9, 0))  # + Fri 6, Mon 9, Tue 10
    assert (clock.state, clock.due_date, clock.used, clock.allowed) == ("running", date(2026, 3, 11), 4, 5)


def test_an_urgent_clock_pauses_while_the_applicant_completes_the_dossier(org, catalog):
    """citizen-protection: 24 hours from submission, around the clock (docs/adr/0004). Asked to
    complete at 11:00 after 2 hours, completed 5 hours later: the 5 hours are the applicant's."""
    with at(paris(2026, 3, 7, 9, 0)):  # a Saturday: hours count every day
        case, _ = submit_case(org.fr, "citizen-protection")
    assert case.due_at == paris(2026, 3, 8, 9, 0)
    case = act(case, "request_completion", paris(2026, 3, 7, 11, 0), org.officer)
    paused = deadlines.clock_state(case, paris(2026, 3, 7, 15, 0))
    assert (paused.state, paused.waiting_for, paused.due_at, paused.timeliness) == (
        "paused", "completion", None, None)
    assert (paused.used, paused.allowed) == (2, 24)
    units = Unit.objects.filter(pk=org.fr.pk)
    assert not any(Case.objects.filter(timeliness_filter(kind, units, paris(2026, 3, 8, 12, 0)),
                                       pk=case.pk).exists()
                   for kind in ("on_track", "due_soon", "overdue"))  # not overdue in the queue
    case = act(case, "complete_dossier", paris(2026, 3, 7, 16, 0), org.officer)
    assert case.status == Status.SUBMITTED and case.suspensions.get().ended_at == paris(2026, 3, 7, 16, 0)
    clock = deadlines.clock_state(case, paris(2026, 3, 8, 12, 0))
    assert (clock.state, clock.due_at, clock.used) == ("running", paris(2026, 3, 8, 14, 0), 22)
    with at(paris(2026, 3, 8, 15, 0)):
        assert set(Case.objects.filter(timeliness_filter("overdue", units), pk=case.pk)) == {case}


def test_a_completion_request_at_reception_leaves_a_clock_not_started_alone(org, catalog):
    case, _ = submit_case(org.fr, "nationality-confirmation")
    case = act(case, "request_completion", paris(2026, 3, 2, 9, 0), org.officer)
    clock = deadlines.clock_state(case, paris(2026, 3, 3, 9, 0))
    assert (clock.state, clock.waiting_for) == ("not_started", "receipt")
    assert not case.suspensions.exists()  # nothing to pause: the period runs from receipt
    case = act(case, "complete_dossier", paris(2026, 3, 4, 9, 0), org.officer)
    case = act(case, "receive", paris(2026, 3, 4, 10, 0), org.officer)
    assert case.due_at == datetime.combine(date(2026, 3, 11), time.max, tzinfo=PARIS)


def test_an_apology_lengthens_the_period_allowed(org, received):
    from chancery.cases.services import issue_apology

    with at(paris(2026, 3, 5, 9, 0)):
        case = issue_apology(received, date(2026, 3, 13), actor=org.officer,
                             expected_version=received.version, reason="Waiting for the Ministry.")
    clock = deadlines.clock_state(case, paris(2026, 3, 10, 9, 0))
    assert (clock.due_date, clock.used, clock.allowed, clock.timeliness) == (
        date(2026, 3, 13), 6, 9, "on_track")


def test_a_decided_case_stops_the_clock_with_its_result(org, received):
    case = act(received, "approve", paris(2026, 3, 6, 10, 0), org.head)
    clock = deadlines.clock_state(case, paris(2026, 4, 30, 9, 0))
    assert (clock.state, clock.timeliness, clock.used, clock.allowed) == ("stopped", "early", 4, 5)
    assert clock.due_date == date(2026, 3, 9)


# ---- The same timeliness as the queue's SQL ---------------------------------------------------


def _case_in(unit: Unit, status: str, due: datetime | None, now: datetime) -> Case:
    case, _ = submit_case(unit, "nationality-confirmation")
    changes: dict = {"status": status, "due_at": due, "clock_started_at": now - timedelta(days=20)}
    if status in (Status.APPROVED, Status.REFUSED) or status == Status.RESULT_RETURNED:
        changes["decided_at"] = now - timedelta(hours=1)
        changes["result_timeliness"] = "on_time"
    if status in CLOSED_STATUSES:
        changes["closed_at"] = now - timedelta(hours=1)
    if status == Status.SUPPLEMENT_REQUESTED:
        changes["due_at"] = None
    Case.objects.filter(pk=case.pk).update(**changes)
    return Case.objects.select_related("unit", "procedure_version").get(pk=case.pk)


@pytest.mark.parametrize("now", [
    paris(2026, 3, 2, 9, 0),    # a Monday morning in Paris
    paris(2026, 3, 6, 23, 30),  # a Friday night in Paris, already Saturday in Tokyo
    paris(2026, 4, 3, 16, 0),   # Good Friday in Paris, before Easter Monday
])
def test_the_clocks_timeliness_is_the_queues_sql_bucket(org, catalog, now):
    """For cases of every status in two offices (Paris, Tokyo), due from a day ago to nine days
    ahead at several hours of the day: the bucket the queue filters in SQL is the clock's."""
    cases = []
    statuses = [s for s in Status if s != Status.DRAFT]
    for unit, tz in ((org.fr, PARIS), (org.jp, TOKYO)):
        today = now.astimezone(tz).date()
        for index, days in enumerate(range(-1, 10)):
            for hour in (time(9, 0), time.max):
                due = datetime.combine(today + timedelta(days=days), hour, tzinfo=tz)
                status = statuses[(index + (hour == time.max)) % len(statuses)]
                cases.append(_case_in(unit, status, due, now))
                cases.append(_case_in(unit, Status.IN_PROCESSING, due, now))
    units = Unit.objects.filter(pk__in=[org.fr.pk, org.jp.pk])
    with at(now):
        for bucket in ("due_soon", "on_track", "overdue"):
            in_sql = set(Case.objects.filter(timeliness_filter(bucket, units, now))
                         .values_list("pk", flat=True))
            in_clock = {c.pk for c in cases if deadlines.clock_state(c, now).timeliness == bucket}
            assert in_sql == in_clock, bucket
            assert in_sql, bucket  # each bucket is really exercised


# ---- No page or API answer fails for a due date the forms accept ------------------------------


@pytest.mark.parametrize("day", [date(MIN_YEAR, 1, 10), date(MAX_YEAR, 12, 30), date(2026, 3, 14)])
@pytest.mark.parametrize("status", [Status.IN_PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.APPROVED])
def test_no_page_or_api_answer_fails_at_the_calendars_bounds(org, catalog, client, day, status):
    from tests.api.conftest import bearer, make_token

    case, key = submit_case(org.fr, "nationality-confirmation")
    due = datetime.combine(day, time.max, tzinfo=PARIS)
    Case.objects.filter(pk=case.pk).update(
        status=status, due_at=None if status == Status.SUPPLEMENT_REQUESTED else due,
        clock_started_at=due - timedelta(days=3), received_at=due - timedelta(days=3),
        decided_at=due if status == Status.APPROVED else None,
        result_timeliness="on_time" if status == Status.APPROVED else "",
    )
    case.refresh_from_db()
    client.force_login(org.officer)
    page = client.get(reverse("cases:detail", args=[case.tracking_code]))
    assert page.status_code == 200 and b'id="clock"' in page.content
    detail = client.get(f"/api/v1/cases/{case.tracking_code}", **bearer(make_token("officer.fr")))
    assert detail.status_code == 200
    clock = detail.json()["clock"]
    assert clock["state"] == {"in_processing": "running", "supplement_requested": "paused",
                              "approved": "stopped"}[status]
    if status != Status.SUPPLEMENT_REQUESTED:
        assert clock["due_date"] == day.isoformat()
    citizen = Client()
    status_page = citizen.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key},
                               follow=True)
    assert status_page.status_code == 200 and b'id="due"' in status_page.content
    assert b"working_days" not in status_page.content and b"not_started" not in status_page.content


# ---- Days late, as the pages count them (deadlines._days_late through clock_state) -------------


def test_days_late_are_working_days_of_the_office_counted_on_its_own_clock(received):
    # Due Monday 9 March, 24:00 (Paris). Just past midnight Tuesday is one working day late.
    assert deadlines.clock_state(received, paris(2026, 3, 10, 0, 30)).used == 6
    # 00:30 on Wednesday 11 in Paris is still Tuesday 10 in UTC, and 23:30 on Tuesday 10 is
    # already Wednesday 11 in Hà Nội (the server's zone): the office's own day counts.
    assert deadlines.clock_state(received, paris(2026, 3, 11, 0, 30)).used == 7
    assert deadlines.clock_state(received, paris(2026, 3, 10, 23, 30)).used == 6
    # Monday 16: Tue 10 to Fri 13 and Mon 16 are five working days late; the weekend is not.
    assert deadlines.clock_state(received, paris(2026, 3, 16, 9, 0)).used == 10


def received_on(org, procedure: str, day: date) -> Case:
    """A case of ``procedure`` submitted at 09:00 and received at 10:00 on ``day`` in Paris."""
    with at(paris(day.year, day.month, day.day, 9, 0)):
        case, _ = submit_case(org.fr, procedure)
    return act(case, "receive", paris(day.year, day.month, day.day, 10, 0), org.officer)


def test_a_rest_day_after_the_due_day_adds_no_working_day_late(org, catalog):
    # Received Friday 27 February: 5 working days, due Friday 6 March. On Saturday 7 the case is
    # overdue, but no working day has been used past the period.
    case = received_on(org, "nationality-confirmation", date(2026, 2, 27))
    clock = deadlines.clock_state(case, paris(2026, 3, 7, 10, 0))
    assert clock.due_date == date(2026, 3, 6)
    assert (clock.used, clock.allowed, clock.timeliness) == (5, 5, "overdue")


def test_days_late_on_a_period_in_calendar_days_count_every_day(org, catalog):
    # Marriage registration: 15 calendar days from receipt (Monday 2 March): due Tuesday 17.
    case = received_on(org, "marriage-registration", date(2026, 3, 2))
    clock = deadlines.clock_state(case, paris(2026, 3, 20, 9, 0))
    assert (clock.due_date, clock.period_unit) == (date(2026, 3, 17), "calendar_days")
    assert (clock.used, clock.allowed) == (18, 15)  # Wed 18, Thu 19, Fri 20 late, weekend or not
    on_time = deadlines.clock_state(case, paris(2026, 3, 17, 18, 0))
    assert on_time.used <= on_time.allowed


def test_a_period_in_calendar_days_ending_on_a_rest_day_runs_to_the_next_working_day(org, catalog):
    # Received Friday 6 March: the 15th day is Saturday 21, so the case is due Monday 23. On that
    # Monday the office has used its whole period and no more: it is not late.
    case = received_on(org, "marriage-registration", date(2026, 3, 6))
    clock = deadlines.clock_state(case, paris(2026, 3, 23, 12, 0))
    assert clock.due_date == date(2026, 3, 23)
    assert (clock.used, clock.allowed, clock.timeliness) == (15, 15, "due_soon")


def test_a_stopped_clock_waits_for_nothing_and_an_unreceived_one_for_receipt(org, received, catalog):
    case = act(received, "approve", paris(2026, 3, 5, 10, 0), org.head)
    assert deadlines.clock_state(case, paris(2026, 3, 6, 9, 0)).waiting_for == ""
    # A procedure whose clock starts at payment, not yet received: it waits for receipt first.
    with at(paris(2026, 3, 2, 9, 0)):
        submitted, _ = submit_case(org.fr, "consular-legalisation")
    clock = deadlines.clock_state(submitted, paris(2026, 3, 2, 12, 0))
    assert (clock.state, clock.waiting_for) == ("not_started", "receipt")
