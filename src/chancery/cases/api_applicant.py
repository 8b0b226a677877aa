"""Applications in the API, the public side (no token), mounted by api/urls.py: POST
/api/v1/applications (apply, with the same form as the page) and POST /api/v1/status (the status
lookup, as the status page). Schemas in cases/api_schemas.py; the staff side in
cases/api_officer.py."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Form, Router
from ninja.responses import Status as Reply

from chancery.audit.client_address import client_address
from chancery.cases import selectors
from chancery.cases.api_schemas import APPLICATION_PARTS, ApplicationIn, StatusIn, StatusOut, SubmittedOut
from chancery.cases.forms import ApplicationForm
from chancery.cases.lifecycle import REASON_FOR_APPLICANT, Status
from chancery.cases.models import Case
from chancery.cases.services import AlreadySubmitted, save_application
from chancery.core.api_errors import ApiError, Error
from chancery.organization.models import Unit
from chancery.procedures.selectors import published_procedure

# Every operation here is public: each says auth=None (the API's token is set in api/urls.py).
router = Router()


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
        "requestBody": {"content": {"multipart/form-data": {"schema": APPLICATION_PARTS}}}
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
    version = procedure.current if procedure is not None else None
    if procedure is None or version is None:
        raise Http404
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
