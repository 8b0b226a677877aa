"""The officer's desk: who holds a case, notes between colleagues, the recommendation to the head.

The rules are generated over every role of organization.Role, with and without the head's
delegation to decide, in the case's own unit and in another one; the pages through HTTP.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from chancery.audit.models import AuditRecord
from chancery.cases import assignment, selectors
from chancery.cases.assignment import (
    DECIDABLE_STATUSES,
    InvalidAssignee,
    add_note,
    assign_case,
    recommend,
)
from chancery.cases.lifecycle import TRANSITIONS, Status
from chancery.cases.models import Case
from chancery.cases.services import ActionForbidden, CaseChanged, TransitionNotAllowed, apply_transition
from chancery.organization.models import Role
from tests.cases.test_workbench_http import detail_url, logged_in
from tests.factories import advance, make_user, submit_case

IN_PROCESSING = ["receive", "start_processing"]

# What each role may do on its own unit's cases. Every role must be here: a new role fails the
# test below until someone decides what it may do on the desk.
WORKS_CASES = {Role.OFFICER: True, Role.HEAD: True, Role.LEADERSHIP: False, Role.ADMINISTRATOR: False}
DECIDES = {Role.OFFICER: "if delegated", Role.HEAD: True, Role.LEADERSHIP: False, Role.ADMINISTRATOR: False}


def test_every_role_has_a_place_on_the_desk():
    assert set(WORKS_CASES) == set(Role) == set(DECIDES)


def test_a_recommendation_is_open_exactly_where_the_head_may_decide():
    deciders = {s for t in TRANSITIONS.values() if t.actor == "decider" for s in t.sources}
    assert deciders == DECIDABLE_STATUSES
    assert Status.IN_PROCESSING in DECIDABLE_STATUSES and Status.SUBMITTED not in DECIDABLE_STATUSES


def _outcome(action: Callable[[], object]) -> str:
    """Try an action in a savepoint that is rolled back: "allowed" or "forbidden"."""
    try:
        with transaction.atomic():
            action()
            transaction.set_rollback(True)
    except ActionForbidden:
        return "forbidden"
    return "allowed"


COMBINATIONS = list(itertools.product(Role, (False, True), ("own", "other")))


@pytest.mark.parametrize(("role", "delegated", "relation"), COMBINATIONS,
                         ids=[f"{r.value}-{'delegated' if d else 'plain'}-{rel}"
                              for r, d, rel in COMBINATIONS])
def test_who_may_assign_take_release_note_and_recommend(org, catalog, role, delegated, relation):
    unit = org.fr if relation == "own" else org.jp
    person = make_user(f"person.{role.value}", unit, role, may_decide=delegated)
    works = relation == "own" and WORKS_CASES[role]
    decides = relation == "own" and (DECIDES[role] is True or (DECIDES[role] == "if delegated" and delegated))
    want = {
        "take": works, "assign someone": decides, "note": works,
        "release own": works, "recommend on own": works,
        "unassign someone": decides,
    }
    case = advance(submit_case(org.fr)[0], IN_PROCESSING, officer=org.officer)  # held by org.officer
    Case.objects.filter(pk=case.pk).update(assigned_to=None)
    case.refresh_from_db()

    def held_by(user) -> Case:
        Case.objects.filter(pk=case.pk).update(assigned_to=user)
        return Case.objects.get(pk=case.pk)

    got = {
        "take": _outcome(lambda: assign_case(case, actor=person, assignee=person,
                                             expected_version=case.version)),
        "assign someone": _outcome(lambda: assign_case(case, actor=person, assignee=org.officer,
                                                       expected_version=case.version)),
        "note": _outcome(lambda: add_note(case, actor=person, text="A word for colleagues.")),
        "release own": _outcome(lambda: assign_case(held_by(person), actor=person, assignee=None,
                                                    expected_version=case.version)),
        "recommend on own": _outcome(lambda: recommend(
            held_by(person), actor=person, decision="approve", grounds="All in order.",
            expected_version=case.version)),
        "unassign someone": _outcome(lambda: assign_case(held_by(org.officer), actor=person, assignee=None,
                                                         expected_version=case.version)),
    }
    assert got == {k: "allowed" if v else "forbidden" for k, v in want.items()}
    # And the page shows exactly the buttons the services accept (its rules are the same functions).
    fresh = Case.objects.get(pk=case.pk)
    desk = assignment.desk(person, fresh)
    assert (desk["can_take"], desk["can_assign"], desk["can_note"]) == (works, decides, works)


def test_an_officer_cannot_take_a_case_someone_holds_nor_give_it_away(org, catalog):
    other = make_user("officer2.fr", org.fr, Role.OFFICER)
    case = advance(submit_case(org.fr)[0], ["receive"], officer=org.officer)
    assert case.assigned_to == org.officer  # reception gives the case to whoever received it
    with pytest.raises(ActionForbidden):
        assign_case(case, actor=other, assignee=other, expected_version=case.version)
    with pytest.raises(ActionForbidden):
        assign_case(case, actor=org.officer, assignee=other, expected_version=case.version)
    case.refresh_from_db()
    assert case.assigned_to == org.officer


def test_only_the_units_staff_can_be_assignees(org, catalog):
    case = submit_case(org.fr)[0]
    for stranger in (org.officer_jp, org.leader, org.admin, org.outsider):
        with pytest.raises(InvalidAssignee):
            assign_case(case, actor=org.head, assignee=stranger, expected_version=case.version)
    org.officer.is_active = False
    org.officer.save()
    with pytest.raises(InvalidAssignee):
        assign_case(case, actor=org.head, assignee=org.officer, expected_version=case.version)
    assert set(assignment.assignees(case)) == {org.delegated, org.head}


def test_assignment_checks_the_version_records_and_tells_the_new_holder(
    org, catalog, django_capture_on_commit_callbacks
):
    case = submit_case(org.fr)[0]
    with pytest.raises(CaseChanged):
        assign_case(case, actor=org.head, assignee=org.officer, expected_version=case.version - 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        updated = assign_case(case, actor=org.head, assignee=org.officer, expected_version=case.version)
    assert updated.assigned_to == org.officer and updated.version == case.version + 1
    event = updated.events.last()
    assert (event.action, event.details["assignee"], event.to_status) == ("assign", "officer.fr", case.status)
    assert AuditRecord.objects.filter(action="case.assigned").exists()
    [message] = mail.outbox
    assert message.to == [org.officer.email]
    assert case.tracking_code in message.subject
    assert reverse("cases:detail", args=[case.tracking_code]) in message.body
    # Taking a case oneself sends nothing; a closed case is no longer assigned.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        released = assign_case(updated, actor=org.officer, assignee=None, expected_version=updated.version)
        taken = assign_case(released, actor=org.delegated, assignee=org.delegated,
                            expected_version=released.version)
    assert taken.assigned_to == org.delegated and not mail.outbox
    closed = advance(taken, ["not_accept"], officer=org.officer)
    with pytest.raises(TransitionNotAllowed):
        assign_case(closed, actor=org.head, assignee=org.officer, expected_version=closed.version)


def test_a_note_changes_nothing_on_the_case(org, catalog):
    case = submit_case(org.fr)[0]
    before = case.version
    event = add_note(case, actor=org.officer, text="  Called the applicant.  ")
    case.refresh_from_db()
    assert (event.action, event.internal_note, event.note) == ("note", "Called the applicant.", "")
    assert case.version == before and case.status == Status.SUBMITTED
    with pytest.raises(Exception, match="write the note"):
        add_note(case, actor=org.officer, text="   ")


def test_a_new_recommendation_replaces_the_old_and_a_decision_against_it_is_recorded(org, catalog):
    case = advance(submit_case(org.fr, "passport-reissue")[0], IN_PROCESSING, officer=org.officer)
    with pytest.raises(TransitionNotAllowed):  # not before processing
        recommend(submit_case(org.fr)[0], actor=org.officer, decision="approve", grounds="x",
                  expected_version=2)
    first = recommend(case, actor=org.officer, decision="approve", grounds="Documents complete.",
                      expected_version=case.version)
    second = recommend(first, actor=org.officer, decision="refuse", grounds="The photo is not valid.",
                       expected_version=first.version)
    assert (second.recommendation, second.recommendation_grounds, second.recommended_by) == (
        "refuse", "The photo is not valid.", org.officer)
    assert [(e.details["decision"], e.internal_note) for e in second.events.filter(action="recommend")] == [
        ("approve", "Documents complete."), ("refuse", "The photo is not valid.")]
    # In "Awaiting my decision", recommended first.
    other = advance(submit_case(org.fr)[0], IN_PROCESSING, officer=org.officer)
    awaiting = list(selectors.queue(org.head, desk="awaiting"))
    assert [c.pk for c in awaiting][:2] == [case.pk, other.pk]
    assert not list(selectors.queue(org.officer, desk="awaiting"))  # no delegation: nothing to decide
    second = advance(second, ["request_fee", "record_payment"], officer=org.officer)  # a fee procedure
    assert second.recommendation == "refuse"  # paying the fee keeps the recommendation
    decided = apply_transition(second, "approve", actor=org.head, expected_version=second.version)
    assert decided.recommendation_followed is False
    audit = AuditRecord.objects.filter(action="case.approve").last()
    assert audit.data["recommendation"] == "refuse"

def test_my_cases_are_the_open_cases_i_hold(org, catalog):
    mine = advance(submit_case(org.fr)[0], ["receive"], officer=org.officer)
    advance(submit_case(org.fr)[0], ["receive"], officer=org.delegated)
    closed = advance(submit_case(org.fr)[0], ["receive", "stop"], officer=org.officer)
    assert [c.pk for c in selectors.queue(org.officer, desk="mine")] == [mine.pk]
    assert closed.assigned_to == org.officer
    assert selectors.desk_counts(org.officer) == {"mine": 1, "awaiting": 0}


# ---- The pages ----------------------------------------------------------------------------------


def test_an_officer_takes_recommends_and_the_head_decides_from_the_pages(
    org, catalog, django_capture_on_commit_callbacks
):
    case = advance(submit_case(org.fr, "passport-reissue")[0], IN_PROCESSING, officer=org.officer)
    Case.objects.filter(pk=case.pk).update(assigned_to=None)
    officer = logged_in(make_user("officer3.fr", org.fr, Role.OFFICER))
    page = officer.get(detail_url(case)).content.decode()
    assert 'data-action="take"' in page and 'data-action="recommend"' not in page
    assert 'id="assignee"' not in page  # only the head assigns
    response = officer.post(reverse("cases:assign", args=[case.tracking_code]),
                            {"version": case.version, "assignee": "officer3.fr"})
    assert response.status_code == 302
    case.refresh_from_db()
    # A stale form keeps what was typed and says why.
    response = officer.post(reverse("cases:recommend", args=[case.tracking_code]),
                            {"version": case.version - 1, "decision": "refuse", "grounds": "Forged photo."})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="error-recommend"' in page and "Forged photo.</textarea>" in page
    response = officer.post(reverse("cases:recommend", args=[case.tracking_code]),
                            {"version": case.version, "decision": "refuse", "grounds": "Forged photo."})
    assert response.status_code == 302
    officer.post(reverse("cases:note", args=[case.tracking_code]), {"text": "Asked the police."})

    head = logged_in(org.head)
    queue = head.get(reverse("cases:queue") + "?desk=awaiting").content.decode()
    assert case.tracking_code in queue and 'data-recommendation="refuse"' in queue
    assert 'id="tab-awaiting"' in queue
    page = head.get(detail_url(case)).content.decode()
    assert 'id="recommendation" data-recommendation="refuse"' in page and "Forged photo." in page
    assert 'data-event="recommend"' in page and "Asked the police." in page
    assert 'id="assignee"' in page  # the head may give it to someone else


def test_a_note_form_sent_empty_says_so_next_to_the_field(org, catalog):
    case = submit_case(org.fr)[0]
    response = logged_in(org.officer).post(reverse("cases:note", args=[case.tracking_code]), {"text": " "})
    assert response.status_code == 400
    assert 'id="error-note"' in response.content.decode()


def test_the_head_assigns_from_the_case_page_and_a_stranger_is_refused(org, catalog):
    case = submit_case(org.fr)[0]
    head = logged_in(org.head)
    response = head.post(reverse("cases:assign", args=[case.tracking_code]),
                         {"version": case.version, "assignee": "officer.jp"})
    assert response.status_code == 422
    assert 'id="error-assign"' in response.content.decode()
    response = head.post(reverse("cases:assign", args=[case.tracking_code]),
                         {"version": case.version, "assignee": "officer.fr"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == org.officer
    mine = logged_in(org.officer).get(reverse("cases:queue") + "?desk=mine").content.decode()
    assert case.tracking_code in mine
    # Another unit's case: 404, as everywhere.
    assert logged_in(org.officer_jp).post(reverse("cases:note", args=[case.tracking_code]),
                                          {"text": "x"}).status_code == 404
