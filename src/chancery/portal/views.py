"""The public side: catalogue, application, status. Applicants have no account: a tracking code
and an access key, once checked, open their case for this browser session."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.audit.client_address import client_address
from chancery.cases import selectors as case_selectors
from chancery.cases.forms import ApplicationForm, SupplementForm
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case, HeldUpload
from chancery.cases.services import (
    CaseError,
    allowed_transitions,
    apply_transition,
    discard_held_uploads,
    held_as_uploads,
    hold_uploads,
    save_application,
)
from chancery.organization.models import Unit
from chancery.procedures.models import FIELD_LABELS, Procedure
from chancery.procedures.selectors import published_procedure, published_procedures

SESSION_CASES = "applicant_cases"
# procedure version id -> {document requirement: HeldUpload token}, for this browser only.
SESSION_HELD = "held_uploads"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"procedures": published_procedures()[:6]})


def procedure_list(request: HttpRequest) -> HttpResponse:
    field = request.GET.get("field") or ""
    procedures = list(published_procedures())
    if field:
        procedures = [p for p in procedures if p.current.field == field]
    return render(request, "portal/procedure_list.html", {
        "procedures": procedures, "fields": FIELD_LABELS, "field": field,
    })


def _procedure(code: str) -> Procedure:
    procedure = published_procedure(code)
    if procedure is None:
        raise Http404
    return procedure


def _units_for(version) -> object:  # noqa: ANN001
    return Unit.objects.filter(is_active=True, kind__in=version.handled_by).order_by("name_en")


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = _procedure(code)
    return render(request, "portal/procedure_detail.html", {
        "procedure": procedure, "version": procedure.current,
        "units": _units_for(procedure.current),
    })


def _remember(request: HttpRequest, case: Case) -> None:
    ids = set(request.session.get(SESSION_CASES, []))
    ids.add(case.pk)
    request.session[SESSION_CASES] = sorted(ids)


def _applicant_case(request: HttpRequest, code: str) -> Case:
    """Only a case this browser unlocked with its key; anything else is 404."""
    case = Case.objects.select_related("procedure_version", "unit").filter(
        tracking_code=code, pk__in=request.session.get(SESSION_CASES, [])
    ).first()
    if case is None:
        raise Http404
    return case


def _application_form(
    request: HttpRequest, version, case: Case | None, held: dict[str, HeldUpload]  # noqa: ANN001
) -> ApplicationForm:
    draft = request.POST.get("save") == "draft"
    uploaded = set(case.documents.values_list("requirement", flat=True)) if case else set()
    initial = {}
    if case:
        initial = {
            "unit": case.unit_id, "applicant_name": case.applicant_name,
            "applicant_email": case.applicant_email, "applicant_phone": case.applicant_phone,
            **{f"f_{k}": v for k, v in case.data.items()},
        }
    elif request.GET.get("unit"):
        initial["unit"] = request.GET["unit"]
    return ApplicationForm(
        request.POST or None, request.FILES or None, version=version,
        units=_units_for(version), draft=draft, uploaded=uploaded, held=held, initial=initial,
    )


def _held_tokens(request: HttpRequest, version) -> dict[str, str]:  # noqa: ANN001
    return request.session.get(SESSION_HELD, {}).get(str(version.pk), {})


def _set_held_tokens(request: HttpRequest, version, tokens: dict[str, str]) -> None:  # noqa: ANN001
    held = {k: v for k, v in request.session.get(SESSION_HELD, {}).items() if k != str(version.pk)}
    if tokens:
        held[str(version.pk)] = tokens
    request.session[SESSION_HELD] = held


def _handle_application(
    request: HttpRequest, version, case: Case | None  # noqa: ANN001
) -> HttpResponse:
    held = case_selectors.held_uploads(version, _held_tokens(request, version))
    form = _application_form(request, version, case, held)
    if request.method == "POST":
        if form.is_valid():
            submit = request.POST.get("save") != "draft"
            # Kept files count for the documents not chosen again this time.
            kept = held_as_uploads(h for code, h in held.items() if code not in form.checked_uploads)
            saved = None
            try:
                saved, key = save_application(
                    version=version, unit=form.cleaned_data["unit"], applicant=form.applicant(),
                    answers=form.answers(),
                    uploads={**kept, **dict(form.checked_uploads)},
                    submit=submit, case=case, request=request,
                )
            except CaseError as exc:
                form.add_error(None, exc.message)
            finally:
                for upload, _checked in kept.values():
                    upload.close()
            if saved is not None:
                discard_held_uploads(held.values(), why="used", request=request)
                _set_held_tokens(request, version, {})
                _remember(request, saved)
                if key:
                    request.session["receipt_key"] = {saved.tracking_code: key}
                return redirect("portal:receipt", code=saved.tracking_code)
        elif form.checked_uploads:
            # The files that passed their checks are kept for this browser (they replace any
            # kept before for the same document).
            discard_held_uploads((h for code, h in held.items() if code in form.checked_uploads),
                                 why="replaced", request=request)
            tokens = {code: h.token for code, h in held.items() if code not in form.checked_uploads}
            tokens.update(hold_uploads(version, dict(form.checked_uploads), request=request))
            _set_held_tokens(request, version, tokens)
            form.keep(case_selectors.held_uploads(version, tokens))
        messages.error(request, _(
            "Please correct the marked fields. Your answers are kept, and so are the files that "
            "passed their checks: you need not choose them again."
        ))
    return render(request, "portal/apply.html", {
        "form": form, "version": version, "case": case,
        "groups": form.field_groups(),
    })


def apply(request: HttpRequest, code: str) -> HttpResponse:
    return _handle_application(request, _procedure(code).current, None)


def edit_draft(request: HttpRequest, code: str) -> HttpResponse:
    case = _applicant_case(request, code)
    if case.status != Status.DRAFT:
        return redirect("portal:status", code=case.tracking_code)
    return _handle_application(request, case.procedure_version, case)


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    case = _applicant_case(request, code)
    keys = request.session.get("receipt_key", {})
    return render(request, "portal/receipt.html", {
        "case": case, "access_key": keys.get(case.tracking_code),
    })


def status_lookup(request: HttpRequest) -> HttpResponse:
    error = None
    status = 200
    if request.method == "POST":
        try:
            case = case_selectors.lookup_for_client(
                client_address(request), request.POST.get("code", ""),
                request.POST.get("key", ""),
            )
        except case_selectors.LookupThrottled:
            error = _("Too many unsuccessful attempts. Please wait %(minutes)d minutes and try again.") % {
                "minutes": settings.STATUS_LOOKUP_WINDOW_SECONDS // 60
            }
            status = 429
        else:
            if case is None:
                error = _("We found no application with this tracking code and access key. "
                          "Check both and try again.")
                status = 404
            else:
                _remember(request, case)
                return redirect("portal:status", code=case.tracking_code)
    return render(request, "portal/status_lookup.html", {
        "error": error, "code": request.POST.get("code", ""),
    }, status=status)


def _status_page(
    request: HttpRequest, case: Case, supplement_form: SupplementForm | None = None, status: int = 200
) -> HttpResponse:
    if supplement_form is None and case.status == Status.SUPPLEMENT_REQUESTED:
        supplement_form = SupplementForm()
    return render(request, "portal/status.html", {
        "case": case,
        "events": case_selectors.timeline(case),
        "documents": case.documents.all(),
        "supplement_form": supplement_form,
        "can_withdraw": any(
            t.action == "withdraw" for t in allowed_transitions(case, user=None, applicant=True)
        ),
    }, status=status)


def status(request: HttpRequest, code: str) -> HttpResponse:
    return _status_page(request, _applicant_case(request, code))


@require_POST
def provide_supplement(request: HttpRequest, code: str) -> HttpResponse:
    case = _applicant_case(request, code)
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            apply_transition(
                case, "provide_supplement", actor=None, applicant=True,
                expected_version=case.version, reason=form.cleaned_data["note"],
                uploads=form.cleaned_data["files"], request=request,
            )
        except CaseError as exc:
            # Not (or no longer) asked for: the status page says why, without an upload form.
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Thank you. Your documents were sent to the office."))
        return redirect("portal:status", code=case.tracking_code)
    return _status_page(request, case, supplement_form=form, status=400)


@require_POST
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    case = _applicant_case(request, code)
    try:
        apply_transition(
            case, "withdraw", actor=None, applicant=True, expected_version=case.version,
            reason=request.POST.get("reason", ""), request=request,
        )
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("portal:status", code=case.tracking_code)
