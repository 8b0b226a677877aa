"""Every action from every status, by every kind of person: allowed exactly where the rules say."""

from __future__ import annotations

import pytest

from chancery.audit.models import AuditRecord
from chancery.cases.lifecycle import NATIONAL_STATUS_CODE, TRANSITIONS, Status
from chancery.cases.models import Case, CaseEvent
from chancery.cases.services import (
    ActionForbidden,
    CaseChanged,
    ReasonRequired,
    TransitionNotAllowed,
    allowed_transitions,
    apply_transition,
)
from tests.factories import advance, submit_case

# The rules of the issue and Decree 118/2025, written out by hand: status -> {action: who}.
# who: "applicant", "officer" (any officer or head of the unit), "decider" (head or delegated);
# "decider-paid": a decider, once the fee (where the procedure has one) is paid.
SPEC: dict[str, dict[str, str]] = {
    "submitted": {"receive": "officer", "request_completion": "officer", "not_accept": "officer",
                  "withdraw": "applicant"},
    # Sent back at reception to be completed (not received, no clock): the applicant completes it
    # (back to submitted) or withdraws; an abandoned dossier may be stopped.
    "completion_requested": {"complete_dossier": "applicant", "withdraw": "applicant",
                             "stop": "officer"},
    "received": {"start_processing": "officer", "withdraw": "applicant", "stop": "officer"},
    "in_processing": {
        "request_supplement": "officer", "request_fee": "officer", "approve": "decider-paid",
        "refuse": "decider", "withdraw": "applicant", "stop": "officer",
    },
    "supplement_requested": {"provide_supplement": "applicant", "withdraw": "applicant",
                             "stop": "officer"},
    "supplement_provided": {"request_fee": "officer", "approve": "decider-paid", "refuse": "decider",
                            "withdraw": "applicant", "stop": "officer"},
    "fee_requested": {"record_payment": "officer", "withdraw": "applicant", "stop": "officer"},
    "fee_paid": {"approve": "decider", "refuse": "decider", "withdraw": "applicant",
                 "stop": "officer"},
    "approved": {"return_result": "officer"},
    "refused": {"return_result": "officer"},
    "not_accepted": {}, "result_returned": {}, "withdrawn": {}, "stopped": {},
}

# How to reach each status with a fee-bearing procedure.
PATH = {
    "submitted": [],
    "completion_requested": ["request_completion"],
    "received": ["receive"],
    "in_processing": ["receive", "start_processing"],
    "supplement_requested": ["receive", "start_processing", "request_supplement"],
    "supplement_provided": ["receive", "start_processing", "request_supplement",
                            "provide_supplement"],
    "fee_requested": ["receive", "start_processing", "request_fee"],
    "fee_paid": ["receive", "start_processing", "request_fee", "record_payment"],
    "approved": ["receive", "start_processing", "request_fee", "record_payment", "approve"],
    "refused": ["receive", "start_processing", "refuse"],
    "not_accepted": ["not_accept"],
    "result_returned": ["receive", "start_processing", "request_fee", "record_payment",
                        "approve", "return_result"],
    "withdrawn": ["withdraw"],
    "stopped": ["receive", "stop"],
}

# Who each kind of person is, and which kinds of rule they satisfy.
PEOPLE = {
    "applicant": {"applicant"},
    "officer": {"officer"},
    "delegated": {"officer", "decider"},
    "head": {"officer", "decider"},
    "officer_other_unit": set(),
    "head_other_unit": set(),
    "leader": set(),
    "admin": set(),
}


def _person(org, who):
    return {
        "applicant": None, "officer": org.officer, "delegated": org.delegated, "head": org.head,
        "officer_other_unit": org.officer_jp, "head_other_unit": org.head_jp,
        "leader": org.leader, "admin": org.admin,
    }[who]


def test_the_spec_covers_every_status_and_action():
    assert set(SPEC) == {s.value for s in Status} - {"draft"}
    actions_in_spec = {a for rules in SPEC.values() for a in rules}
    assert actions_in_spec == set(TRANSITIONS) - {"submit"}


def test_every_status_maps_to_a_national_code():
    assert {NATIONAL_STATUS_CODE[s] for s in Status if s != Status.DRAFT} == set(range(1, 11))


@pytest.mark.parametrize("status", list(PATH))
def test_allowed_and_forbidden_transitions_per_role(status, org, catalog):
    case, _ = submit_case(org.fr, "passport-issuance")
    case = advance(case, PATH[status], officer=org.officer, decider=org.head)
    assert case.status == status
    for who, kinds in PEOPLE.items():
        person = _person(org, who)
        allowed = {t.action for t in allowed_transitions(case, user=person, applicant=who == "applicant")}
        paid = case.fee_paid_at is not None or not case.procedure_version.fee
        expected = {
            action for action, rule in SPEC[status].items()
            if rule in kinds or (rule == "decider-paid" and paid and "decider" in kinds)
        }
        # A supplement may be asked once only: after one, the table's rule is closed.
        if case.supplement_count:
            expected.discard("request_supplement")
        assert allowed == expected, (status, who)


@pytest.mark.parametrize("status", ["submitted", "completion_requested", "in_processing",
                                    "fee_requested", "approved"])
def test_forbidden_actions_are_refused_with_a_clear_message(status, org, catalog):
    case, _ = submit_case(org.fr, "passport-issuance")
    case = advance(case, PATH[status], officer=org.officer, decider=org.head)
    for action in TRANSITIONS:
        if action in SPEC[status] or action == "submit":
            continue
        before = AuditRecord.objects.count()
        with pytest.raises(TransitionNotAllowed) as refused:
            apply_transition(case, action, actor=org.head, expected_version=case.version,
                             applicant=TRANSITIONS[action].actor == "applicant", reason="x")
        assert refused.value.message
        assert Case.objects.get(pk=case.pk).status == status
        assert AuditRecord.objects.count() == before


def test_staff_of_another_unit_and_leadership_cannot_act(org, catalog):
    case, _ = submit_case(org.fr)
    for person in (org.officer_jp, org.head_jp, org.leader, org.admin, org.outsider):
        with pytest.raises(ActionForbidden):
            apply_transition(case, "receive", actor=person, expected_version=case.version)
    with pytest.raises(ActionForbidden):
        apply_transition(case, "receive", actor=None, applicant=True, expected_version=case.version)


def test_officer_without_delegation_cannot_decide(org, catalog):
    case, _ = submit_case(org.fr, "passport-issuance")
    case = advance(case, PATH["fee_paid"], officer=org.officer)
    with pytest.raises(ActionForbidden):
        apply_transition(case, "approve", actor=org.officer, expected_version=case.version)
    case = apply_transition(case, "approve", actor=org.delegated, expected_version=case.version)
    assert case.status == Status.APPROVED


def test_each_transition_leaves_an_event_and_an_audit_record(org, catalog):
    case, _ = submit_case(org.fr, "passport-issuance")
    actions = PATH["result_returned"]
    case = advance(case, actions, officer=org.officer, decider=org.head)
    events = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert events == ["submit", *actions]
    audited = list(
        AuditRecord.objects.filter(object_type="cases.case", object_id=str(case.pk),
                                   action__startswith="case.")
        .order_by("at", "id").values_list("action", flat=True)
    )
    assert [a for a in audited if a != "case.created"] == [f"case.{a}" for a in ["submit", *actions]]
    assert case.closed_at and case.decided_at and case.fee_paid_at and case.received_at
    assert case.national_status_code == 10


def test_reason_is_required_where_the_applicant_must_be_told(org, catalog):
    case, _ = submit_case(org.fr)
    with pytest.raises(ReasonRequired):
        apply_transition(case, "not_accept", actor=org.officer, expected_version=case.version,
                         reason="   ")
    case = apply_transition(case, "not_accept", actor=org.officer, expected_version=case.version,
                            reason="The photo is missing.")
    assert case.last_reason == "The photo is missing."


def test_supplement_may_be_requested_only_once(org, catalog):
    case, _ = submit_case(org.fr)
    case = advance(case, PATH["supplement_provided"], officer=org.officer)
    assert case.supplement_count == 1
    case.status = Status.IN_PROCESSING  # even back in processing, never a second request
    with pytest.raises(TransitionNotAllowed):
        from chancery.cases.services import check_allowed

        check_allowed(case, TRANSITIONS["request_supplement"], user=org.officer, applicant=False)


def test_fee_must_be_paid_before_approval(org, catalog):
    case, _ = submit_case(org.fr, "passport-issuance")
    case = advance(case, PATH["in_processing"], officer=org.officer)
    with pytest.raises(TransitionNotAllowed):
        apply_transition(case, "approve", actor=org.head, expected_version=case.version)


def test_a_stale_version_is_told_the_case_changed(org, catalog):
    case, _ = submit_case(org.fr)
    seen = case.version
    apply_transition(case, "receive", actor=org.officer, expected_version=seen)
    with pytest.raises(CaseChanged):
        apply_transition(case, "not_accept", actor=org.head, expected_version=seen, reason="late")
    assert Case.objects.get(pk=case.pk).status == Status.RECEIVED


# --- status families, read from the table (one rule for badges, reminders and the status page) ---

from chancery.cases.lifecycle import AWAITING_APPLICANT, CLOSED_STATUSES, SUCCESSFUL, badge  # noqa: E402


def test_every_status_an_applicant_step_leaves_is_awaiting_the_applicant():
    """A new request to the applicant (a transition they answer) must mark its status as waiting
    for them: otherwise badges and lists show it as the office's work."""
    answered = {s for t in TRANSITIONS.values() if t.actor == "applicant"
                and t.action not in ("submit", "withdraw") for s in t.sources}
    assert answered <= AWAITING_APPLICANT


@pytest.mark.parametrize("status", list(Status))
def test_every_status_has_one_badge_family(status):
    family = badge(status)
    assert family in {"ok", "closed", "waiting", "open"}
    assert (family == "ok") == (status in SUCCESSFUL)
    assert (family == "waiting") == (status in AWAITING_APPLICANT and status not in CLOSED_STATUSES)
    if status in CLOSED_STATUSES - SUCCESSFUL:
        assert family == "closed"


def test_the_requests_for_documents_are_the_statuses_awaiting_documents():
    from chancery.cases.lifecycle import ASKS_FOR_DOCUMENTS, AWAITING_DOCUMENTS, SENDS_DOCUMENTS

    assert {TRANSITIONS[a].target for a in ASKS_FOR_DOCUMENTS} == AWAITING_DOCUMENTS
    assert AWAITING_DOCUMENTS <= AWAITING_APPLICANT
    # Every answer with documents leaves a status that asked for them, and only those.
    assert {s for a in SENDS_DOCUMENTS for s in TRANSITIONS[a].sources} == AWAITING_DOCUMENTS


def test_the_clock_runs_in_the_open_statuses_not_waiting_for_documents_nor_decided():
    from chancery.cases.lifecycle import AWAITING_DOCUMENTS, CLOCK_RUNNING, OPEN_STATUSES

    assert {
        Status.SUBMITTED, Status.RECEIVED, Status.IN_PROCESSING, Status.SUPPLEMENT_PROVIDED,
        Status.FEE_REQUESTED, Status.FEE_PAID,
    } == CLOCK_RUNNING
    assert not CLOCK_RUNNING & AWAITING_DOCUMENTS and CLOCK_RUNNING <= OPEN_STATUSES
