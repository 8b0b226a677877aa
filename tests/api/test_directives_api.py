"""Directives and tasks over the API: what a unit's staff read, and the lead unit's progress
report, with the same scoping, rules and audit as the pages."""

from __future__ import annotations

import json

import pytest

from chancery.audit.models import AuditRecord
from chancery.directives.models import Task
from chancery.organization.models import Role
from tests.directives.helpers import make_directive, spec
from tests.factories import make_user

PREFIX = "/api/v1"


@pytest.fixture
def directive(org):
    """Issued by CD-HN: one task led by EMB-FR with EMB-JP coordinating, one led by EMB-JP alone."""
    issuer = make_user("officer.cd", org.cd, Role.OFFICER)
    directive, tasks = make_directive(issuer, org.cd, [
        spec(org.fr, coordinators=[org.jp], text="Tổng kết công tác bảo hộ công dân"),
        spec(org.jp, text="Báo cáo tình hình cộng đồng"),
    ], title="Kết luận của Bộ trưởng tại Hội nghị Ngoại giao")
    return directive, tasks


def progress(api_client, headers, task: Task, **body):
    payload = {"version": Task.objects.get(pk=task.pk).version, "text": "Đã họp triển khai", **body}
    return api_client.post(f"{PREFIX}/tasks/{task.pk}/progress", json.dumps(payload),
                           content_type="application/json", **headers)


def test_a_unit_lists_the_tasks_it_leads_or_coordinates_and_no_others(api_client, auth, directive):
    fr_task, jp_task = directive[1]
    response = api_client.get(f"{PREFIX}/tasks", **auth("officer.fr"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == fr_task.pk
    assert row["lead_unit"] == "EMB-FR" and row["coordinating_units"] == ["EMB-JP"]
    assert row["status"] == "not_started" and row["percent"] == 0
    assert row["directive_title"] == "Kết luận của Bộ trưởng tại Hội nghị Ngoại giao"
    seen_by_jp = api_client.get(f"{PREFIX}/tasks", **auth("officer.jp")).json()
    assert {r["id"] for r in seen_by_jp["results"]} == {fr_task.pk, jp_task.pk}


def test_another_units_task_and_directive_answer_404(api_client, auth, org, directive):
    _fr_task, jp_task = directive[1]
    outsider = make_user("officer.other", org.cd, Role.OFFICER)  # CD-HN issued it: it sees it
    assert api_client.get(f"{PREFIX}/tasks/{jp_task.pk}", **auth(outsider.username)).status_code == 200
    response = api_client.get(f"{PREFIX}/tasks/{jp_task.pk}", **auth("officer.fr"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_lead_unit_reports_progress_and_the_history_shows_it(api_client, auth, directive):
    fr_task, _jp_task = directive[1]
    headers = auth("officer.fr")
    response = progress(api_client, headers, fr_task, percent=40)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["percent"] == 40 and body["status"] == "in_progress"
    assert body["version"] == fr_task.version + 1
    assert body["history"][-1]["text"] == "Đã họp triển khai"
    assert body["history"][-1]["unit"] == "EMB-FR"
    assert AuditRecord.objects.filter(action="task.progress", object_id=str(fr_task.pk)).count() == 1

    again = api_client.get(f"{PREFIX}/directives/{fr_task.directive_id}", **headers).json()
    assert [t["percent"] for t in again["tasks"]] == [40]  # EMB-FR sees only the task it works on


def test_a_report_on_a_stale_version_is_409_and_changes_nothing(api_client, auth, directive):
    fr_task, _jp_task = directive[1]
    headers = auth("officer.fr")
    assert progress(api_client, headers, fr_task, percent=10).status_code == 200
    stale = api_client.post(f"{PREFIX}/tasks/{fr_task.pk}/progress", json.dumps(
        {"version": fr_task.version, "text": "Late", "percent": 90}), content_type="application/json",
        **headers)
    assert stale.status_code == 409
    assert stale.json()["code"] == "task_changed"
    assert Task.objects.get(pk=fr_task.pk).percent == 10


def test_only_the_lead_unit_reports_and_bad_input_is_explained(api_client, auth, directive):
    fr_task, _jp_task = directive[1]
    coordinating = progress(api_client, auth("officer.jp"), fr_task, percent=50)
    assert coordinating.status_code == 403
    assert coordinating.json()["code"] == "forbidden"
    english = {**auth("officer.fr"), "HTTP_ACCEPT_LANGUAGE": "en"}
    empty = progress(api_client, english, fr_task, text="   ")
    assert empty.status_code == 400
    assert empty.json() == {"code": "invalid", "message": "Please say what was done."}
    in_vietnamese = progress(api_client, auth("officer.fr"), fr_task, text="")
    assert in_vietnamese.json()["message"] == "Vui lòng nêu kết quả thực hiện."
    too_much = progress(api_client, auth("officer.fr"), fr_task, percent=140)
    assert too_much.status_code == 400
    assert Task.objects.get(pk=fr_task.pk).percent == 0


def test_completion_reported_over_the_api_waits_for_the_issuing_office(api_client, auth, directive):
    fr_task, _jp_task = directive[1]
    response = progress(api_client, auth("officer.fr"), fr_task, complete=True, text="Hoàn thành")
    assert response.status_code == 200
    assert response.json()["pending_request"] == "completion"
    assert response.json()["percent"] == 100


def test_a_grouped_task_gives_its_group_and_how_many_units_it_went_to(api_client, auth, org, directive):
    from chancery.directives import services

    fr_task, _jp_task = directive[1]
    group = services.create_group(
        fr_task.directive, spec(None, text="Báo cáo tình hình cộng đồng người Việt"),
        actor=make_user("officer.cd2", org.cd, Role.OFFICER), units=[org.fr, org.jp],
    )
    grouped = group.tasks.get(lead_unit=org.fr)
    headers = auth("officer.fr")
    listed = {t["id"]: t for t in api_client.get(f"{PREFIX}/tasks", **headers).json()["results"]}
    assert listed[grouped.pk]["group"] == {"id": group.pk, "unit_count": 2}
    assert listed[fr_task.pk]["group"] is None  # a task of a single unit
    one = api_client.get(f"{PREFIX}/tasks/{grouped.pk}", **headers).json()
    assert one["group"] == {"id": group.pk, "unit_count": 2}
    assert api_client.get(f"{PREFIX}/tasks/{fr_task.pk}", **headers).json()["group"] is None
