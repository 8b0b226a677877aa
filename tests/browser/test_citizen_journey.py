"""The whole citizen path on a phone, in one go, as issue 11 describes it: search "hop phap hoa"
without marks, pick the country, reach the office's form, answer a question that appears only for
one answer (and disappears when the answer changes), check the answers, change one, send; then open
the e-mailed status link on another device and give the key; lose the key and get a new one; and
list "My applications" through an e-mailed sign-in link."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from chancery.cases.models import Case
from tests.browser.test_citizen_and_officer import (
    PHONE,
    agree_to_privacy_notice,
    assert_no_horizontal_scroll,
    confirm_answers,
    continue_application,
    files,  # noqa: F401 (fixture)
    fill,
    read_receipt,
)
from tests.browser.test_coming_back import ask_by_email
from tests.browser.test_find_procedure_and_office import demo_units  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

EMAIL = "an.nguyen@example.org"


def _path(url: str) -> str:
    return url.removeprefix(settings.SITE_URL)


def test_search_apply_check_change_send_and_come_back_on_a_phone(
    new_page, catalog, demo_units, files, shot  # noqa: F811
):
    page = new_page(viewport=PHONE)
    page.goto("/")
    page.locator("#home-q").fill("hop phap hoa")
    page.locator("form[role=search] button[type=submit]").click()
    page.locator("main table a").first.click()
    page.locator("#id_country").select_option("FR")
    page.locator("#office button[type=submit]").click()
    expect(page.locator("#office-answer")).to_contain_text("Đại sứ quán Việt Nam tại Pháp")
    page.locator("#apply-link").click()
    expect(page.locator("select[name=unit]")).to_have_value(str(demo_units["EMB-FR"].pk))

    fill(page, "id_applicant_name", "Nguyễn Văn An")
    fill(page, "id_applicant_email", EMAIL)
    for field, value in {"document_count": "2", "document_description": "Birth certificate, 2001",
                         "issuing_country": "FR", "purpose": "Marriage in Viet Nam",
                         "id_document_number": "C1234567"}.items():
        fill(page, f"id_f_{field}", value)
    postal = page.locator(".field:has(#id_f_postal_address)")
    expect(postal).to_be_hidden()
    fill(page, "id_f_return_method", "post")  # the postal address is asked for the post only
    expect(postal).to_be_visible()
    fill(page, "id_f_postal_address", "12 rue de la Paix, 75002 Paris, France")
    page.locator("#id_doc_id_document").set_input_files(files.pdf)
    page.locator("#id_doc_documents_to_legalise").set_input_files(files.supplement)
    agree_to_privacy_notice(page)
    assert_no_horizontal_scroll(page)
    shot(page, "journey-1-form")

    continue_application(page)
    expect(page.locator("#answers")).to_contain_text("12 rue de la Paix")
    shot(page, "journey-2-check")
    # Change one answer: collected at the office after all; the postal address goes away.
    page.locator("#answers a[href$='#id_f_return_method']").click()
    fill(page, "id_f_return_method", "in_person")
    expect(postal).to_be_hidden()
    continue_application(page)
    expect(page.locator("#answers")).not_to_contain_text("12 rue de la Paix")
    confirm_answers(page)
    code, key = read_receipt(page)
    assert_no_horizontal_scroll(page)
    shot(page, "journey-3-receipt")
    case = Case.objects.get(tracking_code=code)
    assert case.unit == demo_units["EMB-FR"]
    assert case.data["return_method"] == "in_person" and "postal_address" not in case.data

    # The e-mail's status link, on another device: the key is asked, then the status shows.
    status_url = re.search(r"https?://\S+/status/\S+/", mail.outbox[-1].body).group(0)
    phone = new_page(viewport=PHONE)
    phone.goto(_path(status_url))
    expect(phone.locator("#code")).to_have_value(code)
    phone.locator("#key").fill(key)
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("#status")).to_be_visible()

    # Lost the key: a new one by e-mail.
    ask_by_email(new_page(viewport=PHONE), "#lost-key-link", EMAIL)
    new_key = re.search(r"New access key: (\S+)", mail.outbox[-1].body).group(1)
    assert Case.objects.get(pk=case.pk).key_matches(new_key)

    # My applications, through the sign-in link.
    ask_by_email(new_page(viewport=PHONE), "#my-applications-link", EMAIL)
    link = re.search(r"https?://\S+/my-applications/sign-in/\S+/", mail.outbox[-1].body).group(0)
    reader = new_page(viewport=PHONE)
    reader.goto(_path(link))
    reader.locator("#sign-in-button").click()
    expect(reader.locator("#applications")).to_contain_text(code)
    assert_no_horizontal_scroll(reader)
    shot(reader, "journey-4-my-applications")
