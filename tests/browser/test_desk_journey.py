"""The officer's desk end to end, in headless Chromium (issue 13): an incomplete dossier is sent
back at reception without being received, the citizen completes it on a phone, the office receives
it, the head gives it to an officer, the officer recommends, the head decides from "Awaiting my
decision". Every person is a separate browser context.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chancery.cases.models import Case, NoticeKind
from chancery.organization.models import Role
from tests.browser.conftest import login as log_in
from tests.browser.test_citizen_and_officer import (
    act,
    documents,
    files,  # noqa: F401 - the fixture, used by name
    fill_application,
    look_up,
    open_apply_page,
    open_case_from_queue,
    pay_at_counter,
    read_receipt,
    submit_application,
    switch_to_english,
)
from tests.factories import make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
GUIDANCE = "The proof of nationality is unreadable: please scan all its pages again."
GROUNDS = "Identity and nationality checked against the 2015 passport."


def staff(new_page, username: str) -> Page:
    page = new_page()
    log_in(page, username)
    expect(page).to_have_url(re.compile(r"/staff/cases/$"))
    switch_to_english(page)
    return page


def ask_to_complete(page: Page, requirement: str, guidance: str) -> None:
    page.locator("summary[data-open=request_completion]").click()
    form = page.locator("form:has(button[data-action=request_completion])")
    form.locator(f"#req-request_completion-{requirement}").check()
    form.locator("textarea[name=reason]").fill(guidance)
    form.locator("button[data-action=request_completion]").click()
    expect(page.locator("#status")).to_have_text("Completion requested at reception")


def receipts(code: str) -> int:
    return Case.objects.get(tracking_code=code).notices.filter(kind=NoticeKind.RECEIPT).count()


def test_incomplete_dossier_sent_back_completed_received_assigned_recommended_decided(
    new_page, catalog, org, files, shot,  # noqa: F811 - `files` is the imported fixture
):
    make_user("officer2.fr", org.fr, Role.OFFICER, first_name="Lê", last_name="Thu")

    # A citizen applies on a phone.
    citizen = new_page(viewport=PHONE)
    open_apply_page(citizen)
    switch_to_english(citizen)
    fill_application(citizen, unit=org.fr, documents=documents(files))
    submit_application(citizen)
    code, key = read_receipt(citizen)

    # Reception: the proof is unreadable. Asked to complete it; not received, no clock, no receipt.
    officer = staff(new_page, "officer.fr")
    open_case_from_queue(officer, code)
    ask_to_complete(officer, "nationality_proof", GUIDANCE)
    case = Case.objects.get(tracking_code=code)
    assert case.clock_started_at is None and case.due_at is None
    assert receipts(code) == 0
    shot(officer, "desk-completion-requested")

    # The citizen reads what is missing and sends that one document; first without a file.
    citizen = new_page(viewport=PHONE)
    look_up(citizen, code, key)
    switch_to_english(citizen)
    expect(citizen.locator("#status")).to_have_text("Completion requested at reception")
    expect(citizen.locator("#office-message")).to_contain_text(GUIDANCE)
    upload = citizen.locator("#id_doc_nationality_proof")
    expect(upload).to_be_visible()
    expect(citizen.locator("#id_doc_portrait_photo")).to_have_count(0)  # only what was asked
    send = citizen.locator("#send-documents button[type=submit]")
    send.click()
    expect(citizen.locator(".field:has(#id_doc_nationality_proof) [role=alert]")).to_be_visible()
    expect(citizen.locator("#status")).to_have_text("Completion requested at reception")
    shot(citizen, "desk-citizen-missing-file")
    citizen.locator("#id_doc_nationality_proof").set_input_files(files.supplement)
    citizen.locator("#send-documents button[type=submit]").click()
    expect(citizen.locator("#status")).to_have_text("Submitted")
    assert citizen.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Now complete: received once, the receipt issued once, the clock started.
    officer.reload()
    expect(officer.locator("#status")).to_have_text("Submitted")
    expect(officer.locator("#requirement-nationality_proof")).to_contain_text("residence-permit.pdf")
    act(officer, "receive", then="Received")
    assert receipts(code) == 1
    assert Case.objects.get(tracking_code=code).clock_started_at is not None

    # The head gives the case to the second officer.
    head = staff(new_page, "head.fr")
    open_case_from_queue(head, code)
    head.locator("#assignee").select_option("officer2.fr")
    head.locator("button[data-action=assign]").click()
    expect(head.locator("#holder")).to_contain_text("Lê Thu")

    # The second officer finds it under "My cases", works it and recommends.
    second = staff(new_page, "officer2.fr")
    second.locator("#tab-mine").click()
    second.get_by_role("link", name=code, exact=True).click()
    act(second, "start_processing", then="In processing")
    act(second, "request_fee", then="Fee requested")
    pay_at_counter(second)
    second.locator("#recommend-approve").check()
    second.locator("#grounds").fill(GROUNDS)
    second.locator("button[data-action=recommend]").click()
    expect(second.locator("main")).to_contain_text(GROUNDS)
    expect(second.locator("[data-action=approve]")).to_have_count(0)  # officers do not decide

    # The head sees it first under "Awaiting my decision", with the recommendation, and decides.
    head.goto("/staff/cases/")
    head.locator("#tab-awaiting").click()
    row = head.locator("tbody tr").first
    expect(row).to_contain_text(code)
    row.get_by_role("link", name=code, exact=True).click()
    expect(head.locator("main")).to_contain_text(GROUNDS)
    shot(head, "desk-awaiting-decision")
    act(head, "approve", then="Approved")
    decided = Case.objects.get(tracking_code=code)
    assert decided.assigned_to.username == "officer2.fr"
    assert decided.recommendation == "approve" and decided.recommendation_followed is True
