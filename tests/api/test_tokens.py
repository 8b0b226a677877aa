"""API tokens expire, can be revoked (command and admin), record their last use without a write
per request, and die with their user's deactivation or are refused while the user is locked out
(security test, finding 14)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chancery.api import services
from chancery.api.models import ApiToken
from chancery.audit.models import AuditRecord
from tests.api.conftest import bearer, make_token

CASES = "/api/v1/cases"


def _token_command(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def _status(api_client, token: str, **extra) -> int:
    return api_client.get(CASES, **bearer(token), **extra).status_code


# ---- Expiry --------------------------------------------------------------------------------------


def test_a_new_token_expires_after_the_configured_days(org, settings):
    settings.API_TOKEN_DAYS = 90
    before = timezone.now()
    make_token("officer.fr")
    stored = ApiToken.objects.get(user=org.officer)
    assert before + timedelta(days=90) <= stored.expires_at <= timezone.now() + timedelta(days=90)


def test_a_token_may_be_made_shorter_lived(org):
    _token_command("create", "officer.fr", "--days", "7")
    stored = ApiToken.objects.get(user=org.officer)
    assert stored.expires_at - stored.created_at < timedelta(days=7, minutes=1)
    with pytest.raises(CommandError):
        _token_command("create", "officer.fr", "--days", "0")


def test_an_expired_token_is_refused(api_client, org):
    token = make_token("officer.fr")
    assert _status(api_client, token) == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _status(api_client, token) == 401


# ---- Revocation ----------------------------------------------------------------------------------


def test_the_command_revokes_one_token(api_client, org):
    token, other = make_token("officer.fr"), make_token("officer.fr")
    stored = ApiToken.objects.get(digest=services.token_digest(token))
    out = _token_command("revoke", str(stored.pk))
    assert stored.prefix in out
    assert _status(api_client, token) == 401
    assert _status(api_client, other) == 200
    stored.refresh_from_db()
    assert stored.revoked and stored.revoked_at is not None
    assert AuditRecord.objects.filter(action="api_token.revoked", object_id=str(stored.pk)).exists()


def test_the_command_revokes_by_the_token_itself_or_every_token_of_a_person(api_client, org):
    token, second, theirs = make_token("officer.fr"), make_token("officer.fr"), make_token("head.fr")
    _token_command("revoke", token)
    assert _status(api_client, token) == 401 and _status(api_client, second) == 200
    _token_command("revoke", "--user", "officer.fr")
    assert _status(api_client, second) == 401
    assert _status(api_client, theirs) == 200


def test_the_command_refuses_what_it_cannot_name(org):
    make_token("officer.fr")
    for args in (["revoke", "999999"], ["revoke", "chy_nothing-like-it"], ["revoke", "--user", "nobody"],
                 ["revoke"]):
        with pytest.raises(CommandError):
            _token_command(*args)


def test_the_command_lists_tokens_without_their_secret(org):
    token = make_token("officer.fr")
    make_token("head.fr")
    _token_command("revoke", "--user", "head.fr")
    out = _token_command("list")
    assert token not in out and token[:8] in out
    assert "officer.fr" in out and "head.fr" in out and "revoked" in out
    assert "head.fr" not in _token_command("list", "officer.fr")


def test_an_administrator_revokes_tokens_in_the_admin(client, api_client, org):
    token = make_token("officer.fr")
    stored = ApiToken.objects.get()
    client.force_login(org.admin)
    changelist = reverse("admin:api_apitoken_changelist")
    page = client.get(changelist)
    assert page.status_code == 200 and stored.prefix in page.content.decode()
    assert token not in page.content.decode() and stored.digest not in page.content.decode()
    response = client.post(changelist, {"action": "revoke_tokens", "_selected_action": [stored.pk]})
    assert response.status_code == 302
    assert _status(api_client, token) == 401
    assert AuditRecord.objects.filter(action="api_token.revoked", actor=org.admin).exists()
    # Nothing else about a token is edited there, and none is made there (shown once, by the command).
    assert client.get(reverse("admin:api_apitoken_add")).status_code == 403
    client.post(reverse("admin:api_apitoken_change", args=[stored.pk]),
                {"expires_at_0": "2099-01-01", "expires_at_1": "00:00:00"})
    stored.refresh_from_db()
    assert stored.expires_at.year != 2099


# ---- Last use ------------------------------------------------------------------------------------


def _token_writes(queries) -> list[str]:
    table = ApiToken._meta.db_table
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and table in q["sql"]]


def test_last_use_is_recorded_but_not_on_every_request(api_client, org):
    token = make_token("officer.fr")
    with CaptureQueriesContext(connection) as first:
        assert _status(api_client, token) == 200
    assert len(_token_writes(first)) == 1
    stamped = ApiToken.objects.get().last_used_at
    assert stamped is not None

    with CaptureQueriesContext(connection) as soon_after:
        for _ in range(3):
            assert _status(api_client, token) == 200
    assert _token_writes(soon_after) == []
    assert ApiToken.objects.get().last_used_at == stamped

    ApiToken.objects.update(last_used_at=stamped - services.LAST_USE_PRECISION - timedelta(seconds=1))
    assert _status(api_client, token) == 200
    assert ApiToken.objects.get().last_used_at > stamped


# ---- The user's state ----------------------------------------------------------------------------


def test_deactivating_the_user_revokes_the_tokens_for_good(api_client, org):
    token = make_token("officer.fr")
    officer = get_user_model().objects.get(username="officer.fr")
    officer.is_active = False
    officer.save()
    assert _status(api_client, token) == 401
    assert ApiToken.objects.get().revoked
    officer.is_active = True
    officer.save()
    assert _status(api_client, token) == 401  # coming back does not bring the old token back
    # And nobody makes a token for a deactivated person.
    officer.is_active = False
    officer.save()
    with pytest.raises(CommandError):
        make_token("officer.fr")


def test_a_token_is_refused_where_its_user_is_locked_out(api_client, org, settings):
    from tests.portal.helpers import Browser
    from tests.security.conftest import password_login

    token = make_token("officer.fr")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(Browser(REMOTE_ADDR="203.0.113.66"), "officer.fr", password="wrong password 1")
    assert _status(api_client, token, REMOTE_ADDR="203.0.113.66") == 401
    assert _status(api_client, token, REMOTE_ADDR="198.51.100.5") == 200
