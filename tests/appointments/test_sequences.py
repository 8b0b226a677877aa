"""Random sequences of bookings, moves, cancellations and marks by several applicants on a small
counter (hypothesis state machine): after every step each slot's count equals its booked
appointments, never exceeds its capacity, and each case holds at most one booked visit."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Q
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from chancery.appointments import services
from chancery.appointments.models import Appointment, Slot
from tests.appointments.helpers import make_schedule
from tests.factories import submit_case

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=PARIS)
# Wednesday and Thursday, 09:00-10:00: four slots of two places.
TIMES = [datetime(2026, 12, d, h, m, tzinfo=PARIS) for d in (9, 10) for h, m in ((9, 0), (9, 30))]


@pytest.mark.django_db
def test_slot_counts_follow_every_sequence(org, catalog):
    schedule = make_schedule(org.fr, capacity=2, opens_at=time(9), closes_at=time(10))
    cases = [submit_case(org.fr, "passport-issuance", email=f"s{i}@example.org")[0] for i in range(5)]

    class Counter(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            Appointment.objects.all().delete()
            Slot.objects.all().delete()

        @rule(who=st.sampled_from(range(5)), when=st.sampled_from(TIMES))
        def book_or_move(self, who: int, when: datetime) -> None:
            try:
                services.book(case=cases[who], schedule_id=schedule.pk, starts_at=when, now=NOW)
            except services.SlotFull:
                assert Slot.objects.get(schedule=schedule, starts_at=when).booked == 2

        @rule(who=st.sampled_from(range(5)))
        def cancel(self, who: int) -> None:
            booked = Appointment.objects.filter(case=cases[who], status="booked").first()
            if booked is not None:
                services.cancel(appointment=booked, now=NOW)

        @rule(who=st.sampled_from(range(5)))
        def missed(self, who: int) -> None:
            booked = Appointment.objects.filter(case=cases[who], status="booked").first()
            if booked is not None:
                services.mark(appointment=booked, outcome="no_show", officer=org.officer,
                              now=booked.slot.starts_at + timedelta(minutes=5))

        @invariant()
        def counts_match(self) -> None:
            for slot in Slot.objects.annotate(
                    held=Count("appointments", filter=~Q(appointments__status="cancelled"))):
                assert slot.booked == slot.held <= slot.capacity
            for case in cases:
                assert Appointment.objects.filter(case=case, status="booked").count() <= 1

    runner = Counter.TestCase
    runner.settings = settings(max_examples=15, stateful_step_count=12, deadline=None,
                               suppress_health_check=list(HealthCheck))
    runner().runTest()
