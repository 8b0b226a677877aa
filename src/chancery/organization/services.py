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


def closures_of(unit_id: int) -> dict[date, str]:
    """Cached: queue pages compute many cases' deadlines and must not query per case."""
    key = _closures_key(unit_id)
    closures = cache.get(key)
    if closures is None:
        closures = dict(ClosureDay.objects.filter(unit_id=unit_id).values_list("date", "reason"))
        cache.set(key, closures, CLOSURES_TTL)
    return closures


@receiver([post_save, post_delete], sender=ClosureDay)
def _forget_closures(sender: type, instance: ClosureDay, **kwargs: object) -> None:
    cache.delete(_closures_key(instance.unit_id))


def calendar_for(unit: Unit) -> WorkingCalendar:
    """Equal settings give equal calendars, which share their cached tables."""
    return WorkingCalendar(
        weekend=unit.weekend_days or (5, 6), host_country=unit.host_country,
        closures=closures_of(unit.pk),
    )


def unit_tz(unit: Unit) -> ZoneInfo:
    return ZoneInfo(unit.time_zone)
