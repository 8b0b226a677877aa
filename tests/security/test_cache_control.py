"""Sensitive pages and files are never cacheable (security test, finding 13): every staff URL
(generated from the URL configuration, as the authorization matrix does), for every kind of
person, answers with ``Cache-Control: no-store, private``. The applicant's side and the API:
test_cache_control_public.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.security.endpoints import addresses, staff_routes

# The matrix's world (two units' objects, built once per module) and per-role browsers.
from tests.security.test_authorization_matrix import (  # noqa: F401 - fixtures used by name
    _media_in_tmp,
    clients,
    media,
    send,
    world,
)

pytestmark = pytest.mark.two_factor

ROLES = ("anonymous", "unverified", "outsider", "officer_fr", "officer_jp", "leadership", "administrator")


def private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.parametrize("route", staff_routes(), ids=lambda r: r.name)
def test_every_staff_url_answers_no_store(route, world, clients):  # noqa: F811
    failures = []
    for address in addresses(route, world):
        for method in ("GET", "POST"):
            for role in ROLES:
                response, _wrote, error = send(clients[role], method, address.url)
                if error:
                    failures.append(f"{method} {address.url} as {role}: {error}")
                elif not private(response):
                    failures.append(f"{method} {address.url} as {role} ({response.status_code}): "
                                    f"Cache-Control {response.get('Cache-Control')!r}")
    assert not failures, "\n".join(failures)


def test_admin_and_login_pages_answer_no_store(world, clients):  # noqa: F811
    for url in (reverse("admin:index"), reverse("login")):
        for role in ("anonymous", "administrator"):
            response, _wrote, error = send(clients[role], "GET", url)
            assert not error and private(response), (url, role, response.get("Cache-Control"))
