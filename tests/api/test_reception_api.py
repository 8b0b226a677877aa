"""The API's transition endpoint names the missing or wrong documents of a request to complete the
dossier at reception (or to supplement it), checked against the procedure version: 422 otherwise."""

from __future__ import annotations

import pytest

from chancery.cases.lifecycle import ASKS_FOR_DOCUMENTS, Status
from chancery.cases.models import NoticeKind
from tests.api.test_api import assert_error, post_json
from tests.factories import advance, submit_case

PREFIX = "/api/v1"
BEFORE = {"request_completion": [], "request_supplement": ["receive", "start_processing"]}


@pytest.mark.parametrize("action", sorted(ASKS_FOR_DOCUMENTS))
def test_a_request_names_documents_through_the_api(api_client, org, catalog, auth, action):
    case, _key = submit_case(org.fr, "passport-issuance")
    case = advance(case, BEFORE[action], officer=org.officer)
    headers = auth("officer.fr")
    url = f"/cases/{case.tracking_code}/transitions"
    body = assert_error(post_json(api_client, url, {
        "action": action, "version": case.version, "reason": "x", "requirements": ["horoscope"],
    }, **headers), 422, "invalid_requirements")
    assert "horoscope" in body["message"] and "portrait_photo" in body["message"]
    response = post_json(api_client, url, {
        "action": action, "version": case.version, "reason": "Photo on white, please.",
        "requirements": ["portrait_photo"],
    }, **headers)
    assert response.status_code == 200, response.content
    detail = api_client.get(f"{PREFIX}/cases/{case.tracking_code}", **headers).json()
    assert detail["requested_documents"] == ["portrait_photo"]
    assert detail["timeline"][-1]["requirements"] == ["portrait_photo"]
    assert detail["status"] == (Status.COMPLETION_REQUESTED if action == "request_completion"
                                else Status.SUPPLEMENT_REQUESTED)


def test_documents_named_on_another_action_are_422_and_nothing_changes(api_client, org, catalog, auth):
    case, _key = submit_case(org.fr, "passport-issuance")
    response = post_json(api_client, f"/cases/{case.tracking_code}/transitions", {
        "action": "receive", "version": case.version, "requirements": ["portrait_photo"],
    }, **auth("officer.fr"))
    assert_error(response, 422, "invalid_requirements")
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and not case.notices.filter(kind=NoticeKind.RECEIPT).exists()


def test_a_request_without_documents_still_works_as_before(api_client, org, catalog, auth):
    case, _key = submit_case(org.fr, "passport-issuance")
    response = post_json(api_client, f"/cases/{case.tracking_code}/transitions", {
        "action": "request_completion", "version": case.version, "reason": "Sign page 2.",
    }, **auth("officer.fr"))
    assert response.status_code == 200
    assert response.json()["national_status_code"] == 5
    assert_error(post_json(api_client, f"/cases/{case.tracking_code}/transitions", {
        "action": "request_completion", "version": case.version + 1,
    }, **auth("officer.fr")), 400, "reason_required")
