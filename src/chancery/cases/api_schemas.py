"""The schemas of the cases API (cases/api_applicant.py, cases/api_officer.py): what clients
generate code from. Their names are the OpenAPI document's component names (docs/openapi.json):
renaming one changes the published document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema

# ---- Applications and the status lookup (public) -----------------------------------------------


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
APPLICATION_PARTS = {
    **ApplicationIn.model_json_schema(),
    "title": "ApplicationParts",
    "patternProperties": {"^doc_[a-z0-9_]+$": {"type": "string", "format": "binary"}},
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


# ---- The officer's desk -----------------------------------------------------------------------


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
    # The summary gives these as plain text; the case itself gives them in full (published shape).
    assignee: AssigneeOut | None  # type: ignore[assignment]
    recommendation: RecommendationOut | None  # type: ignore[assignment]
    notes: list[NoteOut]


class TransitionIn(Schema):
    action: str
    version: int
    reason: str = ""
    # The staff's note for colleagues, kept with the event; never shown to the applicant.
    note: str = ""
    # For request_completion and request_supplement: the codes of the procedure version's
    # documents that are missing or wrong (422 for a code the procedure does not ask for).
    requirements: list[str] = []


class ApologyIn(Schema):
    new_due_date: date
    # Why the case will be late: the applicant reads it (in the e-mail and on form 04).
    reason: str
    version: int


class ApologyOut(CaseSummaryOut):
    clock: ClockOut
