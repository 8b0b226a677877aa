"""The REST API through the real HTTP stack: the OpenAPI document, the public catalogue,
applications, the status lookup and its throttle, and the staff endpoints behind tokens."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.api.models import ApiToken
from chancery.api.urls import api
from chancery.audit.models import AuditRecord
from chancery.cases import codes
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.procedures.selectors import current_version, published_procedures
from tests.api.conftest import make_token
from tests.factories import HTML_BYTES, JPEG_BYTES, PDF_BYTES, advance, submit_case
from tests.portal.helpers import answers_for

PREFIX = "/api/v1"
DOCUMENTED = {
    ("get", "/api/v1/procedures"),
    ("get", "/api/v1/procedures/{code}"),
    ("post", "/api/v1/applications"),
    ("post", "/api/v1/status"),
    ("get", "/api/v1/cases"),
    ("get", "/api/v1/cases/{code}"),
    ("post", "/api/v1/cases/{code}/transitions"),
}
STAFF = {op for op in DOCUMENTED if op[1].startswith("/api/v1/cases")}


def post_json(client, path: str, payload: dict, **headers):
    return client.post(PREFIX + path, json.dumps(payload), content_type="application/json", **headers)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


# ---- The OpenAPI document ----------------------------------------------------------------------


@pytest.fixture
def openapi(api_client, db) -> dict:
    response = api_client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_openapi_document_is_valid_json_with_the_documented_paths(openapi):
    assert openapi["openapi"].startswith("3.")
    assert openapi["info"]["title"] == "Chancery API"
    operations = {(method, path) for path, item in openapi["paths"].items() for method in item}
    assert operations >= DOCUMENTED, DOCUMENTED - operations


def test_the_committed_openapi_document_is_the_one_the_code_serves(tmp_path):
    """docs/openapi.json makes every API change visible in review (an OpenAPI drift check)."""
    served = tmp_path / "openapi.json"
    call_command("export_openapi_schema", api="chancery.api.urls.api", output=str(served), indent=2,
                 sort_keys=True)
    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    assert json.loads(served.read_text()) == json.loads(committed.read_text()), (
        "the API changed: run `chancery export_openapi_schema --api chancery.api.urls.api "
        "--indent 2 --sorted --output docs/openapi.json` and commit docs/openapi.json"
    )


def test_the_openapi_document_marks_staff_operations_as_needing_a_token(openapi):
    schemes = openapi["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    for method, path in DOCUMENTED:
        secured = bool(openapi["paths"][path][method].get("security"))
        assert secured == ((method, path) in STAFF), (method, path)


def test_every_route_of_the_api_is_in_the_openapi_document(openapi):
    """No route may be added without appearing in the document clients generate code from."""
    patterns, _app, _namespace = api.urls
    served = {
        PREFIX + "/" + str(p.pattern).replace("<", "{").replace(">", "}")
        for p in patterns if p.name not in ("openapi-json", "openapi-view", "api-root")
    }
    assert served <= set(openapi["paths"])
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    assert method.lower() in openapi["paths"][PREFIX + path], (method, path)


def test_applications_are_documented_as_multipart_with_document_parts(openapi):
    """Documents travel as file parts: a client generated from the document must be able to send them."""
    content = openapi["paths"]["/api/v1/applications"]["post"]["requestBody"]["content"]
    schema = content["multipart/form-data"]["schema"]
    assert {"procedure", "unit", "applicant_name", "applicant_email", "answers"} <= set(schema["properties"])
    parts = schema["patternProperties"]
    assert [p for p in parts if re.fullmatch(p, "doc_portrait_photo")]
    assert all(part == {"type": "string", "format": "binary"} for part in parts.values())


@pytest.mark.parametrize(("method", "path", "statuses"), [
    ("post", "/api/v1/applications", {"201", "400", "404", "422"}),
    ("post", "/api/v1/status", {"200", "404", "422", "429"}),
    ("get", "/api/v1/cases", {"200", "401", "422"}),
    ("get", "/api/v1/cases/{code}", {"200", "401", "404"}),
    ("post", "/api/v1/cases/{code}/transitions", {"200", "400", "401", "403", "404", "409", "422"}),
])
def test_every_status_an_operation_answers_is_documented(openapi, method, path, statuses):
    """The statuses the tests below observe, each with the Error shape when it is an error."""
    responses = openapi["paths"][path][method]["responses"]
    assert statuses <= set(responses), statuses - set(responses)
    for status in statuses:
        if status >= "400":
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (path, status)


def test_every_documented_error_code_has_the_error_shape(openapi):
    error_schema = openapi["components"]["schemas"]["Error"]
    assert set(error_schema["required"]) == {"code", "message"}


# ---- Public catalogue ------------------------------------------------------------------------------


def test_procedures_list_the_catalogue(api_client, catalog):
    response = api_client.get(f"{PREFIX}/procedures")
    assert response.status_code == 200
    listed = {p["code"]: p for p in response.json()}
    assert set(listed) == {p.code for p in published_procedures()}
    passport = listed["passport-issuance"]
    assert passport["name"] == "Cấp hộ chiếu phổ thông lần đầu ở nước ngoài"  # Vietnamese by default
    assert (passport["fee"]["amount"], passport["fee"]["currency"]) == ("70", "USD")
    assert passport["fee"]["reductions"][0]["pay_percent"] == 20
    assert passport["processing_time"]["amount"] == 5
    assert passport["handled_by"] == ["embassy", "consulate_general"]


def test_procedures_speak_the_callers_language(api_client, catalog):
    response = api_client.get(f"{PREFIX}/procedures", HTTP_ACCEPT_LANGUAGE="en")
    names = {p["code"]: p["name"] for p in response.json()}
    assert names["passport-issuance"] == "Ordinary passport, first issue abroad"


def test_a_procedure_has_its_fields_documents_and_units(api_client, org, catalog):
    response = api_client.get(f"{PREFIX}/procedures/passport-issuance")
    assert response.status_code == 200
    body = response.json()
    version = current_version("passport-issuance")
    assert [f["name"] for f in body["fields"]] == [f["name"] for f in version.form_fields]
    assert [d["code"] for d in body["documents"]] == [d["code"] for d in version.documents]
    assert {d["code"]: d["max_size_mb"] for d in body["documents"]}["portrait_photo"] == 5
    assert {u["code"] for u in body["units"]} == {"EMB-FR", "EMB-JP"}


def test_an_unknown_procedure_is_not_found(api_client, catalog):
    assert_error(api_client.get(f"{PREFIX}/procedures/no-such-thing"), 404, "not_found")


# ---- Applications -----------------------------------------------------------------------------------


def application(version, unit_code: str = "EMB-FR", **overrides) -> dict:
    answers = {name.removeprefix("f_"): value for name, value in answers_for(version).items()}
    data = {
        "procedure": version.code, "unit": unit_code, "applicant_name": "Nguyễn Văn An",
        "applicant_email": "an@example.org", "applicant_phone": "+33 6 12 34 56 78",
        "answers": json.dumps(answers), "consent": "true",
        "doc_portrait_photo": SimpleUploadedFile("photo.jpg", JPEG_BYTES),
        "doc_nationality_proof": SimpleUploadedFile("birth.pdf", PDF_BYTES),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def passport(catalog):
    return current_version("passport-issuance")


def test_an_application_with_documents_creates_a_submitted_case(
    api_client, org, passport, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"{PREFIX}/applications", application(passport))
    assert response.status_code == 201, response.content
    body = response.json()
    assert codes.is_valid(body["tracking_code"])
    assert body["status"] == "submitted"
    assert body["national_status_code"] == 1
    assert body["expected_processing_time"] == passport.processing_time_label

    case = Case.objects.get(tracking_code=body["tracking_code"])
    assert case.status == Status.SUBMITTED
    assert case.unit == org.fr
    assert case.key_matches(body["access_key"])
    assert case.data["date_of_birth"] == "1990-05-17"
    assert sorted(case.documents.values_list("requirement", flat=True)) == [
        "nationality_proof", "portrait_photo"
    ]
    assert len(mail.outbox) == 1
    assert body["tracking_code"] in mail.outbox[0].body


def test_an_application_missing_answers_and_documents_is_422_with_each_problem(api_client, org, passport):
    answers = {name.removeprefix("f_"): v for name, v in answers_for(passport).items()}
    del answers["full_name"]
    answers["date_of_birth"] = "the seventeenth of May"
    response = api_client.post(f"{PREFIX}/applications", application(
        passport, answers=json.dumps(answers), doc_portrait_photo=None,
        doc_nationality_proof=SimpleUploadedFile("proof.pdf", HTML_BYTES),
    ))
    body = assert_error(response, 422, "invalid")
    fields = {e["field"] for e in body["errors"]}
    assert {"full_name", "date_of_birth", "doc_portrait_photo", "doc_nationality_proof"} <= fields
    assert all(e["message"] for e in body["errors"])
    assert Case.objects.count() == 0


def test_an_application_without_a_required_part_is_422(api_client, org, passport):
    response = api_client.post(f"{PREFIX}/applications", application(passport, applicant_email=None))
    body = assert_error(response, 422, "invalid")
    assert any("applicant_email" in e["field"] for e in body["errors"])
    assert Case.objects.count() == 0


def test_an_application_with_a_bad_email_is_422(api_client, org, passport):
    response = api_client.post(f"{PREFIX}/applications", application(passport, applicant_email="nope"))
    body = assert_error(response, 422, "invalid")
    assert [e["field"] for e in body["errors"]] == ["applicant_email"]


def test_an_application_to_an_office_that_does_not_handle_it_is_refused(api_client, org, passport):
    assert_error(api_client.post(f"{PREFIX}/applications", application(passport, unit_code="CD-HN")),
                 400, "invalid_unit")
    assert Case.objects.count() == 0


def test_answers_must_be_a_json_object(api_client, org, passport):
    for answers in ("{not json", "[1, 2]"):
        response = api_client.post(f"{PREFIX}/applications", application(passport, answers=answers))
        assert_error(response, 400, "invalid_answers")
    assert Case.objects.count() == 0


def test_an_application_for_an_unknown_procedure_is_not_found(api_client, org, passport):
    response = api_client.post(f"{PREFIX}/applications", application(passport, procedure="nope"))
    assert_error(response, 404, "not_found")


# ---- Public status -----------------------------------------------------------------------------------


@pytest.fixture
def submitted(org, catalog):
    return submit_case(org.fr)


def test_the_status_with_code_and_key_has_the_status_and_timeline(api_client, org, submitted):
    case, key = submitted
    advance(case, ["receive", "start_processing", "request_supplement"], officer=org.officer)
    response = post_json(api_client, "/status", {"code": case.tracking_code, "key": key})
    assert response.status_code == 200
    body = response.json()
    assert body["tracking_code"] == case.tracking_code
    assert body["status"] == "supplement_requested"
    assert body["national_status_code"] == 5
    assert body["reason"] == "Because the rules say so."
    assert [e["status"] for e in body["timeline"]] == [
        "submitted", "received", "in_processing", "supplement_requested"
    ]
    assert body["timeline"][-1]["note"] == "Because the rules say so."
    assert "officer.fr" not in response.content.decode()  # staff names are not public


def test_the_status_lookup_is_two_queries_and_names_the_office(api_client, org, submitted):
    """The hottest public request: the case with its office's name in one query, its public
    timeline in another (the procedure version comes from the process memo)."""
    case, key = submitted
    body = {"code": case.tracking_code.lower().replace("-", " "), "key": key}  # as a person types it
    post_json(api_client, "/status", body)  # the memo is warm from here on
    with CaptureQueriesContext(connection) as queries:
        response = post_json(api_client, "/status", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]
    assert response.json()["unit"] == org.fr.name_en
    assert response.json()["procedure"] == case.procedure_version.definition["name"]["en"]


def test_wrong_code_and_wrong_key_are_the_same_404(api_client, submitted):
    case, key = submitted
    wrong_key = post_json(api_client, "/status", {"code": case.tracking_code, "key": "AAAA-AAAA"})
    wrong_code = post_json(api_client, "/status", {"code": codes.new_tracking_code(), "key": key})
    assert_error(wrong_key, 404, "not_found")
    assert_error(wrong_code, 404, "not_found")
    assert wrong_key.content == wrong_code.content


def test_a_draft_is_not_visible_through_the_api(api_client, org, passport):
    from chancery.cases.services import save_application

    case, key = save_application(
        version=passport, unit=org.fr, applicant={"name": "An", "email": "an@example.org"},
        answers={}, uploads={}, submit=False,
    )
    assert_error(post_json(api_client, "/status", {"code": case.tracking_code, "key": key}),
                 404, "not_found")


def test_repeated_status_failures_are_throttled(api_client, submitted):
    case, key = submitted
    for _attempt in range(settings.STATUS_LOOKUP_MAX_FAILURES):
        post_json(api_client, "/status", {"code": case.tracking_code, "key": "AAAA-AAAA"})
    response = post_json(api_client, "/status", {"code": case.tracking_code, "key": key})
    assert_error(response, 429, "throttled")
    other = post_json(api_client, "/status", {"code": case.tracking_code, "key": key},
                      REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200


def test_a_status_request_without_a_key_is_422(api_client, submitted):
    case, _key = submitted
    body = assert_error(post_json(api_client, "/status", {"code": case.tracking_code}), 422, "invalid")
    assert body["errors"]


# ---- Staff: tokens ------------------------------------------------------------------------------------


def test_staff_endpoints_without_a_token_are_401(api_client, org, submitted):
    case, _key = submitted
    for response in (
        api_client.get(f"{PREFIX}/cases"),
        api_client.get(f"{PREFIX}/cases/{case.tracking_code}"),
        post_json(api_client, f"/cases/{case.tracking_code}/transitions",
                  {"action": "receive", "version": case.version}),
        api_client.get(f"{PREFIX}/cases", HTTP_AUTHORIZATION="Bearer chy_not-a-real-token"),
    ):
        assert_error(response, 401, "unauthorized")
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_a_token_of_someone_without_a_role_is_401(api_client, org, auth):
    assert_error(api_client.get(f"{PREFIX}/cases", **auth("outsider")), 401, "unauthorized")


def test_a_revoked_token_is_401(api_client, org):
    token = make_token("officer.fr")
    ApiToken.objects.update(revoked=True)
    assert_error(api_client.get(f"{PREFIX}/cases", HTTP_AUTHORIZATION=f"Bearer {token}"),
                 401, "unauthorized")


def test_the_token_command_stores_only_a_digest(org):
    token = make_token("officer.fr")
    assert token.startswith("chy_")
    stored = ApiToken.objects.get(user=org.officer)
    assert token not in (stored.digest, stored.prefix)
    assert AuditRecord.objects.filter(action="api_token.created").exists()
    with pytest.raises(CommandError):
        call_command("token", "create", "nobody")


# ---- Staff: queue, case, transitions -----------------------------------------------------------------


@pytest.fixture
def cases(org, catalog):
    fr_one, _ = submit_case(org.fr)
    fr_two, _ = submit_case(org.fr, "passport-reissue")
    jp_one, _ = submit_case(org.jp)
    return fr_one, fr_two, jp_one


def test_the_queue_lists_only_the_units_cases(api_client, org, cases, auth):
    fr_one, fr_two, jp_one = cases
    response = api_client.get(f"{PREFIX}/cases", **auth("officer.jp"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [c["tracking_code"] for c in body["results"]] == [jp_one.tracking_code]

    body = api_client.get(f"{PREFIX}/cases", **auth("officer.fr")).json()
    assert {c["tracking_code"] for c in body["results"]} == {fr_one.tracking_code, fr_two.tracking_code}
    assert {c["unit"] for c in body["results"]} == {"EMB-FR"}

    body = api_client.get(f"{PREFIX}/cases", **auth("leader")).json()
    assert body["count"] == 3


def test_the_queue_filters_and_pages(api_client, org, cases, auth):
    fr_one, fr_two, _jp_one = cases
    headers = auth("officer.fr")
    body = api_client.get(f"{PREFIX}/cases", {"procedure": "passport-reissue"}, **headers).json()
    assert [c["tracking_code"] for c in body["results"]] == [fr_two.tracking_code]
    advance(fr_one, ["receive"], officer=org.officer)
    body = api_client.get(f"{PREFIX}/cases", {"status": "received"}, **headers).json()
    assert [c["tracking_code"] for c in body["results"]] == [fr_one.tracking_code]
    body = api_client.get(f"{PREFIX}/cases", {"limit": 1, "offset": 1}, **headers).json()
    assert body["count"] == 2
    assert len(body["results"]) == 1


def test_a_queue_request_with_a_bad_filter_is_422(api_client, org, cases, auth):
    response = api_client.get(f"{PREFIX}/cases", {"limit": "many"}, **auth("officer.fr"))
    body = assert_error(response, 422, "invalid")
    assert any("limit" in e["field"] for e in body["errors"])


def test_a_case_of_another_unit_is_404(api_client, org, cases, auth):
    fr_one, _fr_two, _jp_one = cases
    headers = auth("officer.jp")
    assert_error(api_client.get(f"{PREFIX}/cases/{fr_one.tracking_code}", **headers), 404, "not_found")
    response = post_json(api_client, f"/cases/{fr_one.tracking_code}/transitions",
                         {"action": "receive", "version": fr_one.version}, **headers)
    assert_error(response, 404, "not_found")
    fr_one.refresh_from_db()
    assert fr_one.status == Status.SUBMITTED
    assert not AuditRecord.objects.filter(action="case.viewed").exists()


def test_a_case_has_its_details_and_viewing_it_is_audited(api_client, org, cases, auth):
    fr_one, _fr_two, _jp_one = cases
    response = api_client.get(f"{PREFIX}/cases/{fr_one.tracking_code}", **auth("officer.fr"))
    assert response.status_code == 200
    body = response.json()
    assert body["tracking_code"] == fr_one.tracking_code
    assert body["version"] == fr_one.version
    assert body["allowed_actions"] == ["receive", "request_completion", "not_accept"]
    assert {d["requirement"] for d in body["documents"]} == {"portrait_photo", "nationality_proof"}
    assert [e["action"] for e in body["timeline"]] == ["submit"]
    viewed = AuditRecord.objects.get(action="case.viewed")
    assert viewed.actor == org.officer
    assert viewed.data == {"via": "api"}


def test_a_transition_moves_the_case(api_client, org, cases, auth):
    fr_one, _fr_two, _jp_one = cases
    response = post_json(api_client, f"/cases/{fr_one.tracking_code}/transitions",
                         {"action": "receive", "version": fr_one.version, "reason": ""},
                         **auth("officer.fr"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "received"
    assert body["version"] == fr_one.version + 1
    fr_one.refresh_from_db()
    assert fr_one.status == Status.RECEIVED
    assert fr_one.assigned_to == org.officer
    event = fr_one.events.last()
    assert (event.action, event.actor) == ("receive", org.officer)


def test_a_stale_version_is_409_case_changed(api_client, org, cases, auth):
    fr_one, _fr_two, _jp_one = cases
    seen = fr_one.version
    advance(fr_one, ["receive"], officer=org.head)
    response = post_json(api_client, f"/cases/{fr_one.tracking_code}/transitions",
                         {"action": "stop", "version": seen, "reason": "Duplicate."},
                         **auth("officer.fr"))
    assert_error(response, 409, "case_changed")
    fr_one.refresh_from_db()
    assert fr_one.status == Status.RECEIVED


def test_deciding_without_delegation_is_403_forbidden(api_client, org, cases, auth):
    fr_one, _fr_two, _jp_one = cases
    case = advance(fr_one, ["receive", "start_processing", "request_fee", "record_payment"],
                   officer=org.officer)
    response = post_json(api_client, f"/cases/{case.tracking_code}/transitions",
                         {"action": "approve", "version": case.version}, **auth("officer.fr"))
    assert_error(response, 403, "forbidden")
    case.refresh_from_db()
    assert case.status == Status.FEE_PAID

    response = post_json(api_client, f"/cases/{case.tracking_code}/transitions",
                         {"action": "approve", "version": case.version}, **auth("delegated.fr"))
    assert response.status_code == 200
    assert response.json()["status"] == "approved"


@pytest.mark.parametrize(("action", "reason", "status", "code"), [
    ("return_result", "", 409, "transition_not_allowed"),  # not from "submitted"
    ("teleport", "", 409, "transition_not_allowed"),  # no such action
    ("not_accept", "  ", 400, "reason_required"),
    ("provide_supplement", "", 403, "forbidden"),  # the applicant's action, not staff's
])
def test_refused_transitions_have_machine_readable_codes(api_client, org, cases, auth,
                                                         action, reason, status, code):
    fr_one, _fr_two, _jp_one = cases
    response = post_json(api_client, f"/cases/{fr_one.tracking_code}/transitions",
                         {"action": action, "version": fr_one.version, "reason": reason},
                         **auth("officer.fr"))
    assert_error(response, status, code)
    fr_one.refresh_from_db()
    assert fr_one.status == Status.SUBMITTED


def test_leadership_may_read_but_not_act(api_client, org, cases, auth):
    fr_one, _fr_two, _jp_one = cases
    headers = auth("leader")
    assert api_client.get(f"{PREFIX}/cases/{fr_one.tracking_code}", **headers).json()["allowed_actions"] == []
    response = post_json(api_client, f"/cases/{fr_one.tracking_code}/transitions",
                         {"action": "receive", "version": fr_one.version}, **headers)
    assert_error(response, 403, "forbidden")


def test_a_transition_without_a_version_is_422(api_client, org, cases, auth):
    fr_one, _fr_two, _jp_one = cases
    response = post_json(api_client, f"/cases/{fr_one.tracking_code}/transitions",
                         {"action": "receive"}, **auth("officer.fr"))
    body = assert_error(response, 422, "invalid")
    assert any("version" in e["field"] for e in body["errors"])


def test_an_idempotency_key_makes_one_case_per_submission(api_client, passport, org):
    first = api_client.post(f"{PREFIX}/applications", application(passport),
                            HTTP_IDEMPOTENCY_KEY="5d0f8c8e-retry")
    assert first.status_code == 201 and first.json()["access_key"]
    again = api_client.post(f"{PREFIX}/applications", application(passport),
                            HTTP_IDEMPOTENCY_KEY="5d0f8c8e-retry")
    assert again.status_code == 200
    assert again.json()["tracking_code"] == first.json()["tracking_code"]
    assert again.json()["access_key"] is None  # shown once, e-mailed
    assert Case.objects.count() == 1
    # Another person's submission with the same key is theirs alone; no key, no de-duplication.
    other = api_client.post(f"{PREFIX}/applications",
                            application(passport, applicant_email="binh@example.org"),
                            HTTP_IDEMPOTENCY_KEY="5d0f8c8e-retry")
    assert other.status_code == 201 and other.json()["tracking_code"] != first.json()["tracking_code"]
    assert api_client.post(f"{PREFIX}/applications", application(passport)).status_code == 201
    assert Case.objects.count() == 3
    too_long = api_client.post(f"{PREFIX}/applications", application(passport),
                               HTTP_IDEMPOTENCY_KEY="x" * 201)
    assert_error(too_long, 400, "invalid_idempotency_key")


def test_the_api_never_marks_a_fee_paid_without_the_money(api_client, org, cases, auth):
    """record_payment is made only by the payments app, with the amount, method and receipt it
    records: a bare transition through the API is refused and not offered."""
    fr_one, _fr_two, _jp_one = cases
    case = advance(fr_one, ["receive", "start_processing", "request_fee"], officer=org.officer)
    detail = api_client.get(f"{PREFIX}/cases/{case.tracking_code}", **auth("officer.fr")).json()
    assert "record_payment" not in detail["allowed_actions"]
    response = post_json(api_client, f"/cases/{case.tracking_code}/transitions",
                         {"action": "record_payment", "version": case.version}, **auth("officer.fr"))
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.status == Status.FEE_REQUESTED and case.fee_paid_at is None
