"""Which units a person may see and act for. Every staff query goes through these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.db.models import QuerySet

from chancery.core.text import fold
from chancery.organization.models import Membership, Role, Unit, UnitKind

if TYPE_CHECKING:
    from chancery.core.people import Person


def _memberships(user: Person) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_chancery_memberships", None)
    if cached is None:
        # An authenticated visitor is a User.
        cached = list(Membership.objects.filter(user=user, unit__is_active=True)  # type: ignore[misc]
                      .select_related("unit"))
        setattr(user, "_chancery_memberships", cached)  # noqa: B010 - a cache on the user object
    return cached


def roles_in(user: Person, unit_id: int) -> set[str]:
    return {m.role for m in _memberships(user) if m.unit_id == unit_id}


def is_leadership(user: Person) -> bool:
    return any(m.role == Role.LEADERSHIP for m in _memberships(user))


def is_leadership_only(user: Person) -> bool:
    """Leadership in every unit the person belongs to (no officer, head or other role)."""
    memberships = _memberships(user)
    return bool(memberships) and all(m.role == Role.LEADERSHIP for m in memberships)


def is_staff_member(user: Person) -> bool:
    return bool(_memberships(user))


def visible_unit_ids(user: Person) -> set[int] | None:
    """Unit ids the user may see; None means all (leadership)."""
    if is_leadership(user):
        return None
    return {m.unit_id for m in _memberships(user) if m.role in (Role.OFFICER, Role.HEAD)}


def scope_to_units(qs: QuerySet, user: Person, field: str = "unit_id") -> QuerySet:
    ids = visible_unit_ids(user)
    if ids is None:
        return qs
    return qs.filter(**{f"{field}__in": ids})


def visible_units(user: Person) -> QuerySet[Unit]:
    return scope_to_units(Unit.objects.filter(is_active=True), user, field="id")


def may_work_cases(user: Person, unit_id: int) -> bool:
    return bool(roles_in(user, unit_id) & {Role.OFFICER, Role.HEAD})


def may_decide(user: Person, unit_id: int) -> bool:
    """The head decides; an officer only by the head's delegation."""
    for m in _memberships(user):
        if m.unit_id == unit_id and (m.role == Role.HEAD or (m.role == Role.OFFICER and m.may_decide)):
            return True
    return False


def decider_unit_ids(user: Person) -> set[int]:
    """The units whose cases this person may decide (may_decide true)."""
    return {m.unit_id for m in _memberships(user)
            if m.role == Role.HEAD or (m.role == Role.OFFICER and m.may_decide)}


# ---- Which office serves a citizen ------------------------------------------------------------


class HandledBy(Protocol):
    """What the rule needs of a procedure version: the unit kinds that handle it."""

    @property
    def handled_by(self) -> list[str]: ...


def handling_units(procedure_version: HandledBy) -> QuerySet[Unit]:
    """Every active office of a kind that handles the procedure."""
    return Unit.objects.filter(is_active=True, kind__in=procedure_version.handled_by)


def serves_country(unit: Unit, country: str) -> bool:
    """A unit serves its host country and every country of its jurisdiction list."""
    country = (country or "").upper()
    return country == unit.host_country or country in (unit.jurisdiction_countries or [])


def competent_units(procedure_version: HandledBy, country: str, city: str | None = None) -> list[Unit]:
    """The offices competent for a person living in `country` (ISO alpha-2), for this procedure.

    The one rule the portal, the application form and the API use:

    1. Only active units of a kind the procedure lists in `handled_by`.
    2. A unit serves its host country plus the countries in its `jurisdiction_countries`. So a
       mission serves the country it sits in and those it is accredited to (the Embassy in Paris
       serves France and Monaco); the Consular Department and the city Departments of Foreign
       Affairs sit in Viet Nam and serve residents of Viet Nam.
    3. When several offices serve the country (the Consular Department in Hà Nội and the
       Department in Hồ Chí Minh City; an embassy and consulates general), `city` picks those in
       that city (compared without case or diacritics); a city none of them is in changes nothing.
    4. Offices in the country come before those serving it from abroad, then by English name.

    An empty list means no office serves that country for this procedure: the caller says so and
    points to `handling_units` (the person may choose the nearest) and the Consular Department.
    """
    country = (country or "").upper()
    units = [u for u in handling_units(procedure_version) if serves_country(u, country)]
    if city:
        wanted = fold(city).strip()
        in_city = [u for u in units if wanted in {fold(u.city).strip(), fold(u.city_vi or u.city).strip()}]
        units = in_city or units
    return sorted(units, key=lambda u: (u.host_country != country, u.name_en))


def office_cities(units: list[Unit]) -> list[tuple[str, str]]:
    """The distinct cities of these offices as (value, name in the reader's language), for the
    city picker; empty when there is only one."""
    cities = sorted({(u.city, u.city_name) for u in units}, key=lambda city: fold(city[1]))
    return cities if len(cities) > 1 else []


def consular_department() -> Unit | None:
    """Where to turn when no office serves one's country: the ministry's department in Viet Nam."""
    return Unit.objects.filter(
        is_active=True, kind=UnitKind.MINISTRY_DEPARTMENT, host_country="VN"
    ).order_by("code").first()
