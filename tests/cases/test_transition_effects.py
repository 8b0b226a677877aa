"""Every transition does exactly what its declared effects say (lifecycle.TRANSITIONS, Effects).

Generated from the table: each transition is applied, through cases.services.apply_transition,
to a real case of each kind of procedure (clock from receipt, from payment, urgent; with and
without a fee), and what changed is compared with the declaration: the legal clock
(deadlines.clock_state before and after), the timestamp set, the notices issued, the e-mails
queued and to whom, the statistics counters added to, the documents asked for or stored, the
holder and the supplement count. A declaration that drifts from the behaviour (or the reverse)
turns these red."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import models

from chancery.cases import deadlines, notifications
from chancery.cases.lifecycle import (
    CLOCK_PAUSED_IN,
    CLOCK_RUNNING,
    CLOCK_STOPPED_IN,
    CLOSED_STATUSES,
    CLOSING_COUNTER,
    TRANSITIONS,
    ClockEffect,
    Status,
    clock_start_for,
)
from chancery.cases.models import Case, Document, Notice, NoticeKind, Notification
from chancery.cases.selectors import timeliness_filter
from chancery.cases.services import save_application
from chancery.organization.models import Unit
from chancery.portal.models import COUNT_FIELDS, ServiceCounter
from chancery.procedures.selectors import current_version
from tests.factories import advance, applicant_uploads, submit_case

# One procedure of each kind the clock rules tell apart.
PROCEDURES = {
    "nationality-confirmation": "from receipt, no fee",
    "passport-issuance": "from receipt, with a fee",
    "consular-legalisation": "from payment, with a fee",
    "citizen-protection": "urgent: from submission",
}
FEE_PROCEDURES = {"passport-issuance", "consular-legalisation"}

# A way from a submitted case to one of each transition's sources (conditions met). A transition
# added to the table without a way here fails below, rather than going untested.
_PAID = ["receive", "start_processing", "request_fee", "record_payment"]


def way_to(action: str, procedure: str) -> list[str] | None:
    fee = procedure in FEE_PROCEDURES
    working = _PAID if fee else ["receive", "start_processing"]
    ways = {
        "submit": [],  # from a draft
        "receive": [],
        "request_completion": [],
        "complete_dossier": ["request_completion"],
        "not_accept": [],
        "start_processing": ["receive"],
        "request_supplement": ["receive", "start_processing"],
        "provide_supplement": ["receive", "start_processing", "request_supplement"],
        "request_fee": ["receive", "start_processing"] if fee else None,
        "record_payment": ["receive", "start_processing", "request_fee"] if fee else None,
        "approve": working,
        "refuse": working,
        "return_result": [*working, "approve"],
        "withdraw": ["receive", "start_processing"],
        "stop": ["receive", "start_processing"],
    }
    return ways[action]


CASES = [
    pytest.param(action, procedure, id=f"{action}-{procedure}")
    for action in TRANSITIONS for procedure in PROCEDURES if way_to(action, procedure) is not None
]


def _counters() -> Counter:
    totals: Counter = Counter()
    for row in ServiceCounter.objects.values(*COUNT_FIELDS):
        totals.update({field: value for field, value in row.items() if value})
    return totals


def _case_at_source(action: str, procedure: str, org) -> Case:
    if action == "submit":
        version = current_version(procedure)
        case, _key = save_application(
            version=version, unit=org.fr, applicant={"name": "Nguyễn Văn An", "email": "an@example.org"},
            answers={}, uploads=applicant_uploads(version), submit=False,
        )
        return case
    case, _key = submit_case(org.fr, procedure)
    return advance(case, way_to(action, procedure), officer=org.officer, decider=org.head)


def _first_document(case: Case) -> str:
    return case.procedure_version.documents[0]["code"]


def _expected_clock(before: str, effect: ClockEffect, starts_here: bool) -> str:
    if effect in (ClockEffect.STOP, ClockEffect.STOP_WITH_RESULT):
        return "stopped"
    if starts_here:
        return "running"
    if effect is ClockEffect.PAUSE and before == "running":
        return "paused"
    if effect is ClockEffect.RESUME and before == "paused":
        return "running"
    return before


TIMESTAMPS = {t.effects.timestamp for t in TRANSITIONS.values() if t.effects.timestamp}


@pytest.mark.parametrize(("action", "procedure"), CASES)
def test_a_transition_does_exactly_what_it_declares(action, procedure, org, catalog):
    transition = TRANSITIONS[action]
    effects = transition.effects
    case = _case_at_source(action, procedure, org)
    case.refresh_from_db()
    assert case.status in transition.sources
    clock_before = deadlines.clock_state(case)
    starts_here = deadlines.clock_starts_with(case, action)
    notices_before = set(Notice.objects.filter(case=case).values_list("pk", flat=True))
    mails_before = set(Notification.objects.filter(case=case).values_list("pk", flat=True))
    documents_before = set(case.documents.values_list("pk", flat=True))
    counters_before = _counters()
    asked = [_first_document(case)] if effects.asks_for_documents else None

    after = advance(case, [action], officer=org.officer, decider=org.head, requirements=asked)
    after = Case.objects.select_related("unit", "procedure_version").get(pk=case.pk)
    assert after.status == transition.target

    # The clock: started here exactly when the procedure counts from this transition.
    version = case.procedure_version
    start = clock_start_for(urgent=version.urgent, clock_starts=version.clock_starts)
    assert starts_here is (effects.clock is start and case.clock_started_at is None)
    assert (after.clock_started_at is not None and case.clock_started_at is None) is starts_here
    clock_after = deadlines.clock_state(after)
    assert clock_after.state == _expected_clock(clock_before.state, effects.clock, starts_here), (
        clock_before.state, clock_after.state)
    if effects.clock is ClockEffect.STOP_WITH_RESULT:
        assert after.result_timeliness in ("early", "on_time", "late")
    else:
        assert after.result_timeliness == case.result_timeliness

    # The moment recorded, and no other.
    for field in TIMESTAMPS:
        if field == effects.timestamp:
            assert getattr(after, field) == after.status_changed_at, field
        else:
            assert getattr(after, field) == getattr(case, field), field

    # Notices, in the declared order.
    issued = list(Notice.objects.filter(case=case).exclude(pk__in=notices_before)
                  .order_by("pk").values_list("kind", flat=True))
    expected = list(effects.notices) + (list(effects.notices_if_clock_started) if starts_here else [])
    assert issued == expected

    # E-mails, and to whom.
    mails = list(Notification.objects.filter(case=case).exclude(pk__in=mails_before)
                 .values_list("to", flat=True))
    assert mails == (["an@example.org"] if "applicant" in effects.tells else [])

    # Statistics counters.
    deltas = {f: n for f, n in (_counters() - counters_before).items() if n}
    assert not (counters_before - _counters())  # nothing is ever taken off
    if effects.counter == "received":
        assert deltas["received"] == 1 and "resolved" not in deltas
    elif effects.counter == "resolved":
        decision = "refused" if transition.target == Status.REFUSED else "approved"
        other = "approved" if decision == "refused" else "refused"
        assert deltas["resolved"] == deltas[decision] == 1 and other not in deltas
        assert "received" not in deltas
    else:
        assert deltas == ({effects.counter: 1} if effects.counter else {})

    # Documents asked for, and stored under the declared stage.
    if effects.asks_for_documents:
        assert after.requested_documents == asked
    stages = set(after.documents.exclude(pk__in=documents_before).values_list("stage", flat=True))
    assert stages == ({effects.sends_documents} if effects.sends_documents else set())

    # The holder, and the once-only supplement.
    if effects.assigns_actor and case.assigned_to_id is None:
        assert after.assigned_to_id == org.officer.pk
    else:
        assert after.assigned_to_id == case.assigned_to_id
    assert after.supplement_count == case.supplement_count + int(effects.counts_supplement)

    # One rule in two forms: the statuses in which the queue's SQL and case_timeliness count the
    # clock as running (CLOCK_RUNNING), and the clock the case page, API and status page show
    # (from due_at, which the services set from the declared effects). No exception.
    running = clock_after.state == "running"
    by_status = after.status in CLOCK_RUNNING and after.clock_started_at is not None
    assert running is by_status, (after.status, clock_after.state)
    # ... and the queue really buckets it (the SQL), with the bucket the pages show.
    units = Unit.objects.filter(pk=after.unit_id)
    buckets = [kind for kind in ("on_track", "due_soon", "overdue")
               if Case.objects.filter(timeliness_filter(kind, units), pk=after.pk).exists()]
    assert buckets == ([clock_after.timeliness] if running else []), (buckets, clock_after)


# ---- The declarations name things that exist --------------------------------------------------


def _datetime_fields() -> set[str]:
    return {f.name for f in Case._meta.get_fields() if isinstance(f, models.DateTimeField)}


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_a_declaration_names_real_notices_fields_stages_and_counters(action):
    effects = TRANSITIONS[action].effects
    assert set(effects.notices) | set(effects.notices_if_clock_started) <= set(NoticeKind.values)
    assert not effects.timestamp or effects.timestamp in _datetime_fields()
    assert not effects.sends_documents or effects.sends_documents in Document.Stage.values
    assert not effects.counter or effects.counter in COUNT_FIELDS
    assert effects.tells <= {"applicant"}


@pytest.mark.parametrize("urgent", [True, False])
@pytest.mark.parametrize("clock_starts", ["receipt", "payment"])
def test_every_procedure_kind_has_exactly_one_transition_that_starts_its_clock(urgent, clock_starts):
    start = clock_start_for(urgent=urgent, clock_starts=clock_starts)
    assert len([t for t in TRANSITIONS.values() if t.effects.clock is start]) == 1


def test_a_paused_clock_is_left_only_by_resuming_or_stopping_it():
    # CLOCK_RUNNING is read from the effects (the statuses a PAUSE or a STOP leads to are not
    # running); a transition out of a paused status that forgot to resume would leave a running
    # status with no due date, which neither the pages nor the queue would count.
    for transition in TRANSITIONS.values():
        if transition.sources & CLOCK_PAUSED_IN:
            assert transition.effects.clock in (ClockEffect.RESUME, ClockEffect.STOP), transition.action
        if transition.effects.clock is ClockEffect.RESUME:
            assert transition.sources <= CLOCK_PAUSED_IN, transition.action
    assert not CLOCK_RUNNING & (CLOCK_PAUSED_IN | CLOCK_STOPPED_IN)


def test_the_closing_counters_are_those_of_the_closed_statuses():
    # portal.statistics counts a transition's closing by action and rebuilds it from the status.
    assert set(CLOSING_COUNTER) == CLOSED_STATUSES
    for transition in TRANSITIONS.values():
        closes = transition.target in CLOSED_STATUSES
        assert (transition.effects.timestamp == "closed_at") is closes, transition.action


def test_the_applicant_is_emailed_about_the_transitions_that_declare_it():
    told = {a for a, t in TRANSITIONS.items() if "applicant" in t.effects.tells}
    assert notifications.ANNOUNCED - {"reschedule"} == told
