"""Reads of cases, already scoped to what the caller may see."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, ExpressionWrapper, F, Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chancery.cases import codes
from chancery.cases.lifecycle import CLOCK_RUNNING, OPEN_STATUSES, Status
from chancery.cases.models import STAFF_ONLY_ACTIONS, Case, CaseEvent, Document, HeldUpload, access_key_digest
from chancery.core import throttle
from chancery.organization.calendar import DUE_SOON_WORKING_DAYS
from chancery.organization.models import Unit
from chancery.organization.selectors import decider_unit_ids, scope_to_units
from chancery.organization.services import calendar_for, unit_tz
from chancery.procedures.conditions import visible_documents, visible_fields
from chancery.procedures.selectors import frozen_version, frozen_versions

if TYPE_CHECKING:
    from django.contrib.auth.models import User

QUEUE_ORDERS = {
    "oldest": ("submitted_at", "id"),
    "newest": ("-submitted_at", "-id"),
    "status": ("status", "submitted_at"),
    "procedure": ("procedure_version__procedure__code", "submitted_at"),
    "changed": ("-status_changed_at",),
    "due": (F("due_at").asc(nulls_last=True), "id"),
}
QUEUE_FIELDS = ("tracking_code", "procedure_version", "unit", "status", "applicant_name", "submitted_at",
                "status_changed_at", "due_at", "decided_at", "closed_at", "result_timeliness", "version",
                "channel", "assigned_to", "recommendation", "recommended_at")
# Who holds a queue's case (joined: one query whatever the page shows).
HOLDER_FIELDS = ("assigned_to__username", "assigned_to__first_name", "assigned_to__last_name")


def due_soon_threshold(unit: Unit, now: datetime) -> datetime:
    """Cases due before this moment have at most DUE_SOON_WORKING_DAYS working days left in this
    unit: the SQL form of organization.calendar.timeliness's "due soon"."""
    tz = unit_tz(unit)
    today = now.astimezone(tz).date()
    last_day = calendar_for(unit).add_working_days(today, DUE_SOON_WORKING_DAYS)
    return datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=tz)


def timeliness_filter(kind: str, units: QuerySet[Unit], now: datetime | None = None) -> Q:
    """The same buckets as deadlines.case_timeliness, as SQL (one threshold per unit)."""
    now = now or timezone.now()
    running = Q(status__in=CLOCK_RUNNING, due_at__isnull=False)
    if kind == "overdue":
        return running & Q(due_at__lt=now)
    soon = Q()
    for unit in units:
        soon |= Q(unit=unit, due_at__lt=due_soon_threshold(unit, now))
    if kind == "due_soon":
        return running & Q(due_at__gte=now) & soon
    if kind == "on_track":
        return running & Q(due_at__gte=now) & ~soon
    return Q()


ALL_STATUSES = "all"
# Shortest tracking-code prefix searched for: one or two characters match a large share of codes.
CODE_PREFIX_MIN = 3


def code_prefix(text: str) -> str | None:
    """The start of a tracking code as stored ("k7qm 4x" → "K7QM-4X"), ignoring case, spaces,
    dashes and look-alike letters; None when `text` cannot begin one of our codes."""
    raw = codes.normalize(text)
    if not CODE_PREFIX_MIN <= len(raw) <= codes.RANDOM_LENGTH + 1:
        return None
    if any(char not in codes.ALPHABET for char in raw):
        return None
    return "-".join(part for part in (raw[:4], raw[4:8], raw[8:]) if part)


def search_filter(text: str) -> Q:
    """The queue's one search box: a whole tracking code, or else any of a code prefix, the
    applicant's name without marks or case, and the e-mail address (a whole address, or its
    start). For the name, every word typed must begin a word of the name, in any order:
    "tran thi binh", "binh tran" and "tr th" all find "Trần Thị Bình". The name is compared
    with its folded copy (Case.applicant_name_folded, made by the same core.text fold as the
    query), so SQLite and PostgreSQL find the same cases."""
    from chancery.core.text import words

    text = text.strip()
    if code := codes.canonical(text):
        return Q(tracking_code=code)
    found = Q(pk__in=[])
    typed = words(text)
    if typed:
        name = Q()
        for word in typed:
            name &= (Q(applicant_name_folded__startswith=word)
                     | Q(applicant_name_folded__contains=" " + word))
        found |= name
    if prefix := code_prefix(text):
        found |= Q(tracking_code__startswith=prefix)
    if "@" in text:
        found |= Q(applicant_email__istartswith=text)
    return found


def staff_cases(user: User) -> QuerySet[Case]:
    """Cases of the units this person may see; drafts are the applicant's alone."""
    return scope_to_units(Case.objects.exclude(status=Status.DRAFT), user)


def queue(
    user: User,
    *,
    status: str | None = None,
    procedure: str | None = None,
    unit: int | None = None,
    open_only: bool = False,
    search: str | None = None,
    timeliness: str | None = None,
    order: str = "oldest",
    desk: str | None = None,
) -> QuerySet[Case]:
    """`desk`: "mine" (open cases I hold) or "awaiting" (awaiting my decision: recommended first,
    then the soonest due, unless another order is asked for)."""
    # Only what a queue row shows (and its timeliness needs); versions and offices are attached
    # to the page's rows by attach_related.
    qs = staff_cases(user).select_related("assigned_to").only(*QUEUE_FIELDS, *HOLDER_FIELDS)
    if timeliness:
        units = scope_to_units(Unit.objects.filter(is_active=True), user, field="id")
        if unit:
            units = units.filter(pk=unit)
        qs = qs.filter(timeliness_filter(timeliness, units))
    if status == ALL_STATUSES:
        pass  # every status but drafts, closed cases included
    elif status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=sorted(OPEN_STATUSES))  # as the partial indexes say
    if procedure:
        qs = qs.filter(procedure_version__procedure__code=procedure)
    if unit:
        qs = qs.filter(unit_id=unit)
    if search:
        qs = qs.filter(search_filter(search))
    if desk == "mine":
        qs = mine(user, qs)
    elif desk == "awaiting":
        qs = awaiting_decision(user, qs)
        if order not in QUEUE_ORDERS or order == "oldest":
            return qs.order_by(*AWAITING_ORDER)
    return qs.order_by(*QUEUE_ORDERS.get(order, QUEUE_ORDERS["oldest"]))


# ---- The officer's desk: "My cases" and "Awaiting my decision" ---------------------------------


def mine(user: User, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Open cases this person holds."""
    qs = staff_cases(user) if qs is None else qs
    return qs.filter(assigned_to_id=getattr(user, "pk", None), status__in=sorted(OPEN_STATUSES))


def awaiting_decision(user: User, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases a decision is open on, in the units where this person decides."""
    from chancery.cases.assignment import DECIDABLE_STATUSES

    qs = staff_cases(user) if qs is None else qs
    return qs.filter(unit_id__in=sorted(decider_unit_ids(user)), status__in=sorted(DECIDABLE_STATUSES))


# Recommended cases first, then the soonest due.
AWAITING_ORDER = (ExpressionWrapper(Q(recommended_at__isnull=True), output_field=BooleanField()).asc(),
                  F("due_at").asc(nulls_last=True), "id")


def desk_counts(user: User) -> dict[str, int]:
    """How many cases each desk list holds, for the queue's tabs."""
    return {"mine": mine(user).count(),
            "awaiting": awaiting_decision(user).count() if decider_unit_ids(user) else 0}


def case_for_staff(user: User, tracking_code: str) -> Case:
    """A case of another unit answers 404, exactly like one that does not exist."""
    try:
        return (
            staff_cases(user)
            .select_related("procedure_version__procedure", "unit", "assigned_to", "registered_by")
            .get(tracking_code=tracking_code)
        )
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def attach_related(cases: Iterable[Case], units: Iterable[Unit] = ()) -> list[Case]:
    """A page of cases with their procedure versions (from the process memo) and offices (those
    the caller already holds, the others in one query), instead of joining and decoding both
    again on every row."""
    cases = list(cases)
    versions = frozen_versions(c.procedure_version_id for c in cases)
    offices = {unit.pk: unit for unit in units}
    if missing := {c.unit_id for c in cases} - offices.keys():
        offices.update(Unit.objects.in_bulk(missing))
    for case in cases:
        case.procedure_version = versions[case.procedure_version_id]
        case.unit = offices[case.unit_id]
    return cases


def _columns(model: type[Model], *names: str, alias: str) -> str:
    return ", ".join(f"{alias}.{model._meta.get_field(name).column}" for name in names)  # type: ignore[union-attr]


# The public lookup is the hottest query of the platform: written once as SQL (from the models'
# own table and column names) so that no request pays for compiling the ORM query, and narrowed
# to what the applicant may read. Every other column stays deferred on the instances it builds.
_PUBLIC_CASE_COLUMNS = _columns(Case, "id", "tracking_code", "access_key_digest", "status",
                                "procedure_version", "unit", "submitted_at", "last_reason", alias="c")
_PUBLIC_CASE_SQL = (
    f"SELECT {_PUBLIC_CASE_COLUMNS}, "  # noqa: S608 - table and column names from the models
    f"u.{Unit._meta.get_field('name_vi').column} AS unit_name_vi, "
    f"u.{Unit._meta.get_field('name_en').column} AS unit_name_en "
    f"FROM {Case._meta.db_table} c JOIN {Unit._meta.db_table} u ON u.id = c.unit_id "
    "WHERE c.tracking_code = %s"
)
_PUBLIC_EVENTS_SQL = (
    f"SELECT {_columns(CaseEvent, 'id', 'at', 'action', 'to_status', 'note', alias='e')} "  # noqa: S608
    f"FROM {CaseEvent._meta.db_table} e WHERE e.case_id = %s "
    # The office's own work (assignment, notes, recommendations) is not the applicant's to read.
    f"AND e.action NOT IN ({', '.join(repr(a) for a in sorted(STAFF_ONLY_ACTIONS))}) "
    "ORDER BY e.at, e.id"
)


def case_by_code_and_key(code: str, key: str) -> Case | None:
    """Public lookup: None for a wrong code and for a wrong key alike.

    The case comes with its office's names and its (frozen) procedure version; its other
    fields load on first use."""
    canonical = codes.canonical(code)
    case = None
    if canonical is not None:
        case = next(iter(Case.objects.raw(_PUBLIC_CASE_SQL, [canonical])), None)
    # Compare a key digest in every path, so timing does not tell a wrong code from a wrong key.
    digest = access_key_digest(key)
    if case is None or not hmac.compare_digest(case.access_key_digest, digest):
        return None
    case.unit = Unit.from_db(Case.objects.db, ["id", "name_vi", "name_en"],
                             [case.unit_id, case.unit_name_vi, case.unit_name_en])  # type: ignore[attr-defined]
    case.procedure_version = frozen_version(case.procedure_version_id)
    return case


def timeline(case: Case) -> QuerySet:
    return case.events.select_related("actor").order_by("at", "id")


class LookupThrottled(Exception):
    """Too many failed lookups from this client address, or for this tracking code: refuse before
    checking anything."""


def lookup_for_client(client: str | None, code: str, key: str, *, drafts: bool = True) -> Case | None:
    """The public lookup, web page and API alike. `client` is the caller's address
    (chancery.audit.client_address). A failure counts against that address and against the
    tracking code asked for (whether or not it exists, so the limit tells nothing about codes);
    past STATUS_LOOKUP_MAX_FAILURES for the address, or STATUS_LOOKUP_MAX_FAILURES_PER_CODE for
    the code, in the window, lookups are refused."""
    from django.conf import settings

    counters = {"status-fail:" + (client or "unknown"): settings.STATUS_LOOKUP_MAX_FAILURES}
    canonical = codes.canonical(code)
    if canonical is not None:
        counters["status-fail-code:" + canonical] = settings.STATUS_LOOKUP_MAX_FAILURES_PER_CODE
    if throttle.reached(counters):
        raise LookupThrottled
    case = case_by_code_and_key(code, key)
    if case is not None and not drafts and case.status == Status.DRAFT:
        case = None
    if case is None:
        for counter in counters:
            throttle.count(counter, settings.STATUS_LOOKUP_WINDOW_SECONDS)
    return case


def held_uploads(version: Any, tokens: dict[str, str]) -> dict[str, HeldUpload]:
    """The files this browser had kept for this form (requirement -> token, from its session),
    while they are fresh."""
    from django.conf import settings

    if not tokens:
        return {}
    fresh_since = timezone.now() - timedelta(hours=settings.HELD_UPLOAD_HOURS)
    found = HeldUpload.objects.filter(procedure_version=version, token__in=list(tokens.values()),
                                      held_at__gte=fresh_since)
    return {held.requirement: held for held in found if tokens.get(held.requirement) == held.token}


def public_timeline(case: Case) -> list[CaseEvent]:
    """What the applicant may read of the history: no staff names."""
    return list(CaseEvent.objects.raw(_PUBLIC_EVENTS_SQL, [case.pk]))


def _rules_day(case: Case) -> date:
    """The day a case's `show_if` rules are read on (ages count on it): the day it was sent, as
    the application form read them; today for a draft."""
    return timezone.localdate(case.submitted_at) if case.submitted_at else timezone.localdate()


def _answered(value: Any) -> bool:
    return value not in (None, "", [])


def display_answers(case: Case) -> list[tuple[str, Any]]:
    """The form's answers as a person reads them: choice labels and country names (in the reader's
    language), not codes. Only the questions that apply to this application (procedures/
    conditions.py) and were answered: a hidden or skipped question is not shown empty."""
    from chancery.core.display import country_name

    version = case.procedure_version
    data = case.data or {}
    applying = visible_fields(version.form_fields, data, today=_rules_day(case))
    shown: list[tuple[str, Any]] = []
    for spec in version.form_fields:
        value = data.get(spec["name"])
        if spec["name"] not in applying or not _answered(value):
            continue
        if spec["type"] == "choice":
            labels = {c["value"]: version.text(c["label"]) for c in spec["choices"]}
            value = labels.get(value, value)
        elif spec["type"] == "country":
            value = country_name(str(value))
        shown.append((version.text(spec["label"]), value))
    return shown


@dataclass
class RequirementDocuments:
    """One document the procedure asks for, and the files that answer it."""

    code: str
    name: dict  # the catalogue's {"vi": ..., "en": ...}
    label: str  # in the reader's language
    required: bool  # the catalogue requires it and it applies to this application's answers
    applies: bool
    documents: list[Document] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return not self.documents


@dataclass
class DocumentsByRequirement:
    """A case's documents under the requirements of its procedure version, in the catalogue's
    order (every requirement, answered or not), and those whose requirement the version does not
    know (older codes, loose supplements) under `other`."""

    requirements: list[RequirementDocuments]
    other: list[Document]

    @property
    def received(self) -> list[RequirementDocuments]:
        """The requirements with at least one document."""
        return [r for r in self.requirements if r.documents]

    @property
    def missing_required(self) -> list[RequirementDocuments]:
        """The requirements this application must answer that have no document."""
        return [r for r in self.requirements if r.required and not r.documents]

    @property
    def count(self) -> int:
        return sum(len(r.documents) for r in self.requirements) + len(self.other)

    def requirement_of(self, document: Document) -> RequirementDocuments | None:
        return next((r for r in self.requirements if document in r.documents), None)

    def labels(self) -> dict[int, str]:
        """Document id -> the label of the requirement it answers ("" for the others)."""
        return {d.pk: r.label for r in self.requirements for d in r.documents}


def documents_by_requirement(
    case: Case, documents: Iterable[Document] | None = None
) -> DocumentsByRequirement:
    """The one grouping of a case's documents by requirement: the staff case page, the receipt
    (form 01), the applicant's status page and the staff API read it. `documents` defaults to all
    of the case's, oldest first; the caller has already checked who may read them."""
    version = case.procedure_version
    if documents is None:
        documents = case.documents.all()
    data = case.data or {}
    day = _rules_day(case)
    applying = visible_documents(version.documents, data,
                                 visible_fields(version.form_fields, data, today=day), today=day)
    groups = {
        doc["code"]: RequirementDocuments(
            code=doc["code"], name=doc["name"], label=version.text(doc["name"]),
            applies=doc["code"] in applying,
            required=bool(doc.get("required", True)) and doc["code"] in applying,
        )
        for doc in version.documents
    }
    other: list[Document] = []
    for document in documents:
        group = groups.get(document.requirement)
        (group.documents if group else other).append(document)
    return DocumentsByRequirement(requirements=list(groups.values()), other=other)


def normalized_email(email: str) -> str:
    """Addresses compare without case and surrounding spaces ("An@Example.org " is an@example.org)."""
    return email.strip().lower()


def cases_of_email(email: str) -> QuerySet[Case]:
    """Every case filed with this e-mail address (drafts included), newest first: what an
    applicant who proved they read that mailbox may see. Uses the case_applicant_email_lower index."""
    from django.db.models.functions import Lower

    return (Case.objects.annotate(email_lower=Lower("applicant_email"))
            .filter(email_lower=normalized_email(email))
            .order_by("-created_at", "-id"))


def applications_of(email: str) -> list[Case]:
    """The "My applications" list: code, procedure, office, status and dates, in two queries."""
    return attach_related(cases_of_email(email).only(
        "tracking_code", "procedure_version", "unit", "status", "created_at", "submitted_at",
        "applicant_email",
    ))


def case_submitted_with(token: str, email: str) -> Case | None:
    """The case a submission token (a check page's digest, an Idempotency-Key) already made for
    this e-mail, if any."""
    from chancery.cases.models import submission_digest

    if not token or not email:
        return None
    return Case.objects.filter(submission_digest=submission_digest(token, email)).first()
