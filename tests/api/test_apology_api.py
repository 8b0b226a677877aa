"""POST /api/v1/cases/{code}/apology: the same rules as the case page's apology, refusals in the
API's error shape, and the clock of the case detail."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from chancery.audit.models import AuditRecord
from chancery.cases.models import Case, Notice
from tests.factories import advance, submit_case

PARIS = ZoneInfo("Europe/Paris")
PATH = "/api/v1/cases/{code}/apology"


@contextmanager
def at(*args: int):
    with mock.patch("django.utils.timezone.now", return_value=datetime(*args, tzinfo=PARIS)):
        yield


@pytest.fixture
def case(org, catalog) -> Case:
    """nationality-confirmation received Monday 2 March 2026 in Paris: due Monday 9 March."""
    with at(2026, 3, 2, 9, 0):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    with at(2026, 3, 2, 10, 0):
        return advance(case, ["receive", "start_processing"], officer=org.officer)


def apologise(api_client, case: Case, headers: dict, **body) -> object:
    payload = {"new_due_date": "2026-03-13", "reason": "Waiting for the Ministry of Justice.",
               "version": case.version, **body}
    return api_client.post(PATH.format(code=case.tracking_code), json.dumps(payload),
                           content_type="application/json",
                           **{"HTTP_ACCEPT_LANGUAGE": "en", **headers})


def error(response, status: int, code: str) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code and body["message"]
    return body["message"]


def test_the_operation_is_documented_for_staff(api_client, db):
    operation = api_client.get("/api/v1/openapi.json").json()["paths"][PATH]["post"]
    assert operation["operationId"] == "rescheduleWithApology"
    assert operation["tags"] == ["cases"] and operation["security"]
    for status in ("400", "401", "403", "404", "409", "422"):
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Error"}


def test_an_apology_moves_the_date_once_and_answers_with_the_clock(api_client, org, case, auth):
    headers = auth("officer.fr")
    with at(2026, 3, 5, 9, 0):
        response = apologise(api_client, case, headers)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["version"] == case.version + 1
        assert body["clock"]["due_date"] == "2026-03-13" and body["clock"]["rescheduled"]
        assert (body["clock"]["working_days_used"], body["clock"]["working_days_allowed"]) == (3, 9)
        assert Notice.objects.filter(case=case, kind="apology").count() == 1
        assert AuditRecord.objects.filter(action="case.reschedule").count() == 1
        message = error(apologise(api_client, case, headers, version=body["version"],
                                  new_due_date="2026-03-20"), 409, "transition_not_allowed")
    assert "only once" in message


def test_a_stale_version_is_409(api_client, org, case, auth):
    with at(2026, 3, 5, 9, 0):
        error(apologise(api_client, case, auth("officer.fr"), version=case.version - 1), 409, "case_changed")
    case.refresh_from_db()
    assert case.rescheduled_at is None


def test_an_apology_on_the_due_day_is_409(api_client, org, case, auth):
    with at(2026, 3, 9, 8, 0):
        message = error(apologise(api_client, case, auth("officer.fr")), 409, "transition_not_allowed")
    assert "one day before" in message


@pytest.mark.parametrize(("day", "why"), [
    ("2026-03-14", "working day"),        # a Saturday
    ("2026-04-06", "working day"),        # Easter Monday in France
    ("2206-01-10", "at most 90 days"),    # a typo
    ("2026-03-06", "after the current due date"),
])
def test_a_date_the_rules_refuse_is_422_with_the_reason(api_client, org, case, auth, day, why):
    with at(2026, 3, 5, 9, 0):
        message = error(apologise(api_client, case, auth("officer.fr"), new_due_date=day),
                        422, "invalid_due_date")
    assert why in message
    case.refresh_from_db()
    assert case.rescheduled_at is None and case.apology_extension == 0


def test_the_refusal_speaks_the_callers_language(api_client, org, case, auth):
    with at(2026, 3, 5, 9, 0):
        response = apologise(api_client, case, {**auth("officer.fr"), "HTTP_ACCEPT_LANGUAGE": "vi"},
                             new_due_date="2026-03-14")
    assert "ngày làm việc" in error(response, 422, "invalid_due_date")


@pytest.mark.parametrize("day", ["13/03/2026", "2026-02-30", "", "99999-01-01"])
def test_something_that_is_not_a_date_is_422_invalid(api_client, org, case, auth, day):
    with at(2026, 3, 5, 9, 0):
        response = apologise(api_client, case, auth("officer.fr"), new_due_date=day)
    error(response, 422, "invalid")
    assert response.json()["errors"][0]["field"].endswith("new_due_date")


def test_the_reason_is_required(api_client, org, case, auth):
    with at(2026, 3, 5, 9, 0):
        error(apologise(api_client, case, auth("officer.fr"), reason="  "), 400, "reason_required")


def test_who_may_apologise(api_client, org, case, auth):
    with at(2026, 3, 5, 9, 0):
        error(apologise(api_client, case, auth("leader")), 403, "forbidden")
        error(apologise(api_client, case, auth("officer.jp")), 404, "not_found")
        error(apologise(api_client, case, {}), 401, "unauthorized")
    case.refresh_from_db()
    assert case.rescheduled_at is None


def test_the_case_detail_has_the_clock(api_client, org, case, auth):
    with at(2026, 3, 5, 12, 0):
        clock = api_client.get(f"/api/v1/cases/{case.tracking_code}", **auth("officer.fr")).json()["clock"]
    assert clock == {
        "state": "running", "waiting_for": "", "due_date": "2026-03-09",
        "due_at": "2026-03-09T22:59:59.999Z", "promised_date": "2026-03-09",
        "timeliness": "due_soon", "period_unit": "working_days", "used": 3, "allowed": 5,
        "working_days_used": 3, "working_days_allowed": 5, "rescheduled": False,
    }
