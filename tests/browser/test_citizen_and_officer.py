"""Click through the real pages in headless Chromium: a citizen applies, the embassy works the case.

Every person is a separate browser context. Texts are read in English after the header's EN
button; staff actions are found by their `data-action` attribute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfWriter

from chancery.cases.models import Case
from chancery.organization.models import Unit
from tests.factories import HTML_BYTES, PASSWORD, PNG_BYTES

pytestmark = pytest.mark.browser

PROCEDURE = "passport-issuance"  # fee-bearing, needs a photo (JPEG/PNG) and a proof (PDF/...)
NAME = "Nguyễn Văn An"
EMAIL = "an.nguyen@example.org"
# Every required field of passport-issuance, as a person would type or pick it.
ANSWERS = {
    "full_name": "NGUYEN VAN AN",
    "sex": "M",
    "date_of_birth": "1990-05-17",
    "place_of_birth": "Hà Nội",
    "ethnicity": "Kinh",
    "address_abroad": "12 rue de la Paix, 75002 Paris",
    "chip_option": "chip",
}
SUPPLEMENT_REQUEST = "Please send a copy of your French residence permit."


@dataclass
class Files:
    pdf: Path  # a real one-page PDF
    photo: Path  # a PNG
    supplement: Path  # another real PDF
    html_as_pdf: Path  # an HTML page renamed .pdf


@pytest.fixture
def files(tmp_path) -> Files:
    def real_pdf(name: str) -> Path:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        path = tmp_path / name
        with path.open("wb") as out:
            writer.write(out)
        return path

    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG_BYTES)
    fake = tmp_path / "birth-certificate.pdf"
    fake.write_bytes(HTML_BYTES)
    return Files(real_pdf("nationality-proof.pdf"), photo, real_pdf("residence-permit.pdf"), fake)


# --- what people do -------------------------------------------------------------------------


def assert_readable(element: Locator) -> None:
    """Text a person can see: not the colour of its own background."""
    color, background = element.evaluate(
        "el => { const s = getComputedStyle(el); return [s.color, s.backgroundColor]; }"
    )
    assert color != background, f"{element}: {color} text on {background}"


def switch_to_english(page: Page) -> None:
    button = page.locator("header form.lang button[value=en]")
    expect(button).to_have_text("EN")
    assert_readable(button)
    button.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def open_apply_page(page: Page, procedure: str = PROCEDURE) -> None:
    """From the list of procedures, through the procedure's page, to its form."""
    page.goto("/procedures/")
    page.locator(f"main a[href='/procedures/{procedure}/']").click()
    page.locator(f"main a[href='/procedures/{procedure}/apply/']").click()
    expect(page.locator("#id_applicant_name")).to_be_visible()


def fill(page: Page, field_id: str, value: str) -> None:
    field = page.locator(f"#{field_id}")
    if field.evaluate("el => el.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)


def fill_application(
    page: Page, *, unit: Unit, answers: dict[str, str] = ANSWERS,
    documents: dict[str, Path] | None = None, name: str = NAME, email: str = EMAIL,
) -> None:
    fill(page, "id_unit", str(unit.pk))
    fill(page, "id_applicant_name", name)
    fill(page, "id_applicant_email", email)
    fill(page, "id_applicant_phone", "+33 6 12 34 56 78")
    for field, value in answers.items():
        fill(page, f"id_f_{field}", value)
    for code, path in (documents or {}).items():
        page.locator(f"#id_doc_{code}").set_input_files(path)
    agree_to_privacy_notice(page)


def agree_to_privacy_notice(page: Page) -> None:
    """The consent box (a new application only: a saved draft's consent is already recorded)."""
    consent = page.locator("#id_consent")
    if consent.count():
        consent.check()


def documents(files: Files) -> dict[str, Path]:
    return {"portrait_photo": files.photo, "nationality_proof": files.pdf}


def assert_every_required_field_filled(page: Page) -> None:
    """Guards the test itself: a new required field in the catalogue must be filled here too."""
    empty = page.locator("main form [required]").evaluate_all(
        "els => els.filter(el => el.type === 'file' ? !el.files.length : !el.value).map(el => el.id)"
    )
    assert empty == [], f"required fields left empty: {empty}"


def continue_application(page: Page) -> None:
    """The form's main button: to the check-your-answers page, or back to the form with errors."""
    with page.expect_navigation():
        page.locator("main button[name=save][value=submit]").click()


def confirm_answers(page: Page) -> None:
    expect(page.locator("#answers")).to_be_visible()
    with page.expect_navigation():
        page.locator("#confirm").click()


def submit_application(page: Page) -> None:
    """Send the form as a person does: continue, then confirm on the check page if it came."""
    continue_application(page)
    if page.locator("#confirm").count():
        confirm_answers(page)


def save_draft(page: Page) -> None:
    page.locator("main button[name=save][value=draft]").click()


def read_receipt(page: Page) -> tuple[str, str]:
    code, key = page.locator("#tracking-code"), page.locator("#access-key")
    expect(code).to_have_text(re.compile(r"\S+"))
    expect(key).to_have_text(re.compile(r"\S+"))
    return code.inner_text().strip(), key.inner_text().strip()


def look_up(page: Page, code: str, key: str) -> None:
    page.goto("/status/")
    page.locator("#code").fill(code)
    page.locator("#key").fill(key)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#status")).to_be_visible()


def login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/cases/$"))
    switch_to_english(page)


def assert_inside(inner: Locator, outer: Locator) -> None:
    """Drawn within its box (not spilling over the next card)."""
    a, b = inner.bounding_box(), outer.bounding_box()
    assert a["x"] >= b["x"] and a["x"] + a["width"] <= b["x"] + b["width"] + 1, (
        f"{inner} is drawn at {a}, outside {outer} at {b}"
    )


def open_case_from_queue(page: Page, code: str) -> None:
    page.goto("/staff/cases/")
    page.get_by_role("link", name=code, exact=True).click()
    expect(page.locator("h1")).to_contain_text(code)


def pay_at_counter(page: Page, receipt_no: str = "BL-0001") -> None:
    """"Record the payment" opens the payments page: cash, the amount due (filled in), the counter
    receipt's number; then back to the case page."""
    page.locator("a[data-action=record_payment]").click()
    page.locator("#id_receipt_no").fill(receipt_no)
    page.locator("button[data-action=record_payment]").click()
    expect(page.locator("#status")).to_have_text("Fee paid")
    expect(page.locator(".receipt-link")).to_have_count(1)
    page.locator("a", has_text="«").first.click()  # back to the case
    expect(page.locator("#status")).to_have_text("Fee paid")


def act(page: Page, action: str, then: str, message: str = "", note: str = "") -> None:
    """Press the action's button (writing the message first if asked) and wait for the status."""
    form = page.locator(f"form:has(button[data-action={action}])")
    folded = page.locator(f"summary[data-open={action}]")
    if folded.count():  # a step that cannot be undone is behind its summary...
        folded.click()
    if message:
        form.locator("textarea[name=reason]").fill(message)
    if note:
        form.locator("textarea[name=note]").fill(note)
    confirm = form.locator("input[name=confirm]")
    if confirm.count():  # ...and asks for the confirming tick
        confirm.check()
    form.locator(f"button[data-action={action}]").click()
    expect(page.locator("#status")).to_have_text(then)


# --- the tests ------------------------------------------------------------------------------


def test_citizen_applies_and_embassy_returns_result(new_page, catalog, org, files, shot):
    citizen = new_page()
    open_apply_page(citizen)
    switch_to_english(citizen)
    fill_application(citizen, unit=org.fr, documents=documents(files))
    assert_every_required_field_filled(citizen)
    submit_application(citizen)
    expect(citizen.locator("h1")).to_have_text("Your application was sent")
    code, key = read_receipt(citizen)
    expect(citizen.locator("main")).to_contain_text("EMB-FR")
    shot(citizen, "receipt")

    officer = new_page()
    login(officer, "officer.fr")
    open_case_from_queue(officer, code)
    expect(officer.locator("#status")).to_have_text("Submitted")
    email = officer.locator("dd", has_text=EMAIL)
    applicant_card = officer.locator("section.card", has=email)
    expect(applicant_card).to_contain_text(ANSWERS["full_name"])
    assert_inside(email, applicant_card)
    # The document under the requirement it answers, opened in the viewer and back.
    proof = officer.locator("#requirement-nationality_proof")
    expect(proof.get_by_role("link", name="Download nationality-proof.pdf")).to_be_visible()
    proof.get_by_role("link", name="View nationality-proof.pdf").click()
    expect(officer.locator("iframe.viewer-frame")).to_have_attribute(
        "title", "PDF document: nationality-proof.pdf")
    officer.get_by_role("link", name=f"Back to case {code}").click()
    act(officer, "receive", then="Received")
    act(officer, "start_processing", then="In processing")
    act(officer, "request_supplement", then="Supplement requested", message=SUPPLEMENT_REQUEST)

    citizen = new_page()
    look_up(citizen, code, key)
    switch_to_english(citizen)
    expect(citizen.locator("#status")).to_have_text("Supplement requested")
    expect(citizen.locator("#office-message")).to_contain_text(SUPPLEMENT_REQUEST)
    citizen.locator("#id_files").set_input_files(files.supplement)
    citizen.locator("#id_note").fill("Here is my residence permit.")
    citizen.locator("form[action$='/supplement/'] button[type=submit]").click()
    expect(citizen.locator("#status")).to_have_text("Supplement provided")
    expect(citizen.locator(".messages .success")).to_be_visible()

    officer.reload()
    expect(officer.locator("#status")).to_have_text("Supplement provided")
    expect(officer.get_by_role("link", name="Download residence-permit.pdf")).to_be_visible()
    act(officer, "request_fee", then="Fee requested")
    pay_at_counter(officer)
    shot(officer, "officer-case")
    # An officer without the head's delegation may not decide.
    expect(officer.locator("[data-action=approve]")).to_have_count(0)

    head = new_page()
    login(head, "head.fr")
    open_case_from_queue(head, code)
    act(head, "approve", then="Approved", note="Photo checked against the old passport.")

    officer.reload()
    expect(officer.locator("[data-note=approve]")).to_contain_text("Photo checked against the old passport.")
    act(officer, "return_result", then="Result returned")

    citizen = new_page()
    look_up(citizen, code, key)
    switch_to_english(citizen)
    expect(citizen.locator("#status")).to_have_text("Result returned")
    expect(citizen.locator("main")).to_contain_text("This application is complete")


def test_citizen_saves_a_draft_and_submits_it_later(new_page, catalog, org, files):
    citizen = new_page()
    open_apply_page(citizen)
    switch_to_english(citizen)
    fill(citizen, "id_unit", str(org.fr.pk))
    fill(citizen, "id_applicant_name", NAME)
    fill(citizen, "id_applicant_email", EMAIL)
    agree_to_privacy_notice(citizen)
    save_draft(citizen)
    expect(citizen.locator("h1")).to_have_text("Your draft is saved")
    code, key = read_receipt(citizen)

    later = new_page()
    look_up(later, code, key)
    switch_to_english(later)
    expect(later.locator("#status")).to_have_text("Draft")
    later.locator(f"main a[href='/status/{code}/edit/']").click()
    expect(later.locator("#id_applicant_name")).to_have_value(NAME)
    expect(later.locator("#id_applicant_email")).to_have_value(EMAIL)
    fill_application(later, unit=org.fr, documents=documents(files))
    assert_every_required_field_filled(later)
    submit_application(later)
    expect(later.locator("h1")).to_have_text("Your application was sent")
    expect(later.locator("#tracking-code")).to_have_text(code)
    later.locator(f"main a[href='/status/{code}/']").click()
    expect(later.locator("#status")).to_have_text("Submitted")
    assert Case.objects.get(tracking_code=code).documents.count() == 2


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(new_page, catalog, org, files):
    page = new_page()
    open_apply_page(page)
    switch_to_english(page)
    missing = {k: v for k, v in ANSWERS.items() if k != "place_of_birth"}
    fill_application(page, unit=org.fr, answers=missing, documents=documents(files))
    submit_application(page)

    expect(page.locator(".messages .error")).to_contain_text("Please correct the marked fields")
    expect(page.locator(".field:has(#id_f_place_of_birth) [role=alert]")).to_contain_text("required")
    expect(page.locator("#id_applicant_name")).to_have_value(NAME)
    expect(page.locator("#id_f_full_name")).to_have_value(ANSWERS["full_name"])
    expect(page.locator("#id_f_sex")).to_have_value(ANSWERS["sex"])

    # The files passed their checks: the page says they are kept, nothing needs choosing again.
    photo_field = page.locator(".field:has(#id_doc_portrait_photo)")
    expect(photo_field).to_contain_text("kept: photo.png")
    proof_field = page.locator(".field:has(#id_doc_nationality_proof)")
    expect(proof_field).to_contain_text("kept: nationality-proof.pdf")

    # Choosing a file replaces the kept one, and a bad file is refused as ever.
    fill(page, "id_f_place_of_birth", ANSWERS["place_of_birth"])
    page.locator("#id_doc_nationality_proof").set_input_files(files.html_as_pdf)
    submit_application(page)
    expect(proof_field.locator("[role=alert]")).to_contain_text("This file is not a PDF")
    expect(page.locator("#id_applicant_name")).to_have_value(NAME)
    expect(photo_field).to_contain_text("kept: photo.png")
    assert not Case.objects.exists()

    # Sent again without choosing any file: the kept ones go with the application.
    submit_application(page)
    expect(page.locator("h1")).to_have_text("Your application was sent")
    code, _key = read_receipt(page)
    kept = Case.objects.get(tracking_code=code).documents.order_by("requirement")
    assert [(d.requirement, d.original_name) for d in kept] == [
        ("nationality_proof", "nationality-proof.pdf"), ("portrait_photo", "photo.png")]


PHONE = {"width": 390, "height": 844}


def assert_no_horizontal_scroll(page: Page) -> None:
    width, screen = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen + 1, f"{page.url}: the page is {width}px wide on a {screen}px screen"


def test_citizen_pages_fit_a_phone(new_page, catalog, org, files, shot):
    page = new_page(viewport=PHONE)
    for path in ("/", "/procedures/", f"/procedures/{PROCEDURE}/", "/status/"):
        page.goto(path)
        assert_no_horizontal_scroll(page)

    open_apply_page(page)
    assert_no_horizontal_scroll(page)
    submit_application(page)  # nothing filled: every field shows its error
    expect(page.locator(".messages .error")).to_be_visible()
    assert_no_horizontal_scroll(page)
    shot(page, "apply-errors-phone")

    fill_application(page, unit=org.fr, documents=documents(files))
    submit_application(page)
    code, _key = read_receipt(page)
    assert_no_horizontal_scroll(page)
    page.locator(f"main a[href='/status/{code}/']").click()
    expect(page.locator("#status")).to_be_visible()
    assert_no_horizontal_scroll(page)
