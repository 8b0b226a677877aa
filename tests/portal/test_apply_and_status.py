"""The public side through the real HTTP stack: catalogue pages in both languages, applying,
drafts, the receipt and its e-mail, the status lookup and its throttle, supplements, withdrawal."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chancery.audit.models import AuditRecord
from chancery.cases import codes
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case, Document
from chancery.cases.services import apply_transition
from chancery.procedures.selectors import published_procedures
from tests.factories import HTML_BYTES, PDF_BYTES, advance, pdf
from tests.portal.helpers import (
    Browser,
    application_data,
    apply_url,
    document_files,
    required_documents,
    send_application,
    text_of,
    without_files,
)

VI_NAME = "Cấp hộ chiếu phổ thông lần đầu ở nước ngoài"
EN_NAME = "Ordinary passport, first issue abroad"


def submit_through_the_portal(browser, passport, unit, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_application(
            browser, apply_url(), application_data(passport, unit, **overrides), follow=True
        )
    assert response.status_code == 200, response.content.decode()[:2000]
    return response, text_of(response, "tracking-code"), text_of(response, "access-key")


def look_up(browser, code: str, key: str, **extra):
    return browser.post(reverse("portal:status_lookup"), {"code": code, "key": key}, **extra)


# ---- Catalogue pages, in Vietnamese and English -------------------------------------------------


def test_procedure_list_renders_in_vietnamese_by_default(catalog):
    response = Browser(language=None).get(reverse("portal:procedures"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert VI_NAME in page
    assert EN_NAME not in page
    for procedure in published_procedures():
        assert reverse("portal:procedure", args=[procedure.code]) in page


def test_procedure_list_renders_in_english_with_the_language_cookie(catalog):
    browser = Browser(language=None)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = browser.get(reverse("portal:procedures")).content.decode()
    assert '<html lang="en">' in page
    assert EN_NAME in page
    assert VI_NAME not in page


def test_procedure_list_filters_by_field(browser, catalog):
    page = browser.get(reverse("portal:procedures"), {"field": "civil_status"}).content.decode()
    assert reverse("portal:procedure", args=["birth-registration"]) in page
    assert reverse("portal:procedure", args=["passport-issuance"]) not in page


def test_procedure_page_shows_facts_documents_and_offices(org, passport):
    response = Browser(language="vi").get(reverse("portal:procedure", args=["passport-issuance"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert VI_NAME in page
    assert "70 USD" in page
    assert org.fr.name_vi in page and org.jp.name_vi in page
    assert org.cd.name_vi not in page  # the ministry department does not issue passports abroad
    for doc in passport.documents:
        assert escape(doc["name"]["vi"]) in page
    assert apply_url() in page


def test_switching_language_with_the_set_language_form(org, passport):
    browser = Browser(language=None)
    detail = reverse("portal:procedure", args=["passport-issuance"])
    assert VI_NAME in browser.get(detail).content.decode()
    response = browser.post(reverse("set_language"), {"language": "en", "next": detail})
    assert response.status_code == 302
    assert response["Location"] == detail
    page = browser.get(detail).content.decode()
    assert EN_NAME in page
    assert escape(passport.documents[0]["name"]["en"]) in page
    assert org.fr.name_en in page
    browser.post(reverse("set_language"), {"language": "vi", "next": detail})
    assert VI_NAME in browser.get(detail).content.decode()


def test_an_unknown_procedure_is_404(browser, catalog):
    assert browser.get(reverse("portal:procedure", args=["no-such-thing"])).status_code == 404
    assert browser.get(apply_url("no-such-thing")).status_code == 404


# ---- The application form -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_application_form_has_every_field_and_document_of_the_catalogue(
    browser, org, passport, language
):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = browser.get(apply_url())
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("unit", "applicant_name", "applicant_email", "applicant_phone"):
        assert f'name="{name}"' in page
    for spec in passport.form_fields:
        assert f'name="f_{spec["name"]}"' in page, spec["name"]
        assert escape(spec["label"][language]) in page, spec["name"]
        for choice in spec.get("choices", []):
            assert f'value="{choice["value"]}"' in page
            assert escape(choice["label"][language]) in page
    for doc in passport.documents:
        assert f'name="doc_{doc["code"]}"' in page, doc["code"]
        assert escape(doc["name"][language]) in page
    assert 'enctype="multipart/form-data"' in page


def test_required_fields_are_marked_as_the_catalogue_says(browser, org, passport):
    page = browser.get(apply_url()).content.decode()
    for spec in passport.form_fields:
        label = re.search(rf'<label for="id_f_{spec["name"]}">([^<]*)</label>', page)
        assert label, spec["name"]
        assert label.group(1).endswith(" *") == spec.get("required", True), spec["name"]


def test_submitting_creates_a_case_shows_the_receipt_and_sends_one_email(
    browser, org, passport, django_capture_on_commit_callbacks
):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response, code, key = submit_through_the_portal(
        browser, passport, org.fr, django_capture_on_commit_callbacks
    )
    assert response.redirect_chain[-1][0] == reverse("portal:receipt", args=[code])
    assert codes.is_valid(code)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", key)
    page = response.content.decode()
    assert "Expected processing time" in page
    with translation.override("en"):
        assert passport.processing_time_label in page

    case = Case.objects.get(tracking_code=code)
    assert case.status == Status.SUBMITTED
    assert case.unit == org.fr
    assert case.submitted_at is not None
    assert case.key_matches(key)
    assert case.data["full_name"] == "NGUYEN VAN AN"
    assert case.data["date_of_birth"] == "1990-05-17"
    assert set(case.documents.values_list("requirement", flat=True)) == required_documents(passport)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.org"]
    assert code in message.subject
    assert code in message.body
    assert key in message.body


def test_submitting_with_optional_documents_stores_them_too(
    browser, org, passport, django_capture_on_commit_callbacks
):
    _response, code, _key = submit_through_the_portal(
        browser, passport, org.fr, django_capture_on_commit_callbacks,
        **document_files(passport, only_required=False),
    )
    case = Case.objects.get(tracking_code=code)
    assert case.documents.count() == len([d for d in passport.documents if not d.get("show_if")])


def test_a_missing_required_field_re_renders_with_an_error_and_keeps_what_was_typed(
    browser, org, passport, django_capture_on_commit_callbacks
):
    data = application_data(
        passport, org.jp, f_full_name="", f_place_of_birth="Huế",
        f_address_abroad="1-2-3 Shibuya\nTokyo", applicant_email="typed@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(apply_url(), data)
    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert mail.outbox == []
    form = response.context["form"]
    assert "f_full_name" in form.errors
    page = response.content.decode()
    assert "Your answers are kept" in page
    field = page[page.index('for="id_f_full_name"'):page.index('for="id_f_sex"')]
    assert 'role="alert"' in field  # the error sits next to the field it is about
    assert 'value="Huế"' in page
    assert "1-2-3 Shibuya\nTokyo</textarea>" in page
    assert 'value="typed@example.org"' in page
    assert 'value="1990-05-17"' in page
    assert f'<option value="{org.jp.pk}" selected>' in page
    assert '<option value="M" selected>' in page


def test_a_missing_required_document_blocks_submission(browser, org, passport):
    data = application_data(passport, org.fr, doc_portrait_photo=None)
    response = browser.post(apply_url(), data)
    assert response.status_code == 200
    assert "doc_portrait_photo" in response.context["form"].errors
    assert Case.objects.count() == 0


def test_a_document_of_the_wrong_type_is_refused_with_a_clear_sentence(browser, org, passport):
    data = application_data(passport, org.fr, doc_portrait_photo=pdf("photo.jpg"))
    response = browser.post(apply_url(), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["doc_portrait_photo"]
    assert errors == [
        "This file is not a JPEG, PNG file (whatever its name says). Please upload a JPEG, PNG."
    ]
    assert Case.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(org, passport):
    strict = Browser()
    response = super(Browser, strict).post(apply_url(), application_data(passport, org.fr))
    assert response.status_code == 403
    assert Case.objects.count() == 0


# ---- Drafts -------------------------------------------------------------------------------------


def test_a_draft_needs_only_name_and_email_and_can_be_finished_later(
    browser, org, passport, django_capture_on_commit_callbacks
):
    draft = {"unit": str(org.fr.pk), "applicant_name": "Trần Thị Bình",
             "applicant_email": "binh@example.org", "save": "draft", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(apply_url(), draft, follow=True)
    assert response.status_code == 200
    assert "Your draft is saved" in response.content.decode()
    code, key = text_of(response, "tracking-code"), text_of(response, "access-key")
    case = Case.objects.get(tracking_code=code)
    assert case.status == Status.DRAFT
    assert case.submitted_at is None
    assert len(mail.outbox) == 1
    assert code in mail.outbox[0].body and key in mail.outbox[0].body
    mail.outbox.clear()

    # Later, in another browser: the code and key reopen it.
    later = Browser()
    response = look_up(later, code, key)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:status", args=[code])
    status_page = later.get(response["Location"]).content.decode()
    assert reverse("portal:edit_draft", args=[code]) in status_page

    edit = later.get(reverse("portal:edit_draft", args=[code]))
    assert edit.status_code == 200
    assert 'value="Trần Thị Bình"' in edit.content.decode()
    assert 'value="binh@example.org"' in edit.content.decode()

    finished = application_data(
        passport, org.fr, applicant_name="Trần Thị Bình", applicant_email="binh@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = send_application(later, reverse("portal:edit_draft", args=[code]), finished, follow=True)
    assert response.status_code == 200
    assert "Your application was sent" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert case.data["full_name"] == "NGUYEN VAN AN"
    assert case.key_matches(key)  # the key stays the one the applicant already has
    assert Case.objects.count() == 1
    assert len(mail.outbox) == 1
    assert code in mail.outbox[0].body

    # A submitted application is no longer editable: the edit page sends to the status page.
    response = later.get(reverse("portal:edit_draft", args=[code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:status", args=[code])


def test_a_draft_keeps_documents_already_uploaded(browser, org, passport):
    draft = {"unit": str(org.fr.pk), "applicant_name": "Trần Thị Bình",
             "applicant_email": "binh@example.org", "save": "draft", "consent": "on",
             **document_files(passport)}
    response = browser.post(apply_url(), draft, follow=True)
    code = text_of(response, "tracking-code")
    data = without_files(application_data(passport, org.fr))
    response = send_application(browser, reverse("portal:edit_draft", args=[code]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:receipt", args=[code])
    case = Case.objects.get(tracking_code=code)
    assert case.status == Status.SUBMITTED
    assert case.documents.count() == len(required_documents(passport))


def test_a_draft_without_an_email_address_is_refused(browser, org, passport):
    response = browser.post(apply_url(), {"unit": str(org.fr.pk), "applicant_name": "An",
                                          "save": "draft"})
    assert response.status_code == 200
    assert "applicant_email" in response.context["form"].errors
    assert Case.objects.count() == 0


# ---- Status lookup --------------------------------------------------------------------------------


def _normalised(response) -> str:
    """The page without what legitimately differs between two requests: the CSRF token and the
    code the person typed (echoed back into the field)."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return re.sub(r'(id="code" name="code" value=)"[^"]*"', r"\1", page)


def test_wrong_code_and_wrong_key_give_the_same_answer(
    browser, org, passport, django_capture_on_commit_callbacks
):
    _response, code, key = submit_through_the_portal(
        browser, passport, org.fr, django_capture_on_commit_callbacks
    )
    stranger = Browser()
    wrong_code = look_up(stranger, codes.new_tracking_code(), key)
    wrong_key = look_up(stranger, code, "AAAA-AAAA")
    malformed = look_up(stranger, "hello", "AAAA-AAAA")
    assert wrong_code.status_code == wrong_key.status_code == malformed.status_code == 404
    assert _normalised(wrong_code) == _normalised(wrong_key) == _normalised(malformed)
    assert "We found no application with this tracking code and access key" in wrong_key.content.decode()


def test_the_lookup_accepts_the_code_as_people_type_it(
    browser, org, passport, django_capture_on_commit_callbacks
):
    _response, code, key = submit_through_the_portal(
        browser, passport, org.fr, django_capture_on_commit_callbacks
    )
    response = look_up(Browser(), f"  {code.replace('-', ' ').lower()} ", key.lower())
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:status", args=[code])


def test_repeated_failures_from_one_address_are_throttled_even_for_the_right_key(
    browser, org, passport, django_capture_on_commit_callbacks
):
    _response, code, key = submit_through_the_portal(
        browser, passport, org.fr, django_capture_on_commit_callbacks
    )
    guesser = Browser(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(settings.STATUS_LOOKUP_MAX_FAILURES):
        assert look_up(guesser, code, "WRNG-KEY0").status_code == 404
    response = look_up(guesser, code, key)
    assert response.status_code == 429
    assert "Too many unsuccessful attempts" in response.content.decode()
    assert reverse("portal:status", args=[code]) not in response.get("Location", "")

    # Another address is not affected.
    response = look_up(Browser(REMOTE_ADDR="198.51.100.2"), code, key)
    assert response.status_code == 302


def test_a_case_opens_only_in_the_browser_that_gave_the_key(
    browser, org, passport, django_capture_on_commit_callbacks
):
    _response, code, _key = submit_through_the_portal(
        browser, passport, org.fr, django_capture_on_commit_callbacks
    )
    assert browser.get(reverse("portal:status", args=[code])).status_code == 200
    other = Browser()
    asked = other.get(reverse("portal:status", args=[code]))  # asks for the key, shows nothing
    assert asked.status_code == 200
    assert 'id="key-asked"' in asked.content.decode() and 'id="status"' not in asked.content.decode()
    for name in ("receipt", "edit_draft"):
        assert other.get(reverse(f"portal:{name}", args=[code])).status_code == 404, name
    for name in ("supplement", "withdraw"):
        assert other.post(reverse(f"portal:{name}", args=[code]), {}).status_code == 404, name
    assert Case.objects.get(tracking_code=code).status == Status.SUBMITTED


# ---- Status page, supplement, withdrawal ------------------------------------------------------------


@pytest.fixture
def submitted(browser, org, passport, django_capture_on_commit_callbacks):
    """A case submitted through the portal; `browser` holds it in its session."""
    _response, code, key = submit_through_the_portal(
        browser, passport, org.fr, django_capture_on_commit_callbacks
    )
    return Case.objects.get(tracking_code=code)


def test_the_status_page_shows_the_status_and_its_timeline(browser, org, submitted):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    advance(submitted, ["receive", "start_processing"], officer=org.officer)
    page = browser.get(reverse("portal:status", args=[submitted.tracking_code])).content.decode()
    assert text_of(page, "status") == "In processing"
    timeline = page[page.index('class="timeline"'):]
    positions = [timeline.index(label) for label in ("Submitted", "Received", "In processing")]
    assert positions == sorted(positions)
    assert "Your application is being processed." in page
    assert 'id="office-message"' not in page


def test_a_supplement_request_shows_the_message_and_the_applicant_answers_it(
    browser, org, submitted, django_capture_on_commit_callbacks
):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    case = advance(submitted, ["receive", "start_processing"], officer=org.officer)
    apply_transition(case, "request_supplement", actor=org.officer, expected_version=case.version,
                     reason="Please send a legible copy of your birth certificate.")
    status_url = reverse("portal:status", args=[case.tracking_code])
    page = browser.get(status_url).content.decode()
    assert text_of(page, "status") == "Supplement requested"
    assert "Please send a legible copy of your birth certificate." in page
    assert 'id="office-message"' in page
    assert f'action="{reverse("portal:supplement", args=[case.tracking_code])}"' in page
    assert 'name="files"' in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            reverse("portal:supplement", args=[case.tracking_code]),
            {"note": "Here it is.", "files": [pdf("birth-certificate.pdf"), pdf("translation.pdf")]},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == status_url
    assert "Thank you. Your documents were sent to the office." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.SUPPLEMENT_PROVIDED
    supplements = case.documents.filter(stage=Document.Stage.SUPPLEMENT)
    assert sorted(supplements.values_list("original_name", flat=True)) == [
        "birth-certificate.pdf", "translation.pdf"
    ]
    assert case.events.last().note == "Here it is."
    assert 'name="files"' not in response.content.decode()  # the form is gone once answered


def test_a_supplement_must_hold_a_valid_file(browser, org, submitted):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    case = advance(submitted, ["receive", "start_processing", "request_supplement"], officer=org.officer)
    url = reverse("portal:supplement", args=[case.tracking_code])
    response = browser.post(url, {"note": "nothing attached"})
    assert response.status_code == 400
    assert response.context["supplement_form"].errors["files"] == ["This field is required."]
    assert "nothing attached</textarea>" in response.content.decode()
    response = browser.post(url, {"files": [SimpleUploadedFile("page.pdf", HTML_BYTES)]})
    assert response.status_code == 400
    assert "page.pdf: This file is not a PDF, JPEG, PNG file" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.SUPPLEMENT_REQUESTED
    assert not case.documents.filter(stage=Document.Stage.SUPPLEMENT).exists()


def test_sending_a_supplement_when_none_is_asked_changes_nothing_and_says_why(browser, org, submitted):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("portal:supplement", args=[submitted.tracking_code])
    response = browser.post(url, {"files": [pdf("unasked.pdf")]}, follow=True)
    page = response.content.decode()
    assert "is not possible while the case is" in page
    assert 'name="files"' not in page  # no upload form for a request that does not exist
    assert reverse("portal:withdraw", args=[submitted.tracking_code]) in page
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not submitted.documents.filter(stage=Document.Stage.SUPPLEMENT).exists()


def test_a_refused_supplement_file_still_offers_withdrawal(browser, org, submitted):
    case = advance(submitted, ["receive", "start_processing", "request_supplement"], officer=org.officer)
    response = browser.post(reverse("portal:supplement", args=[case.tracking_code]),
                            {"files": [SimpleUploadedFile("page.pdf", HTML_BYTES)]})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="files"' in page
    assert reverse("portal:withdraw", args=[case.tracking_code]) in page


def test_the_applicant_can_withdraw(browser, submitted, django_capture_on_commit_callbacks):
    status_url = reverse("portal:status", args=[submitted.tracking_code])
    withdraw_url = reverse("portal:withdraw", args=[submitted.tracking_code])
    assert withdraw_url in browser.get(status_url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(reverse("portal:withdraw", args=[submitted.tracking_code]),
                                {"reason": "I no longer travel.", "confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == status_url
    page = response.content.decode()
    assert "Your application was withdrawn." in page
    assert reverse("portal:withdraw", args=[submitted.tracking_code]) not in page
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    assert submitted.closed_at is not None
    assert AuditRecord.objects.filter(action="case.withdraw", object_id=str(submitted.pk)).exists()
    assert len(mail.outbox) == 1  # the applicant is told, by e-mail too

    # Withdrawing twice changes nothing and says why.
    response = browser.post(reverse("portal:withdraw", args=[submitted.tracking_code]),
                            {"confirm": "yes"}, follow=True)
    assert "is not possible" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN


def test_documents_are_stored_with_their_content(browser, submitted):
    document = submitted.documents.get(requirement="nationality_proof")
    with document.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert document.original_name == "nationality_proof.pdf"


def test_withdrawing_asks_first_and_a_post_without_confirmation_withdraws_nothing(browser, submitted):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("portal:withdraw", args=[submitted.tracking_code])
    before = (submitted.status, submitted.version, submitted.events.count())
    # The status page's form (and a plain link, a GET) lead to the question, nothing more.
    for response in (browser.post(url, {"reason": "Plans changed."}), browser.get(url)):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Withdraw this application?" in page
        assert 'name="confirm" value="yes"' in page
        assert reverse("portal:status", args=[submitted.tracking_code]) in page  # "No, keep it"
    assert 'value="Plans changed."' in browser.post(url, {"reason": "Plans changed."}).content.decode()
    for wrong in ({}, {"confirm": ""}, {"confirm": "no"}, {"confirm": "on"}):
        browser.post(url, {"reason": "Plans changed.", **wrong})
    submitted.refresh_from_db()
    assert (submitted.status, submitted.version, submitted.events.count()) == before

    response = browser.post(url, {"reason": "Plans changed.", "confirm": "yes"}, follow=True)
    assert "Your application was withdrawn." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    assert submitted.events.last().note == "Plans changed."


def test_the_withdrawal_question_is_not_asked_when_it_is_too_late(browser, org, submitted):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    advance(submitted, ["receive", "start_processing", "request_fee", "record_payment", "approve"],
            officer=org.officer, decider=org.head)
    response = browser.get(reverse("portal:withdraw", args=[submitted.tracking_code]), follow=True)
    assert "This application can no longer be withdrawn." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
