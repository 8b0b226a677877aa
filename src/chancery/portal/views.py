"""The public side: catalogue, application, status. Applicants have no account: a tracking code
and an access key, once checked, open their case for this browser session."""

from __future__ import annotations

import hashlib
import json
import secrets

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chancery.audit.client_address import client_address
from chancery.cases import deadlines
from chancery.cases import selectors as case_selectors
from chancery.cases.forms import ApplicationForm, SupplementForm
from chancery.cases.held_files import HeldFiles
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case, HeldUpload
from chancery.cases.services import (
    AlreadySubmitted,
    CaseError,
    DocumentsMissing,
    allowed_transitions,
    apply_transition,
    save_application,
)
from chancery.organization.selectors import handling_units
from chancery.payments import fees
from chancery.portal import appointment_views
from chancery.portal.offices import OfficeFinder, find_office
from chancery.portal.session import applicant_case, opened_case, remember
from chancery.procedures.models import FIELD_LABELS, Procedure, ProcedureVersion
from chancery.procedures.selectors import (
    published_procedure,
    published_procedures,
    search_procedures,
)

# Tracking code -> the access key masked with a one-time pad, until the receipt shows it.
SESSION_RECEIPT = "receipt_key"
RECEIPT_PAD_COOKIE = "receipt_pad"
# procedure version id -> {document requirement: HeldUpload token}, for this browser only.
SESSION_HELD = "held_uploads"
# "version-<id>" (new application) or "case-<id>" (draft) -> the answers sent to the check page.
SESSION_PENDING = "pending_applications"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"procedures": published_procedures()[:6]})


def procedure_list(request: HttpRequest) -> HttpResponse:
    field = request.GET.get("field") or ""
    query = (request.GET.get("q") or "").strip()[:200]
    procedures = search_procedures(list(published_procedures()), query)
    if field:
        procedures = [p for p in procedures if p.current.field == field]
    return render(request, "portal/procedure_list.html", {
        "procedures": procedures, "fields": FIELD_LABELS, "field": field, "q": query,
    })


def _procedure(code: str) -> Procedure:
    procedure = published_procedure(code)
    if procedure is None:
        raise Http404
    return procedure


def _units_for(version) -> object:
    return handling_units(version).order_by("name_en")


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = _procedure(code)
    return render(request, "portal/procedure_detail.html", {
        "procedure": procedure, "version": procedure.current,
        "fee_schedule": fees.schedule(procedure.current.fee, procedure.current.handled_by),
        "units": _units_for(procedure.current), "finder": find_office(request, procedure.current),
    })


def _application_form(
    request: HttpRequest, version, case: Case | None, held: dict[str, HeldUpload],
    finder: OfficeFinder | None = None,
    data: dict[str, str] | None = None,
) -> ApplicationForm:
    """The form bound to what was just sent, or to `data` (the answers kept for the check page),
    or unbound with the answers kept so far (the draft's, then the ones sent to the check page)."""
    draft = data is None and request.POST.get("save") == "draft"
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
    elif finder is not None and finder.office is not None:
        initial["unit"] = finder.office.pk  # the one office serving the country picked
    pending = _pending(request, version, case)
    if pending and data is None and request.method != "POST":
        initial.update(pending["data"])
    if data is not None:
        bound, files = data, None
    else:
        bound, files = request.POST or None, request.FILES or None
    return ApplicationForm(
        bound, files, version=version,
        units=finder.form_units() if finder is not None else _units_for(version),
        draft=draft, uploaded=uploaded, held=held, initial=initial,
        ask_consent=case is None,  # a saved draft's consent is already recorded
    )


def _held_files(request: HttpRequest, version: ProcedureVersion) -> HeldFiles:
    return HeldFiles(request, version, session_key=SESSION_HELD, scope=str(version.pk))


def _pending_key(version, case: Case | None) -> str:
    return f"case-{case.pk}" if case else f"version-{version.pk}"


def _pending(request: HttpRequest, version, case: Case | None) -> dict | None:
    return request.session.get(SESSION_PENDING, {}).get(_pending_key(version, case))


def _set_pending(request: HttpRequest, version, case: Case | None, data: dict | None) -> None:
    key = _pending_key(version, case)
    pending = {k: v for k, v in request.session.get(SESSION_PENDING, {}).items() if k != key}
    if data is not None:
        pending[key] = {"data": data}
    request.session[SESSION_PENDING] = pending


def _digest(data: dict, tokens: dict[str, str]) -> str:
    """What the check page showed: answers and kept files. A confirmation of another state (the
    answers changed in another tab) is refused and the page shown again."""
    blob = json.dumps({"data": data, "files": tokens}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


def _urls(version, case: Case | None) -> tuple[str, str]:
    """The form's address and its check page's."""
    if case:
        return (reverse("portal:edit_draft", args=[case.tracking_code]),
                reverse("portal:edit_draft_check", args=[case.tracking_code]))
    return reverse("portal:apply", args=[version.code]), reverse("portal:apply_check", args=[version.code])


def _save(
    request: HttpRequest, version, case: Case | None, form: ApplicationForm,
    held: dict[str, HeldUpload], *, submit: bool, submission_token: str | None = None,
) -> HttpResponse | None:
    """Save (and submit) a valid form; the receipt, or None with the refusal on the form. The
    `submission_token` (the check page's digest of this browser's answers) makes a double click
    on "Send" one case: the second click is led to the first one's receipt."""
    files = _held_files(request, version)
    try:
        # Kept files count for the documents that apply and were not chosen again this time.
        with files.uploads(held, form.checked_uploads, form.shown_documents) as uploads:
            saved, key = save_application(
                version=version, unit=form.cleaned_data["unit"], applicant=form.applicant(),
                answers=form.answers(), uploads=uploads,
                submit=submit, case=case, request=request, consent=form.consent_given(),
                applicable_documents=form.shown_documents, submission_token=submission_token,
            )
    except AlreadySubmitted as repeat:
        _set_pending(request, version, case, None)
        remember(request, repeat.case)
        messages.info(request, repeat.message)
        return redirect("portal:receipt", code=repeat.case.tracking_code)
    except CaseError as exc:
        form.add_error(None, exc.message)
        return None
    files.used(held)
    _set_pending(request, version, case, None)
    remember(request, saved)
    response = redirect("portal:receipt", code=saved.tracking_code)
    if key:
        _hold_key_for_receipt(request, response, saved.tracking_code, key)
    return response


def _form_page(request: HttpRequest, version, case: Case | None, form: ApplicationForm,
               finder: OfficeFinder | None = None, status: int = 200) -> HttpResponse:
    # The form's own address, with the country picked (?country=) when there is one.
    action = _urls(version, case)[0] + (f"?{request.GET.urlencode()}" if request.GET else "")
    return render(request, "portal/apply.html", {
        "form": form, "version": version, "case": case,
        "groups": form.field_groups(), "form_action": action, "finder": finder,
    }, status=status)


def _correct_fields_message(request: HttpRequest) -> None:
    messages.error(request, _(
        "Please correct the marked fields. Your answers are kept, and so are the files that "
        "passed their checks: you need not choose them again."
    ))


def _handle_application(
    request: HttpRequest, version, case: Case | None
) -> HttpResponse:
    files = _held_files(request, version)
    held = files.files()
    # A new application asks where the person lives (?country=) to offer the right office.
    finder = find_office(request, version) if case is None else None
    form = _application_form(request, version, case, held, finder)
    if request.method == "POST":
        if form.is_valid():
            if request.POST.get("save") == "draft":
                saved = _save(request, version, case, form, held, submit=False)
                if saved is not None:
                    return saved
            else:
                # Not sent yet: the applicant checks every answer first (check_answers).
                files.keep(held, form.checked_uploads)
                _set_pending(request, version, case, {
                    name: request.POST[name] for name in form.fields if name in request.POST
                    and not name.startswith("doc_") and form.is_shown(name)
                })
                return redirect(_urls(version, case)[1])
        elif form.checked_uploads:
            form.keep(files.files(files.keep(held, form.checked_uploads)))
        _correct_fields_message(request)
    return _form_page(request, version, case, form, finder)


def _check_answers(request: HttpRequest, version, case: Case | None) -> HttpResponse:
    """Every answer and document before sending, with a way back to change each; the confirmation
    validates the kept answers and files again: nothing on this page is trusted."""
    form_url, check_url = _urls(version, case)
    pending = _pending(request, version, case)
    if pending is None:
        return redirect(form_url)
    if request.method == "POST" and case is None:
        # A second click on "Send" before the first one's answer came back: its files are used
        # already, so look for the case the first click made before checking anything else.
        earlier = case_selectors.case_submitted_with(request.POST.get("digest", ""),
                                                     pending["data"].get("applicant_email", ""))
        if earlier is not None:
            _set_pending(request, version, case, None)
            remember(request, earlier)
            messages.info(request, _("This application was already sent; its tracking code is %(code)s.")
                          % {"code": earlier.tracking_code})
            return redirect("portal:receipt", code=earlier.tracking_code)
    held = _held_files(request, version).files()
    form = _application_form(request, version, case, held, data=pending["data"])
    if not form.is_valid():
        # e.g. a kept file expired, or the office stopped handling the procedure
        _correct_fields_message(request)
        return _form_page(request, version, case, form)
    digest = _digest(pending["data"], {code: h.token for code, h in held.items()})
    if request.method == "POST":
        if request.POST.get("digest") != digest:
            messages.warning(request, _("Your answers changed since this page was shown. "
                                        "Please check them again."))
            return redirect(check_url)
        response = _save(request, version, case, form, held, submit=True, submission_token=digest)
        if response is not None:
            return response
        return _form_page(request, version, case, form)
    documents = []
    for doc in version.documents:
        if doc["code"] not in form.shown_documents:
            continue
        if doc["code"] in held:
            sent = held[doc["code"]].original_name
        elif doc["code"] in form.uploaded:
            sent = _("already received")
        else:
            sent = ""
        documents.append((f"id_doc_{doc['code']}", version.text(doc["name"]), sent))
    unit = form.cleaned_data.get("unit") or (case.unit if case else None)
    return render(request, "portal/check_answers.html", {
        "version": version, "case": case, "rows": form.summary(), "documents": documents,
        "form_url": form_url, "check_url": check_url, "digest": digest,
        # The fee these answers cost at the chosen office (the office may still adjust it).
        "fee_quote": fees.compute_fee(version.fee, form.answers(), getattr(unit, "kind", None)),
    })


def apply(request: HttpRequest, code: str) -> HttpResponse:
    return _handle_application(request, _procedure(code).current, None)


def apply_check(request: HttpRequest, code: str) -> HttpResponse:
    return _check_answers(request, _procedure(code).current, None)


def edit_draft(request: HttpRequest, code: str) -> HttpResponse:
    case = applicant_case(request, code)
    if case.status != Status.DRAFT:
        return redirect("portal:status", code=case.tracking_code)
    return _handle_application(request, case.procedure_version, case)


def edit_draft_check(request: HttpRequest, code: str) -> HttpResponse:
    case = applicant_case(request, code)
    if case.status != Status.DRAFT:
        return redirect("portal:status", code=case.tracking_code)
    return _check_answers(request, case.procedure_version, case)


def _hold_key_for_receipt(request: HttpRequest, response: HttpResponse, code: str, key: str) -> None:
    """Keep a new case's access key until the receipt shows it, without storing it anywhere.

    The session store (a database row on the server) gets the key XORed with a random pad of
    the same length; the pad goes to this browser only, in a cookie limited to the receipt's
    address and ten minutes. Neither half tells anything about the key alone (a one-time pad);
    the receipt joins them, shows the key once and drops both. A browser that never comes for
    its receipt leaves a masked value that nothing can unmask once the cookie is gone; the key
    is also in the e-mail."""
    raw = key.encode()
    pad = secrets.token_bytes(len(raw))
    request.session[SESSION_RECEIPT] = {code: bytes(a ^ b for a, b in zip(raw, pad, strict=True)).hex()}
    response.set_cookie(
        RECEIPT_PAD_COOKIE, pad.hex(), max_age=600, path=reverse("portal:receipt", args=[code]),
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )


def _key_for_receipt(request: HttpRequest, response: HttpResponse, code: str) -> str | None:
    """The key held for this receipt, once: both halves are dropped whether they match or not."""
    masked = request.session.pop(SESSION_RECEIPT, {}).get(code)
    pad = request.COOKIES.get(RECEIPT_PAD_COOKIE)
    response.delete_cookie(RECEIPT_PAD_COOKIE, path=reverse("portal:receipt", args=[code]))
    if not masked or not pad:
        return None
    try:
        masked_bytes, pad_bytes = bytes.fromhex(masked), bytes.fromhex(pad)
    except ValueError:
        return None
    if len(masked_bytes) != len(pad_bytes):
        return None
    return bytes(a ^ b for a, b in zip(masked_bytes, pad_bytes, strict=True)).decode(errors="replace")


@never_cache
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    case = applicant_case(request, code)
    response = HttpResponse()
    access_key = _key_for_receipt(request, response, case.tracking_code)
    response.content = render_to_string("portal/receipt.html", {
        "case": case, "access_key": access_key, "visit": appointment_views.visit(case),
    }, request=request)
    return response


LOOKUP_FAILED = _lazy("We found no application with this tracking code and access key. "
                      "Check both and try again.")


def _check_key(request: HttpRequest) -> tuple[HttpResponse | None, str | None, int]:
    """The posted code and key, through the lookup's throttle (the lookup page and a status
    link opened on another device alike): a redirect to the status page, or the error to show."""
    try:
        case = case_selectors.lookup_for_client(
            client_address(request), request.POST.get("code", ""),
            request.POST.get("key", ""),
        )
    except case_selectors.LookupThrottled:
        error = _("Too many unsuccessful attempts. Please wait %(minutes)d minutes and try again.") % {
            "minutes": settings.STATUS_LOOKUP_WINDOW_SECONDS // 60
        }
        return None, error, 429
    if case is None:
        return None, str(LOOKUP_FAILED), 404
    remember(request, case)
    return redirect("portal:status", code=case.tracking_code), None, 302


def status_lookup(request: HttpRequest) -> HttpResponse:
    error = None
    status = 200
    if request.method == "POST":
        response, error, status = _check_key(request)
        if response is not None:
            return response
    return render(request, "portal/status_lookup.html", {
        "error": error, "code": request.POST.get("code", ""),
    }, status=status)


def payment_offer(case: Case) -> object:
    from chancery.portal.payment_views import payment_offer as offer  # it imports this module

    return offer(case)


def paid_payments(case: Case) -> object:
    from chancery.portal.payment_views import paid_payments as paid  # it imports this module

    return paid(case)


def _status_page(
    request: HttpRequest, case: Case, supplement_form: SupplementForm | None = None, status: int = 200
) -> HttpResponse:
    if supplement_form is None and case.awaiting_documents:
        held = _case_held_files(request, case).files()
        supplement_form = SupplementForm(case=case, held=held)
    send_url = None
    if case.status == Status.COMPLETION_REQUESTED:
        send_url = reverse("portal:complete", args=[case.tracking_code])
    elif case.status == Status.SUPPLEMENT_REQUESTED:
        send_url = reverse("portal:supplement", args=[case.tracking_code])
    return render(request, "portal/status.html", {
        "case": case,
        "clock": deadlines.clock_state(case),
        "events": case_selectors.public_timeline(case),
        "documents": case_selectors.documents_by_requirement(case),
        "supplement_form": supplement_form,
        "send_url": send_url,
        "can_withdraw": any(
            t.action == "withdraw" for t in allowed_transitions(case, user=None, applicant=True)
        ),
        "payment_offer": payment_offer(case),
        "visit": appointment_views.visit(case),
        "paid_payments": paid_payments(case),
    }, status=status)


def status(request: HttpRequest, code: str) -> HttpResponse:
    """A case this browser opened shows; otherwise (the link of an e-mail opened on another
    device, say) the page asks for the access key with the code filled in, and answers the same
    whether or not the code exists."""
    case = opened_case(request, code)
    if case is not None:
        if request.method == "POST":
            return redirect("portal:status", code=case.tracking_code)
        return _status_page(request, case)
    error, status_code = None, 200
    if request.method == "POST":
        response, error, status_code = _check_key(request)
        if response is not None:
            return response
    return render(request, "portal/status_lookup.html", {
        "error": error, "code": request.POST.get("code", code), "from_link": True,
    }, status=status_code)


def _case_held_files(request: HttpRequest, case: Case) -> HeldFiles:
    """Files this browser sent for a request of the office that were kept."""
    return HeldFiles(request, case.procedure_version, session_key=SESSION_HELD, scope=f"case-{case.pk}")


def _send_documents(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """The applicant's answer to the office's request for documents: one file per document it
    named. A refusal shows the form again with the message next to the field, and keeps the files
    that passed their checks for this browser, so they need not be chosen again."""
    case = applicant_case(request, code)
    files = _case_held_files(request, case)
    held = files.files()
    form = SupplementForm(request.POST, request.FILES, case=case, held=held)
    if form.is_valid():
        try:
            with files.uploads(held, form.checked_uploads) as documents:
                apply_transition(
                    case, action, actor=None, applicant=True, expected_version=case.version,
                    reason=form.cleaned_data["note"], documents=documents,
                    uploads=form.free_uploads(), request=request,
                )
        except DocumentsMissing as exc:
            for requirement in exc.missing:
                if f"doc_{requirement}" in form.fields:
                    form.add_error(f"doc_{requirement}", _("Please attach this document."))
            form.add_error(None, exc.message)
        except CaseError as exc:
            # Not (or no longer) asked for: the status page says why, without an upload form.
            messages.error(request, exc.message)
            return redirect("portal:status", code=case.tracking_code)
        else:
            files.used(held)
            messages.success(request, _("Thank you. Your documents were sent to the office."))
            return redirect("portal:status", code=case.tracking_code)
    if form.checked_uploads:
        form.keep(files.files(files.keep(held, form.checked_uploads)))
    return _status_page(request, case, supplement_form=form, status=400)


@require_POST
def provide_supplement(request: HttpRequest, code: str) -> HttpResponse:
    return _send_documents(request, code, "provide_supplement")


@require_POST
def complete_dossier(request: HttpRequest, code: str) -> HttpResponse:
    return _send_documents(request, code, "complete_dossier")


def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Withdrawal cannot be undone, so it takes two steps that work without JavaScript: the
    question (a GET, or the status page's form) shows this page, and only its POST with
    `confirm=yes` withdraws."""
    case = applicant_case(request, code)
    reason = request.POST.get("reason", "")[:500]
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            apply_transition(
                case, "withdraw", actor=None, applicant=True, expected_version=case.version,
                reason=reason, request=request,
            )
        except CaseError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your application was withdrawn."))
        return redirect("portal:status", code=case.tracking_code)
    if not any(t.action == "withdraw" for t in allowed_transitions(case, user=None, applicant=True)):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("portal:status", code=case.tracking_code)
    return render(request, "portal/withdraw_confirm.html", {"case": case, "reason": reason})
