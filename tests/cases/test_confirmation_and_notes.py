"""Irreversible steps are confirmed, and decisions carry an optional note for colleagues.

Generated from the transition table: every step marked `irreversible` that staff take is refused
by the case page without the confirming tick (nothing changes, what was typed stays), and done
with it, its note kept with the event, shown to colleagues and never to the applicant.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from chancery.cases.lifecycle import TRANSITIONS, Status
from chancery.cases.models import Case
from chancery.cases.services import ActionForbidden, apply_transition
from tests.cases.test_workbench_http import action_url, detail_url, logged_in
from tests.factories import advance, submit_case
from tests.portal.helpers import Browser

# How to bring a fresh passport case (a procedure with a fee) to each status, by its actions.
PATHS = {
    Status.SUBMITTED: [],
    Status.RECEIVED: ["receive"],
    Status.IN_PROCESSING: ["receive", "start_processing"],
    Status.FEE_PAID: ["receive", "start_processing", "request_fee", "record_payment"],
}
STAFF_IRREVERSIBLE = sorted(
    t.action for t in TRANSITIONS.values() if t.irreversible and t.actor != "applicant"
)
NOTE = "Checked with the consul: the residence permit is forged."
REASON = "The documents could not be verified."


def test_the_decisions_and_endings_are_the_irreversible_steps():
    assert STAFF_IRREVERSIBLE == ["approve", "not_accept", "refuse", "stop"]
    assert TRANSITIONS["withdraw"].irreversible


def case_and_key_ready_for(action: str, org) -> tuple[Case, str]:
    transition = TRANSITIONS[action]
    for status, path in PATHS.items():
        if status not in transition.sources:
            continue
        case, key = submit_case(org.fr)
        case = advance(case, path, officer=org.officer, decider=org.head)
        if transition.condition is None or transition.condition(case) is None:
            return case, key
    raise AssertionError(f"no path in PATHS reaches a status where {action} is allowed")


def form_for(case: Case, action: str, **extra: str) -> dict:
    data = {"version": case.version, "reason": REASON if TRANSITIONS[action].reason_required else "",
            "note": NOTE}
    return {**data, **extra}


@pytest.mark.parametrize("action", STAFF_IRREVERSIBLE)
def test_without_the_tick_nothing_is_done_and_what_was_typed_stays(org, catalog, action):
    case, _key = case_and_key_ready_for(action, org)
    before = (case.status, case.version, case.events.count(), case.last_reason)
    response = logged_in(org.head).post(action_url(case, action), form_for(case, action))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please tick the box to confirm: this step cannot be undone." in page
    assert f'id="error-{action}"' in page
    assert f"{NOTE}</textarea>" in page  # the note is not lost...
    if TRANSITIONS[action].reason_required:
        assert f"{REASON}</textarea>" in page  # ...nor the reason
    case.refresh_from_db()
    assert (case.status, case.version, case.events.count(), case.last_reason) == before


@pytest.mark.parametrize("action", STAFF_IRREVERSIBLE)
def test_with_the_tick_the_step_is_done_and_its_note_kept_for_colleagues(
    org, catalog, action, django_capture_on_commit_callbacks
):
    case, key = case_and_key_ready_for(action, org)
    page = logged_in(org.head).get(detail_url(case)).content.decode()
    assert f'id="confirm-{action}" name="confirm" value="on" required' in page
    assert f'id="note-{action}"' in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(org.head).post(action_url(case, action), form_for(case, action, confirm="on"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == TRANSITIONS[action].target
    event = case.events.last()
    assert (event.action, event.internal_note) == (action, NOTE)

    # Colleagues read it on the case page...
    page = logged_in(org.officer).get(detail_url(case)).content.decode()
    assert f'data-note="{action}"' in page
    assert NOTE in page
    # ...the applicant never: not on the status page, not in the e-mail.
    assert mail.outbox and all(NOTE not in m.body for m in mail.outbox)
    applicant = Browser()
    applicant.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    applicant.get(reverse("portal:status_lookup"))
    status_page = applicant.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key},
                                 follow=True).content.decode()
    assert 'id="status"' in status_page
    assert case.tracking_code in status_page
    assert NOTE not in status_page
    if TRANSITIONS[action].reason_required:  # today's rule: the reason is the applicant's to read
        assert REASON in status_page


def test_a_step_that_can_be_undone_needs_no_tick(org, catalog):
    case, _key = submit_case(org.fr)
    response = logged_in(org.officer).post(action_url(case, "receive"),
                                           {"version": case.version, "reason": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_the_applicant_cannot_add_a_staff_note(org, catalog):
    case, _key = submit_case(org.fr)
    with pytest.raises(ActionForbidden):
        apply_transition(case, "withdraw", actor=None, applicant=True, expected_version=case.version,
                         note="sneaky")
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_the_api_takes_a_note_and_shows_it_in_the_timeline(client, org, catalog):
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("token", "create", "head.fr", stdout=out)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}
    case = advance(submit_case(org.fr)[0], ["receive", "start_processing"], officer=org.officer)
    response = client.post(
        f"/api/v1/cases/{case.tracking_code}/transitions",
        json.dumps({"action": "refuse", "version": case.version, "reason": REASON, "note": NOTE}),
        content_type="application/json", **headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.REFUSED
    timeline = client.get(f"/api/v1/cases/{case.tracking_code}", **headers).json()["timeline"]
    assert (timeline[-1]["note"], timeline[-1]["internal_note"]) == (REASON, NOTE)
