"""On a phone: a question appears as soon as it applies (the page's script), the citizen checks
the answers, changes one, and confirms; one case, with the answers of the last version."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chancery.cases.models import Case
from tests.browser.test_citizen_and_officer import (
    ANSWERS,
    PHONE,
    assert_no_horizontal_scroll,
    confirm_answers,
    continue_application,
    documents,
    files,  # noqa: F401 (fixture)
    fill,
    fill_application,
    open_apply_page,
    read_receipt,
    switch_to_english,
)

pytestmark = pytest.mark.browser


def test_apply_live_condition_check_change_confirm_on_a_phone(new_page, catalog, org, files, shot):  # noqa: F811
    page = new_page(viewport=PHONE)
    open_apply_page(page)
    switch_to_english(page)
    guardian = page.locator(".field:has(#id_f_legal_representative)")
    declaration = page.locator(".field:has(#id_doc_guardian_declaration)")
    expect(guardian).to_be_hidden()
    expect(declaration).to_be_hidden()

    child = date(timezone.localdate().year - 8, 1, 1).isoformat()
    fill_application(page, unit=org.fr, answers={**ANSWERS, "date_of_birth": child},
                     documents=documents(files))
    # The questions for a child's parent or guardian appear as the date of birth is typed.
    expect(guardian).to_be_visible()
    expect(declaration).to_be_visible()
    expect(page.locator("#id_f_legal_representative")).to_be_enabled()
    fill(page, "id_f_legal_representative", "TRAN THI BINH")
    fill(page, "id_f_legal_representative_relation", "mother")
    fill(page, "id_f_legal_representative_document_number", "C1234567")
    page.locator("#id_doc_birth_certificate").set_input_files(files.supplement)
    page.locator("#id_doc_guardian_declaration").set_input_files(files.pdf)
    assert_no_horizontal_scroll(page)
    shot(page, "apply-guardian-phone")

    continue_application(page)
    answers = page.locator("#answers")
    expect(answers).to_contain_text("TRAN THI BINH")
    expect(answers).to_contain_text("Mother")  # the choice's label
    expect(page.locator("#documents")).to_contain_text("residence-permit.pdf")
    assert_no_horizontal_scroll(page)
    shot(page, "check-answers-phone")

    page.locator("#answers a[href$='#id_f_full_name']").click()
    expect(page.locator("#id_f_full_name")).to_have_value(ANSWERS["full_name"])
    expect(page.locator("#id_f_legal_representative")).to_have_value("TRAN THI BINH")
    expect(page.locator(".field:has(#id_doc_portrait_photo)")).to_contain_text("kept: photo.png")
    fill(page, "id_f_full_name", "NGUYEN VAN BE")
    continue_application(page)
    expect(page.locator("#answers")).to_contain_text("NGUYEN VAN BE")

    confirm_answers(page)
    code, _key = read_receipt(page)
    expect(page.locator("#next-steps")).to_contain_text("The fee is 70 USD")
    assert_no_horizontal_scroll(page)
    case = Case.objects.get()
    assert case.tracking_code == code
    assert case.data["full_name"] == "NGUYEN VAN BE"
    assert case.data["legal_representative_relation"] == "mother"
    assert {"birth_certificate", "guardian_declaration"} <= set(
        case.documents.values_list("requirement", flat=True))
