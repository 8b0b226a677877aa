"""In Chromium, with two factors required: an officer enrols an authenticator by its QR code,
logs in again with a code, and no page breaks the Content-Security-Policy on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, second_factor
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.two_factor]


def test_enrol_then_log_in_with_a_code_under_the_policy(new_page, org):
    page = new_page(locale="en-US")
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)

    page.goto("/accounts/login/?next=/staff/cases/")
    page.locator("#id_username").fill("officer.fr")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    qr = page.locator("img.otp-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not load"
    expect(page.locator("#otp-secret")).to_have_text(re.compile(r"^[A-Z2-7]{4}( [A-Z2-7]{4})+$"))
    page.goto("/staff/cases/")  # nothing opens before enrolment
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))

    second_factor(page, "officer.fr")
    expect(page).to_have_url(re.compile(r"/staff/cases/$"))

    # A page with its own script (the note editor's toolbar) runs under the policy.
    page.goto("/staff/briefings/notes/new/")
    expect(page.locator(".toolbar[data-for]").first).to_be_visible()

    page.locator("header form[action$='/accounts/logout/'] button").click()
    login(page, "officer.fr")  # the second time: the code page
    expect(page).to_have_url(re.compile(r"/staff/cases/$"))
    assert not violations, violations
