"""The lifecycle table's own rules on plain values (no database): which transitions leave a
status, and the conditions some transitions carry. Read from TRANSITIONS and Status, so a
transition added to the table is covered as it is."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.utils import translation

from chancery.cases.lifecycle import TRANSITIONS, Status, transitions_from


@pytest.mark.parametrize("status", list(Status))
def test_transitions_from_a_status_are_exactly_those_whose_sources_hold_it(status):
    found = transitions_from(status)
    assert found == [t for t in TRANSITIONS.values() if status in t.sources]
    for transition in TRANSITIONS.values():
        assert (transition in found) is (status in transition.sources)


def test_every_status_but_the_final_ones_has_a_way_on():
    final = {s for s in Status if not transitions_from(s)}
    assert final == {s for s in Status if not any(s in t.sources for t in TRANSITIONS.values())}
    assert Status.DRAFT not in final and Status.SUBMITTED not in final


def _case(*, supplements=0, fee=0, paid=False):
    return SimpleNamespace(
        supplement_count=supplements,
        procedure_version=SimpleNamespace(fee=fee),
        fee_paid_at=datetime(2025, 3, 3, tzinfo=UTC) if paid else None,
    )


def _allowed(action: str, case) -> bool:
    condition = TRANSITIONS[action].condition
    return condition is None or condition(case) is None


def test_a_supplement_may_be_requested_once():
    assert _allowed("request_supplement", _case(supplements=0))
    assert not _allowed("request_supplement", _case(supplements=1))
    assert not _allowed("request_supplement", _case(supplements=2))


@pytest.mark.parametrize(("fee", "paid", "may_request", "may_approve"), [
    (0, False, False, True),  # no fee: nothing to ask, nothing to wait for
    (150, False, True, False),  # unpaid: ask for it; no approval before it is paid
    (150, True, False, True),  # paid: not asked twice; approval allowed
])
def test_fee_conditions(fee, paid, may_request, may_approve):
    case = _case(fee=fee, paid=paid)
    assert _allowed("request_fee", case) is may_request
    assert _allowed("approve", case) is may_approve


@pytest.mark.parametrize("case", [
    _case(supplements=1), _case(fee=0), _case(fee=150, paid=True), _case(fee=150),
], ids=["second supplement", "no fee", "fee paid", "fee unpaid"])
def test_every_refusal_of_a_condition_is_told_in_the_users_language(case):
    for transition in TRANSITIONS.values():
        if transition.condition is None or transition.condition(case) is None:
            continue
        english = transition.condition(case)
        with translation.override("vi"):
            vietnamese = transition.condition(case)
        assert english != vietnamese, transition.action
