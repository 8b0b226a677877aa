"""Cases in the API, the staff side behind a token, mounted by api/urls.py: the queue, a case,
its transitions, the officer's desk (/assignment, /notes, /recommendation) and the apology.
Answers are built by the same forms, selectors and services as the pages (cases/assignment.py for
the desk), so the API refuses exactly what the pages refuse. None of the desk changes the status
or is shown to the applicant. Schemas in cases/api_schemas.py; the public side in
cases/api_applicant.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status as Reply

from chancery.audit.services import record
from chancery.cases import assignment, deadlines, selectors
from chancery.cases.api_schemas import (
    ApologyIn,
    ApologyOut,
    AssignmentIn,
    CaseDetailOut,
    CaseSummaryOut,
    NoteIn,
    NoteOut,
    QueueFilters,
    QueueOut,
    RecommendationIn,
    TransitionIn,
)
from chancery.cases.lifecycle import TRANSITIONS
from chancery.cases.models import Case, CaseEvent
from chancery.cases.services import (
    TransitionNotAllowed,
    allowed_transitions,
    apply_transition,
    issue_apology,
)
from chancery.core.api_errors import Error
from chancery.core.people import signed_in_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Every operation here needs the API's staff token (set once, in api/urls.py).
router = Router()


# ---- The officer's desk: answers ---------------------------------------------------------------


def assignee_of(case: Case) -> dict | None:
    user = case.assigned_to
    if user is None:
        return None
    return {"username": user.get_username(), "name": user.get_full_name() or user.get_username()}


def recommendation_of(case: Case) -> dict | None:
    if not case.recommendation:
        return None
    by = case.recommended_by
    return {"decision": case.recommendation, "grounds": case.recommendation_grounds,
            "by": by.get_username() if by else None, "at": case.recommended_at,
            "followed": case.recommendation_followed}


def notes_of(events: list[CaseEvent]) -> list[dict]:
    return [{"at": e.at, "by": e.actor_label, "action": e.action, "text": e.internal_note}
            for e in events if e.internal_note]


def desk_fields(case: Case, events: list[CaseEvent]) -> dict[str, Any]:
    """What a case's detail adds about the desk: holder, recommendation, notes."""
    return {"assignee": assignee_of(case), "recommendation": recommendation_of(case),
            "notes": notes_of(events)}


def assign(user: User, code: str, payload: AssignmentIn, request: HttpRequest) -> Case:
    case = selectors.case_for_staff(user, code)
    assignee = None
    if payload.assignee is not None:
        assignee = get_user_model().objects.filter(username=payload.assignee.strip()).first()
        if assignee is None:
            raise assignment.InvalidAssignee(_("Choose one of the office's staff."))
    assignment.assign_case(case, actor=user, assignee=assignee, expected_version=payload.version,
                           request=request)
    return selectors.case_for_staff(user, code)


def add_note(user: User, code: str, payload: NoteIn, request: HttpRequest) -> dict:
    case = selectors.case_for_staff(user, code)
    event = assignment.add_note(case, actor=user, text=payload.text, request=request)
    return {"at": event.at, "by": event.actor_label, "action": event.action, "text": event.internal_note}


def recommend(user: User, code: str, payload: RecommendationIn, request: HttpRequest) -> Case:
    case = selectors.case_for_staff(user, code)
    assignment.recommend(case, actor=user, decision=payload.decision, grounds=payload.grounds,
                         expected_version=payload.version, request=request)
    return selectors.case_for_staff(user, code)


# ---- Staff: the queue and a case ---------------------------------------------------------------


def _summary(case: Case) -> dict:
    return {
        "tracking_code": case.tracking_code, "procedure": case.procedure_version.procedure.code,
        "unit": case.unit.code, "status": case.status,
        "national_status_code": case.national_status_code, "applicant_name": case.applicant_name,
        "submitted_at": case.submitted_at, "status_changed_at": case.status_changed_at,
        "version": case.version,
        "assignee": case.assigned_to.get_username() if case.assigned_to is not None else None,
        "recommendation": case.recommendation or None,
    }


@router.get("/cases", response={200: QueueOut, 401: Error, 422: Error}, operation_id="listCases")
def staff_queue(request: HttpRequest, filters: Query[QueueFilters]) -> dict:
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    qs = selectors.queue(
        signed_in_user(request), status=filters.status, procedure=filters.procedure,
        open_only=filters.open_only and not filters.status, order=filters.order,
        search=(filters.q or "").strip() or None,
        desk="awaiting" if filters.awaiting_decision else "mine" if filters.mine else None,
    )
    page = selectors.attach_related(qs[offset:offset + limit])
    return {"count": qs.count(), "results": [_summary(c) for c in page]}


def _clock_out(case: Case) -> dict:
    clock = deadlines.clock_state(case)
    return {
        "state": clock.state, "waiting_for": clock.waiting_for, "due_date": clock.due_date,
        "due_at": clock.due_at, "promised_date": clock.promised_date,
        "timeliness": clock.timeliness, "period_unit": clock.period_unit, "used": clock.used,
        "allowed": clock.allowed, "working_days_used": clock.working_days_used,
        "working_days_allowed": clock.working_days_allowed,
        "rescheduled": case.rescheduled_at is not None,
    }


@router.get("/cases/{code}", response={200: CaseDetailOut, 401: Error, 404: Error},
            operation_id="getCase")
def staff_case(request: HttpRequest, code: str) -> dict:
    case = selectors.case_for_staff(signed_in_user(request), code)
    record("case.viewed", case, actor=signed_in_user(request), request=request, via="api")
    return _detail(case, request)


def _detail(case: Case, request: HttpRequest) -> dict:
    events = list(selectors.timeline(case))
    documents = list(case.documents.all())
    # Each document with the label of the requirement it answers (in the caller's language; ""
    # for one whose requirement the procedure version does not know).
    labels = selectors.documents_by_requirement(case, documents).labels()
    return {
        **_summary(case),
        "clock": _clock_out(case),
        "applicant_email": case.applicant_email, "applicant_phone": case.applicant_phone,
        "answers": case.data, "reason": case.last_reason,
        "supplement_count": case.supplement_count,
        "requested_documents": list(case.requested_documents or []),
        "documents": [
            {"id": d.pk, "requirement": d.requirement, "requirement_label": labels.get(d.pk, ""),
             "stage": d.stage, "name": d.original_name, "content_type": d.content_type, "size": d.size}
            for d in documents
        ],
        "timeline": [
            {"at": e.at.isoformat(), "action": e.action, "from": e.from_status,
             "to": e.to_status, "by": e.actor_label, "note": e.note,
             "internal_note": e.internal_note, "requirements": list(e.requirements or [])}
            for e in events
        ],
        "allowed_actions": [t.action for t in allowed_transitions(case, user=signed_in_user(request))
                            if not t.with_payment_only],
        **desk_fields(case, events),
    }


@router.post(
    "/cases/{code}/transitions", operation_id="transitionCase",
    response={200: CaseSummaryOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
)
def staff_transition(request: HttpRequest, code: str, payload: TransitionIn) -> Reply:
    case = selectors.case_for_staff(signed_in_user(request), code)
    transition = TRANSITIONS.get(payload.action)
    if transition is not None and transition.with_payment_only:
        raise TransitionNotAllowed(_("Record the payment with its amount, method and receipt number: "
                                     "the fee is marked paid only with the money it records."))
    updated = apply_transition(
        case, payload.action, actor=signed_in_user(request), expected_version=payload.version,
        reason=payload.reason, note=payload.note, requirements=payload.requirements,
        request=request,
    )
    updated = selectors.case_for_staff(signed_in_user(request), updated.tracking_code)
    return Reply(200, _summary(updated))


# ---- Staff: the officer's desk -----------------------------------------------------------------


@router.post(
    "/cases/{code}/assignment", operation_id="assignCase",
    response={200: CaseDetailOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
)
def staff_assign(request: HttpRequest, code: str, payload: AssignmentIn) -> Reply:
    """Give the case to `assignee` (a username of the unit's officers or head) or unassign it
    (null): the head or a delegated decider. An officer may take an unassigned case (their own
    username) or release their own (null). `version` as last read (409 if it changed since); 422
    for someone who does not work on the unit's cases. The new holder is told by e-mail."""
    case = assign(signed_in_user(request), code, payload, request)
    return Reply(200, _detail(case, request))


@router.post(
    "/cases/{code}/notes", operation_id="addCaseNote",
    response={201: NoteOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: Error},
)
def staff_note(request: HttpRequest, code: str, payload: NoteIn) -> Reply:
    """A note for colleagues, at any time (up to 2,000 characters); the applicant never sees it."""
    return Reply(201, add_note(signed_in_user(request), code, payload, request))


@router.post(
    "/cases/{code}/recommendation", operation_id="recommendDecision",
    response={200: CaseDetailOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
)
def staff_recommend(request: HttpRequest, code: str, payload: RecommendationIn) -> Reply:
    """The holding officer's recommendation to the head while a decision is open: `approve` or
    `refuse`, with grounds; it replaces the one before. The head may decide otherwise (the case
    then says `recommendation.followed: false`)."""
    case = recommend(signed_in_user(request), code, payload, request)
    return Reply(200, _detail(case, request))


@router.post(
    "/cases/{code}/apology", operation_id="rescheduleWithApology",
    response={200: ApologyOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
    description=(
        "Move the appointment once, by an apology (form 04 of Circular 03/2025/TT-VPCP) issued "
        "at least one day before the due date, with the same rules as the case page. "
        "`new_due_date` must be a working day of the office after the current due date and at "
        "most APOLOGY_MAX_DAYS (90) days after it, else 422 `invalid_due_date`; `reason` is "
        "required (400 `reason_required`); `version` is the case's as last read (409 "
        "`case_changed` if it changed since). 409 `transition_not_allowed` when the case was "
        "already rescheduled, is decided or closed, has no due date, or the day before the due "
        "date has passed. The applicant receives the apology and the new date by e-mail."
    ),
)
def staff_apology(request: HttpRequest, code: str, payload: ApologyIn) -> Reply:
    case = selectors.case_for_staff(signed_in_user(request), code)
    issue_apology(case, payload.new_due_date, actor=signed_in_user(request), expected_version=payload.version,
                  reason=payload.reason, request=request)
    updated = selectors.case_for_staff(signed_in_user(request), code)
    return Reply(200, {**_summary(updated), "clock": _clock_out(updated)})
