"""Two-factor enforcement, staff-only areas, and the security headers Django's
SecurityMiddleware does not set."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from chancery.accounts import devices

if TYPE_CHECKING:
    from django.contrib.auth.models import User

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
        from chancery.accounts.views import second_step_url

        return redirect(second_step_url(user, request.get_full_path()))


class StaffOnlyAreasMiddleware:
    """The administration (``/admin/``) and the API's documentation page (``/api/v1/docs``) are
    for staff only, unless settings ADMIN_OPEN / API_DOCS_OPEN open them:

    - nobody logged in: sent to the one login page (password, then the code), never to the
      admin's own login form;
    - logged in without the second factor: sent to the code page;
    - logged in, not staff: 404, as if the area did not exist.

    Staff means Django's ``is_staff`` for the administration, and holding a role in a unit (or
    ``is_staff``) for the API documentation. Goes after RequireTwoFactorMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
                     ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or not match.namespaces:
            return None
        if match.namespaces[0] == "admin" and not settings.ADMIN_OPEN:
            is_staff = _is_admin_staff
            back = (request.GET.get("next") or reverse("admin:index")) if match.url_name == "login" else ""
        elif match.namespaces[0] == "api" and match.url_name == "openapi-view" and not settings.API_DOCS_OPEN:
            is_staff = _is_unit_staff
            back = ""
        else:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return redirect(f"{reverse('login')}?{urlencode({'next': back or request.get_full_path()})}")
        is_verified = getattr(user, "is_verified", None)
        if devices.two_factor_required() and is_verified is not None and not is_verified():
            from chancery.accounts.views import second_step_url

            return redirect(second_step_url(user, back or request.get_full_path()))
        if not is_staff(user):
            raise Http404
        if back:  # the admin's own login form, for someone already logged in as staff
            return redirect(reverse("admin:index"))
        return None


def _is_admin_staff(user: User) -> bool:
    return bool(user.is_active and user.is_staff)


def _is_unit_staff(user: User) -> bool:
    from chancery.organization.selectors import is_staff_member

    return bool(user.is_active and (user.is_staff or is_staff_member(user)))


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
