"""Staff log in with a password and a TOTP code; without the code no staff page opens; people
without an authenticator enrol one; wrong passwords and wrong codes make that
address wait."""

from __future__ import annotations

import base64
import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from chancery.audit.models import AuditRecord
from tests.factories import PASSWORD
from tests.portal.helpers import Browser
from tests.security.conftest import code_for, device_for, hidden_next, password_login, wrong_code

QUEUE = reverse("cases:queue")
VERIFY = reverse("two_factor_verify")
SETUP = reverse("two_factor_setup")

pytestmark = pytest.mark.two_factor


@pytest.fixture(autouse=True)
def _no_code_throttle_delay(settings):
    """django-otp waits 2^(n-1) s after n wrong codes; the tests type the next code at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


def test_password_alone_does_not_open_staff_pages(org, browser):
    device_for(org.officer)
    response = password_login(browser, "officer.fr", next_url=QUEUE)
    assert response.status_code == 302 and path_of(response) == VERIFY
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [QUEUE]
    for url in (QUEUE, reverse("directives:index"), reverse("briefings:index")):
        response = browser.get(url)
        assert response.status_code == 302 and path_of(response) == VERIFY, url
        assert parse_qs(urlsplit(response["Location"]).query)["next"] == [url]
    # Public pages and logging out stay open.
    assert browser.get(reverse("portal:home")).status_code == 200
    assert browser.post(reverse("logout")).status_code == 302
    assert browser.get(QUEUE)["Location"].startswith(reverse("login"))


def test_admin_needs_the_code_too(org, browser):
    device_for(org.admin)
    password_login(browser, "admin")
    response = browser.get("/admin/")
    assert response.status_code == 302 and path_of(response) == VERIFY
    browser.post(VERIFY, {"code": code_for(org.admin.totpdevice_set.get()), "next": "/admin/"})
    assert browser.get("/admin/").status_code == 200


def test_wrong_code_is_refused_and_the_right_one_opens_the_queue(org, browser):
    device = device_for(org.officer)
    password_login(browser, "officer.fr")
    page = browser.get(f"{VERIFY}?next={QUEUE}")
    assert page.status_code == 200 and hidden_next(page.content.decode()) == QUEUE
    session_before = browser.cookies["sessionid"].value

    for bad in (wrong_code(device), "12345", "abcdef", ""):
        response = browser.post(VERIFY, {"code": bad, "next": QUEUE})
        assert response.status_code == 200, bad
        assert 'class="errorlist"' in response.content.decode()
        assert browser.get(QUEUE).status_code == 302
    assert AuditRecord.objects.filter(action="account.two_factor_failed").count() == 1

    response = browser.post(VERIFY, {"code": code_for(device), "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert browser.get(QUEUE).status_code == 200
    assert browser.cookies["sessionid"].value != session_before  # new session key once verified
    assert AuditRecord.objects.filter(action="account.two_factor_verified", actor=org.officer).exists()


def test_a_code_works_once(org, browser):
    device = device_for(org.officer)
    password_login(browser, "officer.fr")
    code = code_for(device)
    assert browser.post(VERIFY, {"code": code, "next": QUEUE}).status_code == 302

    other = Browser()
    password_login(other, "officer.fr")
    response = other.post(VERIFY, {"code": code, "next": QUEUE})
    assert response.status_code == 200 and other.get(QUEUE).status_code == 302


def test_next_never_leaves_the_site(org, browser):
    device = device_for(org.officer)
    password_login(browser, "officer.fr")
    response = browser.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == QUEUE


def _secret_from(page: str) -> bytes:
    shown = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    return base64.b32decode(shown + "=" * (-len(shown) % 8))


def test_staff_without_an_authenticator_enrol_one(org, browser):
    response = password_login(browser, "officer.fr", next_url=QUEUE)
    assert path_of(response) == SETUP
    # Nothing else opens before enrolment either.
    assert path_of(browser.get(QUEUE)) == SETUP

    page = browser.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<img class="otp-qr" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', text)
    key = _secret_from(text)
    # Reloading shows the same secret (the person may have scanned it already).
    assert _secret_from(browser.get(SETUP).content.decode()) == key

    assert browser.post(SETUP, {"code": wrong_code(TOTPDevice.objects.get(user=org.officer)),
                                "next": QUEUE}).status_code == 200
    assert not TOTPDevice.objects.filter(user=org.officer, confirmed=True).exists()

    # What the person's app computes from the scanned secret:
    code = f"{TOTP(key).token():06d}"
    response = browser.post(SETUP, {"code": code, "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert browser.get(QUEUE).status_code == 200
    assert TOTPDevice.objects.get(user=org.officer).confirmed
    assert AuditRecord.objects.filter(action="account.two_factor_enrolled", actor=org.officer).exists()


def test_with_a_password_alone_nobody_replaces_an_authenticator(org, browser):
    device_for(org.officer)
    password_login(browser, "officer.fr")
    response = browser.get(SETUP)
    assert response.status_code == 302 and path_of(response) == VERIFY
    assert TOTPDevice.objects.filter(user=org.officer).count() == 1


def test_an_unconfirmed_device_does_not_count(org, browser):
    device_for(org.officer, confirmed=False)
    assert path_of(password_login(browser, "officer.fr")) == SETUP


def test_api_tokens_are_a_separate_credential(org, client):
    from chancery.api.services import create_token

    token = create_token("officer.fr")
    response = client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def _lockout_text(response) -> str:
    """The lockout message itself."""
    found = re.search(r'id="locked-out">(.*?)</p>', response.content.decode(), re.S)
    assert found, response.content.decode()
    return " ".join(html.unescape(found.group(1)).split())


def test_five_wrong_passwords_make_that_address_wait(org, settings):
    """The growing waits and the owner at another address: tests/security/test_login_lockout.py."""
    device_for(org.officer)
    english = Browser(language=None, HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = password_login(english, "officer.fr", password="wrong password 1")
        assert response.status_code == 200
    response = password_login(english, "officer.fr", password="wrong password 1")
    assert response.status_code == 429
    assert "locked for 1 minute" in _lockout_text(response)

    # Even the right password is refused now from this address, in the reader's language.
    vietnamese = Browser(language=None, HTTP_ACCEPT_LANGUAGE="vi")
    response = password_login(vietnamese, "officer.fr")
    assert response.status_code == 429
    text = _lockout_text(response)
    assert "khóa" in text and "1 phút" in text and "locked" not in text
    assert vietnamese.get(QUEUE).status_code == 302
    assert AuditRecord.objects.filter(action="account.locked_out").exists()
    # Another person at the same embassy (same address) is not locked out.
    assert password_login(Browser(), "head.fr").status_code == 302

    # A minute later the username may try again from here.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=1, seconds=1))
    assert password_login(Browser(), "officer.fr").status_code == 302


def test_wrong_codes_count_towards_the_lockout(org, settings):
    device = device_for(org.officer)
    browser = Browser(language=None, HTTP_ACCEPT_LANGUAGE="en")
    password_login(browser, "officer.fr")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert browser.post(VERIFY, {"code": wrong_code(device), "next": QUEUE}).status_code == 200
    response = browser.post(VERIFY, {"code": wrong_code(device), "next": QUEUE})
    assert response.status_code == 429 and "locked for 1 minute" in _lockout_text(response)
    # The half-open session is closed: the right code no longer helps.
    response = browser.post(VERIFY, {"code": code_for(device), "next": QUEUE})
    assert response.status_code == 302 and path_of(response) == reverse("login")
    assert password_login(Browser(), "officer.fr").status_code == 429


def test_success_clears_earlier_failures(org, settings):
    device = device_for(org.officer)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password_login(Browser(), "officer.fr", password="wrong password 1")
    browser = Browser()
    assert password_login(browser, "officer.fr").status_code == 302
    browser.post(VERIFY, {"code": code_for(device), "next": QUEUE})
    assert password_login(Browser(), "officer.fr", password="wrong password 1").status_code == 200


@pytest.mark.django_db
def test_login_page_sends_no_password_back(browser):
    response = browser.post(reverse("login"), {"username": "nobody", "password": PASSWORD})
    assert response.status_code == 200 and PASSWORD not in response.content.decode()
