"""The officer's desk in the API: assignment, notes, recommendation, and the desk filters of the
queue, with the same error shape as every staff endpoint."""

from __future__ import annotations

import json

import pytest

from chancery.cases.models import Case
from tests.factories import advance, submit_case

IN_PROCESSING = ["receive", "start_processing"]


def post(client, url: str, body: dict, headers: dict):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def case(org, catalog) -> Case:
    case = advance(submit_case(org.fr)[0], IN_PROCESSING, officer=org.officer)
    Case.objects.filter(pk=case.pk).update(assigned_to=None)
    case.refresh_from_db()
    return case


def test_take_recommend_and_find_it_awaiting_the_heads_decision(api_client, auth, org, case):
    officer, head = auth("officer.fr"), auth("head.fr")
    url = f"/api/v1/cases/{case.tracking_code}"
    response = post(api_client, f"{url}/assignment", {"assignee": "officer.fr", "version": case.version},
                    officer)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["assignee"] == {"username": "officer.fr", "name": "officer.fr"}
    response = post(api_client, f"{url}/recommendation",
                    {"decision": "approve", "grounds": "All documents in order.", "version": body["version"]},
                    officer)
    assert response.status_code == 200, response.content
    assert response.json()["recommendation"]["decision"] == "approve"
    assert response.json()["recommendation"]["followed"] is None
    response = post(api_client, f"{url}/notes", {"text": "Checked with the police."}, officer)
    assert response.status_code == 201
    assert response.json()["action"] == "note"

    mine = api_client.get("/api/v1/cases?mine=true", **officer).json()
    assert [c["tracking_code"] for c in mine["results"]] == [case.tracking_code]
    assert mine["results"][0]["assignee"] == "officer.fr"
    awaiting = api_client.get("/api/v1/cases?awaiting_decision=true", **head).json()
    assert awaiting["results"][0]["tracking_code"] == case.tracking_code
    assert awaiting["results"][0]["recommendation"] == "approve"
    assert api_client.get("/api/v1/cases?awaiting_decision=true", **officer).json()["count"] == 0

    detail = api_client.get(url, **head).json()
    assert detail["recommendation"]["grounds"] == "All documents in order."
    assert [(n["action"], n["text"]) for n in detail["notes"]] == [
        ("recommend", "All documents in order."), ("note", "Checked with the police.")]


def test_a_stale_version_is_409_and_changes_nothing(api_client, auth, org, case):
    response = post(api_client, f"/api/v1/cases/{case.tracking_code}/assignment",
                    {"assignee": "officer.fr", "version": case.version - 1}, auth("head.fr"))
    assert response.status_code == 409
    assert response.json()["code"] == "case_changed"
    case.refresh_from_db()
    assert case.assigned_to is None


def test_a_bad_assignee_is_422(api_client, auth, org, case):
    for assignee in ("nobody-of-that-name", "officer.jp", "leader"):
        response = post(api_client, f"/api/v1/cases/{case.tracking_code}/assignment",
                        {"assignee": assignee, "version": case.version}, auth("head.fr"))
        assert response.status_code == 422, assignee
        assert response.json()["code"] == "invalid_assignee"
        assert response.json()["message"]
    response = post(api_client, f"/api/v1/cases/{case.tracking_code}/recommendation",
                    {"decision": "maybe", "grounds": "x", "version": case.version}, auth("officer.fr"))
    assert response.status_code == 422


def test_another_units_staff_and_the_leadership_are_refused(api_client, auth, org, case):
    url = f"/api/v1/cases/{case.tracking_code}"
    # Another unit's case does not exist for its staff (404, as on every staff endpoint)...
    response = post(api_client, f"{url}/notes", {"text": "x"}, auth("officer.jp"))
    assert response.status_code == 404
    # ...the leadership sees every unit's cases but works none: 403.
    for endpoint, body in (("notes", {"text": "x"}),
                           ("assignment", {"assignee": "officer.fr", "version": case.version})):
        response = post(api_client, f"{url}/{endpoint}", body, auth("leader"))
        assert response.status_code == 403, endpoint
        assert response.json()["code"] == "forbidden"
    # An officer gives nobody a case; only the holder recommends.
    response = post(api_client, f"{url}/assignment", {"assignee": "delegated.fr", "version": case.version},
                    auth("officer.fr"))
    assert response.status_code == 403
    response = post(api_client, f"{url}/recommendation",
                    {"decision": "refuse", "grounds": "x", "version": case.version}, auth("officer.fr"))
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).events.filter(action__in=["note", "assign", "recommend"]).count() == 0


def test_the_new_operations_have_their_ids():
    from chancery.api.urls import api

    schema = api.get_openapi_schema()
    ids = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    assert {"assignCase", "addCaseNote", "recommendDecision"} <= ids
