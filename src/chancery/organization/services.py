"""The working-day calendar of a unit, from its settings and the closure days an administrator set."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chancery.organization.calendar import WorkingCalendar
from chancery.organization.models import ClosureDay, Unit

CLOSURES_TTL = 300


def _closures_key(unit_id: int) -> str:
    return f"unit-closures:{unit_id}"


def calendar_days_of(unit_id: int) -> tuple[dict[date, str], frozenset[date]]:
    """The unit's closure days (date -> reason) and extra working days, as an administrator set
    them. Cached: queue pages compute many cases' deadlines and must not query per case."""
    key = _closures_key(unit_id)
    days = cache.get(key)
    if days is None:
        rows = ClosureDay.objects.filter(unit_id=unit_id).values_list("date", "kind", "reason")
        days = ({d: reason for d, kind, reason in rows if kind == ClosureDay.Kind.CLOSED},
                frozenset(d for d, kind, _reason in rows if kind == ClosureDay.Kind.WORKED))
        cache.set(key, days, CLOSURES_TTL)
    return days



@receiver([post_save, post_delete], sender=ClosureDay)
def _forget_closures(sender: type, instance: ClosureDay, **kwargs: object) -> None:
    cache.delete(_closures_key(instance.unit_id))


def calendar_for(unit: Unit) -> WorkingCalendar:
    """Equal settings give equal calendars, which share their cached tables."""
    closures, worked = calendar_days_of(unit.pk)
    return WorkingCalendar(
        weekend=unit.weekend_days or (5, 6), host_country=unit.host_country,
        host_subdivision=unit.host_subdivision or None, closures=closures, extra_working_days=worked,
    )


def unit_tz(unit: Unit) -> ZoneInfo:
    return ZoneInfo(unit.time_zone)
