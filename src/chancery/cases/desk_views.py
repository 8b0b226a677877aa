"""The officer's desk on the case page: assign, take or release a case, notes between colleagues,
the recommendation to the head. Writes go through cases/assignment.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.cases import assignment, selectors
from chancery.cases.models import Case
from chancery.cases.services import CaseChanged, CaseError
from chancery.cases.views import _case_page, staff_required


def _refused(request: HttpRequest, case: Case, form: str, exc: CaseError, **typed: str) -> HttpResponse:
    """The case page again, with the message next to the form and what was typed kept."""
    case = selectors.case_for_staff(request.user, case.tracking_code)
    status = 409 if isinstance(exc, CaseChanged) else getattr(exc, "http_status", 400)
    return _case_page(request, case, status=status, desk_failed={"form": form, "error": exc.message, **typed})


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@staff_required
@require_POST
def assign(request: HttpRequest, code: str) -> HttpResponse:
    """Assign to someone (`assignee` = a username), take (`assignee` = me) or release (empty)."""
    case = selectors.case_for_staff(request.user, code)
    version = _version(request)
    if version is None:
        messages.error(request, _("The form was incomplete. Please try again."))
        return redirect("cases:detail", code=code)
    username = (request.POST.get("assignee") or "").strip()
    assignee = get_user_model().objects.filter(username=username).first() if username else None
    try:
        if username and assignee is None:
            raise assignment.InvalidAssignee(_("Choose one of the office's staff."))
        updated = assignment.assign_case(case, actor=request.user, assignee=assignee,
                                         expected_version=version, request=request)
    except CaseError as exc:
        return _refused(request, case, "assign", exc)
    if updated.assigned_to_id is None:
        messages.success(request, _("The case is no longer assigned."))
    elif updated.assigned_to_id == request.user.pk:
        messages.success(request, _("The case is yours now."))
    else:
        messages.success(request, _("The case was given to %(name)s, who was told by e-mail.")
                         % {"name": updated.assigned_to.get_username()})
    return redirect("cases:detail", code=code)


@staff_required
@require_POST
def note(request: HttpRequest, code: str) -> HttpResponse:
    case = selectors.case_for_staff(request.user, code)
    text = request.POST.get("text", "")
    try:
        assignment.add_note(case, actor=request.user, text=text, request=request)
    except CaseError as exc:
        return _refused(request, case, "note", exc, text=text)
    messages.success(request, _("The note was added for your colleagues."))
    return redirect("cases:detail", code=code)


@staff_required
@require_POST
def recommend(request: HttpRequest, code: str) -> HttpResponse:
    case = selectors.case_for_staff(request.user, code)
    decision = request.POST.get("decision", "")
    grounds = request.POST.get("grounds", "")
    version = _version(request)
    try:
        if version is None:
            raise assignment.InvalidRecommendation(_("The form was incomplete. Please try again."))
        assignment.recommend(case, actor=request.user, decision=decision, grounds=grounds,
                             expected_version=version, request=request)
    except CaseError as exc:
        return _refused(request, case, "recommend", exc, decision=decision, grounds=grounds)
    messages.success(request, _("Your recommendation was sent to the head of the office."))
    return redirect("cases:detail", code=code)
