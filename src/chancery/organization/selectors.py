"""Which units a person may see and act for. Every staff query goes through these."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chancery.organization.models import Membership, Role, Unit


def _memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_chancery_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, unit__is_active=True).select_related("unit")
        )
        user._chancery_memberships = cached
    return cached


def roles_in(user: Any, unit_id: int) -> set[str]:
    return {m.role for m in _memberships(user) if m.unit_id == unit_id}


def is_leadership(user: Any) -> bool:
    return any(m.role == Role.LEADERSHIP for m in _memberships(user))


def is_staff_member(user: Any) -> bool:
    return bool(_memberships(user))


def visible_unit_ids(user: Any) -> set[int] | None:
    """Unit ids the user may see; None means all (leadership)."""
    if is_leadership(user):
        return None
    return {m.unit_id for m in _memberships(user) if m.role in (Role.OFFICER, Role.HEAD)}


def scope_to_units(qs: QuerySet, user: Any, field: str = "unit_id") -> QuerySet:
    ids = visible_unit_ids(user)
    if ids is None:
        return qs
    return qs.filter(**{f"{field}__in": ids})


def visible_units(user: Any) -> QuerySet[Unit]:
    return scope_to_units(Unit.objects.filter(is_active=True), user, field="id")


def may_work_cases(user: Any, unit_id: int) -> bool:
    return bool(roles_in(user, unit_id) & {Role.OFFICER, Role.HEAD})


def may_decide(user: Any, unit_id: int) -> bool:
    """The head decides; an officer only by the head's delegation."""
    for m in _memberships(user):
        if m.unit_id == unit_id and (m.role == Role.HEAD or (m.role == Role.OFFICER and m.may_decide)):
            return True
    return False
