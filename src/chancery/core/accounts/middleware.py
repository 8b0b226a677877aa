"""Two-factor enforcement and the security headers Django's SecurityMiddleware does not set."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from chancery.core.accounts import devices

# Reachable by a person who has given a password but not yet a code: public pages, the API (its
# own bearer tokens), and the pages that complete or end the login.
PUBLIC_NAMESPACES = {"portal", "api"}
OPEN_URL_NAMES = {"login", "logout", "two_factor_verify", "two_factor_setup", "set_language"}


class RequireTwoFactorMiddleware:
    """Deny by default: when two factors are required, a logged-in person who has not given a
    code reaches nothing but the public pages and the login pages; the staff pages, /admin/ and
    any future non-public page redirect to the code (or enrolment) page.

    Goes after django_otp's OTPMiddleware (which provides ``user.is_verified()``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
                     ) -> HttpResponse | None:
        if not devices.two_factor_required():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        match = request.resolver_match
        if match is not None and (
            (match.namespaces and match.namespaces[0] in PUBLIC_NAMESPACES)
            or (not match.namespaces and match.url_name in OPEN_URL_NAMES)
        ):
            return None
        from chancery.core.accounts.views import second_step_url

        return redirect(second_step_url(user, request.get_full_path()))


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY (Django has no setting for this header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
