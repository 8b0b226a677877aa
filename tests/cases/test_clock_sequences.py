"""Any sequence of supplements, fee requests, payments, apologies and waiting, on real cases: the date
told to the citizen never moves back, one apology at most, the clock's time used never goes back nor
runs ahead of the days late, and no step or page fails for a date the forms accept. A hypothesis state
machine drives the services, the case page, the queue and the citizen's status page; another one
drives reception (requests to complete the dossier, any number of times) and what follows."""

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
from chancery.cases.models import Case, CaseEvent, NoticeKind
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

        def _at(self):
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


RECEPTION_STEPS = ("request_completion", "complete_dossier", "receive", "start_processing",
                   "request_supplement", "provide_supplement", "request_fee", "record_payment")


@pytest.mark.django_db(transaction=False)
def test_completion_rounds_at_reception_never_start_the_clock_whatever_the_sequence(org, catalog):
    """Any sequence of completion requests and answers at reception, then reception and the rest:
    no clock and no receipt before the dossier is received, one receipt when it is (a second one,
    with the date, only where the clock starts at payment), completion never counts as the
    once-only supplement, and a started clock never restarts."""

    class Reception(RuleBasedStateMachine):
        @initialize(code=st.sampled_from(["passport-issuance", "consular-legalisation",
                                          "marriage-registration", "copy-certification"]))
        def apply(self, code: str) -> None:
            self.now = START
            with mock.patch("django.utils.timezone.now", return_value=self.now):
                self.case, _ = submit_case(org.fr, code)
            self.codes = [d["code"] for d in self.case.procedure_version.documents]
            self.started = None

        @rule(hours=st.sampled_from([1, 5, 26]))
        def wait(self, hours: int) -> None:
            self.now += timedelta(hours=hours)

        @rule(data=st.data())
        def act(self, data: st.DataObject) -> None:
            self.case.refresh_from_db()
            possible = [t.action for t in allowed_transitions(self.case, user=org.officer)
                        if t.action in RECEPTION_STEPS]
            possible += [t.action for t in allowed_transitions(self.case, user=None, applicant=True)
                         if t.action in RECEPTION_STEPS]
            if not possible:
                return
            action = data.draw(st.sampled_from(possible))
            named = data.draw(st.lists(st.sampled_from(self.codes), max_size=3, unique=True))
            with mock.patch("django.utils.timezone.now", return_value=self.now):
                self.case = advance(self.case, [action], officer=org.officer, requirements=named)
            if action in ("request_completion", "request_supplement"):
                assert self.case.requested_documents == named

        @invariant()
        def no_clock_nor_receipt_before_reception(self) -> None:
            if not hasattr(self, "case"):
                return
            self.case.refresh_from_db()
            receipts = self.case.notices.filter(kind=NoticeKind.RECEIPT).count()
            if self.case.received_at is None:
                assert (self.case.clock_started_at, self.case.due_at, receipts) == (None, None, 0)
            else:
                payment = self.case.procedure_version.clock_starts == "payment"
                assert 1 <= receipts <= (2 if payment else 1)
            if self.started is not None:
                assert self.case.clock_started_at == self.started  # never restarted
            self.started = self.case.clock_started_at

        @invariant()
        def completion_is_not_the_supplement(self) -> None:
            if not hasattr(self, "case"):
                return
            events = CaseEvent.objects.filter(case=self.case)
            assert self.case.supplement_count == events.filter(action="request_supplement").count() <= 1
            assert (self.case.notices.filter(kind=NoticeKind.COMPLETION_REQUEST).count()
                    == events.filter(action="request_completion").count())
            if self.case.received_at is not None:  # completion is for reception only
                assert not events.filter(action="request_completion",
                                         at__gt=self.case.received_at).exists()

    run_state_machine_as_test(
        Reception, settings=settings(max_examples=15, stateful_step_count=14, deadline=None)
    )
