"""The client's address behind the documented proxy (security test, finding 1).

Behind nginx every request connects from the proxy: counting status-lookup failures per
REMOTE_ADDR made five typos by anyone lock every citizen out. The address now comes from one
helper that believes X-Forwarded-For only as far as the configured number of trusted proxies, and
failures also count per tracking code, so one code cannot be guessed from many addresses."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from chancery.audit.client_address import client_address
from chancery.audit.models import AuditRecord
from chancery.audit.services import record
from tests.factories import submit_case

PROXY = "10.0.0.2"
LOOKUP = "/api/v1/status"


def _request(remote_addr: str | None = PROXY, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", **extra)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote_addr
    return request


# ---- The helper ------------------------------------------------------------------------------------


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("203.0.113.5", "198.51.100.1")) == "203.0.113.5"
    assert client_address(_request("203.0.113.5")) == "203.0.113.5"


@pytest.mark.parametrize(("forwarded", "expected"), [
    ("198.51.100.7", "198.51.100.7"),                       # nginx: the address it saw
    ("1.2.3.4, 198.51.100.7", "198.51.100.7"),              # whatever the client claimed is before it
    ("1.2.3.4,198.51.100.7", "198.51.100.7"),
    ("  2001:db8::1 ", "2001:db8::1"),
    ("1.2.3.4, 2001:DB8:0:0::1", "2001:db8::1"),             # written the one canonical way
])
def test_one_trusted_proxy_gives_the_last_entry(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(PROXY, forwarded)) == expected


def test_two_trusted_proxies_give_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2  # load balancer -> nginx -> gunicorn
    assert client_address(_request(PROXY, "6.6.6.6, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"
    assert client_address(_request(PROXY, "198.51.100.7, 10.0.0.1")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", [
    None,                            # the proxy did not set it: misconfigured, never guess
    "",
    " , ",
    "not-an-address",
    "198.51.100.7, unknown",         # the trusted entry is garbage
    "198.51.100.7:443",              # ports are not part of an address here
    "1.2.3.4, 198.51.100.7\x00",
])
def test_a_missing_or_malformed_header_falls_back_to_the_connecting_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(PROXY, forwarded)) == PROXY


def test_fewer_entries_than_trusted_proxies_falls_back_to_the_connecting_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request(PROXY, "198.51.100.7")) == PROXY


def test_no_address_at_all_is_none(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request(None)) is None
    assert client_address(_request("")) is None
    assert client_address(None) is None


@pytest.mark.django_db
def test_the_audit_record_keeps_the_client_not_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    record("test.action", actor_label="x", request=_request(PROXY, "6.6.6.6, 198.51.100.7"),
           object_type="t", object_id="1")
    assert AuditRecord.objects.get(action="test.action").ip_address == "198.51.100.7"


def test_no_code_reads_the_connecting_address_directly():
    """One helper for every limit and every audit record: grep would find a second one."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "chancery"
    readers = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                     if "REMOTE_ADDR" in p.read_text(encoding="utf-8"))
    assert readers == ["audit/client_address.py"], readers


# ---- Over HTTP: the status lookup behind one proxy -------------------------------------------------


def _status(client: Client, code: str, key: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOOKUP, json.dumps({"code": code, "key": key}), content_type="application/json",
                       **headers)


@pytest.fixture
def submitted(org, catalog):
    return submit_case(org.fr)


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(settings, submitted):
    settings.TRUSTED_PROXY_COUNT = 1
    case, key = submitted
    client = Client()
    for _ in range(settings.STATUS_LOOKUP_MAX_FAILURES):
        assert _status(client, case.tracking_code, "AAAA-AAAA", "203.0.113.9").status_code == 404
    assert _status(client, case.tracking_code, key, "203.0.113.9").status_code == 429
    # Everybody else comes through the same proxy, from their own address.
    assert _status(client, case.tracking_code, key, "198.51.100.20").status_code == 200


def test_behind_the_proxy_the_portal_page_counts_per_client(settings, submitted):
    from tests.portal.helpers import Browser
    from tests.portal.test_apply_and_status import look_up

    settings.TRUSTED_PROXY_COUNT = 1
    case, key = submitted
    guesser = Browser(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(settings.STATUS_LOOKUP_MAX_FAILURES):
        assert look_up(guesser, case.tracking_code, "AAAA-AAAA").status_code == 404
    assert look_up(guesser, case.tracking_code, key).status_code == 429
    citizen = Browser(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert look_up(citizen, case.tracking_code, key).status_code == 302


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(settings, submitted):
    settings.TRUSTED_PROXY_COUNT = 0
    case, key = submitted
    client = Client()
    for attempt in range(settings.STATUS_LOOKUP_MAX_FAILURES):
        response = _status(client, case.tracking_code, "AAAA-AAAA", f"198.51.100.{attempt}")
        assert response.status_code == 404
    assert _status(client, case.tracking_code, key, "198.51.100.200").status_code == 429


def test_a_forged_header_in_front_of_the_proxy_does_not_escape_the_limit(settings, submitted):
    """nginx appends what it saw to whatever the client sent: only the last entry is the client."""
    settings.TRUSTED_PROXY_COUNT = 1
    case, key = submitted
    client = Client()
    for attempt in range(settings.STATUS_LOOKUP_MAX_FAILURES):
        response = _status(client, case.tracking_code, "AAAA-AAAA", f"10.9.9.{attempt}, 203.0.113.9")
        assert response.status_code == 404
    assert _status(client, case.tracking_code, key, "10.9.9.99, 203.0.113.9").status_code == 429


def test_one_code_cannot_be_guessed_from_many_addresses(settings, submitted, org):
    settings.TRUSTED_PROXY_COUNT = 1
    case, key = submitted
    other, other_key = submit_case(org.fr)
    client = Client()
    limit = settings.STATUS_LOOKUP_MAX_FAILURES_PER_CODE
    assert limit > settings.STATUS_LOOKUP_MAX_FAILURES
    for attempt in range(limit):
        # every guess from a fresh address, so the per-address limit never bites
        response = _status(client, case.tracking_code, "AAAA-AAAA", f"198.51.100.{attempt}")
        assert response.status_code == 404
    assert _status(client, case.tracking_code, key, "203.0.113.50").status_code == 429
    # The same code typed another way is the same code.
    spaced = case.tracking_code.replace("-", " ").lower()
    assert _status(client, spaced, key, "203.0.113.51").status_code == 429
    # Other codes are unaffected.
    assert _status(client, other.tracking_code, other_key, "203.0.113.52").status_code == 200
