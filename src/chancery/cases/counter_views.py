"""Staff pages for dossiers handed in at the counter: choose the procedure, fill the same form
as online (cases.forms.ApplicationForm) with the scanned documents, print the receipt."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chancery.cases.counter import counter_units, receive_at_counter, register_at_counter
from chancery.cases.forms import ApplicationForm
from chancery.cases.held_files import HeldFiles
from chancery.cases.models import Case, NoticeKind
from chancery.cases.notifications import status_url
from chancery.cases.services import AlreadySubmitted, CaseError
from chancery.organization.decorators import staff_required
from chancery.procedures.selectors import current_version, published_procedures

SESSION_HELD = "counter_held"


class CounterForm(ApplicationForm):
    """The online form, worded for the officer, with the applicant's e-mail optional and the
    choice to receive a complete dossier at once."""

    receive_now = forms.BooleanField(
        label=_lazy("The dossier is complete: receive it now (issues the receipt and starts the "
                    "processing time)"),
        required=False,
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, ask_consent=True, **kwargs)
        self.fields["unit"].label = _lazy("Office")
        self.fields["applicant_name"].label = _lazy("Applicant's full name")
        email = self.fields["applicant_email"]
        email.required = False
        email.label = _lazy("Applicant's e-mail (optional)")
        email.help_text = _lazy("Without an address, the printed receipt is the applicant's only "
                                "record of the tracking code and access key.")
        self.fields["applicant_phone"].label = _lazy("Applicant's phone")
        self.fields["consent"].label = _lazy(
            "The applicant has read the privacy notice and agrees to their personal data being "
            "processed for this application.")
        self.fields["consent"].error_messages["required"] = _lazy(
            "Please confirm that the applicant agreed to the privacy notice.")

    def field_groups(self) -> dict[str, list[forms.BoundField]]:
        groups = super().field_groups()
        groups["applicant"] = [f for f in groups["applicant"] if f.name not in ("receive_now", "token")]
        return groups


def _procedures_for(units: Any) -> list[Any]:
    kinds = {unit.kind for unit in units}
    return [p for p in published_procedures() if kinds & set(p.current.handled_by)]


@staff_required
def choose(request: HttpRequest) -> HttpResponse:
    units = list(counter_units(request.user))
    if not units:
        raise PermissionDenied
    return render(request, "cases/counter_choose.html", {"procedures": _procedures_for(units)})


def _held_files(request: HttpRequest, version: Any) -> HeldFiles:
    return HeldFiles(request, version, session_key=SESSION_HELD, scope=str(version.pk))


@staff_required
def register(request: HttpRequest, code: str) -> HttpResponse:
    version = current_version(code)
    if version is None:
        raise Http404
    units = counter_units(request.user).filter(kind__in=version.handled_by)
    if not units.exists():
        raise PermissionDenied
    files = _held_files(request, version)
    held = files.files()
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        if not data.get("token"):  # one token per form: sending it twice makes one case
            data["token"] = secrets.token_hex(16)
    form = CounterForm(data, request.FILES or None, version=version, units=units,
                       held=held, initial={"token": secrets.token_hex(16)})
    if request.method == "POST":
        if form.is_valid():
            response = _register(request, form, files, held)
            if response is not None:
                return response
        elif form.checked_uploads:  # kept for this officer's session: not chosen again
            form.keep(files.files(files.keep(held, form.checked_uploads)))
        messages.error(request, _("Please correct the marked fields. What you typed is kept, and so "
                                  "are the files that passed their checks."))
    return render(request, "cases/counter_form.html", {
        "form": form, "version": version, "groups": form.field_groups(),
    }, status=400 if form.is_bound else 200)


def _register(request: HttpRequest, form: CounterForm, files: HeldFiles, held: dict) -> HttpResponse | None:
    try:
        with files.uploads(held, form.checked_uploads, form.shown_documents) as uploads:
            case, key = register_at_counter(
                officer=request.user, version=files.version, unit=form.cleaned_data["unit"],
                applicant=form.applicant(), answers=form.answers(), uploads=uploads,
                consent=form.consent_given(),
                submission_token=form.cleaned_data.get("token") or None, request=request,
            )
    except AlreadySubmitted as repeat:
        messages.info(request, repeat.message)
        return redirect("cases:detail", code=repeat.case.tracking_code)
    except CaseError as exc:
        form.add_error(None, exc.message)
        return None
    files.used(held)
    problem = None
    if form.cleaned_data["receive_now"]:
        problem = receive_at_counter(case, officer=request.user, request=request)
        case.refresh_from_db()
    return _receipt(request, case, key, problem)


def _receipt(request: HttpRequest, case: Case, key: str | None, problem: str | None) -> HttpResponse:
    """The slip the officer prints for the applicant: the key is shown on this response only."""
    receipt = case.notices.filter(kind=NoticeKind.RECEIPT).order_by("-issued_at").first()
    return render(request, "cases/counter_receipt.html", {
        "case": case, "status_url": status_url(case), "access_key": key,
        "receipt_notice": receipt, "problem": problem,
    })
