"""Reads of cases, already scoped to what the caller may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from chancery.cases import codes
from chancery.cases.lifecycle import OPEN_STATUSES, Status
from chancery.cases.models import Case
from chancery.organization.selectors import scope_to_units

QUEUE_ORDERS = {
    "oldest": ("submitted_at", "id"),
    "newest": ("-submitted_at", "-id"),
    "status": ("status", "submitted_at"),
    "procedure": ("procedure_version__procedure__code", "submitted_at"),
    "changed": ("-status_changed_at",),
}


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
    order: str = "oldest",
) -> QuerySet[Case]:
    qs = staff_cases(user).select_related("procedure_version__procedure", "unit", "assigned_to")
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


def case_by_code_and_key(code: str, key: str) -> Case | None:
    """Public lookup: None for a wrong code and for a wrong key alike."""
    canonical = codes.canonical(code)
    if canonical is None:
        return None
    case = (
        Case.objects.select_related("procedure_version", "unit")
        .filter(tracking_code=canonical).first()
    )
    if case is None or not case.key_matches(key):
        return None
    return case


def timeline(case: Case) -> QuerySet:
    return case.events.select_related("actor").order_by("at", "id")
