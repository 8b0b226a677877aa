"""No lost work: of two people acting on the same case (or directive task) with the version they
both saw, exactly one wins and the other is told it changed. Real threads, each with its own
database connection, released together by a barrier; PostgreSQL row locks decide."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from chancery.api.services import create_token
from chancery.audit.models import AuditRecord
from chancery.cases import services as case_services
from chancery.cases.models import Case, CaseEvent
from chancery.cases.services import CaseChanged, apply_transition
from chancery.directives import services as directive_services
from chancery.directives.models import TaskEntry
from chancery.directives.services import TaskChanged
from chancery.organization.models import Role
from chancery.procedures.selectors import current_version
from tests.directives.helpers import make_directive, spec
from tests.factories import applicant_uploads, make_user, submit_case
from tests.ops.conftest import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)
HOLD = 0.3  # seconds the first actor keeps the row locked, so the second really waits on it


def race(*actors: Callable[[], Any]) -> list[tuple[str, Any, float]]:
    """Run the actors at the same instant in threads; returns (outcome, value, seconds) each."""
    barrier = threading.Barrier(len(actors))
    results: list[tuple[str, Any, float]] = [("not run", None, 0.0)] * len(actors)

    def run(index: int, actor: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            started = time.monotonic()
            try:
                results[index] = ("ok", actor(), time.monotonic() - started)
            except Exception as exc:
                results[index] = ("error", exc, time.monotonic() - started)
        finally:
            connection.close()  # each thread opened its own connection

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def slow_checks(monkeypatch):
    """Whoever takes the case's row lock first holds it a moment before writing."""
    original = case_services.check_allowed

    def slow(*args: Any, **kwargs: Any) -> None:
        time.sleep(HOLD)
        original(*args, **kwargs)

    monkeypatch.setattr(case_services, "check_allowed", slow)


def test_two_officers_acting_at_once_one_wins_one_is_told(org, catalog, slow_checks):
    require_postgresql("Racing two database connections")
    for _round in range(3):
        case, _key = submit_case(org.fr)
        seen = case.version
        before = CaseEvent.objects.filter(case=case).count()
        results = race(
            lambda: apply_transition(case.pk, "receive", actor=org.officer, expected_version=seen),
            lambda: apply_transition(case.pk, "not_accept", actor=org.delegated, expected_version=seen,
                                     reason="Thiếu giấy tờ."),
        )
        outcomes = sorted(outcome for outcome, _value, _t in results)
        assert outcomes == ["error", "ok"], results
        (loser,) = [r for r in results if r[0] == "error"]
        assert isinstance(loser[1], CaseChanged), loser
        # Both started together; the loser waited for the winner's lock and then saw its version.
        assert min(t for _o, _v, t in results) >= HOLD * 0.5

        case.refresh_from_db()
        assert case.version == seen + 1
        (winner,) = [r for r in results if r[0] == "ok"]
        assert case.status == winner[1].status
        events = CaseEvent.objects.filter(case=case)
        assert events.count() == before + 1
        assert AuditRecord.objects.filter(
            object_type="cases.case", object_id=str(case.pk),
            action__in=["case.receive", "case.not_accept"]).count() == 1


def test_two_concurrent_api_requests_one_200_one_409(org, catalog, slow_checks):
    require_postgresql("Racing two database connections")
    case, _key = submit_case(org.fr)
    tokens = {user: create_token(user.username) for user in (org.officer, org.delegated)}

    def post(user: Any, action: str, reason: str = "") -> tuple[int, dict]:
        response = Client().post(
            f"/api/v1/cases/{case.tracking_code}/transitions",
            data=json.dumps({"action": action, "version": case.version, "reason": reason}),
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {tokens[user]}",
        )
        return response.status_code, response.json()

    results = race(lambda: post(org.officer, "receive"),
                   lambda: post(org.delegated, "not_accept", "Hồ sơ không thuộc thẩm quyền."))
    assert all(outcome == "ok" for outcome, _v, _t in results), results
    answers = sorted(value for _o, value, _t in results)
    assert [status for status, _body in answers] == [200, 409]
    assert answers[1][1]["code"] == "case_changed"
    assert Case.objects.get(pk=case.pk).version == case.version + 1
    assert CaseEvent.objects.filter(case=case, action__in=["receive", "not_accept"]).count() == 1


def test_two_reports_on_one_directive_task_at_once_one_is_told(org, monkeypatch):
    require_postgresql("Racing two database connections")
    issuer = make_user("officer.cd", org.cd, Role.OFFICER)
    _directive, (task,) = make_directive(issuer, org.cd, [spec(org.fr)])
    original = directive_services._require_lead

    def slow(*args: Any, **kwargs: Any) -> None:
        time.sleep(HOLD)
        original(*args, **kwargs)

    monkeypatch.setattr(directive_services, "_require_lead", slow)
    seen = task.version
    entries = TaskEntry.objects.filter(task=task).count()
    results = race(*[
        (lambda user=user, percent=percent: directive_services.report_progress(
            task.pk, actor=user, expected_version=seen, text=f"{percent}% done", percent=percent))
        for user, percent in ((org.officer, 30), (org.head, 60))
    ])
    assert sorted(outcome for outcome, _v, _t in results) == ["error", "ok"], results
    (loser,) = [r for r in results if r[0] == "error"]
    assert isinstance(loser[1], TaskChanged), loser
    task.refresh_from_db()
    assert task.version == seen + 1
    assert TaskEntry.objects.filter(task=task).count() == entries + 1


def test_the_same_submission_sent_twice_at_once_makes_one_case(org, catalog):
    """A double click or a client retrying: the same Idempotency-Key with the same e-mail."""
    require_postgresql("Racing three database connections")
    version = current_version("passport-issuance")

    def send():
        return case_services.save_application(
            version=version, unit=org.fr, applicant={"name": "An", "email": "an@example.org"},
            answers={}, uploads=applicant_uploads(version), submit=True, submission_token="tok-1",
        )[0].tracking_code

    outcomes = race(send, send, send)
    made = [value for outcome, value, _ in outcomes if outcome == "ok"]
    repeats = [value for outcome, value, _ in outcomes if outcome == "error"]
    assert len(made) == 1 and Case.objects.count() == 1, outcomes
    assert all(isinstance(r, case_services.AlreadySubmitted) and r.case.tracking_code == made[0]
               for r in repeats), outcomes
