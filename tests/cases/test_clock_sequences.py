"""Any sequence of supplements, fee requests, payments, apologies and waiting, on real cases: the date
told to the citizen never moves back, one apology at most, the clock's time used never goes back nor
runs ahead of the days late, and no step or page fails for a date the forms accept. A hypothesis state
machine drives the services, the case page, the queue and the citizen's status page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from chancery.cases import deadlines
from chancery.cases.models import Case, CaseEvent
from chancery.cases.services import CaseError, allowed_transitions, issue_apology
from chancery.organization.services import calendar_for
from tests.factories import advance, submit_case

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)
STEPS = ("receive", "start_processing", "request_supplement", "provide_supplement", "request_fee",
         "record_payment")


@pytest.mark.django_db(transaction=False)
def test_the_promised_date_only_moves_on_whatever_the_sequence(org, catalog, client: Client):
    client.force_login(org.officer)

    class Clock(RuleBasedStateMachine):
        @initialize(code=st.sampled_from(["visa-exemption-certificate", "consular-legalisation",
                                          "nationality-confirmation", "marriage-registration"]),
                    documents=st.integers(1, 12))
        def apply(self, code: str, documents: int) -> None:
            self.now = START
            with mock.patch("django.utils.timezone.now", return_value=self.now):
                case, key = submit_case(org.fr, code)
            Case.objects.filter(pk=case.pk).update(data={**case.data, "document_count": documents})
            self.case = Case.objects.get(pk=case.pk)
            self.told: datetime | None = None
            # Where the interesting sequences start: received and in processing (and paid where
            # the clock starts at payment); the rules then go on from there.
            steps = ["receive", "start_processing"]
            if self.case.procedure_version.clock_starts == "payment":
                steps += ["request_fee", "record_payment"]
            with self._at():
                self.case = advance(self.case, steps, officer=org.officer)
            self.used: int | None = None
            self.citizen = Client()
            self.citizen.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})

        def _at(self):  # noqa: ANN202
            return mock.patch("django.utils.timezone.now", return_value=self.now)

        @rule(hours=st.sampled_from([1, 6, 20, 30, 50]))
        def wait(self, hours: int) -> None:
            self.now += timedelta(hours=hours)

        @rule(data=st.data())
        def act(self, data: st.DataObject) -> None:
            self.case.refresh_from_db()
            possible = [t.action for t in allowed_transitions(self.case, user=org.officer)
                        if t.action in STEPS]
            if self.case.status == "supplement_requested":
                possible.append("provide_supplement")
            if not possible:
                return
            action = data.draw(st.sampled_from(possible))
            with self._at():
                self.case = advance(self.case, [action], officer=org.officer)

        @rule(days=st.one_of(st.integers(1, 12), st.integers(-3, 40_000)))
        def apologise(self, days: int) -> None:
            self.case.refresh_from_db()
            if self.case.due_at is None:
                return
            day = self.case.due_at.astimezone(PARIS).date() + timedelta(days=days)
            before = (self.case.due_at, self.case.version)
            with self._at():
                try:
                    self.case = issue_apology(self.case, day, actor=org.officer,
                                              expected_version=self.case.version, reason="Late.")
                except CaseError:
                    self.case.refresh_from_db()
                    assert (self.case.due_at, self.case.version) == before  # a refusal changes nothing

        @invariant()
        def the_promise_never_moves_back(self) -> None:
            if not hasattr(self, "case"):
                return
            self.case.refresh_from_db()
            due = self.case.due_at
            if due is not None:
                assert self.told is None or due >= self.told, (due, self.told)
                self.told = due
                assert due.year <= date.today().year + 2

        @invariant()
        def one_apology_at_most(self) -> None:
            if hasattr(self, "case"):
                assert CaseEvent.objects.filter(case=self.case, action="reschedule").count() <= 1

        @invariant()
        def the_pages_show_it(self) -> None:
            if not hasattr(self, "case"):
                return
            with self._at():
                assert deadlines.case_timeliness(self.case, self.now) in (
                    None, "on_track", "due_soon", "overdue", "early", "on_time", "late")
                page = client.get(reverse("cases:detail", args=[self.case.tracking_code]))
                assert page.status_code == 200
                assert client.get(reverse("cases:queue")).status_code == 200

        @invariant()
        def the_clock_counts_the_time_used_sensibly(self) -> None:
            """clock_state: its timeliness is case_timeliness's; the period used never goes back,
            and never exceeds the period allowed by more than the days the case is late."""
            if not hasattr(self, "case"):
                return
            self.case.refresh_from_db()
            clock = deadlines.clock_state(self.case, self.now)
            assert clock.timeliness == deadlines.case_timeliness(self.case, self.now)
            assert (clock.state == "paused") == (self.case.status == "supplement_requested")
            if clock.used is None:
                return
            assert self.used is None or clock.used >= self.used, (clock.used, self.used)
            self.used = clock.used
            if clock.due_at is not None and clock.period_unit in ("working_days", "calendar_days"):
                today, due_day = self.now.astimezone(PARIS).date(), clock.due_date
                calendar = calendar_for(self.case.unit)
                late = 0
                if self.now > clock.due_at:
                    late = (calendar.working_days_between(due_day, today)
                            if clock.period_unit == "working_days" else (today - due_day).days)
                assert clock.used <= clock.allowed + late, (clock, late)
            with self._at():
                page = self.citizen.get(reverse("portal:status", args=[self.case.tracking_code]))
                assert page.status_code == 200 and b'id="due"' in page.content

    run_state_machine_as_test(
        Clock, settings=settings(max_examples=15, stateful_step_count=12, deadline=None)
    )
