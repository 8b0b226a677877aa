"""Which counter a case adds to, on plain values (no database): the month on the unit's clock,
the working days to a result, and the figures each transition adds. The database side (the
atomic upsert, the rebuild over real cases) is tested in test_statistics_property.py and
test_statistics_concurrency.py."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from chancery.cases.lifecycle import TRANSITIONS, Status
from chancery.cases.models import Channel, Document
from chancery.organization.calendar import WorkingCalendar
from chancery.portal import statistics
from chancery.portal.models import COUNT_FIELDS, HISTOGRAM_DAYS

VN = WorkingCalendar(weekend=[5, 6], host_country="VN")
HANOI = SimpleNamespace(pk=1, time_zone="Asia/Ho_Chi_Minh")
TOKYO = SimpleNamespace(pk=2, time_zone="Asia/Tokyo")
PARIS = SimpleNamespace(pk=3, time_zone="Europe/Paris")


@pytest.fixture(autouse=True)
def _calendars(monkeypatch):
    def calendar_for(unit):
        assert unit in (HANOI, TOKYO, PARIS), "a unit's own calendar is asked"
        return VN
    monkeypatch.setattr(statistics, "calendar_for", calendar_for)


def test_the_month_is_the_units_own():
    moment = datetime(2025, 3, 31, 16, 0, tzinfo=UTC)  # 1 April in Tokyo, still March in Paris
    assert statistics.local_month(TOKYO, moment) == date(2025, 4, 1)
    assert statistics.local_month(PARIS, moment) == date(2025, 3, 1)
    assert statistics.local_month(PARIS, datetime(2025, 12, 31, 23, 30, tzinfo=UTC)) == date(2026, 1, 1)


def test_histogram_has_a_field_per_day_up_to_its_length_then_one_for_the_rest():
    assert statistics.histogram_field(0) == "wd_0"
    assert statistics.histogram_field(HISTOGRAM_DAYS) == f"wd_{HISTOGRAM_DAYS}"
    assert statistics.histogram_field(HISTOGRAM_DAYS + 1) == "wd_over"
    assert all(statistics.histogram_field(d) in COUNT_FIELDS for d in range(HISTOGRAM_DAYS + 3))


def test_working_days_to_result_count_local_days_after_reception():
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    monday = datetime(2025, 3, 3, 9, 0, tzinfo=tz)
    assert statistics.working_days_to_result(HANOI, monday, datetime(2025, 3, 7, 17, 0, tzinfo=tz)) == 4
    assert statistics.working_days_to_result(HANOI, monday, monday) == 0
    assert statistics.working_days_to_result(HANOI, monday, datetime(2025, 2, 28, tzinfo=tz)) == 0
    # Received Monday 03:00 and decided Saturday 03:00 in Hà Nội (Sunday and Friday in UTC):
    # (Monday, Saturday] holds four working days there, five in UTC.
    started = datetime(2025, 3, 2, 20, 0, tzinfo=UTC)
    decided = datetime(2025, 3, 7, 20, 0, tzinfo=UTC)
    assert statistics.working_days_to_result(HANOI, started, decided) == 4
    # Read on Tokyo's clock, two hours ahead of the server's (Hà Nội): received Tuesday 01:00
    # (Monday in Hà Nội), decided Wednesday: one working day; and received Monday, decided
    # Tuesday 01:00 (Monday in Hà Nội): one working day.
    tokyo = ZoneInfo("Asia/Tokyo")
    assert statistics.working_days_to_result(
        TOKYO, datetime(2025, 3, 4, 1, 0, tzinfo=tokyo), datetime(2025, 3, 5, 10, 0, tzinfo=tokyo)) == 1
    assert statistics.working_days_to_result(
        TOKYO, datetime(2025, 3, 3, 10, 0, tzinfo=tokyo), datetime(2025, 3, 4, 1, 0, tzinfo=tokyo)) == 1
    # A calendar given is used instead of the unit's.
    every_day = WorkingCalendar(weekend=[])
    assert statistics.working_days_to_result(HANOI, started, decided, every_day) == 5


@pytest.mark.parametrize(("channel", "level", "digitised", "expected"), [
    (Channel.ONLINE, "full", True, {"received_online", "full_online_eligible", "full_online", "digitised"}),
    (Channel.ONLINE, "partial", False, {"received_online"}),
    (Channel.IN_PERSON, "full", False, {"full_online_eligible"}),
    (Channel.POST, "none", True, {"digitised"}),
])
def test_a_submission_counts_as_received_and_by_how(channel, level, digitised, expected):
    deltas = statistics._received_deltas(channel, level, digitised)
    assert {k for k, v in deltas.items() if v} == expected | {"received"}
    assert set(deltas.values()) <= {0, 1}


@pytest.mark.parametrize("timeliness", ["early", "on_time", "late", "", "on_track"])
@pytest.mark.parametrize("refused", [False, True])
def test_a_decision_counts_once_with_its_outcome_timeliness_and_days(refused, timeliness):
    deltas = statistics._decision_deltas(refused, timeliness, 3)
    expected = {"resolved": 1, ("refused" if refused else "approved"): 1, "wd_sum": 3, "wd_3": 1}
    if timeliness in ("early", "on_time", "late"):
        expected[timeliness] = 1
    assert deltas == expected


def _case(**fields):
    documents = fields.pop("documents", False)
    values = {
        "unit": HANOI, "unit_id": HANOI.pk, "channel": Channel.ONLINE, "result_timeliness": "on_time",
        "procedure_version": SimpleNamespace(online_level="full", code="legalisation"),
        "received_at": None, "submitted_at": None,
        # Only files given with the application make a dossier digitised.
        "documents": SimpleNamespace(filter=lambda stage: SimpleNamespace(
            exists=lambda: documents and stage == Document.Stage.APPLICATION)),
    }
    values.update(fields)
    return SimpleNamespace(**values)


TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2025, 3, 7, 10, 0, tzinfo=TZ)  # Friday


def test_each_transition_adds_what_it_means():
    closing = {"not_accept": "not_accepted", "withdraw": "withdrawn", "stop": "stopped",
               "return_result": "returned"}
    for action in TRANSITIONS:
        case = _case(documents=True, received_at=datetime(2025, 3, 3, 9, 0, tzinfo=TZ))
        deltas = statistics.transition_deltas(case, action, AT)
        assert set(deltas) <= set(COUNT_FIELDS), action
        if action == "submit":
            assert deltas == statistics._received_deltas(Channel.ONLINE, "full", True)
        elif action in ("approve", "refuse"):
            assert deltas == statistics._decision_deltas(action == "refuse", "on_time", 4)
        elif action in closing:
            assert deltas == {closing[action]: 1}
        else:
            assert deltas == {}, action


def test_a_submission_without_application_files_is_not_digitised():
    assert statistics.transition_deltas(_case(documents=False), "submit", AT)["digitised"] == 0


def test_days_to_a_decision_count_from_reception_else_submission():
    received = datetime(2025, 3, 4, 9, 0, tzinfo=TZ)
    submitted = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
    both = _case(received_at=received, submitted_at=submitted)
    assert statistics.transition_deltas(both, "approve", AT)["wd_sum"] == 3
    assert statistics.transition_deltas(_case(submitted_at=submitted), "approve", AT)["wd_sum"] == 4
    assert statistics.transition_deltas(_case(), "approve", AT)["wd_0"] == 1


def test_record_transition_and_rating_add_to_the_row_of_the_local_month(monkeypatch):
    added = []
    monkeypatch.setattr(statistics, "add", lambda *args: added.append(args))
    # 31 March 20:00 UTC is 1 April in Hà Nội.
    at = datetime(2025, 3, 31, 20, 0, tzinfo=UTC)
    statistics.record_transition(_case(), "withdraw", Status.SUBMITTED, Status.WITHDRAWN, at)
    assert added == [(HANOI.pk, "legalisation", date(2025, 4, 1), {"withdrawn": 1})]
    added.clear()
    statistics.record_transition(_case(), "start_processing", Status.RECEIVED, Status.IN_PROCESSING, at)
    assert added == []
    statistics.record_rating(SimpleNamespace(case=_case(), created_at=at, score=4))
    assert added == [(HANOI.pk, "legalisation", date(2025, 4, 1), {"rating_4": 1})]
    added.clear()
    # A decision counts the working days up to the moment of the transition.
    received = _case(received_at=datetime(2025, 3, 3, 9, 0, tzinfo=TZ))
    statistics.record_transition(received, "approve", Status.IN_PROCESSING, Status.APPROVED, AT)
    assert added == [(HANOI.pk, "legalisation", date(2025, 3, 1),
                      statistics._decision_deltas(False, "on_time", 4))]


def test_add_refuses_unknown_fields_and_skips_zeros_without_touching_the_database():
    # No database access is allowed in this test: an empty increment must not reach it.
    statistics.add(1, "legalisation", date(2025, 3, 1), {"received": 0, "approved": 0})
    statistics.add(1, "legalisation", date(2025, 3, 1), {})
    with pytest.raises(ValueError, match="not counter fields"):
        statistics.add(1, "legalisation", date(2025, 3, 1), {"received": 1, "bogus": 1})


# ---- The rebuild from rows ------------------------------------------------------------------------


def _clock():
    clock = statistics._UnitClock.__new__(statistics._UnitClock)
    clock._units = {HANOI.pk: HANOI, TOKYO.pk: TOKYO}
    clock._zones = {HANOI.pk: ZoneInfo(HANOI.time_zone), TOKYO.pk: ZoneInfo(TOKYO.time_zone)}
    clock._calendars = {}
    return clock


@pytest.fixture
def versions(monkeypatch):
    rows = [SimpleNamespace(pk=10, code="legalisation", online_level="full"),
            SimpleNamespace(pk=11, code="passport", online_level="partial")]
    monkeypatch.setattr(statistics, "ProcedureVersion",
                        SimpleNamespace(objects=SimpleNamespace(all=lambda: rows)))


def _row(**fields):
    row = {"unit_id": 1, "procedure_version_id": 10, "channel": Channel.ONLINE, "status": Status.SUBMITTED,
           "submitted_at": datetime(2025, 3, 3, 9, 0, tzinfo=TZ), "received_at": None,
           "decided_at": None, "closed_at": None, "result_timeliness": "", "was_refused": False,
           "digitised": False}
    row.update(fields)
    return row


def test_rebuild_counts_each_figure_in_its_own_month(versions):
    march, april = date(2025, 3, 1), date(2025, 4, 1)
    rows = [
        _row(),  # received in March
        _row(submitted_at=None),  # a draft: nothing
        _row(status=Status.RESULT_RETURNED, received_at=datetime(2025, 3, 4, 9, 0, tzinfo=TZ),
             decided_at=datetime(2025, 4, 2, 10, 0, tzinfo=TZ), closed_at=datetime(2025, 4, 3, tzinfo=TZ),
             result_timeliness="late", was_refused=True, digitised=True),
        _row(status=Status.REFUSED, decided_at=datetime(2025, 3, 7, 10, 0, tzinfo=TZ),
             result_timeliness="on_time"),
        _row(status=Status.WITHDRAWN, closed_at=None),  # closed without a date: not counted closed
        _row(status=Status.STOPPED, procedure_version_id=11, unit_id=2,
             closed_at=datetime(2025, 3, 31, 16, 0, tzinfo=UTC)),  # 1 April in Tokyo
    ]
    totals = statistics.case_counts(rows, _clock())
    legal_march = totals[(1, "legalisation", march)]
    assert legal_march["received"] == 4 and legal_march["digitised"] == 1
    assert legal_march["full_online"] == 4 and legal_march["received_online"] == 4
    assert legal_march["resolved"] == 1 and legal_march["refused"] == 1 and legal_march["on_time"] == 1
    assert legal_march["wd_4"] == 1 and legal_march["wd_sum"] == 4
    assert "withdrawn" not in legal_march
    legal_april = totals[(1, "legalisation", april)]
    # Refused once, then returned: still a refusal; 21 working days in (4 March, 2 April].
    assert legal_april == Counter({"resolved": 1, "refused": 1, "late": 1, "wd_sum": 21, "wd_21": 1,
                                   "returned": 1})
    assert totals[(2, "passport", march)]["full_online"] == 0
    assert totals[(2, "passport", april)] == Counter({"stopped": 1})
    assert set(totals) == {(1, "legalisation", march), (1, "legalisation", april),
                           (2, "passport", march), (2, "passport", april)}


def test_rebuild_counts_a_decision_from_submission_when_reception_is_unknown(versions):
    row = _row(status=Status.APPROVED, decided_at=datetime(2025, 3, 5, 10, 0, tzinfo=TZ))
    counts = statistics.case_counts([row], _clock())[(1, "legalisation", date(2025, 3, 1))]
    assert counts["approved"] == 1 and counts["wd_2"] == 1 and "refused" not in counts


def test_rebuild_reads_days_on_the_units_clock_and_counts_every_case(versions):
    tokyo = ZoneInfo("Asia/Tokyo")
    decided_same_day = _row(unit_id=TOKYO.pk, status=Status.APPROVED,
                            received_at=datetime(2025, 3, 3, 9, 0, tzinfo=tokyo),
                            decided_at=datetime(2025, 3, 3, 16, 0, tzinfo=tokyo))
    # Received Tuesday 01:00 in Tokyo (Monday in Hà Nội), decided Wednesday: one working day.
    after_midnight = _row(unit_id=TOKYO.pk, status=Status.APPROVED,
                          received_at=datetime(2025, 3, 4, 1, 0, tzinfo=tokyo),
                          decided_at=datetime(2025, 3, 5, 10, 0, tzinfo=tokyo))
    # Received Monday, decided Tuesday 01:00 in Tokyo (Monday in Hà Nội): one working day.
    decided_after_midnight = _row(unit_id=TOKYO.pk, status=Status.APPROVED,
                                  received_at=datetime(2025, 3, 3, 10, 0, tzinfo=tokyo),
                                  decided_at=datetime(2025, 3, 4, 1, 0, tzinfo=tokyo))
    withdrawn = [_row(status=Status.WITHDRAWN, closed_at=datetime(2025, 3, d, 10, 0, tzinfo=TZ))
                 for d in (10, 11)]
    totals = statistics.case_counts(
        [decided_same_day, after_midnight, decided_after_midnight, *withdrawn], _clock())
    tokyo_march = totals[(TOKYO.pk, "legalisation", date(2025, 3, 1))]
    assert tokyo_march["wd_0"] == 1 and tokyo_march["wd_1"] == 2 and tokyo_march["wd_sum"] == 2
    assert totals[(HANOI.pk, "legalisation", date(2025, 3, 1))]["withdrawn"] == 2


@pytest.mark.django_db
def test_add_creates_the_row_then_adds_to_it():
    from chancery.portal.models import ServiceCounter
    from tests.factories import make_unit

    unit = make_unit("EMB-FR")
    month = date(2025, 3, 1)
    statistics.add(unit.pk, "legalisation", month, {"received": 1, "wd_3": 1})
    statistics.add(unit.pk, "legalisation", month, {"received": 2, "approved": 1})
    statistics.add(unit.pk, "passport", month, {"received": 1})
    row = ServiceCounter.objects.get(unit=unit, procedure_code="legalisation", month=month)
    assert (row.received, row.wd_3, row.approved, row.refused) == (3, 1, 1, 0)
    assert ServiceCounter.objects.get(unit=unit, procedure_code="passport", month=month).received == 1
    assert ServiceCounter.objects.count() == 2
