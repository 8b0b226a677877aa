"""The demo keeps two factors on: demo logins get an authenticator when seeded, and
`chancery otp code USERNAME` prints its current code. `chancery otp reset` handles a lost phone."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from chancery.accounts.devices import DEMO_DEVICE_NAME, ensure_demo_devices
from chancery.demo.seed import DEMO_PASSWORD, create_units_and_staff, demo_usernames
from tests.security.conftest import device_for, password_login

pytestmark = pytest.mark.two_factor


def otp(*args: str) -> str:
    out = io.StringIO()
    call_command("otp", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def demo(db):
    logins = create_units_and_staff()
    return [username for username, _role in logins]


def test_every_demo_login_gets_one_authenticator(demo):
    assert ensure_demo_devices(demo_usernames()) == len(demo)
    assert ensure_demo_devices(demo_usernames()) == 0  # seeding again adds none
    for username in demo:
        device = TOTPDevice.objects.get(user__username=username)
        assert device.confirmed and device.name == DEMO_DEVICE_NAME


def test_a_demo_officer_logs_in_with_the_printed_code(demo, browser):
    ensure_demo_devices(demo_usernames())
    response = password_login(browser, "emb-fr.officer", password=DEMO_PASSWORD, next_url="/staff/cases/")
    assert response.status_code == 302
    page = browser.get(response["Location"])
    assert page.status_code == 200
    code = otp("code", "emb-fr.officer")
    assert re.fullmatch(r"\d{6}", code)
    response = browser.post(reverse("two_factor_verify"), {"code": code, "next": "/staff/cases/"})
    assert response.status_code == 302 and response["Location"] == "/staff/cases/"
    assert browser.get("/staff/cases/").status_code == 200
    # Asked again at once, the command gives the next code, which the next login accepts.
    again = otp("code", "emb-fr.officer")
    assert again != code


def test_codes_are_printed_for_demo_authenticators_only(org):
    device_for(org.officer)
    with pytest.raises(CommandError, match="demo"):
        otp("code", "officer.fr")
    with pytest.raises(CommandError, match="no user"):
        otp("code", "nobody")


def test_reset_sends_the_person_to_enrol_again(org, browser):
    device_for(org.officer)
    assert "1 authenticator" in otp("reset", "officer.fr")
    assert not TOTPDevice.objects.filter(user=org.officer).exists()
    response = password_login(browser, "officer.fr")
    assert response["Location"].startswith(reverse("two_factor_setup"))
