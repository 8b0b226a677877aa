"""Counters for tests: a schedule, the next slots it offers a case."""

from __future__ import annotations

from datetime import time

from chancery.appointments import selectors
from chancery.appointments.models import CounterSchedule


def make_schedule(unit, **overrides) -> CounterSchedule:
    values = {"name": "Counter", "weekdays": [0, 1, 2, 3, 4, 5, 6], "opens_at": time(9, 0),
              "closes_at": time(12, 0), "slot_minutes": 30, "capacity": 2}
    values.update(overrides)
    return CounterSchedule.objects.create(unit=unit, **values)


def first_offer(case, now=None):
    offers = selectors.offers(case, now=now)
    return next(o for day in offers.values() for o in day if o.free)
