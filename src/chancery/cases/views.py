"""The officer's workbench: the unit's queue, a case, its actions, its documents."""

from __future__ import annotations

from datetime import date, datetime

from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from chancery.audit.services import record
from chancery.cases import assignment, deadlines, selectors
from chancery.cases.counter import counter_units
from chancery.cases.forms import ReasonForm
from chancery.cases.lifecycle import TRANSITIONS, WORKING, Status
from chancery.cases.models import Case
from chancery.cases.services import (
    CaseError,
    InvalidRequirements,
    ReasonRequired,
    allowed_transitions,
    apply_transition,
    issue_apology,
)
from chancery.core.contributions import contributions
from chancery.core.downloads import file_download, inline_kind
from chancery.organization.decorators import staff_required
from chancery.organization.selectors import decider_unit_ids, may_decide, may_work_cases, visible_units
from chancery.procedures.selectors import published_procedures


def _without_page(params: QueryDict) -> str:
    """The filters, URL-encoded, for the links to other pages ("Hà & Co" must survive)."""
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _with_all_statuses(params: QueryDict) -> str:
    """The same search over every status (closed cases too)."""
    kept = params.copy()
    kept.pop("page", None)
    kept["status"] = selectors.ALL_STATUSES
    return kept.urlencode()


def _days_ago(today: date, moment: datetime | None) -> str:
    """How long a case has waited, in the officer's calendar days (a queue is read in days)."""
    if moment is None:
        return ""
    days = (today - timezone.localdate(moment)).days
    if days <= 0:
        return _("today")
    return ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}


def _prepare_rows(cases: list[Case], now: datetime) -> None:
    """What each row shows, worked out once per page rather than by the template row after row
    (an officer's page holds 50): labels, and links from one reversed URL (codes are URL-safe)."""
    statuses = {status.value: str(status.label) for status in Status}
    timeliness = {key: str(label) for key, label in deadlines.TIMELINESS_LABELS.items()}
    link = reverse("cases:detail", args=["CODE"])
    today = timezone.localdate(now)
    for case in cases:
        case.timeliness_now = deadlines.case_timeliness(case, now)
        case.timeliness_label = timeliness.get(case.timeliness_now, "")
        case.status_label = statuses[case.status]
        case.detail_url = link.replace("CODE", case.tracking_code)
        case.procedure_name = case.procedure_version.name
        case.age_label = _days_ago(today, case.submitted_at)


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    params = request.GET
    unit = params.get("unit")
    cases = selectors.queue(
        request.user,
        status=params.get("status") or None,
        procedure=params.get("procedure") or None,
        unit=int(unit) if unit and unit.isdigit() else None,
        open_only=params.get("open", "1") == "1" and not params.get("status"),
        search=(params.get("q") or "").strip() or None,
        timeliness=params.get("timeliness") or None,
        order=params.get("order", "oldest"),
        desk=params.get("desk") if params.get("desk") in ("mine", "awaiting") else None,
    )
    page = Paginator(cases, 50).get_page(params.get("page"))
    now = timezone.now()
    units = list(visible_units(request.user))
    page.object_list = selectors.attach_related(page.object_list, units)
    _prepare_rows(page.object_list, now)
    return render(request, "cases/queue.html", {
        "page": page,
        "statuses": [s for s in Status if s != Status.DRAFT],
        "procedures": published_procedures(),
        "units": units,
        "params": params,
        "timeliness_choices": deadlines.TIMELINESS_LABELS,
        "querystring": _without_page(params),
        "all_statuses_query": _with_all_statuses(params),
        "may_register": counter_units(request.user).exists(),
        # "My cases" and "Awaiting my decision" (cases/assignment.py), with their counts.
        "desk_counts": selectors.desk_counts(request.user),
        "decides": bool(decider_unit_ids(request.user)),
    })


def _case_page(
    request: HttpRequest, case: Case, *, failed: str = "", form: ReasonForm | None = None,
    error: str = "", status: int = 200, desk_failed: dict | None = None,
) -> HttpResponse:
    """The case page; after a refused action (`failed`), that action's form again with what was
    typed and why it was refused."""
    answers = selectors.display_answers(case)
    now = timezone.now()
    timeliness = deadlines.case_timeliness(case, now)
    return render(request, "cases/case_detail.html", {
        "case": case,
        "clock": deadlines.clock_state(case, now),
        "timeliness": timeliness,
        "timeliness_label": deadlines.TIMELINESS_LABELS.get(timeliness, ""),
        "prompt_apology": deadlines.should_prompt_apology(case, now),
        "apology_deadline": deadlines.apology_deadline(case),
        "can_apologise": (
            may_work_cases(request.user, case.unit_id) and case.due_at is not None
            and not case.rescheduled_at and not case.decided_at and not case.closed_at
            and now < (deadlines.apology_deadline(case) or now)
        ),
        "answers": answers,
        "events": selectors.timeline(case),
        "documents": selectors.documents_by_requirement(case),
        "actions": allowed_transitions(case, user=request.user),
        "awaiting_decision": (
            case.status in WORKING and may_work_cases(request.user, case.unit_id)
            and not may_decide(request.user, case.unit_id)
        ),
        "form": form or ReasonForm(initial={"version": case.version}),
        # The procedure's documents, for a request to name the missing or wrong ones; after a
        # refused request, the ones that were ticked.
        "requirement_choices": [(doc["code"], case.procedure_version.text(doc["name"]))
                                for doc in case.procedure_version.documents],
        "ticked": request.POST.getlist("requirements") if failed else [],
        "requested": case.requested_requirements() if case.awaiting_documents else [],
        "failed": failed,
        "failed_error": error,
        # The officer's desk (cases/assignment.py); after a refused desk form, what was typed.
        "desk": {**assignment.desk(request.user, case), "failed": desk_failed or {}},
        # Parts other apps add (payments: the fee, how it is computed, the officer's adjustment).
        "parts": contributions("cases.case_detail", request=request, case=case),
    }, status=status)


@staff_required
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = selectors.case_for_staff(request.user, code)
    record("case.viewed", case, actor=request.user, request=request)
    return _case_page(request, case)


@staff_required
@require_POST
def case_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    case = selectors.case_for_staff(request.user, code)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise PermissionDenied
    if transition.with_payment_only:
        # A payment is recorded with its amount, method and receipt number (payments pages).
        messages.error(request, _("Record the payment with its amount and receipt number."))
        return redirect("payments_staff:case", code=code)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(request, _("The form was incomplete. Please try again."))
            return redirect("cases:detail", code=code)
        return _case_page(request, case, failed=action, form=form, status=400,
                          error=" ".join(e for errors in form.errors.values() for e in errors))
    if transition.irreversible and not form.cleaned_data["confirm"]:
        # Nothing is done without the tick; what was typed stays in the form.
        return _case_page(request, case, failed=action, form=form, status=400, error=_(
            "Please tick the box to confirm: this step cannot be undone."
        ))
    try:
        apply_transition(
            case, action, actor=request.user, expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
            requirements=request.POST.getlist("requirements"), request=request,
        )
    except (ReasonRequired, InvalidRequirements) as exc:
        return _case_page(request, case, failed=action, form=form, status=400, error=exc.message)
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": transition.label})
    return redirect("cases:detail", code=code)


@staff_required
@require_POST
def case_apology(request: HttpRequest, code: str) -> HttpResponse:
    case = selectors.case_for_staff(request.user, code)
    try:
        new_due = date.fromisoformat(request.POST.get("new_due", ""))
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, _("Please give the new date as a calendar date."))
        return redirect("cases:detail", code=code)
    try:
        issue_apology(case, new_due, actor=request.user, expected_version=version,
                      reason=request.POST.get("reason", ""), request=request)
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The apology and the new date were sent to the applicant."))
    return redirect("cases:detail", code=code)


@staff_required
def document_download(request: HttpRequest, code: str, document_id: int) -> HttpResponse:
    """Streamed from local storage; on S3, a redirect to a signed URL valid a few minutes."""
    case = selectors.case_for_staff(request.user, code)
    document = get_object_or_404(case.documents, pk=document_id)
    record("document.downloaded", document, actor=request.user, unit=case.unit_id, request=request)
    return file_download(document.file, name=document.original_name, content_type=document.content_type)


@staff_required
def document_viewer(request: HttpRequest, code: str, document_id: int) -> HttpResponse:
    """A page that shows one document of the case (a PDF in a frame, an image) with what it
    answers, the way back, the download and the case's other documents. It shows no file
    content itself: the frame or image asks `document_inline`, which checks and audits."""
    case = selectors.case_for_staff(request.user, code)
    grouping = selectors.documents_by_requirement(case)
    ordered = [d for r in grouping.requirements for d in r.documents] + grouping.other
    document = next((d for d in ordered if d.pk == document_id), None)
    if document is None:
        raise Http404
    position = ordered.index(document)
    return render(request, "cases/document_viewer.html", {
        "case": case,
        "document": document,
        "requirement": grouping.requirement_of(document),
        "kind": inline_kind(document.content_type),
        "position": position + 1,
        "total": len(ordered),
        "previous": ordered[position - 1] if position > 0 else None,
        "next": ordered[position + 1] if position + 1 < len(ordered) else None,
    })


@staff_required
@csp_replace({"frame-ancestors": ["'self'"]})
@xframe_options_sameorigin
def document_inline(request: HttpRequest, code: str, document_id: int) -> HttpResponse:
    """The document itself, for the viewer's frame or image: shown in the browser only when its
    stored (detected at upload) type is a PDF or an image (core.downloads.INLINE_TYPES), downloaded
    otherwise; framed by this site's own pages only (these two headers are relaxed for this
    response alone: every other page keeps DENY / 'none'). Same access and audit as the download."""
    case = selectors.case_for_staff(request.user, code)
    document = get_object_or_404(case.documents, pk=document_id)
    record("document.viewed", document, actor=request.user, unit=case.unit_id, request=request)
    return file_download(document.file, name=document.original_name, content_type=document.content_type,
                         inline=True)
