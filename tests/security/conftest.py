"""Fixtures for the security tests: fast password hashing, logging in through the real pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from chancery.accounts.devices import current_code
from tests.factories import PASSWORD
from tests.portal.helpers import Browser


def device_for(user, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=confirmed)


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return current_code(device)


def wrong_code(device: TOTPDevice) -> str:
    right = code_for(device)
    return f"{(int(right) + 500_000) % 1_000_000:06d}"


def password_login(browser: Browser, username: str, password: str = PASSWORD, next_url: str = ""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return browser.post(reverse("login"), data)


def hidden_next(html: str) -> str:
    match = re.search(r'name="next" value="([^"]*)"', html)
    return match.group(1) if match else ""


@pytest.fixture
def browser() -> Browser:
    return Browser()
