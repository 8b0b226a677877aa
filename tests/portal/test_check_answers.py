"""Questions that apply only in some cases, without JavaScript; the check-your-answers step
(change one answer, confirm, one case); the receipt's "what happens next"; the API's single POST."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from chancery.cases.lifecycle import Status
from chancery.cases.models import Case, HeldUpload
from tests.portal.helpers import (
    application_data,
    apply_url,
    confirm,
    document_files,
    send_application,
    text_of,
    without_files,
)

CHECK_URL = reverse("portal:apply_check", args=["passport-issuance"])
GUARDIAN = ("legal_representative", "legal_representative_relation", "legal_representative_document_number")
CHILD_DOCUMENTS = ("birth_certificate", "guardian_declaration")


def child_birthday(years: int = 8) -> str:
    today = timezone.localdate()
    return date(today.year - years, 1, 1).isoformat()


def block_of(page: str, name: str) -> str:
    """The HTML of the field block holding the input `name`."""
    at = page.index(f'name="{name}"')
    start = page.rindex('<div class="field"', 0, at)
    ends = [i for i in (page.find('<div class="field"', at), page.find("</fieldset>", at)) if i > 0]
    return page[start:min(ends)]


# ---- without JavaScript ---------------------------------------------------------------------------


def test_guardian_questions_are_hidden_and_disabled_until_a_child_s_date_of_birth(browser, org, passport):
    page = browser.get(apply_url()).content.decode()
    for name in GUARDIAN:
        block = block_of(page, f"f_{name}")
        assert " hidden>" in block.split("\n")[0] and "disabled" in block
        rule = json.loads(re.search(r'data-show-if="([^"]*)"', block).group(1).replace("&quot;", '"'))
        assert rule["age_from"] == "date_of_birth" and rule["under"] == 14  # key order: JSONB's
    assert " hidden>" not in block_of(page, "f_full_name").split("\n")[0]


def test_the_form_comes_back_with_the_questions_that_now_apply(browser, org, passport):
    # A child's date of birth, sent from a page where the guardian questions were hidden.
    data = application_data(passport, org.fr, f_date_of_birth=child_birthday())
    for name in GUARDIAN:
        data.pop(f"f_{name}", None)
    response = browser.post(apply_url(), data)
    assert response.status_code == 200
    assert not Case.objects.exists()
    errors = response.context["form"].errors
    assert {f"f_{n}" for n in GUARDIAN} | {f"doc_{c}" for c in CHILD_DOCUMENTS} <= set(errors)
    page = response.content.decode()
    for name in GUARDIAN:
        block = block_of(page, f"f_{name}")
        assert " hidden>" not in block.split("\n")[0] and "disabled" not in block
        assert 'role="alert"' in block


def test_answers_to_questions_that_do_not_apply_are_not_stored(
    browser, org, passport, django_capture_on_commit_callbacks
):
    # An adult; the page is tampered with to send guardian answers and a child's papers anyway.
    data = application_data(
        passport, org.fr, f_legal_representative="TRAN VAN BINH", f_legal_representative_relation="father",
        f_legal_representative_document_number="C1234567",
        **document_files(passport, conditional=True),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = send_application(browser, apply_url(), data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert not set(GUARDIAN) & set(case.data)
    stored = set(case.documents.values_list("requirement", flat=True))
    assert not set(CHILD_DOCUMENTS) & stored
    assert not HeldUpload.objects.filter(requirement__in=CHILD_DOCUMENTS).exists()


def test_a_child_s_application_stores_the_guardian_answers_and_papers(
    browser, org, passport, django_capture_on_commit_callbacks
):
    data = application_data(
        passport, org.fr, f_date_of_birth=child_birthday(), f_legal_representative="TRAN VAN BINH",
        f_legal_representative_relation="mother", f_legal_representative_document_number="C1234567",
        **document_files(passport, conditional=True),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = send_application(browser, apply_url(), data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.data["legal_representative_relation"] == "mother"
    assert set(CHILD_DOCUMENTS) <= set(case.documents.values_list("requirement", flat=True))


# ---- check your answers ---------------------------------------------------------------------------


def test_check_change_one_answer_confirm_one_case(browser, org, passport, django_capture_on_commit_callbacks):
    files = document_files(passport)
    response = browser.post(apply_url(), application_data(passport, org.fr, f_full_name="NGUYEN VAN A"))
    assert response.status_code == 302 and response["Location"] == CHECK_URL
    assert not Case.objects.exists()  # nothing is sent before the confirmation

    page = browser.get(CHECK_URL).content.decode()
    assert "Check your answers before sending" in page
    assert "NGUYEN VAN A" in page
    assert "Male" in page and ">M<" not in page  # the choice's label, not its value
    assert "17 May 1990" in page  # the date as the reader writes dates (core/formats)
    assert org.fr.name_en in page  # the office by name
    assert "Passport with an electronic chip" in page
    for upload in files.values():
        assert upload.name in page  # each document by its requirement, with the kept file
    for label in ("Legal representative", "Full name of the parent"):
        assert label not in page  # questions that do not apply are not listed
    change = f'href="{apply_url()}#id_f_full_name"'
    assert change in page

    # Change: the form comes back with every answer, and the files are kept.
    form_page = browser.get(apply_url()).content.decode()
    assert 'value="NGUYEN VAN A"' in form_page
    assert 'value="1990-05-17"' in form_page
    assert "kept: " in form_page
    data = without_files(application_data(passport, org.fr, f_full_name="NGUYEN VAN AN"))
    response = browser.post(apply_url(), data)
    assert response["Location"] == CHECK_URL
    assert "NGUYEN VAN AN<" in browser.get(CHECK_URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(browser, response)
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == reverse("portal:receipt", args=[case.tracking_code])
    assert case.status == Status.SUBMITTED
    assert case.data["full_name"] == "NGUYEN VAN AN"
    assert {d.original_name for d in case.documents.all()} == {u.name for u in files.values()}
    # Sent: the kept answers are gone, a new form is empty.
    assert browser.get(CHECK_URL)["Location"] == apply_url()
    assert 'value="NGUYEN VAN AN"' not in browser.get(apply_url()).content.decode()


def test_the_confirmation_trusts_nothing_from_the_check_page(browser, org, passport):
    browser.post(apply_url(), application_data(passport, org.fr))
    # No digest, or the digest of another state: shown again, nothing sent.
    response = browser.post(CHECK_URL, {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == CHECK_URL
    page = browser.get(CHECK_URL).content.decode()
    assert "Your answers changed since this page was shown" in page
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page).group(1)
    # Answers posted with the confirmation are ignored: the kept ones are re-validated.
    response = browser.post(CHECK_URL, {"digest": digest, "applicant_name": "Someone Else",
                                        "f_full_name": ""})
    case = Case.objects.get()
    assert case.applicant_name == "Nguyễn Văn An" and case.data["full_name"] == "NGUYEN VAN AN"


def test_a_kept_file_that_expired_before_the_confirmation_sends_back_to_the_form(browser, org, passport):
    browser.post(apply_url(), application_data(passport, org.fr))
    page = browser.get(CHECK_URL).content.decode()
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page).group(1)
    HeldUpload.objects.update(held_at=timezone.now() - timedelta(hours=25))
    response = browser.post(CHECK_URL, {"digest": digest})
    assert response.status_code == 200
    assert any(name.startswith("doc_") for name in response.context["form"].errors)
    assert not Case.objects.exists()


def test_the_check_page_without_answers_sends_to_the_form(browser, org, passport):
    response = browser.get(CHECK_URL)
    assert response.status_code == 302 and response["Location"] == apply_url()


def test_a_draft_still_saves_at_once(browser, org, passport):
    draft = {"unit": str(org.fr.pk), "applicant_name": "Trần Thị Bình",
             "applicant_email": "binh@example.org", "save": "draft", "consent": "on"}
    response = browser.post(apply_url(), draft)
    case = Case.objects.get()
    assert response["Location"] == reverse("portal:receipt", args=[case.tracking_code])
    assert case.status == Status.DRAFT


# ---- the receipt: what happens next ---------------------------------------------------------------


def test_the_receipt_says_what_happens_next(browser, org, passport):
    response = send_application(browser, apply_url(), application_data(passport, org.fr), follow=True)
    page = response.content.decode()
    assert f"{org.fr.name_en} handles your application" in text_of(page, "next-office")
    assert "The decision takes 5 working days" in text_of(page, "next-time")
    assert "come to the office once" in text_of(page, "next-visit")  # online_level: partial
    assert "The fee is 70 USD" in text_of(page, "next-fee")


def test_the_receipt_in_vietnamese(org, passport):
    from tests.portal.helpers import Browser

    browser = Browser(language="vi")
    response = send_application(browser, apply_url(), application_data(passport, org.fr), follow=True)
    page = response.content.decode()
    assert org.fr.name_vi in text_of(page, "next-office")
    assert "5 ngày làm việc" in text_of(page, "next-time")
    assert "70 USD" in text_of(page, "next-fee")


# ---- the API: still one POST, with the same rules ------------------------------------------------


def test_the_api_applies_the_same_rules_in_one_post(client, org, passport):
    answers = {k.removeprefix("f_"): v for k, v in application_data(passport, org.fr).items()
               if k.startswith("f_")}
    base = {"procedure": "passport-issuance", "unit": org.fr.code, "applicant_name": "An",
            "applicant_email": "an@example.org", "consent": "true", **document_files(passport)}
    child = {**{k: v for k, v in answers.items() if k not in GUARDIAN}, "date_of_birth": child_birthday()}
    response = client.post("/api/v1/applications", {**base, "answers": json.dumps(child)})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert set(GUARDIAN) <= fields and {f"doc_{c}" for c in CHILD_DOCUMENTS} <= fields

    adult = {**answers, "legal_representative": "TRAN VAN BINH"}
    response = client.post("/api/v1/applications", {**base, **document_files(passport),
                                                     "answers": json.dumps(adult)})
    assert response.status_code == 201, response.json()
    case = Case.objects.get(tracking_code=response.json()["tracking_code"])
    assert "legal_representative" not in case.data


def test_a_draft_s_papers_for_a_child_are_dropped_when_the_applicant_is_an_adult(
    browser, org, passport, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    draft = {"unit": str(org.fr.pk), "applicant_name": "Trần Thị Bình", "applicant_email": "binh@example.org",
             "f_date_of_birth": child_birthday(), "save": "draft", "consent": "on",
             **document_files(passport, conditional=True)}
    response = browser.post(apply_url(), draft)
    case = Case.objects.get()
    child_files = list(case.documents.filter(requirement__in=CHILD_DOCUMENTS).values_list("file", flat=True))
    assert len(child_files) == 2
    # The date of birth was a mistake: an adult. The child's papers no longer apply.
    data = without_files(application_data(passport, org.fr))
    with django_capture_on_commit_callbacks(execute=True):
        response = send_application(browser, reverse("portal:edit_draft", args=[case.tracking_code]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert not case.documents.filter(requirement__in=CHILD_DOCUMENTS).exists()
    assert case.documents.count() == 2
    assert not any(default_storage.exists(name) for name in child_files)


def test_a_double_click_on_send_makes_one_case(browser, org, passport, settings):
    """Security finding 12.8: the second of two clicks, sent before the first one's answer came
    back (so with the same session and the same check page), leads to the first one's case."""
    from importlib import import_module

    response = browser.post(apply_url(), application_data(passport, org.fr))
    check_url = response["Location"]
    digest = re.search(r'name="digest" value="([0-9a-f]+)"',
                       browser.get(check_url).content.decode()).group(1)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    before = dict(store(browser.cookies[settings.SESSION_COOKIE_NAME].value).load())

    first = browser.post(check_url, {"digest": digest, "confirm": "yes"})
    assert first.status_code == 302 and Case.objects.count() == 1
    # The second click's request still carries the session as it was before the first answer.
    session = store(browser.cookies[settings.SESSION_COOKIE_NAME].value)
    session.update(before)
    session.save()
    second = browser.post(check_url, {"digest": digest, "confirm": "yes"}, follow=True)
    assert Case.objects.count() == 1
    case = Case.objects.get()
    assert second.redirect_chain[-1][0] == reverse("portal:receipt", args=[case.tracking_code])
    assert case.tracking_code in second.content.decode()
