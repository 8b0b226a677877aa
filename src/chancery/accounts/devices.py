"""Authenticator devices (TOTP): which ones count, the code they show now, demo devices."""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from chancery.audit.services import record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Devices made by `ensure_demo_devices` carry this name; `chancery otp code` shows only theirs.
DEMO_DEVICE_NAME = "demo"
DEVICE_NAME = "authenticator"


def two_factor_required() -> bool:
    return bool(getattr(settings, "CHANCERY_REQUIRE_2FA", True))


def confirmed_devices(user: User) -> list[TOTPDevice]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (made once, so reloading keeps the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The secret in base 32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def current_code(device: TOTPDevice, now: float | None = None) -> str:
    """The code the device's app shows now; if that one was already used, the next one (which
    the server accepts within its tolerance of one step)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if now is None else now
    if totp.t() <= device.last_t:
        totp.time = totp.time + device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def ensure_demo_devices(usernames: list[str]) -> int:
    """Give each demo login a confirmed authenticator, so the demo works with two factors on.

    `chancery otp code USERNAME` then prints the code. Returns how many devices were made."""
    made = 0
    users = get_user_model().objects.filter(username__in=usernames)
    with transaction.atomic():
        for user in users:
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                continue
            device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
            record("account.two_factor_enrolled", user, actor_label="system", device=device.pk, demo=True)
            made += 1
    return made


class NoDemoDevice(Exception):
    pass


def demo_code(username: str) -> str:
    device = (
        TOTPDevice.objects.filter(user__username=username, confirmed=True, name=DEMO_DEVICE_NAME)
        .order_by("pk").first()
    )
    if device is None:
        raise NoDemoDevice(username)
    return current_code(device)


def reset_devices(username: str, *, actor_label: str = "system") -> int:
    """Remove a person's authenticators (lost phone): they enrol a new one at their next login."""
    user = get_user_model().objects.get(username=username)
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        record("account.two_factor_reset", user, actor_label=actor_label, devices=count)
    return count
