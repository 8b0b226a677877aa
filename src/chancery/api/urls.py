"""REST API over the same services and selectors as the pages. Errors are always
`{"code": ..., "message": ...}` with a machine-readable code and a message in the caller's language."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Form, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status as Reply
from ninja.security import HttpBearer

from chancery.api.middleware import error_body
from chancery.api.services import user_for_token
from chancery.audit.client_address import client_address
from chancery.cases import api as cases_api
from chancery.cases import deadlines
from chancery.cases import selectors as case_selectors
from chancery.cases.forms import ApplicationForm
from chancery.cases.lifecycle import REASON_FOR_APPLICANT, Status
from chancery.cases.models import Case
from chancery.cases.services import (
    AlreadySubmitted,
    allowed_transitions,
    apply_transition,
    issue_apology,
    save_application,
)
from chancery.core.countries import is_country
from chancery.core.errors import DomainError
from chancery.core.throttle import Throttled
from chancery.directives import api as directives_api
from chancery.organization.models import Unit
from chancery.organization.selectors import competent_units, handling_units, is_staff_member
from chancery.portal import dashboard_api
from chancery.procedures.selectors import published_procedure, published_procedures


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token, request=request)
        if user is None or not is_staff_member(user):
            return None
        request.user = user
        return user


api = NinjaAPI(
    title="Chancery API",
    version="1",
    description="Consular procedures, applications and their processing.",
    urls_namespace="api",
)


class Error(Schema):
    code: str
    message: str
    errors: list[dict] | None = None


def _error(request: HttpRequest, status: int, code: str, message: str, **extra: Any):  # noqa: ANN202
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(DomainError)
def refused(request: HttpRequest, exc: DomainError):  # noqa: ANN201
    """Any service's refusal (cases, directives): its code, its status, its message; a limit
    says when to come back (Retry-After, seconds)."""
    response = _error(request, exc.http_status, exc.code, exc.message)
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):  # noqa: ANN201
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(NinjaValidationError)
def invalid(request: HttpRequest, exc: NinjaValidationError):  # noqa: ANN201
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return _error(request, 422, "invalid", _("Some values are missing or invalid."), errors=errors)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError):  # noqa: ANN201
    return _error(request, 401, "unauthorized", _("A valid staff token is required."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):  # noqa: ANN201
    """Ninja's own refusals (an unreadable body...) in the same words as every other API error."""
    body = error_body(exc.status_code, fallback=str(exc))
    return _error(request, exc.status_code, body["code"], body["message"])


# ---- Procedures -------------------------------------------------------------------------------


class ProcedureOut(Schema):
    code: str
    version: int
    name: str
    field: str
    online_level: str
    urgent: bool
    processing_time: dict
    fee: dict | None
    legal_basis: list[str]
    handled_by: list[str]


class ProcedureDetailOut(ProcedureOut):
    fields: list[dict]
    documents: list[dict]
    units: list[dict]


def _procedure_out(procedure: Any) -> dict:
    version = procedure.current
    return {
        "code": procedure.code, "version": version.version, "name": version.name,
        "field": version.field, "online_level": version.online_level, "urgent": version.urgent,
        "processing_time": version.processing_time, "fee": version.fee,
        "legal_basis": version.definition["legal_basis"], "handled_by": version.handled_by,
    }


@api.get("/procedures", response=list[ProcedureOut], tags=["public"])
def list_procedures(request: HttpRequest) -> list[dict]:
    return [_procedure_out(p) for p in published_procedures()]


@api.get(
    "/procedures/{code}", response={200: ProcedureDetailOut, 400: Error, 404: Error}, tags=["public"],
    description=(
        "`units` are the offices handling the procedure; with `country` (ISO 3166 alpha-2, where "
        "the applicant lives) and optionally `city`, only those competent for that country, "
        "which may be none."
    ),
)
def get_procedure(request: HttpRequest, code: str, country: str = "", city: str = ""):  # noqa: ANN201
    procedure = published_procedure(code)
    if procedure is None:
        raise Http404
    version = procedure.current
    if country and not is_country(country):
        return _error(request, 400, "invalid_country", _("This is not an ISO 3166 country code."))
    units = (competent_units(version, country.upper(), city or None) if country
             else handling_units(version))
    return {
        **_procedure_out(procedure),
        "fields": version.form_fields, "documents": version.documents,
        "units": [{"code": u.code, "name": u.name, "city": u.city, "country": u.host_country}
                  for u in units],
    }


# ---- Applications ------------------------------------------------------------------------------


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


@api.post(
    "/applications",
    response={200: SubmittedOut, 201: SubmittedOut, 400: Error, 404: Error, 422: Error, 429: Error},
    tags=["public"],
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
def submit_application(request: HttpRequest, payload: Form[ApplicationIn]):  # noqa: ANN201
    procedure = published_procedure(payload.procedure)
    if procedure is None:
        raise Http404
    version = procedure.current
    units = Unit.objects.filter(is_active=True, kind__in=version.handled_by)
    unit = units.filter(code=payload.unit).first()
    if unit is None:
        return _error(request, 400, "invalid_unit", _("This office does not handle this procedure."))
    try:
        answers = json.loads(payload.answers or "{}")
    except (json.JSONDecodeError, RecursionError):
        answers = None
    if not isinstance(answers, dict):
        return _error(request, 400, "invalid_answers", _("`answers` must be a JSON object."))
    if not payload.consent:
        return _error(request, 422, "consent_required", _(
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
        return _error(request, 422, "invalid", _("Some values are missing or invalid."), errors=errors)
    token = request.headers.get("Idempotency-Key", "").strip()
    if len(token) > 200:
        return _error(request, 400, "invalid_idempotency_key",
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
        for e in case_selectors.public_timeline(case)
    ]


@api.post("/status", response={200: StatusOut, 404: Error, 422: Error, 429: Error}, tags=["public"])
def public_status(request: HttpRequest, payload: StatusIn):  # noqa: ANN201
    """Wrong code and wrong key answer alike; repeated failures from one address are throttled."""
    try:
        case = case_selectors.lookup_for_client(
            client_address(request), payload.code, payload.key, drafts=False
        )
    except case_selectors.LookupThrottled:
        return _error(request, 429, "throttled", _("Too many unsuccessful attempts. Try again later."))
    if case is None:
        return _error(request, 404, "not_found",
                      _("We found no application with this tracking code and access key."))
    return Reply(200, {
        "tracking_code": case.tracking_code, "procedure": case.procedure_version.name,
        "unit": case.unit.name, "status": case.status,
        "status_label": str(Status(case.status).label), "explanation": case.plain_status,
        "national_status_code": case.national_status_code, "submitted_at": case.submitted_at,
        "reason": case.reason_for_applicant,
        "timeline": _public_events(case),
    })


# ---- Staff -------------------------------------------------------------------------------------

staff_auth = TokenAuth()


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


@api.get("/cases", response={200: QueueOut, 401: Error, 422: Error}, auth=staff_auth, tags=["staff"])
def staff_queue(request: HttpRequest, filters: Query[QueueFilters]) -> dict:
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    qs = case_selectors.queue(
        request.user, status=filters.status, procedure=filters.procedure,
        open_only=filters.open_only and not filters.status, order=filters.order,
        search=(filters.q or "").strip() or None,
        desk="awaiting" if filters.awaiting_decision else "mine" if filters.mine else None,
    )
    page = case_selectors.attach_related(qs[offset:offset + limit])
    return {"count": qs.count(), "results": [_summary(c) for c in page]}


class ClockOut(Schema):
    """The legal clock now (cases/deadlines.clock_state): `state` is not_started, running, paused
    or stopped; `waiting_for` says why it is not running (receipt, payment, supplement);
    `due_date` is the office's local day (the period ends at 24:00 of it, `due_at`);
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
    assignee: cases_api.AssigneeOut | None
    recommendation: cases_api.RecommendationOut | None
    notes: list[cases_api.NoteOut]


@api.get("/cases/{code}", response={200: CaseDetailOut, 401: Error, 404: Error},
         auth=staff_auth, tags=["staff"])
def staff_case(request: HttpRequest, code: str) -> dict:
    from chancery.audit.services import record

    case = case_selectors.case_for_staff(request.user, code)
    record("case.viewed", case, actor=request.user, request=request, via="api")
    return _detail(case, request)


def _detail(case: Case, request: HttpRequest) -> dict:
    events = list(case_selectors.timeline(case))
    documents = list(case.documents.all())
    # Each document with the label of the requirement it answers (in the caller's language; ""
    # for one whose requirement the procedure version does not know).
    labels = case_selectors.documents_by_requirement(case, documents).labels()
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
        "allowed_actions": [t.action for t in allowed_transitions(case, user=request.user)],
        **cases_api.desk_fields(case, events),
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


@api.post(
    "/cases/{code}/transitions",
    response={200: CaseSummaryOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
    auth=staff_auth, tags=["staff"],
)
def staff_transition(request: HttpRequest, code: str, payload: TransitionIn):  # noqa: ANN201
    case = case_selectors.case_for_staff(request.user, code)
    updated = apply_transition(
        case, payload.action, actor=request.user, expected_version=payload.version,
        reason=payload.reason, note=payload.note, requirements=payload.requirements,
        request=request,
    )
    updated = case_selectors.case_for_staff(request.user, updated.tracking_code)
    return Reply(200, _summary(updated))


# The officer's desk (cases/api.py, cases/assignment.py): none of it changes the status or is
# shown to the applicant.


@api.post(
    "/cases/{code}/assignment", operation_id="assignCase",
    response={200: CaseDetailOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
    auth=staff_auth, tags=["staff"],
)
def staff_assign(request: HttpRequest, code: str, payload: cases_api.AssignmentIn):  # noqa: ANN201
    """Give the case to `assignee` (a username of the unit's officers or head) or unassign it
    (null): the head or a delegated decider. An officer may take an unassigned case (their own
    username) or release their own (null). `version` as last read (409 if it changed since); 422
    for someone who does not work on the unit's cases. The new holder is told by e-mail."""
    case = cases_api.assign(request.user, code, payload, request)
    return Reply(200, _detail(case, request))


@api.post(
    "/cases/{code}/notes", operation_id="addCaseNote",
    response={201: cases_api.NoteOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=staff_auth, tags=["staff"],
)
def staff_note(request: HttpRequest, code: str, payload: cases_api.NoteIn):  # noqa: ANN201
    """A note for colleagues, at any time (up to 2,000 characters); the applicant never sees it."""
    return Reply(201, cases_api.add_note(request.user, code, payload, request))


@api.post(
    "/cases/{code}/recommendation", operation_id="recommendDecision",
    response={200: CaseDetailOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
    auth=staff_auth, tags=["staff"],
)
def staff_recommend(request: HttpRequest, code: str, payload: cases_api.RecommendationIn):  # noqa: ANN201
    """The holding officer's recommendation to the head while a decision is open: `approve` or
    `refuse`, with grounds; it replaces the one before. The head may decide otherwise (the case
    then says `recommendation.followed: false`)."""
    case = cases_api.recommend(request.user, code, payload, request)
    return Reply(200, _detail(case, request))
class ApologyIn(Schema):
    new_due_date: date
    # Why the case will be late: the applicant reads it (in the e-mail and on form 04).
    reason: str
    version: int


class ApologyOut(CaseSummaryOut):
    clock: ClockOut


@api.post(
    "/cases/{code}/apology",
    response={200: ApologyOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              422: Error},
    auth=staff_auth, tags=["staff"], operation_id="rescheduleWithApology",
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
def staff_apology(request: HttpRequest, code: str, payload: ApologyIn):  # noqa: ANN201
    case = case_selectors.case_for_staff(request.user, code)
    issue_apology(case, payload.new_due_date, actor=request.user, expected_version=payload.version,
                  reason=payload.reason, request=request)
    updated = case_selectors.case_for_staff(request.user, code)
    return Reply(200, {**_summary(updated), "clock": _clock_out(updated)})


# ---- Directives and tasks ---------------------------------------------------------------------


@api.get("/tasks", response={200: directives_api.TaskListOut, 401: Error, 422: Error}, auth=staff_auth,
         tags=["directives"])
def staff_tasks(request: HttpRequest, filters: Query[directives_api.TaskFilters]) -> dict:
    """Tasks of the caller's units (lead, coordinating or issuing), overdue first."""
    return directives_api.task_list(request.user, filters)


@api.get("/tasks/{pk}", response={200: directives_api.TaskDetailOut, 401: Error, 404: Error},
         auth=staff_auth, tags=["directives"])
def staff_task(request: HttpRequest, pk: int) -> dict:
    return directives_api.task_detail(request.user, pk)


@api.post("/tasks/{pk}/progress",
          response={200: directives_api.TaskDetailOut, 400: Error, 401: Error, 403: Error, 404: Error,
                    409: Error, 422: Error},
          auth=staff_auth, tags=["directives"])
def staff_task_progress(request: HttpRequest, pk: int, payload: directives_api.ProgressIn) -> dict:
    """The lead unit reports progress or completion; `version` is the task's as last read (409 if
    it changed since)."""
    return directives_api.report(request.user, pk, payload, request)


@api.get("/directives/{pk}", response={200: directives_api.DirectiveOut, 401: Error, 404: Error},
         auth=staff_auth, tags=["directives"])
def staff_directive(request: HttpRequest, pk: int) -> dict:
    return directives_api.directive_detail(request.user, pk)


# ---- Public dashboard ---------------------------------------------------------------------------


@api.get("/dashboard", response={200: dashboard_api.DashboardOut, 404: Error, 422: Error}, tags=["public"])
def public_dashboard(request: HttpRequest, unit: str = "", period: str = "", value: str = ""):  # noqa: ANN201
    """The transparency dashboard's figures for the whole ministry (no `unit`) or one unit (its
    code), for a month (`period=month&value=2026-03`), a quarter (`quarter`, `2026-Q1`) or a year
    (`year`, `2026`); the current month by default. The same figures as /dashboard/ and its
    exports, with each index indicator's formula."""
    return dashboard_api.answer(unit, period, value)
