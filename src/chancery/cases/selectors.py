"""Reads of cases, already scoped to what the caller may see."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chancery.cases import codes
from chancery.cases.lifecycle import OPEN_STATUSES, Status
from chancery.cases.models import Case, CaseEvent, access_key_digest
from chancery.organization.models import Unit
from chancery.organization.selectors import scope_to_units
from chancery.organization.services import calendar_for, unit_tz
from chancery.procedures.models import ProcedureVersion

QUEUE_ORDERS = {
    "oldest": ("submitted_at", "id"),
    "newest": ("-submitted_at", "-id"),
    "status": ("status", "submitted_at"),
    "procedure": ("procedure_version__procedure__code", "submitted_at"),
    "changed": ("-status_changed_at",),
    "due": (F("due_at").asc(nulls_last=True), "id"),
}
# Statuses in which the legal clock runs for the office (not while the applicant is asked).
CLOCK_RUNNING = (Status.RECEIVED, Status.IN_PROCESSING, Status.SUPPLEMENT_PROVIDED,
                 Status.FEE_REQUESTED, Status.FEE_PAID, Status.SUBMITTED)


def due_soon_threshold(unit: Unit, now: datetime) -> datetime:
    """Cases due before this moment have at most two working days left in this unit."""
    tz = unit_tz(unit)
    today = now.astimezone(tz).date()
    last_day = calendar_for(unit).add_working_days(today, 2)
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


def staff_cases(user: Any) -> QuerySet[Case]:
    """Cases of the units this person may see; drafts are the applicant's alone."""
    return scope_to_units(Case.objects.exclude(status=Status.DRAFT), user)


def queue(
    user: Any,
    *,
    status: str | None = None,
    procedure: str | None = None,
    unit: int | None = None,
    open_only: bool = False,
    search: str | None = None,
    timeliness: str | None = None,
    order: str = "oldest",
) -> QuerySet[Case]:
    # Versions are attached from the process cache (attach_versions); the answers are not shown.
    qs = staff_cases(user).select_related("unit", "assigned_to").defer("data")
    if timeliness:
        units = scope_to_units(Unit.objects.filter(is_active=True), user, field="id")
        if unit:
            units = units.filter(pk=unit)
        qs = qs.filter(timeliness_filter(timeliness, units))
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if procedure:
        qs = qs.filter(procedure_version__procedure__code=procedure)
    if unit:
        qs = qs.filter(unit_id=unit)
    if search:
        code = codes.canonical(search)
        qs = qs.filter(tracking_code=code) if code else qs.filter(applicant_name__icontains=search)
    return qs.order_by(*QUEUE_ORDERS.get(order, QUEUE_ORDERS["oldest"]))


def case_for_staff(user: Any, tracking_code: str) -> Case:
    """A case of another unit answers 404, exactly like one that does not exist."""
    try:
        return (
            staff_cases(user)
            .select_related("procedure_version__procedure", "unit", "assigned_to")
            .get(tracking_code=tracking_code)
        )
    except Case.DoesNotExist as exc:
        raise Http404 from exc


_VERSIONS: dict[int, ProcedureVersion] = {}


def frozen_procedure_versions(pks: Iterable[int]) -> dict[int, ProcedureVersion]:
    """Published versions never change (their save() refuses): each is read once per process,
    all missing ones in one query, so pages do not decode the same definition row after row."""
    wanted = set(pks)
    missing = wanted - _VERSIONS.keys()
    if missing:
        for version in ProcedureVersion.objects.filter(pk__in=missing).select_related("procedure"):
            _VERSIONS[version.pk] = version
    return {pk: _VERSIONS[pk] for pk in wanted if pk in _VERSIONS}


def frozen_procedure_version(pk: int) -> ProcedureVersion:
    return frozen_procedure_versions([pk])[pk]


def forget_procedure_versions() -> None:
    """For tests, whose rolled-back rows may see their ids reused."""
    _VERSIONS.clear()


def attach_versions(cases: Iterable[Case]) -> list[Case]:
    cases = list(cases)
    versions = frozen_procedure_versions(c.procedure_version_id for c in cases)
    for case in cases:
        case.procedure_version = versions[case.procedure_version_id]
    return cases


def case_by_code_and_key(code: str, key: str) -> Case | None:
    """Public lookup: None for a wrong code and for a wrong key alike."""
    canonical = codes.canonical(code)
    case = None
    if canonical is not None:
        # get() on the unique code: no ORDER BY to compile or sort (the hottest public query).
        try:
            case = Case.objects.select_related("unit").get(tracking_code=canonical)
        except Case.DoesNotExist:
            case = None
        else:
            case.procedure_version = frozen_procedure_version(case.procedure_version_id)
    # Compare a key digest in every path, so timing does not tell a wrong code from a wrong key.
    digest = access_key_digest(key)
    if case is None or not hmac.compare_digest(case.access_key_digest, digest):
        return None
    return case


def timeline(case: Case) -> QuerySet:
    return case.events.select_related("actor").order_by("at", "id")


class LookupThrottled(Exception):
    """Too many failed lookups from one client address: refuse before checking anything."""


def lookup_for_client(client: str | None, code: str, key: str, *, drafts: bool = True) -> Case | None:
    """The public lookup, web page and API alike: a failure counts against the client's address
    and, past STATUS_LOOKUP_MAX_FAILURES in the window, every lookup is refused."""
    from django.conf import settings
    from django.core.cache import cache

    counter = "status-fail:" + (client or "unknown")
    failures = cache.get(counter, 0)
    if failures >= settings.STATUS_LOOKUP_MAX_FAILURES:
        raise LookupThrottled
    case = case_by_code_and_key(code, key)
    if case is not None and not drafts and case.status == Status.DRAFT:
        case = None
    if case is None:
        cache.set(counter, failures + 1, settings.STATUS_LOOKUP_WINDOW_SECONDS)
    return case


def public_timeline(case: Case) -> QuerySet:
    """What the applicant may read of the history: no staff names."""
    return CaseEvent.objects.filter(case_id=case.pk).order_by("at", "id").only(
        "at", "action", "to_status", "note"
    )


def display_answers(case: Case) -> list[tuple[str, str]]:
    """The form's answers as a person reads them: choice labels and country names, not codes."""
    import pycountry

    version = case.procedure_version
    shown = []
    for spec in version.form_fields:
        value = case.data.get(spec["name"], "")
        if spec["type"] == "choice":
            labels = {c["value"]: version.text(c["label"]) for c in spec["choices"]}
            value = labels.get(value, value)
        elif spec["type"] == "country" and value:
            country = pycountry.countries.get(alpha_2=value)
            value = f"{country.name} ({value})" if country else value
        shown.append((version.text(spec["label"]), value))
    return shown
