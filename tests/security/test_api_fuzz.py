"""Fuzzing the API from its OpenAPI document (schemathesis): no input makes the server fail.

Bounded: a few dozen generated requests per operation, public and staff (with a real token).
Only server errors fail the test; documented 4xx answers to nonsense input are the point."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from chancery.wsgi import application
from tests.factories import submit_case

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly would close the test's database connection after each
    request; Django's own test client disconnects the same handlers while it calls."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_input_makes_the_server_fail(db, org, catalog, capsys, keep_test_connection):
    submit_case(org.fr, "passport-issuance")  # real rows for the staff endpoints to reach
    call_command("token", "create", org.officer.username)
    headers = {"Authorization": f"Bearer {capsys.readouterr().out.strip()}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    server_errors: list[str] = []
    answered: dict[int, int] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case) -> None:
            response = case.call(headers=headers)
            answered[response.status_code] = answered.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                server_errors.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        call()
    assert operations >= 8
    assert server_errors == []
    # The run really exercised the API: many requests, and some of them got through validation.
    assert sum(answered.values()) >= operations * 5
    assert any(200 <= status < 300 for status in answered), answered
