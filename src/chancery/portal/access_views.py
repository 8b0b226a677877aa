"""Coming back without an account (see cases/access.py): "I lost my code or key" and
"My applications" by a sign-in link sent to the e-mail address used to apply.

Every request for an e-mail gets the same page whether or not the address is known; only a
malformed address (a message next to the field) and the rate limit (429) answer otherwise."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chancery.audit.client_address import client_address
from chancery.cases import access
from chancery.cases import selectors as case_selectors
from chancery.portal.session import sign_in as sign_in_session
from chancery.portal.session import signed_in_email


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("The e-mail address you gave when you applied"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


def _client(request: HttpRequest) -> str | None:
    # The same client address the status lookup's throttle counts against.
    return client_address(request)


def _throttled() -> str:
    return _("Too many requests for e-mails. Please wait %(minutes)d minutes and try again.") % {
        "minutes": settings.APPLICANT_MAIL_WINDOW_SECONDS // 60
    }


def _email_request(request: HttpRequest, ask, template: str, context: dict) -> HttpResponse:
    """The form, then the same "check your e-mail" page for every well-formed address."""
    form = EmailForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ask(email=form.cleaned_data["email"], client=_client(request), request=request)
            except access.MailThrottled:
                error, status = _throttled(), 429
            else:
                return render(request, "portal/email_sent.html", context)
        else:
            status = 400
    return render(request, template, {"form": form, "error": error, **context}, status=status)


def lost_key(request: HttpRequest) -> HttpResponse:
    """"I lost my code or key": new keys for every application of the address, by e-mail."""
    return _email_request(request, access.ask_for_new_keys, "portal/lost_key.html", {"kind": "keys"})


@never_cache
def my_applications(request: HttpRequest) -> HttpResponse:
    """Signed in by a link: every application made with the address. Otherwise: ask for a link."""
    email = signed_in_email(request)
    if email is None:
        return _email_request(request, access.ask_for_sign_in_link, "portal/sign_in_request.html",
                              {"kind": "link", "minutes": settings.SIGN_IN_LINK_MINUTES})
    return render(request, "portal/my_applications.html", {
        "email": email, "cases": case_selectors.applications_of(email),
    })


@never_cache
def sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link shows a button; pressing it uses the link. A GET never uses it, so the
    link checkers of mail services (which open every link of an e-mail) cannot spend it."""
    if request.method == "POST":
        email = access.use_sign_in_link(token=token, request=request)
        if email is not None:
            sign_in_session(request, email)
            return redirect("portal:my_applications")
        usable = False
    else:
        usable = access.sign_in_link_usable(token)
    return render(request, "portal/sign_in.html", {
        "usable": usable, "signed_in": signed_in_email(request) is not None,
        "minutes": settings.SIGN_IN_LINK_MINUTES,
    }, status=200 if usable else 410)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Forget everything this browser opened (cases and the signed-in address)."""
    request.session.flush()
    return redirect("portal:home")
