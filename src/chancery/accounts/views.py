"""Login (password, throttled by django-axes), the second factor, enrolment, the lockout page."""

from __future__ import annotations

import base64
import math
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from chancery.accounts import devices
from chancery.accounts.forms import CodeForm
from chancery.audit.services import record
from chancery.core.redirects import safe_next_url
from chancery.organization.selectors import is_leadership_only

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# A leader's landing page. Directives sit in a higher layer than accounts: named, not imported.
LEADERSHIP_HOME = "directives:home"


def landing_url(user: User) -> str:
    """Where a person lands after login when no ``next`` was given: the directives overview for
    someone whose only role is leadership, the cases queue (LOGIN_REDIRECT_URL) for the rest."""
    if is_leadership_only(user):
        return reverse(LEADERSHIP_HOME)
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _next_url(request: HttpRequest) -> str:
    return safe_next_url(request, landing_url(request.user))


def second_step_url(user: User, next_url: str) -> str:
    """Where a person who has given their password goes next: the code, or enrolment."""
    name = "two_factor_verify" if devices.confirmed_devices(user) else "two_factor_setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class LoginView(auth_views.LoginView):
    """Username and password. django-axes counts failures (its backend refuses a locked-out
    username before the password is even checked); the second factor follows."""

    template_name = "registration/login.html"

    def get_default_redirect_url(self) -> str:
        """Used when no safe ``next`` came with the form."""
        return landing_url(self.request.user)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record("account.logged_in", self.request.user, actor=self.request.user, request=self.request,
               factor="password")
        return response

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if devices.two_factor_required():
            return second_step_url(self.request.user, url)
        return url


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.get_username()}


def _locked(request: HttpRequest) -> bool:
    return not AxesProxyHandler.is_allowed(request, _credentials(request.user))


def _end_session_locked_out(request: HttpRequest) -> HttpResponse:
    username = request.user.get_username()
    logout(request)
    return locked_out(request, None, {"username": username})


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """The page shown while a username is locked out from this address (AXES_LOCKOUT_CALLABLE),
    with the wait left (chancery.accounts.lockout)."""
    username = (credentials or {}).get("username", "") if isinstance(credentials, dict) else ""
    wait = AxesProxyHandler.get_implementation().locked_for(request, credentials or None)
    record("account.locked_out", actor_label=(username or "anonymous")[:120], request=request,
           object_type="auth.user", object_id="", username=username)
    return render(request, "registration/locked_out.html", {
        "minutes": max(1, math.ceil(wait.total_seconds() / 60)),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }, status=429)


def _code_error(device_list: list[Any]) -> str:
    throttled = [d for d in device_list if not d.verify_is_allowed()[0]]
    if throttled:
        return _("Too many wrong codes. Wait a minute, then enter the code your app shows now.")
    return _("That code is not valid. Enter the code your app shows now.")


@sensitive_post_parameters("code")
@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second factor: the current code of one of the person's confirmed authenticators."""
    user = request.user
    next_url = _next_url(request)
    if getattr(user, "is_verified", lambda: False)():
        return redirect(next_url)
    device_list = devices.confirmed_devices(user)
    if not device_list:
        return redirect(second_step_url(user, next_url))
    if _locked(request):
        return _end_session_locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device = next(
            (d for d in device_list if django_otp.verify_token(user, d.persistent_id, code)), None
        )
        if device is not None:
            django_otp.login(request, device)
            request.session.cycle_key()
            record("account.two_factor_verified", user, actor=user, request=request, device=device.pk)
            return redirect(next_url)
        record("account.two_factor_failed", user, actor=user, request=request)
        # A wrong code counts towards the same lockout as a wrong password.
        user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
        if getattr(request, "axes_locked_out", False) or _locked(request):
            return _end_session_locked_out(request)
        form.add_error("code", _code_error(device_list))
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@sensitive_post_parameters("code")
@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the secret), then confirm a code."""
    user = request.user
    next_url = _next_url(request)
    if devices.confirmed_devices(user):
        # Replacing a device is an administrator's task (`chancery otp reset USERNAME`).
        if getattr(user, "is_verified", lambda: False)():
            return redirect(next_url)
        return redirect(second_step_url(user, next_url))
    if _locked(request):
        return _end_session_locked_out(request)
    device = devices.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            request.session.cycle_key()
            record("account.two_factor_enrolled", user, actor=user, request=request, device=device.pk)
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect(next_url)
        form.add_error("code", _code_error([device]))
    return render(request, "accounts/setup.html", {
        "form": form, "next": next_url, "qr": _qr_data_uri(device.config_url),
        "secret": devices.secret_for_display(device),
        "issuer": getattr(settings, "OTP_TOTP_ISSUER", "Chancery"),
    })
