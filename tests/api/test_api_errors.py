"""Every error the API gives is JSON with a code and a message in the caller's language, in
production settings too: the operations come from the OpenAPI document, so a new one is covered."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from chancery.api.urls import api

PREFIX = "/api/v1"
METHODS = {"get", "post", "put", "patch", "delete"}


def operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [(method, path) for path, item in schema["paths"].items() for method in item]


def concrete(path: str) -> str:
    return path.replace("{code}", "K7QM-4XTR-9PB").replace("{pk}", "1")


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = json.loads(response.content)
    assert body["code"] and body["message"]
    return body


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), operations())
def test_a_method_an_operation_does_not_take_is_a_json_405(client, method, path):
    other = sorted(METHODS - {m for m, p in operations() if p == path})[0]
    response = getattr(client, other)(concrete(path))
    body = assert_json_error(response, 405)
    assert body["code"] == "method_not_allowed"
    assert method.upper() in response["Allow"]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), [op for op in operations() if op[0] == "post"])
@pytest.mark.parametrize("body", [
    "not json", "[" * 50_000 + "]" * 50_000, '{"a": ' * 5000 + "1" + "}" * 5000,
])
def test_an_unreadable_or_deeply_nested_body_is_a_json_4xx(client, method, path, body):
    response = client.post(concrete(path), body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert_json_error(response, response.status_code)


@pytest.mark.django_db
def test_an_unknown_address_under_the_api_is_a_json_404_in_the_callers_language(client):
    assert assert_json_error(client.get(f"{PREFIX}/no-such-thing"), 404)["message"] == "Not found."
    vi = Client(HTTP_ACCEPT_LANGUAGE="vi").get(f"{PREFIX}/no-such-thing")
    assert assert_json_error(vi, 404)["message"] != "Not found."


@pytest.mark.django_db
def test_a_server_error_inside_an_operation_is_a_json_500_and_is_logged(client, monkeypatch, caplog):
    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr("chancery.procedures.api.published_procedures", broken)
    with caplog.at_level("ERROR", logger="django.request"):
        body = assert_json_error(client.get(f"{PREFIX}/procedures"), 500)
    assert body["code"] == "server_error"
    assert "the database went away" not in json.dumps(body)
    assert any(r.exc_info and "database went away" in str(r.exc_info[1]) for r in caplog.records)


@pytest.mark.django_db
def test_pages_outside_the_api_keep_their_html_errors(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
