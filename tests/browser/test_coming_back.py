"""A citizen comes back on a phone, in headless Chromium: the status link from an e-mail opened on
another device, "I lost my code or key", and "My applications" by the sign-in link from the
(locmem) outbox. Each visit is a fresh browser context, as another device would be."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from chancery.cases.models import Case
from tests.factories import submit_case

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EMAIL = "an.nguyen@example.org"


def _path(url: str) -> str:
    return url.removeprefix(settings.SITE_URL)


def ask_by_email(page: Page, link: str, email: str) -> Page:
    """From the status lookup page, follow `link` ("lost my key", "My applications") and ask for
    the e-mail; the outbox then holds just that e-mail."""
    page.goto("/status/")
    page.locator(link).click()
    mail.outbox.clear()
    page.locator("#id_email").fill(email)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#email-sent")).to_be_visible()
    return page


def test_a_citizen_comes_back_on_a_phone(new_page, catalog, org, shot):
    case, key = submit_case(org.fr, email=EMAIL)
    other, _other_key = submit_case(org.fr, email="binh@example.org")
    status_url = re.search(r"https?://\S+/status/\S+/", mail.outbox[0].body).group(0)
    assert _path(status_url) == f"/status/{case.tracking_code}/"

    # The e-mail's status link on another device: the key is asked, the code already there.
    phone = new_page(viewport=PHONE)
    phone.goto(_path(status_url))
    expect(phone.locator("#key-asked")).to_be_visible()
    expect(phone.locator("#code")).to_have_value(case.tracking_code)
    expect(phone.locator("#status")).to_have_count(0)
    phone.locator("#key").fill(key)
    shot(phone, "coming-back-key-asked")
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("#status")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Lost the key: new keys by e-mail, from the lookup page's link.
    lost = ask_by_email(new_page(viewport=PHONE), "#lost-key-link", EMAIL)
    shot(lost, "coming-back-lost-key-sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    new_key = re.search(r"New access key: (\S+)", mail.outbox[0].body).group(1)
    assert new_key != key
    assert Case.objects.get(pk=case.pk).key_matches(new_key)
    assert not Case.objects.get(pk=case.pk).key_matches(key)

    # My applications: a sign-in link from the outbox opens the list in a fresh browser.
    ask_by_email(new_page(viewport=PHONE), "#my-applications-link", EMAIL)
    link = re.search(r"https?://\S+/my-applications/sign-in/\S+/", mail.outbox[0].body).group(0)

    reader = new_page(viewport=PHONE)
    reader.goto(_path(link))
    reader.locator("#sign-in-button").click()
    applications = reader.locator("#applications")
    expect(applications).to_be_visible()
    expect(applications).to_contain_text(case.tracking_code)
    expect(applications).not_to_contain_text(other.tracking_code)
    shot(reader, "coming-back-my-applications")
    assert reader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    reader.locator(f"#applications a:has-text('{case.tracking_code}')").click()
    expect(reader.locator("#status")).to_be_visible()  # no key asked in this session

    # The link was used: opening it again does not open anything.
    again = new_page(viewport=PHONE)
    again.goto(_path(link))
    expect(again.locator("#link-unusable")).to_be_visible()
