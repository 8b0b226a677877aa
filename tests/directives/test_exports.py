"""Dashboard figures and their exports: the same numbers on the page, in CSV and in XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chancery.directives.selectors import TaskFilters, dashboard
from tests.directives.helpers import states, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_states(org, issuer):
    return states(org, issuer)


def _csv(client, table, **params):
    response = client.get(reverse("directives:export", args=["csv"]), {"table": table, **params},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_figures_count_each_status_once(org, issuer, board_states):
    board = dashboard(issuer, today=today())
    assert dict(board.figures.counts) == {"done_on_time": 1, "done_late": 1, "overdue": 1, "in_progress": 1,
                                          "not_started": 1, "cancelled": 1}
    assert board.figures.assigned == 5
    assert board.figures.on_time_rate == pytest.approx(1 / 3)
    assert [r.label for r in board.by_unit] == ["EMB-JP", "EMB-FR"]  # most overdue first
    assert [(o.task.text, o.days, o.ageing) for o in board.overdue] == [("=overdue formula", 5, "1–30")]


def test_csv_by_unit_has_the_dashboard_figures_and_a_total(client, org, issuer, board_states):
    client.force_login(issuer)
    rows = {r["Lead unit"]: r for r in _csv(client, "units")}
    fr, jp, total = rows["EMB-FR"], rows["EMB-JP"], rows["Total"]
    assert (fr["Assigned"], fr["Done on time"], fr["Done late"], fr["In progress"], fr["Not started"],
            fr["Cancelled"], fr["Overdue"]) == ("4", "1", "1", "1", "1", "1", "0")
    assert fr["On-time rate (%)"] == "50.0" and jp["On-time rate (%)"] == "0.0"
    assert total["Assigned"] == "5" and total["On-time rate (%)"] == "33.3"
    assert total["Open, overdue"] == "1" and total["Open, within deadline"] == "2"


def test_csv_of_tasks_escapes_formulas_and_follows_the_filters(client, org, issuer, board_states):
    client.force_login(issuer)
    rows = _csv(client, "tasks")
    assert len(rows) == 6
    overdue = next(r for r in rows if r["Status"] == "Overdue")
    assert overdue["Task"] == "'=overdue formula" and overdue["Days overdue"] == "5"
    only_jp = _csv(client, "tasks", unit=org.jp.pk)
    assert [r["Lead unit"] for r in only_jp] == ["EMB-JP"]
    assert [r["Status"] for r in _csv(client, "tasks", status="done_late")] == ["Done late"]


def test_exports_are_scoped_to_what_the_reader_may_see(client, org, issuer, board_states):
    client.force_login(org.officer_jp)
    rows = _csv(client, "tasks")
    assert [r["Lead unit"] for r in rows] == ["EMB-JP"]


def test_xlsx_has_the_same_figures_and_the_definitions(client, org, issuer, board_states):
    client.force_login(issuer)
    response = client.get(reverse("directives:export", args=["xlsx"]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "By unit", "By directive", "Tasks"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Assigned"] == 5 and summary["Done on time"] == 1 and summary["On-time rate (%)"] == 33.3
    assert any(str(key).startswith("On-time rate = tasks completed on time") for key in summary)
    units = list(workbook["By unit"].iter_rows(values_only=True))
    assert units[0][:3] == ("Lead unit", "Name", "Assigned")
    assert [r[0] for r in units[1:]] == ["EMB-JP", "EMB-FR", "Total"]
    tasks = list(workbook["Tasks"].iter_rows(values_only=True))
    assert len(tasks) == 7 and "'=overdue formula" in [r[3] for r in tasks]


def test_xlsx_survives_control_characters_in_pasted_text(client, org, issuer):
    from tests.directives.helpers import make_directive, spec

    make_directive(issuer, org.cd, [spec(org.fr, text="Báo cáo\x0b quý\x01 I")])
    client.force_login(issuer)
    response = client.get(reverse("directives:export", args=["xlsx"]), HTTP_ACCEPT_LANGUAGE="en")
    tasks = list(load_workbook(io.BytesIO(response.content))["Tasks"].iter_rows(values_only=True))
    assert tasks[1][3] == "Báo cáo quý I"


def test_unknown_export_format_or_table_is_404(client, org, issuer):
    client.force_login(issuer)
    assert client.get(reverse("directives:export", args=["pdf"])).status_code == 404
    assert client.get(reverse("directives:export", args=["csv"]), {"table": "x"}).status_code == 404


def test_dashboard_page_changes_with_the_figures(client, org, issuer, board_states):
    client.force_login(issuer)
    page = client.get(reverse("directives:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<dd id="fig-done_on_time">1</dd>' in page and '<dd id="fig-overdue">1</dd>' in page
    directive = board_states["overdue"].directive
    page = client.get(reverse("directives:directive", args=[directive.pk])).content.decode()
    assert '<dd id="fig-assigned">5</dd>' in page


def test_period_filter_is_on_the_assignment_day(org, issuer, board_states):
    assigned_today = dashboard(issuer, today=today(), filters=TaskFilters(period_from=today()))
    assert assigned_today.figures.assigned == 3  # "late" and "overdue" were assigned 30 days ago
