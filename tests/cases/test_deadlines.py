"""Due dates on real cases, checked by hand against the calendar (comments give the count)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from chancery.cases import deadlines
from chancery.cases.models import Case, Notice
from chancery.cases.services import (
    ActionForbidden,
    ApologyDateRefused,
    ReasonRequired,
    TransitionNotAllowed,
    apply_transition,
    issue_apology,
)
from tests.factories import advance, submit_case

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English; the default language is Vietnamese."""
    from django.utils import translation

    with translation.override("en"):
        yield


@contextmanager
def at(moment: datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def act(case: Case, action: str, moment: datetime, **kwargs) -> Case:
    with at(moment):
        return advance(case, [action], **kwargs)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def paris_end(*day: int) -> datetime:
    """A date told to the citizen ends at 24:00 (Civil Code 2015 Art. 148)."""
    return datetime.combine(date(*day), time.max, tzinfo=PARIS)


def test_clock_starts_at_reception_and_counts_working_days(org, catalog):
    # nationality-confirmation: 5 working days, no fee. Received Monday 2 March 2026, 10:00
    # in Paris: day 0 is Monday; Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 -> due Mon 9 March (to 24:00).
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)
    assert case.due_at == paris_end(2026, 3, 9)
    assert case.original_due_at == case.due_at


def test_a_dossier_of_days_received_after_15_00_loses_no_day(org, catalog):
    # The 15:00 cut-off is for same-day requests (Decree 23/2015 Art. 7). Received Friday
    # 6 March 2026 at 15:30: day 0 is Friday; five working days -> Fri 13.
    with at(paris(2026, 3, 6, 15, 0)):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    case = act(case, "receive", paris(2026, 3, 6, 15, 30), officer=org.officer)
    assert case.due_at == paris_end(2026, 3, 13)


@pytest.mark.parametrize(("received", "due"), [
    (paris(2026, 3, 6, 14, 0), paris_end(2026, 3, 6)),     # the same day
    (paris(2026, 3, 6, 15, 0), paris_end(2026, 3, 6)),     # 15:00:00 is still the same day
    (paris(2026, 3, 6, 15, 0, 1), paris_end(2026, 3, 9)),  # after 15:00: the next working day
])
def test_a_same_day_procedure_is_due_the_day_it_is_received(org, catalog, received, due):
    # copy-certification: 0 working days (Decree 23/2015/NĐ-CP).
    with at(paris(2026, 3, 6, 9, 0)):
        case, _ = submit_case(org.fr, "copy-certification")
    case = act(case, "receive", received, officer=org.officer)
    assert case.due_at == due


def test_supplement_stops_and_resumes_the_clock(org, catalog):
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)
    case = act(case, "start_processing", paris(2026, 3, 2, 11, 0), officer=org.officer)
    # Requested Wednesday 4 March: Tue 3 and Wed 4 are used (2 of 5).
    case = act(case, "request_supplement", paris(2026, 3, 4, 10, 0), officer=org.officer)
    assert case.due_at is None
    assert deadlines.case_timeliness(case) is None
    # Provided Friday 6 March: day 0 again; three left: Mon 9, Tue 10, Wed 11.
    case = act(case, "provide_supplement", paris(2026, 3, 6, 11, 0), officer=org.officer)
    assert case.due_at == paris_end(2026, 3, 11)
    assert case.original_due_at == paris_end(2026, 3, 9)


def test_paying_the_fee_does_not_restart_a_period_that_runs_from_receipt(org, catalog):
    # visa-exemption-certificate: 5 working days from receipt, 10 USD.
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "visa-exemption-certificate")
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)
    assert case.due_at == paris_end(2026, 3, 9)
    case = act(case, "start_processing", paris(2026, 3, 2, 10, 5), officer=org.officer)
    case = act(case, "request_fee", paris(2026, 3, 2, 10, 10), officer=org.officer)
    case = act(case, "record_payment", paris(2026, 3, 4, 16, 0), officer=org.officer)
    assert case.due_at == paris_end(2026, 3, 9)
    assert Notice.objects.filter(case=case, kind="receipt").count() == 1


@pytest.mark.parametrize(("documents", "due"), [
    (1, paris_end(2026, 3, 5)), (4, paris_end(2026, 3, 5)),    # 1 working day
    (5, paris_end(2026, 3, 6)), (9, paris_end(2026, 3, 6)),    # 2
    (10, paris_end(2026, 3, 10)), (200, paris_end(2026, 3, 10)),  # 4
])
def test_online_legalisation_counts_from_payment_by_the_number_of_documents(org, catalog, documents, due):
    # Decree 196/2025/NĐ-CP: online files count from payment; 1 WD for 1-4 documents, 2 for 5-9,
    # 4 for 10 or more. Paid Wednesday 4 March at 16:00 (no cut-off for a period of days).
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "consular-legalisation")
    Case.objects.filter(pk=case.pk).update(data={**case.data, "document_count": documents})
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)
    assert case.due_at is None and case.clock_started_at is None  # not before payment
    case = act(case, "start_processing", paris(2026, 3, 2, 10, 5), officer=org.officer)
    case = act(case, "request_fee", paris(2026, 3, 2, 10, 10), officer=org.officer)
    case = act(case, "record_payment", paris(2026, 3, 4, 16, 0), officer=org.officer)
    assert case.due_at == due


def test_citizen_protection_counts_hours_around_the_clock(org, catalog):
    hours = __import__("chancery.procedures.selectors", fromlist=["x"]).current_version(
        "citizen-protection").processing_time["amount"]
    # Saturday night: no office hours matter for an urgent matter.
    with at(paris(2026, 3, 7, 23, 30)):
        case, _ = submit_case(org.fr, "citizen-protection")
    assert case.due_at == paris(2026, 3, 7, 23, 30) + timedelta(hours=hours)


def test_result_is_early_on_time_or_late(org, catalog):
    outcomes = {}
    for label, decided in (("early", paris(2026, 3, 5, 12, 0)), ("on_time", paris(2026, 3, 9, 16, 0)),
                           ("late", paris(2026, 3, 10, 9, 0))):
        with at(paris(2026, 3, 2, 9, 0)):
            case, _ = submit_case(org.fr, "nationality-confirmation")
        case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)
        case = act(case, "start_processing", paris(2026, 3, 2, 10, 5), officer=org.officer)
        case = act(case, "approve", decided, officer=org.officer, decider=org.head)
        outcomes[label] = case.result_timeliness
        case = act(case, "return_result", decided + timedelta(hours=1), officer=org.officer)
        assert deadlines.case_timeliness(case) == label
    assert outcomes == {"early": "early", "on_time": "on_time", "late": "late"}


def test_open_cases_are_on_track_due_soon_or_overdue(org, catalog):
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)  # due Mon 9 March
    assert deadlines.case_timeliness(case, paris(2026, 3, 3, 12, 0)) == "on_track"
    assert deadlines.case_timeliness(case, paris(2026, 3, 5, 12, 0)) == "due_soon"  # Fri, Mon left
    assert deadlines.case_timeliness(case, paris(2026, 3, 9, 21, 0)) == "due_soon"  # the evening
    assert deadlines.case_timeliness(case, paris(2026, 3, 10, 0, 1)) == "overdue"


def test_apology_moves_the_date_once_and_only_in_time(org, catalog):
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)  # due Mon 9 March
    new_day = datetime(2026, 3, 13).date()
    with at(paris(2026, 3, 5, 9, 0)):
        with pytest.raises(ReasonRequired):
            issue_apology(case, new_day, actor=org.officer, expected_version=case.version, reason="")
        with pytest.raises(ActionForbidden):
            issue_apology(case, new_day, actor=org.officer_jp, expected_version=case.version,
                          reason="Waiting for the Ministry of Justice.")
        with pytest.raises(ApologyDateRefused):
            issue_apology(case, datetime(2026, 3, 6).date(), actor=org.officer,
                          expected_version=case.version, reason="Earlier is not a delay.")
        case = issue_apology(case, new_day, actor=org.officer, expected_version=case.version,
                             reason="Waiting for the Ministry of Justice.")
    assert case.due_at == paris_end(2026, 3, 13)
    assert Notice.objects.filter(case=case, kind="apology").count() == 1
    with at(paris(2026, 3, 6, 9, 0)), pytest.raises(TransitionNotAllowed, match="only once"):
        issue_apology(case, datetime(2026, 3, 20).date(), actor=org.officer,
                      expected_version=case.version, reason="Again.")


def test_apology_on_the_due_day_is_too_late(org, catalog):
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)  # due Mon 9 March
    with at(paris(2026, 3, 9, 8, 0)), pytest.raises(TransitionNotAllowed, match="one day before"):
        issue_apology(case, datetime(2026, 3, 13).date(), actor=org.officer,
                      expected_version=case.version, reason="Too late.")
    assert deadlines.should_prompt_apology(case, paris(2026, 3, 6, 9, 0))
    assert not deadlines.should_prompt_apology(case, paris(2026, 3, 9, 8, 0))


def test_notices_are_numbered_per_unit_and_year(org, catalog):
    numbers = []
    for _ in range(3):
        case, _ = submit_case(org.fr, "nationality-confirmation")
        case = apply_transition(case, "receive", actor=org.officer, expected_version=case.version)
        numbers.append(Notice.objects.get(case=case, kind="receipt").number)
    year = numbers[0].split("/")[1]
    assert numbers == [f"EMB-FR/{year}/{n:06d}" for n in (1, 2, 3)]
    other, _ = submit_case(org.jp, "nationality-confirmation")
    other = apply_transition(other, "receive", actor=org.officer_jp, expected_version=other.version)
    assert Notice.objects.get(case=other).number == f"EMB-JP/{year}/000001"


def test_reminders_go_once_a_working_day_to_officers_and_heads(org, catalog, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    from chancery.cases.reminders import send_deadline_reminders

    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)  # due Mon 9 March 17:00
    mailoutbox.clear()
    # Saturday: no reminders. Friday 6 March, 7:00 Paris: before the working day starts.
    assert send_deadline_reminders(paris(2026, 3, 7, 10, 0)) == 0
    assert send_deadline_reminders(paris(2026, 3, 6, 7, 0)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_deadline_reminders(paris(2026, 3, 6, 9, 0))
    # Due soon: every officer of the unit (the case is assigned to officer.fr, who received it).
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert sent == 1 and recipients == ["officer.fr@mofa.example"]
    assert case.tracking_code in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(paris(2026, 3, 6, 11, 0)) == 0  # same day: nothing twice
    # Tuesday 10 March: overdue -> the officer and the head of unit.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(paris(2026, 3, 10, 9, 0)) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["head.fr@mofa.example", "officer.fr@mofa.example"]


def received_nationality_case(org) -> Case:
    """nationality-confirmation received Monday 2 March 2026: due Monday 9 March."""
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)
    return act(case, "start_processing", paris(2026, 3, 2, 11, 0), officer=org.officer)


@pytest.mark.parametrize(("day", "why"), [
    (date(2026, 3, 14), "working day"),      # a Saturday
    (date(2026, 4, 6), "working day"),       # Easter Monday in France
    (date(2206, 1, 10), "at most 90 days"),  # a typo
    (date(2026, 3, 9), "after the current due date"),
])
def test_an_apology_date_must_be_a_near_working_day_after_the_due_date(org, catalog, day, why):
    case = received_nationality_case(org)
    with at(paris(2026, 3, 5, 9, 0)), pytest.raises(ApologyDateRefused, match=why):
        issue_apology(case, day, actor=org.officer, expected_version=case.version, reason="Late.")
    case.refresh_from_db()
    assert case.due_at == paris_end(2026, 3, 9) and case.rescheduled_at is None


def test_a_supplement_after_an_apology_moves_the_promised_date_on_never_back(org, catalog):
    case = received_nationality_case(org)
    with at(paris(2026, 3, 5, 9, 0)):
        case = issue_apology(case, date(2026, 3, 13), actor=org.officer, expected_version=case.version,
                             reason="Waiting for the Ministry of Justice.")
    assert case.due_at == paris_end(2026, 3, 13)
    # Asked Tuesday 10 March, provided Thursday 12: two working days held by the citizen.
    case = act(case, "request_supplement", paris(2026, 3, 10, 9, 0), officer=org.officer)
    case = act(case, "provide_supplement", paris(2026, 3, 12, 9, 0), officer=org.officer)
    assert case.due_at == paris_end(2026, 3, 17)


def test_paying_the_fee_after_an_apology_allows_no_second_apology(org, catalog):
    with at(paris(2026, 3, 2, 9, 0)):
        case, _ = submit_case(org.fr, "visa-exemption-certificate")
    case = act(case, "receive", paris(2026, 3, 2, 10, 0), officer=org.officer)
    case = act(case, "start_processing", paris(2026, 3, 2, 10, 5), officer=org.officer)
    with at(paris(2026, 3, 3, 9, 0)):
        case = issue_apology(case, date(2026, 3, 12), actor=org.officer, expected_version=case.version,
                             reason="Waiting for the police.")
    case = act(case, "request_fee", paris(2026, 3, 4, 10, 0), officer=org.officer)
    case = act(case, "record_payment", paris(2026, 3, 4, 11, 0), officer=org.officer)
    assert case.due_at == paris_end(2026, 3, 12) and case.rescheduled_at is not None
    with at(paris(2026, 3, 5, 9, 0)), pytest.raises(TransitionNotAllowed, match="only once"):
        issue_apology(case, date(2026, 3, 20), actor=org.officer, expected_version=case.version,
                      reason="Again.")


def test_an_office_that_opens_on_a_holiday_counts_that_day(org, catalog):
    from chancery.organization.models import ClosureDay

    # Easter Monday, 6 April 2026, is a French holiday; the embassy opened that day.
    ClosureDay.objects.create(unit=org.fr, date=date(2026, 4, 6), kind=ClosureDay.Kind.WORKED,
                              reason="Open for the passport season")
    with at(paris(2026, 4, 3, 9, 0)):
        case, _ = submit_case(org.fr, "visa-exemption-certificate")
    case = act(case, "receive", paris(2026, 4, 3, 10, 0), officer=org.officer)
    # Fri 3 is day 0; Mon 6 (worked) 1, Tue 7, Wed 8, Thu 9, Fri 10 = 5.
    assert case.due_at == paris_end(2026, 4, 10)


def test_a_units_region_must_be_one_of_its_host_countrys(org):
    from django.core.exceptions import ValidationError

    org.fr.host_subdivision = "ACT"
    with pytest.raises(ValidationError) as refused:
        org.fr.full_clean()
    assert "host_subdivision" in refused.value.message_dict
    org.fr.host_country, org.fr.host_subdivision, org.fr.time_zone = "AU", "ACT", "Australia/Sydney"
    org.fr.full_clean()


def test_the_queues_due_soon_sql_agrees_with_the_rule_for_every_day_ahead(org, catalog):
    """The queue filters "due soon" in SQL, the case page computes it in Python: one rule
    (calendar.DUE_SOON_WORKING_DAYS), checked for due dates 0 to 8 days ahead and past."""
    from chancery.cases.selectors import timeliness_filter
    from chancery.organization.models import Unit

    now = paris(2026, 3, 2, 9, 0)  # a Monday
    cases = []
    for days in range(-1, 9):
        case, _ = submit_case(org.fr, "nationality-confirmation")
        due = paris_end(2026, 3, 2) + timedelta(days=days)
        Case.objects.filter(pk=case.pk).update(due_at=due, status="in_processing")
        cases.append(Case.objects.get(pk=case.pk))
    units = Unit.objects.filter(pk=org.fr.pk)
    for bucket in ("due_soon", "on_track", "overdue"):
        in_sql = set(Case.objects.filter(timeliness_filter(bucket, units, now)).values_list("pk", flat=True))
        in_python = {c.pk for c in cases if deadlines.case_timeliness(c, now) == bucket}
        assert in_sql == in_python, bucket
