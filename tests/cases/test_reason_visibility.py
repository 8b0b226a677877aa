"""One rule for the office's message to the applicant, on the status page and in the API.

The rule is read from the transition table (lifecycle.REASON_FOR_APPLICANT / REASON_SHOWN); these
tests compare what the two public surfaces show for every status and every event, so narrowing or
widening it in one place only turns them red."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from chancery.cases.lifecycle import REASON_FOR_APPLICANT, REASON_SHOWN, TRANSITIONS, Status
from chancery.cases.models import Case, CaseEvent
from tests.factories import submit_case
from tests.portal.helpers import Browser

MESSAGE = "Xin bổ sung bản sao hộ chiếu có chứng thực."


def test_the_reason_a_transition_requires_is_the_one_shown():
    assert {TRANSITIONS[a].target for a in REASON_FOR_APPLICANT} == REASON_SHOWN
    assert {a for a, t in TRANSITIONS.items() if t.reason_required} == REASON_FOR_APPLICANT


def _both_surfaces(case: Case, key: str) -> tuple[str, dict]:
    browser = Browser()
    page = browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key},
                        follow=True).content.decode()
    api = Client().post("/api/v1/status", json.dumps({"code": case.tracking_code, "key": key}),
                        content_type="application/json")
    assert api.status_code == 200, api.content
    return page, api.json()


@pytest.mark.parametrize("status", [s for s in Status if s != Status.DRAFT])
def test_page_and_api_show_the_office_message_in_the_same_statuses(status, org, catalog):
    case, key = submit_case(org.fr)
    Case.objects.filter(pk=case.pk).update(status=status, last_reason=MESSAGE)
    page, api = _both_surfaces(case, key)
    shown_on_page = 'id="office-message"' in page and MESSAGE in page
    assert shown_on_page == bool(api["reason"]) == (status in REASON_SHOWN)
    if shown_on_page:
        assert api["reason"] == MESSAGE


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_an_events_note_reaches_the_applicant_only_for_reasons_addressed_to_them(action, org, catalog):
    case, key = submit_case(org.fr)
    transition = TRANSITIONS[action]
    CaseEvent.objects.create(case=case, action=action, from_status=case.status, to_status=transition.target,
                             actor_label="officer", note=MESSAGE, internal_note="colleagues only")
    _page, api = _both_surfaces(case, key)
    notes = [e["note"] for e in api["timeline"] if e["status"] == transition.target and e["note"]]
    assert (notes == [MESSAGE]) == (action in REASON_FOR_APPLICANT)
    assert "colleagues only" not in json.dumps(api)
