"""Applications and cases in the API, mounted by api/urls.py: the public side (POST
/api/v1/applications, POST /api/v1/status) and the staff side behind a token (the queue, a case,
its transitions, the officer's desk: /assignment, /notes, /recommendation, and the apology). The
schemas clients generate code from, and answers built by the same forms, selectors and services
as the pages (cases/assignment.py for the desk), so the API refuses exactly what the pages refuse.
None of the desk changes the status or is shown to the applicant."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Form, Query, Router, Schema
from ninja.responses import Status as Reply

from chancery.audit.client_address import client_address
from chancery.audit.services import record
from chancery.cases import assignment, deadlines, selectors
from chancery.cases.forms import ApplicationForm
from chancery.cases.lifecycle import REASON_FOR_APPLICANT, TRANSITIONS, Status
from chancery.cases.models import Case, CaseEvent
from chancery.cases.services import (
    AlreadySubmitted,
    TransitionNotAllowed,
    allowed_transitions,
    apply_transition,
    issue_apology,
    save_application,
)
from chancery.core.api_errors import ApiError, Error
from chancery.organization.models import Unit
from chancery.procedures.selectors import published_procedure

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Staff operations need the API's token (set once, in api/urls.py); public ones say auth=None.
router = Router()


# ---- Applications (public) ---------------------------------------------------------------------


class SubmittedOut(Schema):
    tracking_code: str
    # Shown once: null when the same Idempotency-Key was sent before (the key went by e-mail then).
    access_key: str | None
    status: str
    national_status_code: int | None
    expected_processing_time: str


class ApplicationIn(Schema):
    procedure: str
    unit: str
    applicant_name: str
    applicant_email: str
    applicant_phone: str = ""
    answers: str = "{}"
    # Decree 13/2023/NĐ-CP Art. 11: the applicant's explicit consent to the privacy notice
    # (/privacy/); an application without it is refused with `consent_required`.
    consent: bool = False


# The form above, plus one file part per document: what clients must send (multipart/form-data).
_APPLICATION_PARTS = {
    **ApplicationIn.model_json_schema(),
    "title": "ApplicationParts",
    "patternProperties": {"^doc_[a-z0-9_]+$": {"type": "string", "format": "binary"}},
}


def _form_value(value: Any) -> str | None:
    """A JSON answer as the text an HTML form would have sent for it; None when no form field
    could hold it (a list, an object, true/false), which is refused next to its field."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return value if isinstance(value, str) else str(value)


@router.post(
    "/applications", auth=None, operation_id="submitApplication",
    response={200: SubmittedOut, 201: SubmittedOut, 400: Error, 404: Error, 422: Error, 429: Error},
    openapi_extra={
        "requestBody": {"content": {"multipart/form-data": {"schema": _APPLICATION_PARTS}}}
    },
    description=(
        "Multipart form. `answers` is a JSON object of the procedure's form fields; each "
        "document is a file part named `doc_<document code>` (see GET /procedures/{code}). "
        "`consent` must be true: the applicant agreed to the privacy notice at /privacy/. "
        "Send an `Idempotency-Key` header (up to 200 characters, e.g. a UUID) to make retries "
        "safe: the same key with the same e-mail makes one case; a repeat answers 200 with that "
        "case's tracking code and no access key (it was shown once and e-mailed). Limits per "
        "client address and hour: APPLICATIONS_PER_CLIENT_HOUR applications (30) and "
        "UPLOAD_MB_PER_CLIENT_HOUR megabytes of documents (300); past them, 429 with Retry-After."
    ),
)
def submit_application(request: HttpRequest, payload: Form[ApplicationIn]) -> Reply:
    procedure = published_procedure(payload.procedure)
    if procedure is None:
        raise Http404
    version = procedure.current
    units = Unit.objects.filter(is_active=True, kind__in=version.handled_by)
    unit = units.filter(code=payload.unit).first()
    if unit is None:
        raise ApiError(400, "invalid_unit", _("This office does not handle this procedure."))
    try:
        answers = json.loads(payload.answers or "{}")
    except (json.JSONDecodeError, RecursionError):
        answers = None
    if not isinstance(answers, dict):
        raise ApiError(400, "invalid_answers", _("`answers` must be a JSON object."))
    if not payload.consent:
        raise ApiError(422, "consent_required", _(
            "The applicant must agree to the privacy notice (/privacy/): send consent=true."))
    data: dict[str, Any] = {
        "unit": unit.pk, "applicant_name": payload.applicant_name,
        "applicant_email": payload.applicant_email, "applicant_phone": payload.applicant_phone,
        "consent": payload.consent,
    }
    errors = []
    for name, value in answers.items():
        as_text = _form_value(value)
        if as_text is None:
            errors.append({"field": name, "message": _("Send one value here: text or a number.")})
        else:
            data[f"f_{name}"] = as_text
    form = ApplicationForm(data, request.FILES, version=version, units=units)
    if not form.is_valid() or errors:
        errors += [
            {"field": name.removeprefix("f_"), "message": str(msg)}
            for name, msgs in form.errors.items() for msg in msgs
        ]
        raise ApiError(422, "invalid", _("Some values are missing or invalid."), errors=errors)
    token = request.headers.get("Idempotency-Key", "").strip()
    if len(token) > 200:
        raise ApiError(400, "invalid_idempotency_key",
                       _("The Idempotency-Key header may have at most 200 characters."))
    try:
        case, key = save_application(
            version=version, unit=unit, applicant=form.applicant(), answers=form.answers(),
            uploads=dict(form.checked_uploads), submit=True, request=request,
            consent=form.consent_given(), submission_token=token or None,
        )
    except AlreadySubmitted as repeat:
        return Reply(200, _submitted(repeat.case, None, version))
    return Reply(201, _submitted(case, key, version))


def _submitted(case: Case, key: str | None, version: Any) -> dict:
    return {
        "tracking_code": case.tracking_code, "access_key": key, "status": case.status,
        "national_status_code": case.national_status_code,
        "expected_processing_time": version.processing_time_label,
    }


class StatusIn(Schema):
    code: str
    key: str


class EventOut(Schema):
    at: datetime
    status: str
    status_label: str
    note: str


class StatusOut(Schema):
    tracking_code: str
    procedure: str
    unit: str
    status: str
    status_label: str
    explanation: str
    national_status_code: int | None
    submitted_at: datetime | None
    reason: str
    timeline: list[EventOut]


def _public_events(case: Case) -> list[dict]:
    return [
        {"at": e.at, "status": e.to_status, "status_label": e.to_status_label,
         "note": e.note if e.action in REASON_FOR_APPLICANT else ""}
        for e in selectors.public_timeline(case)
    ]


@router.post("/status", response={200: StatusOut, 404: Error, 422: Error, 429: Error}, auth=None,
             operation_id="getApplicationStatus")
def public_status(request: HttpRequest, payload: StatusIn) -> Reply:
    """Wrong code and wrong key answer alike; repeated failures from one address are throttled."""
    try:
        case = selectors.lookup_for_client(
            client_address(request), payload.code, payload.key, drafts=False
        )
    except selectors.LookupThrottled:
        raise ApiError(429, "throttled", _("Too many unsuccessful attempts. Try again later.")) from None
    if case is None:
        raise ApiError(404, "not_found", _("We found no application with this tracking code and access key."))
    return Reply(200, {
        "tracking_code": case.tracking_code, "procedure": case.procedure_version.name,
        "unit": case.unit.name, "status": case.status,
        "status_label": str(Status(case.status).label), "explanation": case.plain_status,
        "national_status_code": case.national_status_code, "submitted_at": case.submitted_at,
        "reason": case.reason_for_applicant,
        "timeline": _public_events(case),
    })


# ---- The officer's desk: schemas and answers ---------------------------------------------------


class AssigneeOut(Schema):
    username: str
    name: str


class RecommendationOut(Schema):
    decision: Literal["approve", "refuse"]
    grounds: str
    by: str | None
    at: datetime | None
    # Fixed at the decision: null before it (or without a recommendation), false when the head
    # decided the other way.
    followed: bool | None


class NoteOut(Schema):
    at: datetime
    by: str
    # "note" for a note on its own; otherwise the step it was written with ("approve"...), or
    # "recommend" for the grounds of a recommendation.
    action: str
    text: str


class AssignmentIn(Schema):
    # A username of the unit's staff, or null to unassign. An officer may name only themselves
    # (take an unassigned case) or send null on their own case (release it).
    assignee: str | None
    version: int


class NoteIn(Schema):
    text: str


class RecommendationIn(Schema):
    decision: Literal["approve", "refuse"]
    grounds: str
    version: int


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


class CaseSummaryOut(Schema):
    tracking_code: str
    procedure: str
    unit: str
    status: str
    national_status_code: int | None
    applicant_name: str
    submitted_at: datetime | None
    status_changed_at: datetime
    version: int
    # Who holds the case (a username; null: nobody) and the officer's recommendation, if any.
    assignee: str | None = None
    recommendation: str | None = None


class QueueOut(Schema):
    count: int
    results: list[CaseSummaryOut]


class QueueFilters(Schema):
    # The queue page's search box: a tracking code or its start, a name (marks and case do not
    # matter), an e-mail address; status=all includes closed cases.
    q: str | None = None
    status: str | None = None
    procedure: str | None = None
    order: str = "oldest"
    open_only: bool = True
    # The officer's desk: open cases I hold; cases awaiting my decision (recommended first).
    mine: bool = False
    awaiting_decision: bool = False
    limit: int = 50
    offset: int = 0


def _summary(case: Case) -> dict:
    return {
        "tracking_code": case.tracking_code, "procedure": case.procedure_version.procedure.code,
        "unit": case.unit.code, "status": case.status,
        "national_status_code": case.national_status_code, "applicant_name": case.applicant_name,
        "submitted_at": case.submitted_at, "status_changed_at": case.status_changed_at,
        "version": case.version,
        "assignee": case.assigned_to.get_username() if case.assigned_to_id else None,
        "recommendation": case.recommendation or None,
    }


@router.get("/cases", response={200: QueueOut, 401: Error, 422: Error}, operation_id="listCases")
def staff_queue(request: HttpRequest, filters: Query[QueueFilters]) -> dict:
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    qs = selectors.queue(
        request.user, status=filters.status, procedure=filters.procedure,
        open_only=filters.open_only and not filters.status, order=filters.order,
        search=(filters.q or "").strip() or None,
        desk="awaiting" if filters.awaiting_decision else "mine" if filters.mine else None,
    )
    page = selectors.attach_related(qs[offset:offset + limit])
    return {"count": qs.count(), "results": [_summary(c) for c in page]}


class ClockOut(Schema):
    """The legal clock now (cases/deadlines.clock_state): `state` is not_started, running, paused
    or stopped; `waiting_for` says why it is not running (receipt, payment, supplement, or
    completion of an urgent dossier); `due_date` is the office's local day (the period ends at
    24:00 of it, `due_at`);
    `promised_date` the last date told to the applicant (kept while paused); `timeliness` is
    early / on_time / late once decided, on_track / due_soon / overdue while open; `used` and
    `allowed` count the period in `period_unit` (whole hours for hour periods), paused time
    excluded, `used` exceeding `allowed` when late; `working_days_*` are the same for periods in
    working days, null otherwise."""

    state: str
    waiting_for: str
    due_date: date | None
    due_at: datetime | None
    promised_date: date | None
    timeliness: str | None
    period_unit: str
    used: int | None
    allowed: int | None
    working_days_used: int | None
    working_days_allowed: int | None
    rescheduled: bool


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


class CaseDetailOut(CaseSummaryOut):
    clock: ClockOut
    applicant_email: str
    applicant_phone: str
    answers: dict
    reason: str
    supplement_count: int
    # The document requirements the last request to complete or supplement the dossier named.
    requested_documents: list[str]
    documents: list[dict]
    timeline: list[dict]
    allowed_actions: list[str]
    assignee: AssigneeOut | None
    recommendation: RecommendationOut | None
    notes: list[NoteOut]


@router.get("/cases/{code}", response={200: CaseDetailOut, 401: Error, 404: Error},
            operation_id="getCase")
def staff_case(request: HttpRequest, code: str) -> dict:
    case = selectors.case_for_staff(request.user, code)
    record("case.viewed", case, actor=request.user, request=request, via="api")
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
        "allowed_actions": [t.action for t in allowed_transitions(case, user=request.user)
                            if not t.with_payment_only],
        **desk_fields(case, events),
    }


class TransitionIn(Schema):
    action: str
    version: int
    reason: str = ""
    # The staff's note for colleagues, kept with the event; never shown to the applicant.
    note: str = ""
    # For request_completion and request_supplement: the codes of the procedure version's
    # documents that are missing or wrong (422 for a code the procedure does not ask for).
    requirements: list[str] = []


@router.post(
    "/cases/{code}/transitions", operation_id="transitionCase",
    response={200: CaseSummaryOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
)
def staff_transition(request: HttpRequest, code: str, payload: TransitionIn) -> Reply:
    case = selectors.case_for_staff(request.user, code)
    transition = TRANSITIONS.get(payload.action)
    if transition is not None and transition.with_payment_only:
        raise TransitionNotAllowed(_("Record the payment with its amount, method and receipt number: "
                                     "the fee is marked paid only with the money it records."))
    updated = apply_transition(
        case, payload.action, actor=request.user, expected_version=payload.version,
        reason=payload.reason, note=payload.note, requirements=payload.requirements,
        request=request,
    )
    updated = selectors.case_for_staff(request.user, updated.tracking_code)
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
    case = assign(request.user, code, payload, request)
    return Reply(200, _detail(case, request))


@router.post(
    "/cases/{code}/notes", operation_id="addCaseNote",
    response={201: NoteOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: Error},
)
def staff_note(request: HttpRequest, code: str, payload: NoteIn) -> Reply:
    """A note for colleagues, at any time (up to 2,000 characters); the applicant never sees it."""
    return Reply(201, add_note(request.user, code, payload, request))


@router.post(
    "/cases/{code}/recommendation", operation_id="recommendDecision",
    response={200: CaseDetailOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
)
def staff_recommend(request: HttpRequest, code: str, payload: RecommendationIn) -> Reply:
    """The holding officer's recommendation to the head while a decision is open: `approve` or
    `refuse`, with grounds; it replaces the one before. The head may decide otherwise (the case
    then says `recommendation.followed: false`)."""
    case = recommend(request.user, code, payload, request)
    return Reply(200, _detail(case, request))


class ApologyIn(Schema):
    new_due_date: date
    # Why the case will be late: the applicant reads it (in the e-mail and on form 04).
    reason: str
    version: int


class ApologyOut(CaseSummaryOut):
    clock: ClockOut


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
    case = selectors.case_for_staff(request.user, code)
    issue_apology(case, payload.new_due_date, actor=request.user, expected_version=payload.version,
                  reason=payload.reason, request=request)
    updated = selectors.case_for_staff(request.user, code)
    return Reply(200, {**_summary(updated), "clock": _clock_out(updated)})
