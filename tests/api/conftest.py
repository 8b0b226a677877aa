"""Fixtures for the API's HTTP tests: a client without cookies or CSRF tokens, staff tokens."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture
def api_client() -> Client:
    """Programs calling the API send no CSRF token: the API must not need one."""
    return Client(enforce_csrf_checks=True)


def make_token(username: str) -> str:
    """A staff token, made the way an administrator makes one: `chancery token create <user>`."""
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return out.getvalue().strip()


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def auth(db):
    """`auth("officer.fr")`: request headers carrying a fresh token of that person."""
    return lambda username: bearer(make_token(username))
