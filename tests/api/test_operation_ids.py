"""Clients generate code from the OpenAPI document and call operations by their operationId: every
operation names its own (camelCase, in `operation_id=`), and none that clients know disappears
or comes to mean another endpoint. Ninja would otherwise derive the id from the module and
function name, so moving a handler between modules would rename it silently."""

from __future__ import annotations

import re

import pytest

from chancery.api.urls import api

# Every operationId published so far, with the endpoint it names. Add new ones here; never remove
# or repoint one (a client generated from an earlier document calls it by this name).
PUBLISHED = {
    "listProcedures": "GET /api/v1/procedures",
    "getProcedure": "GET /api/v1/procedures/{code}",
    "submitApplication": "POST /api/v1/applications",
    "getApplicationStatus": "POST /api/v1/status",
    "listCases": "GET /api/v1/cases",
    "getCase": "GET /api/v1/cases/{code}",
    "transitionCase": "POST /api/v1/cases/{code}/transitions",
    "assignCase": "POST /api/v1/cases/{code}/assignment",
    "addCaseNote": "POST /api/v1/cases/{code}/notes",
    "recommendDecision": "POST /api/v1/cases/{code}/recommendation",
    "rescheduleWithApology": "POST /api/v1/cases/{code}/apology",
    "listTasks": "GET /api/v1/tasks",
    "getTask": "GET /api/v1/tasks/{pk}",
    "reportTaskProgress": "POST /api/v1/tasks/{pk}/progress",
    "getDirective": "GET /api/v1/directives/{pk}",
    "getDashboard": "GET /api/v1/dashboard",
}
CAMEL_CASE = re.compile(r"[a-z]+(?:[A-Z0-9][a-z0-9]*)*")


def operations() -> list:
    """Every operation mounted on the API, from each app's router."""
    return [
        operation
        for _prefix, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]


@pytest.fixture(scope="module")
def published() -> dict[str, str]:
    """operationId -> "METHOD path", as the OpenAPI document serves them."""
    schema = api.get_openapi_schema()
    ids: dict[str, str] = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            op_id = operation["operationId"]
            assert op_id not in ids, f"{op_id} names both {ids[op_id]} and {method.upper()} {path}"
            ids[op_id] = f"{method.upper()} {path}"
    return ids


def test_the_api_has_operations_from_every_app():
    modules = {operation.view_func.__module__ for operation in operations()}
    assert modules == {"chancery.procedures.api", "chancery.cases.api_applicant",
                       "chancery.cases.api_officer", "chancery.directives.api",
                       "chancery.portal.dashboard_api"}


@pytest.mark.parametrize("operation", operations(), ids=lambda op: op.view_func.__name__)
def test_every_operation_names_its_operation_id_in_camel_case(operation):
    assert operation.operation_id, (
        f"{operation.view_func.__module__}.{operation.view_func.__name__} has no operation_id=: "
        "give it a camelCase one (e.g. getCase) and add it to PUBLISHED"
    )
    assert CAMEL_CASE.fullmatch(operation.operation_id), operation.operation_id


@pytest.mark.parametrize(("op_id", "endpoint"), sorted(PUBLISHED.items()))
def test_no_published_operation_id_disappears_or_moves(published, op_id, endpoint):
    assert published.get(op_id) == endpoint, (
        f"{op_id} was published for {endpoint}; clients call it by that name"
    )


def test_every_operation_id_served_is_in_the_published_list(published):
    """A new operation is added to PUBLISHED, so that the list stays the one clients rely on."""
    assert set(published) == set(PUBLISHED), sorted(set(published) ^ set(PUBLISHED))
