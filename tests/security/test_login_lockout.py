"""Nobody can lock a staff member out from their own address (security test, finding 6).

Login failures used to lock the *username* for 30 minutes, so five anonymous requests locked any
account. Failures now count per username and client address; each failure past the limit doubles
the wait (a pure rule, tested below), and the account's owner is told by e-mail when their login
sees repeated failures, from one address or from many."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from chancery.accounts.lockout import lockout_delay
from tests.portal.helpers import Browser
from tests.security.conftest import code_for, device_for, password_login, wrong_code

pytestmark = pytest.mark.two_factor

ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.5"
VERIFY = reverse("two_factor_verify")
QUEUE = reverse("cases:queue")
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _no_code_throttle_delay(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


# ---- The rule --------------------------------------------------------------------------------------


def test_no_wait_below_the_limit_then_the_wait_doubles_up_to_the_longest():
    delays = [lockout_delay(n, limit=5, first=MINUTE, longest=DAY) for n in range(0, 20)]
    assert delays[:5] == [timedelta(0)] * 5
    assert delays[5:12] == [MINUTE * m for m in (1, 2, 4, 8, 16, 32, 64)]
    assert delays[16] == DAY and delays[19] == DAY  # 1,024 min, then capped at a day


@given(st.integers(0, 10_000), st.integers(1, 20),
       st.integers(1, 120).map(lambda m: timedelta(minutes=m)),
       st.integers(1, 72).map(lambda h: timedelta(hours=h)))
def test_the_wait_never_shrinks_with_more_failures_and_never_passes_the_longest(failures, limit, first,
                                                                                longest):
    now = lockout_delay(failures, limit=limit, first=first, longest=longest)
    after = lockout_delay(failures + 1, limit=limit, first=first, longest=longest)
    assert timedelta(0) <= now <= after <= max(first, longest)
    assert (now > timedelta(0)) == (failures >= limit)


# ---- Over HTTP -------------------------------------------------------------------------------------


def _lockout_text(response) -> str:
    found = re.search(r'id="locked-out">(.*?)</p>', response.content.decode(), re.S)
    assert found, response.content.decode()[:3000]
    return " ".join(html.unescape(found.group(1)).split())


def _attack(times: int, address: str = ATTACKER, username: str = "officer.fr"):
    response = None
    for _ in range(times):
        response = password_login(Browser(REMOTE_ADDR=address), username, password="wrong password 1")
    return response


def _wait(seconds: int) -> None:
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def test_an_attacker_failing_from_one_address_does_not_lock_the_owner_out(org, settings):
    device = device_for(org.officer)
    response = _attack(settings.AXES_FAILURE_LIMIT + 3)
    assert response.status_code == 429
    # The attacker's address is refused even with the right password...
    assert password_login(Browser(REMOTE_ADDR=ATTACKER), "officer.fr").status_code == 429
    # ...but the officer, from the office, logs in with password and code.
    browser = Browser(REMOTE_ADDR=OFFICE)
    assert password_login(browser, "officer.fr").status_code == 302
    response = browser.post(VERIFY, {"code": code_for(device), "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert browser.get(QUEUE).status_code == 200


def test_behind_the_proxy_the_lockout_follows_the_client_address(org, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = password_login(Browser(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER),
                                  "officer.fr", password="wrong password 1")
    assert response.status_code == 429
    owner = Browser(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=OFFICE)
    assert password_login(owner, "officer.fr").status_code == 302


def test_the_wait_grows_with_each_failure_past_the_limit(org, settings):
    device_for(org.officer)
    response = _attack(settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429 and "locked for 1 minute" in _lockout_text(response)
    # Knocking during the wait is refused, and does not make the wait longer.
    assert password_login(Browser(REMOTE_ADDR=ATTACKER), "officer.fr").status_code == 429
    assert "locked for 1 minute" in _lockout_text(_attack(1))

    _wait(61)
    response = _attack(1)  # one more try after the wait, wrong again: twice as long
    assert response.status_code == 429 and "locked for 2 minutes" in _lockout_text(response)
    _wait(61)
    assert password_login(Browser(REMOTE_ADDR=ATTACKER), "officer.fr").status_code == 429
    _wait(61)
    response = _attack(1)
    assert response.status_code == 429 and "locked for 4 minutes" in _lockout_text(response)
    _wait(4 * 60 + 1)
    # The wait is over: the right password opens the way (and clears the count).
    assert password_login(Browser(REMOTE_ADDR=ATTACKER), "officer.fr").status_code == 302
    assert not AccessAttempt.objects.filter(username="officer.fr", ip_address=ATTACKER).exists()


def test_a_lock_is_in_the_readers_language(org, settings):
    _attack(settings.AXES_FAILURE_LIMIT - 1)
    response = password_login(Browser(language=None, REMOTE_ADDR=ATTACKER, HTTP_ACCEPT_LANGUAGE="vi"),
                              "officer.fr", password="wrong password 1")
    text = _lockout_text(response)
    assert response.status_code == 429 and "khóa" in text and "1 phút" in text and "locked" not in text


def test_wrong_codes_count_for_that_address_only(org, settings):
    device = device_for(org.officer)
    browser = Browser(REMOTE_ADDR=ATTACKER)  # someone who has the password, but not the phone
    assert password_login(browser, "officer.fr").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert browser.post(VERIFY, {"code": wrong_code(device), "next": QUEUE}).status_code == 200
    assert browser.post(VERIFY, {"code": wrong_code(device), "next": QUEUE}).status_code == 429
    assert password_login(Browser(REMOTE_ADDR=ATTACKER), "officer.fr").status_code == 429
    assert password_login(Browser(REMOTE_ADDR=OFFICE), "officer.fr").status_code == 302


# ---- The owner is told -----------------------------------------------------------------------------


def _alerts(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_the_owner_is_told_by_email_of_repeated_failures(org, settings):
    _attack(settings.AXES_FAILURE_LIMIT - 1)
    assert _alerts(org.officer) == []
    _attack(1)
    [alert] = _alerts(org.officer)
    assert "officer.fr" in alert.body and ATTACKER in alert.body
    assert str(settings.AXES_FAILURE_LIMIT) in alert.body
    assert "wrong password" not in alert.body
    # Once, not on every further failure.
    _wait(61)
    _attack(3)
    assert len(_alerts(org.officer)) == 1
    assert _alerts(org.head) == []


def test_failures_spread_over_many_addresses_also_alert_the_owner(org, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = _attack(1, address=f"192.0.2.{n + 1}")
        assert response.status_code == 200  # no single address is locked
    [alert] = _alerts(org.officer)
    assert "192.0.2.1" in alert.body and f"192.0.2.{settings.AXES_FAILURE_LIMIT}" in alert.body


def test_failures_for_a_username_nobody_has_send_nothing(org, settings):
    _attack(settings.AXES_FAILURE_LIMIT + 1, username="no.such.person")
    assert mail.outbox == []
