"""Race-safe booking on PostgreSQL: N people booking the same slot of capacity k at the same
instant (real threads, each with its own connection, released together by a barrier): exactly k
get a place, the others are told the slot is full, and the slot's count matches the rows.
SQLite lets one writer at a time, so the race only exists (and is only tested) on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from chancery.appointments import services
from chancery.appointments.models import Appointment, Slot
from tests.appointments.helpers import make_schedule
from tests.factories import submit_case

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every write anyway"),
]

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=PARIS)
SLOT = datetime(2026, 12, 9, 9, 0, tzinfo=PARIS)
THREADS = 8


def _race(actors) -> list:
    barrier = threading.Barrier(len(actors))
    results: list = [None] * len(actors)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=20)
            try:
                results[index] = actors[index]()
            except Exception as exc:
                results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actors))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.parametrize("capacity", [1, 3])
def test_n_people_race_for_a_slot_of_capacity_k_and_exactly_k_win(org, catalog, capacity):
    schedule = make_schedule(org.fr, capacity=capacity)
    cases = [submit_case(org.fr, "passport-issuance", email=f"p{i}@example.org")[0] for i in range(THREADS)]
    results = _race([
        (lambda case=case: services.book(case=case, schedule_id=schedule.pk, starts_at=SLOT, now=NOW))
        for case in cases
    ])
    won = [r for r in results if isinstance(r, Appointment)]
    full = [r for r in results if isinstance(r, services.SlotFull)]
    assert len(won) == capacity, results
    assert len(full) == THREADS - capacity, results
    slot = Slot.objects.get()
    assert slot.booked == capacity == Appointment.objects.filter(slot=slot, status="booked").count()


def test_one_case_booking_twice_at_once_holds_one_appointment(org, catalog):
    schedule = make_schedule(org.fr, capacity=5)
    case = submit_case(org.fr, "passport-issuance")[0]
    times = [SLOT, SLOT.replace(hour=10), SLOT.replace(hour=11)]
    _race([
        (lambda t=t: services.book(case=case, schedule_id=schedule.pk, starts_at=t, now=NOW)) for t in times
    ])
    assert Appointment.objects.filter(case=case, status="booked").count() == 1
    assert sum(Slot.objects.values_list("booked", flat=True)) == 1
