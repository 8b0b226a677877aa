"""The public dashboard against a small set of cases whose figures were worked out by hand.

Embassy in France (Paris time, French and Vietnamese holidays), procedure nationality-confirmation
(5 working days, no fee, can be done fully online). Received Monday 2 March 2026 at 10:00, a
case is due Monday 9 March at 17:00 (see tests/cases/test_deadlines.py).

    case  submitted          what happened                                   counted
    A     Mon 2 Mar          approved Thu 5 Mar (3 WD), returned, rated 5     early
    B     Mon 2 Mar          approved Mon 9 Mar 16:00 (5 WD), returned        on time
    C     Mon 2 Mar          approved Tue 10 Mar 09:00 (6 WD), returned       late
    D     Mon 2 Mar          refused Wed 4 Mar (2 WD), returned, rated 2      early, refused
    E     Tue 3 Mar          withdrawn Wed 4 Mar                              withdrawn
    G     Tue 3 Mar          not accepted the same day                        not accepted
    H     Mon 2 Mar          received, never decided (due 9 Mar)              open, overdue
    F     Mon 30 Mar         received 30 Mar, approved Thu 2 Apr (3 WD)       received Mar, resolved Apr
    I     Tue 31 Mar 23:30   only submitted (already 1 April in Hà Nội)       received in March (Paris)

Japan: one case J, received Monday 2 March (Tokyo), approved Wednesday 4 March: early, 2 WD.
"Now" is Friday 10 April 2026.
"""

from __future__ import annotations

import csv
import io
import json
import re
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from chancery.cases.models import Case
from chancery.cases.services import TransitionNotAllowed
from chancery.portal import dashboard, statistics
from chancery.portal.dashboard import Period, PeriodError, percentile
from chancery.portal.models import ServiceCounter
from chancery.portal.satisfaction import AlreadyRated, rate_case
from tests.factories import advance, submit_case

PARIS = ZoneInfo("Europe/Paris")
TOKYO = ZoneInfo("Asia/Tokyo")
PROCEDURE = "nationality-confirmation"
NOW = datetime(2026, 4, 10, 12, 0, tzinfo=PARIS)


@contextmanager
def at(moment: datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def make(unit, submitted: datetime, steps: list[tuple[str, datetime]], org, *, decider=None):
    with at(submitted):
        case, _key = submit_case(unit, PROCEDURE)
    for action, moment in steps:
        with at(moment):
            case = advance(case, [action], officer=org.officer if unit == org.fr else org.officer_jp,
                           decider=decider or (org.head if unit == org.fr else org.head_jp))
    return case


def received(day: int, hour: int = 10) -> list[tuple[str, datetime]]:
    return [("receive", paris(2026, 3, day, hour, 0)), ("start_processing", paris(2026, 3, day, hour, 5))]


@pytest.fixture
def cases(org, catalog):
    c = {}
    c["A"] = make(org.fr, paris(2026, 3, 2, 9), received(2) + [
        ("approve", paris(2026, 3, 5, 12)), ("return_result", paris(2026, 3, 6, 9))], org)
    c["B"] = make(org.fr, paris(2026, 3, 2, 9), received(2) + [
        ("approve", paris(2026, 3, 9, 16)), ("return_result", paris(2026, 3, 10, 9))], org)
    c["C"] = make(org.fr, paris(2026, 3, 2, 9), received(2) + [
        ("approve", paris(2026, 3, 10, 9)), ("return_result", paris(2026, 3, 10, 11))], org)
    c["D"] = make(org.fr, paris(2026, 3, 2, 9), received(2) + [
        ("refuse", paris(2026, 3, 4, 11)), ("return_result", paris(2026, 3, 5, 9))], org)
    c["E"] = make(org.fr, paris(2026, 3, 3, 9), [("withdraw", paris(2026, 3, 4, 9))], org)
    c["G"] = make(org.fr, paris(2026, 3, 3, 9), [("not_accept", paris(2026, 3, 3, 10))], org)
    c["H"] = make(org.fr, paris(2026, 3, 2, 9), received(2), org)
    c["F"] = make(org.fr, paris(2026, 3, 30, 9), received(30) + [
        ("approve", paris(2026, 4, 2, 12)), ("return_result", paris(2026, 4, 3, 9))], org)
    c["I"] = make(org.fr, paris(2026, 3, 31, 23, 30), [], org)
    c["J"] = make(org.jp, datetime(2026, 3, 2, 9, tzinfo=TOKYO), [
        ("receive", datetime(2026, 3, 2, 10, tzinfo=TOKYO)),
        ("start_processing", datetime(2026, 3, 2, 10, 5, tzinfo=TOKYO)),
        ("approve", datetime(2026, 3, 4, 10, tzinfo=TOKYO))], org)
    with at(paris(2026, 3, 20, 9)):
        rate_case(c["A"], 5, "Quick and kind.")
        rate_case(c["D"], 2, "")
    return c


def board(period: str, unit=None):
    return dashboard.build(Period.parse(period), unit, now=NOW)


def test_the_hand_made_cases_give_the_expected_figures_for_march(org, cases):
    assert cases["C"].result_timeliness == "late" and cases["A"].result_timeliness == "early"
    f = board("2026-03", org.fr).figures
    assert (f.received, f.resolved, f.early, f.on_time, f.late) == (9, 4, 2, 1, 1)
    assert (f.approved, f.refused, f.withdrawn, f.not_accepted, f.stopped, f.returned) == (3, 1, 1, 1, 0, 4)
    assert f.on_time_rate == pytest.approx(0.75)
    assert f.full_online == f.full_online_eligible == 9 and f.online_share == 1
    # Working days 3, 5, 6, 2: average 4; nearest-rank 90th percentile of 4 values is the 4th.
    assert f.wd_sum == 16 and f.average_working_days == pytest.approx(4.0)
    assert f.p90_working_days == 6
    assert f.ratings == [0, 1, 0, 0, 1] and f.rating_average == pytest.approx(3.5)
    assert f.satisfied_share == pytest.approx(0.5)
    # Present state on 10 April: H (overdue since 9 March) and I (only submitted) are open.
    assert (f.open_now, f.overdue_now) == (2, 1)


def test_a_case_resolved_across_the_month_end_counts_in_both_months(org, cases):
    april = board("2026-04", org.fr).figures
    assert (april.received, april.resolved, april.early, april.returned) == (0, 1, 1, 1)
    assert april.average_working_days == 3  # (Mon 30 Mar, Thu 2 Apr]: Tue, Wed, Thu
    year = board("2026", org.fr).figures
    assert (year.received, year.resolved, year.early, year.on_time, year.late) == (9, 5, 3, 1, 1)
    assert year.on_time_rate == pytest.approx(0.8)
    quarter = board("2026-Q1", org.fr).figures
    assert (quarter.received, quarter.resolved) == (9, 4)


def test_months_are_the_units_local_months(org, cases):
    # I was submitted on 31 March at 23:30 in Paris, already 1 April in Hà Nội: March for Paris.
    assert board("2026-03", org.fr).figures.received == 9
    assert ServiceCounter.objects.filter(unit=org.fr, month__year=2026, month__month=4,
                                         received__gt=0).count() == 0


def test_the_ministry_sums_its_units_and_ranks_them(org, cases):
    b = board("2026-03")
    f = b.figures
    assert (f.received, f.resolved, f.early, f.on_time, f.late) == (10, 5, 3, 1, 1)
    ranked = {row.code: row for row in b.units}
    # Japan: every case early, nobody dissatisfied. France: 75 % on time, one late, one rating of 2.
    assert ranked["EMB-JP"].rank == 1 and ranked["EMB-FR"].rank == 2
    assert ranked["CD-HN"].rank is None and ranked["CD-HN"].index is None  # no case in March
    assert ranked["EMB-FR"].head == "head.fr"
    assert [row.code for row in b.units][:2] == ["EMB-JP", "EMB-FR"]


def test_the_breakdown_by_procedure_adds_up(org, cases):
    b = board("2026-03", org.fr)
    assert [row.code for row in b.by_procedure] == [PROCEDURE]
    assert b.by_procedure[0].figures.counts == b.figures.counts


def test_the_service_index_follows_the_documented_formulas(org, cases):
    index = board("2026-03", org.fr).index
    by_key = {i.key: i for i in index.indicators}
    # Processing progress: 3/4 resolved early or on time; min(1, 0.75 / 0.8) × 20 = 18.75.
    assert by_key["on_time"].score == pytest.approx(18.75)
    # Online: 9 of 9 for a fully-online procedure; 12 points.
    assert by_key["full_online"].score == 12
    # Satisfaction with reception: 100 % − (1 late + 1 rating of 2) / 4 decided = 50 %;
    # min(1, 0.5 / 0.9) × 6 = 3.33.
    assert by_key["reception"].ratio == pytest.approx(0.5)
    assert by_key["reception"].score == pytest.approx(3.33)
    assert by_key["complete"].score == 2
    assert index.score == pytest.approx(18.75 + 12 + 3.33 + 2)
    # Online payment is measured (issue 15): the embassy's fee-bearing procedures are in USD, which
    # no configured gateway takes here (0 of them payable online, none paid online: 0 points), and
    # no dossier was paid in March through a recorded payment (no ratio).
    assert by_key["payment_procedures"].measured and by_key["payment_procedures"].score == 0
    assert by_key["payment_transactions"].score == 0
    assert by_key["payment_dossiers"].measured and by_key["payment_dossiers"].ratio is None
    assert index.measured_points == 50 and index.attainable == 44
    unmeasured = [i for i in index.indicators if not i.measured]
    assert all(i.why_not and i.score is None for i in unmeasured)
    assert {"synchronised", "e_result", "population_db"} <= {i.key for i in unmeasured}
    payment_keys = {"payment_procedures", "payment_transactions", "payment_dossiers"}
    assert not payment_keys & {i.key for i in unmeasured}


def test_the_counters_equal_a_rebuild_from_the_cases(org, cases):
    incremental = statistics.stored_counters()
    assert incremental == statistics.computed_counters()
    statistics.rebuild()
    assert statistics.stored_counters() == incremental


def test_a_rating_is_given_once_and_only_after_the_result_is_returned(org, cases):
    with pytest.raises(AlreadyRated):
        rate_case(cases["A"], 4)
    with pytest.raises(TransitionNotAllowed):
        rate_case(cases["H"], 4)
    assert board("2026-03", org.fr).figures.rating_count == 2


def test_the_trend_covers_the_twelve_months_up_to_the_period(org, cases):
    points = board("2026-04", org.fr).trend
    assert len(points) == 12 and points[-1].month.isoformat() == "2026-04-01"
    assert points[0].month.isoformat() == "2025-05-01"
    march = points[-2]
    assert (march.received, march.resolved, march.on_time_rate) == (9, 4, 0.75)
    chart = dashboard.trend_chart(points)
    assert len(chart.bars) == 24 and len(chart.dots) == 2


# ---- Pages, exports, API -----------------------------------------------------------------------


def test_the_public_page_shows_the_figures_the_head_and_the_formulas(client, org, cases):
    with at(NOW):
        response = client.get("/dashboard/units/EMB-FR/?period=month&value=2026-03",
                              HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="fig-received">9<' in html and 'id="fig-resolved">4<' in html
    assert "head.fr" in html
    assert "How is this computed?" in html and "not measured" in html
    assert "<script" not in html and 'style="' not in html  # CSP-ready: no inline script or style
    with at(NOW):
        vietnamese = client.get("/dashboard/units/EMB-FR/?value=2026-03", HTTP_ACCEPT_LANGUAGE="vi")
    # SVG coordinates are never localised (a decimal comma would break the chart).
    assert not re.search(r'(x|y|width|height|cx|cy)="\d+,\d', vietnamese.content.decode())


def test_the_page_is_public_and_switches_period_kinds(client, org, cases):
    with at(NOW):
        assert client.get("/dashboard/").status_code == 200
        quarter = client.get("/dashboard/units/EMB-FR/?period=quarter&value=2026-03")
        assert quarter.context["board"].period == Period("quarter", 2026, 1)
        chosen = client.get("/dashboard/?unit=EMB-JP&period=year&value=2026")
        assert chosen.status_code == 302 and chosen["Location"].startswith("/dashboard/units/EMB-JP/")
        assert client.get("/dashboard/?value=2026-13").status_code == 400
        assert client.get("/dashboard/units/NOPE/").status_code == 404


def test_csv_and_xlsx_exports_carry_the_same_figures(client, org, cases):
    with at(NOW):
        response = client.get("/dashboard/units/EMB-FR/?value=2026-03&format=csv&table=procedures",
                              HTTP_ACCEPT_LANGUAGE="en")
        workbook = client.get("/dashboard/?value=2026-03&format=xlsx")
        assert client.get("/dashboard/?value=2026-03&format=csv&table=nope").status_code == 404
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, first = rows[0], rows[1]
    assert first[0] == PROCEDURE and first[header.index("Received")] == "9"
    assert rows[-1][0] == "Total"
    sheets = load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert len(sheets) == 6  # summary, index, procedures, units, trend, fees


def test_the_api_gives_the_same_figures(client, org, cases):
    with at(NOW):
        response = client.get("/api/v1/dashboard?unit=EMB-FR&period=month&value=2026-03")
        bad = client.get("/api/v1/dashboard?value=March")
        unknown = client.get("/api/v1/dashboard?unit=NOPE")
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert body["unit"]["code"] == "EMB-FR" and body["unit"]["head"] == "head.fr"
    assert body["figures"]["received"] == 9 and body["figures"]["on_time_rate_pct"] == 75.0
    assert body["figures"]["p90_working_days"] == "6"
    assert len(body["trend"]) == 12
    assert any(not i["measured"] and i["not_measured_because"]
               for g in body["index"]["groups"] for i in g["indicators"])
    assert bad.status_code == 422 and json.loads(bad.content)["code"] == "invalid_period"
    assert unknown.status_code == 404


# ---- Periods and percentiles -------------------------------------------------------------------


@pytest.mark.parametrize(("value", "kind", "first", "last"), [
    ("2026-03", "month", "2026-03-01", "2026-03-01"),
    ("2026-Q2", "quarter", "2026-04-01", "2026-06-01"),
    ("2026", "year", "2026-01-01", "2026-12-01"),
])
def test_periods_parse_and_cover_their_months(value, kind, first, last):
    period = Period.parse(value)
    assert period.kind == kind and period.value == value
    assert period.first_month.isoformat() == first and period.last_month.isoformat() == last


def test_period_arithmetic():
    march = Period.parse("2026-03")
    assert march.shifted(-3).value == "2025-12"
    assert march.as_kind("quarter").value == "2026-Q1"
    assert Period.parse("2025").as_kind("month", today=march.first_month).value == "2025-12"
    assert Period.parse("2026").as_kind("month", today=march.first_month).value == "2026-03"
    for bad in ("2026-13", "2026-Q5", "26", "", "1999"):
        with pytest.raises(PeriodError):
            Period.parse(bad)


def test_percentile_is_nearest_rank():
    assert percentile([0, 0, 0], 0.9) is None
    assert percentile([1], 0.9) == 0
    assert percentile([0, 5, 4, 1], 0.9) == 2  # ranks: 1..5 -> 1, 6..9 -> 2, 10 -> 3; ceil(9) = 9
    assert percentile([0, 5, 4, 1], 0.91) == 3


def test_a_late_decision_counts_its_working_days_in_the_right_bucket(org, catalog):
    long_ago = paris(2026, 1, 5, 9)
    case = make(org.fr, long_ago, [("receive", long_ago + timedelta(hours=1)),
                                   ("start_processing", long_ago + timedelta(hours=2)),
                                   ("approve", paris(2026, 6, 1, 9))], org)
    assert case.result_timeliness == "late"
    f = board("2026-06", org.fr).figures
    assert f.wd_over == 1 and f.p90_label == "> 60"


# ---- Commands, queries, ratings over HTTP -------------------------------------------------------


def test_the_stats_command_checks_and_rebuilds_the_counters(org, cases):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    call_command("stats", "check", stdout=out)
    assert "agree with the cases" in out.getvalue()
    ServiceCounter.objects.filter(unit=org.fr).update(received=0)  # a counter gone wrong
    with pytest.raises(CommandError, match="differ"):
        call_command("stats", "check", stdout=io.StringIO())
    call_command("stats", "rebuild", stdout=out)
    call_command("stats", "check", stdout=out)
    assert board("2026-03", org.fr).figures.received == 9


def test_a_view_costs_the_same_few_queries_however_many_cases_and_units(
    client, org, cases, django_assert_max_num_queries
):
    from tests.factories import make_unit

    for i in range(12):
        make_unit(f"EMB-X{i}")
    # 12, and 4 for the fees (paid, refunded, unpaid, and the payment indicators of the index).
    with at(NOW), django_assert_max_num_queries(16):
        assert client.get("/dashboard/?period=year&value=2026").status_code == 200
    with at(NOW), django_assert_max_num_queries(16):
        assert client.get("/dashboard/units/EMB-FR/?period=year&value=2026").status_code == 200


def test_the_status_page_offers_the_rating_once_the_result_is_returned(org, catalog):
    from tests.portal.helpers import Browser

    with at(paris(2026, 3, 2, 9)):
        case, key = submit_case(org.fr, PROCEDURE)
    browser = Browser()
    assert browser.post(f"/status/{case.tracking_code}/rating/", {"score": "5"}).status_code == 404
    browser.post("/status/", {"code": case.tracking_code, "key": key})
    page = browser.get(f"/status/{case.tracking_code}/").content.decode()
    assert 'id="rating-form"' not in page  # not before the result is returned
    response = browser.post(f"/status/{case.tracking_code}/rating/", {"score": "5"}, follow=True)
    assert not hasattr(Case.objects.get(pk=case.pk), "rating")
    assert response.status_code == 200
    advance(case, ["receive", "start_processing", "approve", "return_result"], officer=org.officer,
            decider=org.head)
    assert 'id="rating-form"' in browser.get(f"/status/{case.tracking_code}/").content.decode()
    assert browser.post(f"/status/{case.tracking_code}/rating/", {"score": "9"}).status_code == 302
    browser.post(f"/status/{case.tracking_code}/rating/", {"score": "2", "comment": "Slow."})
    browser.post(f"/status/{case.tracking_code}/rating/", {"score": "5"})  # a second try is refused
    rating = Case.objects.get(pk=case.pk).rating
    assert (rating.score, rating.comment) == (2, "Slow.")
    page = browser.get(f"/status/{case.tracking_code}/").content.decode()
    assert 'id="rating-done"' in page and 'id="rating-form"' not in page
