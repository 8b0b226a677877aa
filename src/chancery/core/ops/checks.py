"""Deployment checks of our own, run by `chancery check --deploy` next to Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

DEMO_KEY_PREFIX = "insecure-demo-key"


def register_all() -> None:
    checks.register(check_production_settings, checks.Tags.security, deploy=True)


def check_production_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    if settings.SECRET_KEY.startswith(DEMO_KEY_PREFIX):
        messages.append(checks.Warning(
            "SECRET_KEY is the built-in demo key.",
            hint="Set SECRET_KEY to 50 or more random characters, the same on every web process.",
            id="chancery.W001",
        ))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        messages.append(checks.Warning(
            "The database is SQLite: fine for a demo, not for concurrent officers.",
            hint="Set DATABASE_URL=postgres://user:password@host:5432/chancery.",
            id="chancery.W002",
        ))
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.TRUSTED_PROXY_COUNT <= 0:
        messages.append(checks.Warning(
            "HTTPS=1 says a proxy is in front, but TRUSTED_PROXY_COUNT is 0: every request seems to "
            "come from the proxy, so one client's failed lookups or logins limit everybody.",
            hint="Set TRUSTED_PROXY_COUNT to the number of your own proxies in front of gunicorn "
                 "(nginx alone: 1). See docs/deployment.md, 'Client addresses'.",
            id="chancery.W003",
        ))
    if settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
        messages.append(checks.Info(
            "Background work (e-mails, reminders) runs inside web requests.",
            hint="Set TASKS_BACKEND=database and run `chancery worker` and one `chancery scheduler`.",
            id="chancery.I001",
        ))
    if settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")):
        messages.append(checks.Info(
            "E-mail is not sent anywhere (EMAIL_BACKEND is the console).",
            hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST.",
            id="chancery.I002",
        ))
    return messages
