"""Show staff times in their own office's time zone (an embassy in Paris works in Paris time)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from chancery.organization.selectors import _memberships


class StaffTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zones: set[str] = set()
        # Without a session cookie nobody is logged in: the public's requests load no user.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            zones = {m.unit.time_zone for m in _memberships(getattr(request, "user", None))}
        if len(zones) == 1:
            timezone.activate(ZoneInfo(zones.pop()))
        else:
            timezone.deactivate()
        return self.get_response(request)
