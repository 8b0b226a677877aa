"""What staff write for each other never reaches the applicant.

Generated over every kind of event that carries staff text: each staff transition (its note for
colleagues), and each staff-only event (models.STAFF_ONLY_ACTIONS: assignment, note,
recommendation). For each, a secret is written and then looked for in everything the applicant
reads: the status page, the API's status answer, the notices (their frozen content, from which
the PDFs are drawn) and the e-mails. Staff-only events are also absent from the public timeline.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from chancery.cases import selectors
from chancery.cases.assignment import add_note, assign_case, recommend
from chancery.cases.lifecycle import TRANSITIONS, Status
from chancery.cases.models import STAFF_ONLY_ACTIONS, Case, NoticeKind
from chancery.cases.notices import issue_notice
from chancery.cases.services import apply_transition
from tests.factories import advance, submit_case
from tests.portal.helpers import Browser

PATHS = {
    Status.SUBMITTED: [],
    Status.RECEIVED: ["receive"],
    Status.IN_PROCESSING: ["receive", "start_processing"],
    Status.FEE_REQUESTED: ["receive", "start_processing", "request_fee"],
    Status.FEE_PAID: ["receive", "start_processing", "request_fee", "record_payment"],
    Status.APPROVED: ["receive", "start_processing", "request_fee", "record_payment", "approve"],
}
STAFF_TRANSITIONS = sorted(t.action for t in TRANSITIONS.values() if t.actor != "applicant")
# A fee adjustment's event is kept out of the applicant's history, but its reason is written for
# the applicant: the status page and the new payment notice say why the amount changed
# (tests/payments/test_fees.py, the fee request test, checks the notice carries it).
APPLICANT_READS_THE_REASON = {"adjust_fee"}
KINDS = STAFF_TRANSITIONS + sorted(STAFF_ONLY_ACTIONS - APPLICANT_READS_THE_REASON)


def test_every_staff_only_kind_is_covered():
    assert {"assign", "note", "recommend"} <= set(KINDS)


def _ready_for(kind: str, org) -> tuple[Case, str]:
    wanted = TRANSITIONS[kind].sources if kind in TRANSITIONS else {Status.IN_PROCESSING}
    for status, path in PATHS.items():
        if status not in wanted:
            continue
        case, key = submit_case(org.fr)
        case = advance(case, path, officer=org.officer, decider=org.head)
        transition = TRANSITIONS.get(kind)
        if transition is None or transition.condition is None or transition.condition(case) is None:
            return case, key
    raise AssertionError(f"no path in PATHS reaches a status where {kind} is possible")


def _write(kind: str, case: Case, secret: str, org) -> None:
    if kind == "note":
        add_note(case, actor=org.officer, text=secret)
    elif kind == "recommend":
        recommend(case, actor=org.officer, decision="refuse", grounds=secret, expected_version=case.version)
    elif kind == "assign":
        # The secret here is the holder's name: staff names are not the applicant's to read.
        assign_case(case, actor=org.head, assignee=org.delegated, expected_version=case.version)
    else:
        actor = org.head if TRANSITIONS[kind].actor == "decider" else org.officer
        apply_transition(case, kind, actor=actor, expected_version=case.version, note=secret,
                         reason="A reason the applicant reads." if TRANSITIONS[kind].reason_required else "")


@pytest.mark.parametrize("kind", KINDS)
def test_staff_text_never_reaches_the_applicant(
    org, catalog, kind, client, django_capture_on_commit_callbacks
):
    case, key = _ready_for(kind, org)
    secret = "delegated.fr" if kind == "assign" else f"SECRET-{kind}-only-for-colleagues"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _write(kind, case, secret, org)
    case.refresh_from_db()
    assert any(secret in (e.internal_note or json.dumps(e.details)) for e in case.events.all()), \
        "the staff text was not kept at all"
    # The status page, opened with the key.
    applicant = Browser()
    applicant.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = applicant.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key},
                          follow=True).content.decode()
    assert case.tracking_code in page and 'id="status"' in page
    assert secret not in page
    # The API's status answer.
    answer = client.post("/api/v1/status", {"code": case.tracking_code, "key": key},
                         content_type="application/json")
    assert answer.status_code == 200
    assert secret not in answer.content.decode()
    public = [e["status"] for e in answer.json()["timeline"]]
    assert len(public) == case.events.exclude(action__in=STAFF_ONLY_ACTIONS).count()
    assert [e.action for e in selectors.public_timeline(case) if e.action in STAFF_ONLY_ACTIONS] == []
    # The notices (the PDFs are drawn from their frozen content), a control sheet issued now included.
    issue_notice(case, NoticeKind.CONTROL_SHEET)
    for notice in case.notices.all():
        content = json.dumps(notice.content, ensure_ascii=False)
        assert secret not in content, notice.kind
        assert not any(e.get("action") in STAFF_ONLY_ACTIONS for e in notice.content.get("events", []))
    # The e-mails to the applicant.
    assert all(secret not in m.body and secret not in m.subject
               for m in mail.outbox if case.applicant_email in m.to)
