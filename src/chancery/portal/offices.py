"""The citizen's question "which office serves me?", asked on the procedure page and the form.

A plain GET form (`?country=FR`, then `&city=...` where a country has several offices), so it
works without JavaScript; the answer comes from `organization.selectors.competent_units`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from chancery.core.countries import country_choices, country_name, is_country
from chancery.core.text import fold
from chancery.organization.models import Unit
from chancery.organization.selectors import (
    competent_units,
    consular_department,
    handling_units,
    office_cities,
)


@dataclass
class OfficeFinder:
    """What the picker shows: the countries, the one chosen, and the offices that serve it."""

    country: str = ""
    city: str = ""
    invalid_country: bool = False
    competent: list[Unit] = field(default_factory=list)
    cities: list[tuple[str, str]] = field(default_factory=list)
    handling: list[Unit] = field(default_factory=list)
    department: Unit | None = None
    countries: list[tuple[str, str]] = field(default_factory=list)

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""

    @property
    def none_serves(self) -> bool:
        return bool(self.country) and not self.competent

    @property
    def office(self) -> Unit | None:
        """The one competent office, when there is exactly one."""
        return self.competent[0] if len(self.competent) == 1 else None

    def form_units(self) -> QuerySet[Unit]:
        """The offices the application form offers: those serving the chosen country, or every
        office handling the procedure when no country is chosen or none serves it."""
        ids = [u.pk for u in (self.competent or self.handling)]
        return Unit.objects.filter(pk__in=ids).order_by("name_en")


def find_office(request: HttpRequest, version: Any) -> OfficeFinder:
    code = (request.GET.get("country") or "").strip().upper()
    city = (request.GET.get("city") or "").strip()[:100]
    finder = OfficeFinder(
        handling=list(handling_units(version).order_by("name_en")), countries=country_choices()
    )
    if code and not is_country(code):
        finder.invalid_country = True
        return finder
    if code:
        finder.country = code
        everywhere = competent_units(version, code)
        finder.cities = office_cities(everywhere)
        # The city as the picker sends it, or as a person types it in either language.
        known = {fold(name): u.city for u in everywhere for name in (u.city, u.city_vi) if name}
        finder.city = known.get(fold(city), "") if city and finder.cities else ""
        finder.competent = competent_units(version, code, finder.city or None)
        if not finder.competent:
            finder.department = consular_department()
    return finder
