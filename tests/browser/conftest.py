"""Headless Chromium (Debian's /usr/bin/chromium) against pytest-django's live server.

One browser for the whole session; every person in a test gets a fresh context (own cookies,
own session), so the citizen and each officer are really separate visitors.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, sync_playwright

from chancery.organization.models import Role, UnitKind
from chancery.procedures.services import load_catalog
from tests.factories import PASSWORD, make_unit, make_user

# Playwright's sync API keeps an event loop in the test thread; Django would otherwise refuse the
# ORM calls the fixtures and assertions make from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Set CHANCERY_SHOTS_DIR to keep screenshots of key pages (never inside the repository).
SHOTS_DIR = os.environ.get("CHANCERY_SHOTS_DIR")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's chromium. "
            "Install it with `apt-get install -y chromium` (./scripts/test does this).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """new_page() -> a page in a fresh browser context, already pointed at the live server.

    Contexts announce Vietnamese (the site's main audience); tests switch to English with the
    header's EN button when they read texts.
    """
    contexts = []

    def make(viewport: dict | None = None, locale: str = "vi-VN") -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale=locale,
            viewport=viewport or {"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def catalog(transactional_db):
    """The published catalogue, committed so the live server's thread sees it."""
    return load_catalog(settings.CATALOG_DIR)


@pytest.fixture
def org(transactional_db):
    """Two embassies and the consular department; staff of the embassy in France."""

    class Org:
        fr = make_unit("EMB-FR")
        jp = make_unit("EMB-JP", country="JP", tz="Asia/Tokyo")
        cd = make_unit("CD-HN", kind=UnitKind.MINISTRY_DEPARTMENT, country="VN",
                       tz="Asia/Ho_Chi_Minh")
        officer = make_user("officer.fr", fr, Role.OFFICER)
        head = make_user("head.fr", fr, Role.HEAD)

    Org.fr.head = Org.head
    Org.fr.save()
    return Org


@pytest.fixture
def shot() -> Callable[[Page, str], None]:
    """shot(page, name): a full-page screenshot when CHANCERY_SHOTS_DIR is set, else nothing."""

    def take(page: Page, name: str) -> None:
        if SHOTS_DIR:
            Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS_DIR) / f"{name}.png"), full_page=True)

    return take


# ---- Logging in (the second factor when two-factor authentication is on) ----------------------


def second_factor(page: Page, username: str) -> None:
    """If the login now asks for a code, give the one the person's authenticator app shows
    (TOTP computed from the device's key); at enrolment, confirm the new authenticator."""
    if "/accounts/two-factor/" not in page.url:
        return
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from chancery.accounts.devices import current_code

    device = TOTPDevice.objects.filter(user__username=username).order_by("-confirmed", "pk").first()
    assert device is not None, f"{username} has no authenticator"
    page.locator("#id_code").fill(current_code(device))
    page.locator("form:has(#id_code) button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real pages: password, then the code if one is asked for."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    second_factor(page, username)
