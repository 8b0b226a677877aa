"""Trust: the ministry's identity, the privacy notice and consent, office contacts, the
accessibility statement, branded error pages, the language switch on the verification page."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from chancery.audit.models import AuditRecord
from chancery.cases.models import Case, NoticeKind
from chancery.core.privacy import HOTLINE, PRIVACY_NOTICE_VERSION
from chancery.organization.models import Unit
from tests.factories import JPEG_BYTES, PDF_BYTES, advance, submit_case
from tests.portal.helpers import Browser, answers_for, application_data, apply_url, send_application

LANGUAGES = ["vi", "en"]
IDENTITY = {"vi": ("Bộ Ngoại giao", "Cục Lãnh sự"),
            "en": ("Ministry of Foreign Affairs", "Consular Department")}


@pytest.fixture
def offices(org):
    """The test units with what the contact pages show."""
    Unit.objects.filter(pk=org.fr.pk).update(
        public_slug="embassy-france", city="Paris", address="61 rue de Miromesnil\n75008 Paris",
        phone="+33 1 44 14 00 00", email="consular.fr@mofa.example",
        opening_hours_vi="Thứ Hai – Thứ Sáu: 9:00 – 12:00", opening_hours_en="Monday – Friday: 9:00 – 12:00",
    )
    Unit.objects.filter(pk=org.cd.pk).update(public_slug="consular-department", city="Hanoi",
                                             city_vi="Hà Nội", email="lanhsu@mofa.example")
    org.fr.refresh_from_db()
    org.cd.refresh_from_db()
    return org


def page(path: str, language: str, status: int = 200) -> str:
    response = Browser(language=language).get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


# ---- The ministry on every page ------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["portal:home", "portal:procedures", "portal:status_lookup",
                                  "portal:privacy", "portal:accessibility", "portal:offices"])
def test_every_page_names_the_ministry_and_the_product_only_in_the_footer(name, language, catalog, offices):
    html = page(reverse(name), language)
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    ministry, department = IDENTITY[language]
    assert ministry in header and department in header
    assert "Chancery" not in header
    assert "Chancery" not in html.split("<title>", 1)[1].split("</title>", 1)[0]
    footer = html.split("<footer", 1)[1]
    assert reverse("portal:privacy") in footer and reverse("portal:offices") in footer
    assert HOTLINE in footer.replace("+84981848484", "")


# ---- Privacy notice ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "words"), [
    ("vi", ["Nghị định số 13/2023/NĐ-CP", "Dữ liệu được thu thập", "Mục đích", "Căn cứ pháp lý",
            "Thời gian lưu giữ", "Ai được xem dữ liệu", "Quyền của Ông/Bà", "Cách thực hiện quyền",
            "Liên hệ", "rút lại sự đồng ý"]),
    ("en", ["Decree 13/2023/NĐ-CP", "What is collected", "Why", "Legal basis", "How long it is kept",
            "Who sees it", "Your rights", "How to exercise them", "Contact", "withdraw your consent"]),
])
def test_privacy_notice_says_what_why_how_long_who_rights_contact(language, words, offices):
    html = page(reverse("portal:privacy"), language)
    for word in words:
        assert word in html, word
    assert PRIVACY_NOTICE_VERSION in html
    assert reverse("portal:office", args=["consular-department"]) in html  # whom to write to
    assert "lanhsu@mofa.example" in html


@pytest.mark.parametrize(("language", "title"), [("vi", "Tuyên bố về khả năng tiếp cận"),
                                                 ("en", "Accessibility statement")])
def test_accessibility_statement_in_both_languages(language, title, offices):
    html = page(reverse("portal:accessibility"), language)
    assert f"<h1>{title}</h1>" in html
    assert "WCAG" in html


# ---- Consent --------------------------------------------------------------------------------------


def test_the_form_asks_for_consent_with_a_link_to_the_notice_unticked(browser, org, passport):
    html = browser.get(apply_url()).content.decode()
    box = html.split('id="id_consent"', 1)
    assert len(box) == 2, "no consent box on the form"
    tag = html[html.rindex("<input", 0, html.index('id="id_consent"')):].split(">", 1)[0]
    assert 'type="checkbox"' in tag and "checked" not in tag and "required" in tag
    assert f'href="{reverse("portal:privacy")}"' in html


def test_an_application_without_consent_is_refused_next_to_the_box_and_nothing_is_saved(
    browser, org, passport
):
    data = application_data(passport, org.fr)
    del data["consent"]
    response = browser.post(apply_url(), data)
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert "agree to the privacy notice" in response.content.decode()
    assert response.context["form"]["applicant_name"].value() == "Nguyễn Văn An"  # kept
    assert not Case.objects.exists()


def test_a_draft_needs_consent_too(browser, org, passport):
    response = browser.post(apply_url(), {"unit": str(org.fr.pk), "applicant_name": "An",
                                          "applicant_email": "an@example.org", "save": "draft"})
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not Case.objects.exists()


def test_consent_is_recorded_with_its_time_and_the_notice_version(browser, org, passport):
    response = send_application(browser, apply_url(), application_data(passport, org.fr))
    assert response.status_code == 302
    case = Case.objects.get()
    created = AuditRecord.objects.get(action="case.created", object_id=str(case.pk))
    assert created.data["consent"]["notice_version"] == PRIVACY_NOTICE_VERSION
    assert created.data["consent"]["at"][:4].isdigit()


def api_application(version, **overrides):
    answers = {name.removeprefix("f_"): value for name, value in answers_for(version).items()}
    data = {"procedure": version.code, "unit": "EMB-FR", "applicant_name": "Nguyễn Văn An",
            "applicant_email": "an@example.org", "answers": json.dumps(answers),
            "doc_portrait_photo": SimpleUploadedFile("photo.jpg", JPEG_BYTES),
            "doc_nationality_proof": SimpleUploadedFile("birth.pdf", PDF_BYTES), **overrides}
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("consent", [None, "false"])
def test_the_api_refuses_an_application_without_consent(consent, org, passport):
    response = Client().post("/api/v1/applications", api_application(passport, consent=consent),
                             HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "consent_required"
    assert "thông báo về xử lý dữ liệu cá nhân" in body["message"]  # in the caller's language
    assert not Case.objects.exists()


def test_the_api_records_consent(org, passport):
    response = Client().post("/api/v1/applications", api_application(passport, consent="true"))
    assert response.status_code == 201, response.content
    case = Case.objects.get()
    created = AuditRecord.objects.get(action="case.created", object_id=str(case.pk))
    assert created.data["consent"]["notice_version"] == PRIVACY_NOTICE_VERSION


# ---- Offices ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "city_time", "country"), [
    ("vi", "giờ Paris", "Pháp"), ("en", "Paris time", "France"),
])
def test_office_page_gives_address_hours_phone_email_hotline_and_local_time(
    language, city_time, country, offices
):
    html = page(reverse("portal:office", args=["embassy-france"]), language)
    assert "61 rue de Miromesnil<br>75008 Paris" in html
    assert ("Thứ Hai – Thứ Sáu" if language == "vi" else "Monday – Friday") in html
    assert 'href="tel:+33144140000"' in html and 'href="mailto:consular.fr@mofa.example"' in html
    assert HOTLINE in html
    assert city_time in html and "Europe/Paris" not in html
    assert country in html  # the countries it serves, by name


@pytest.mark.parametrize("language", LANGUAGES)
def test_office_list_links_every_office_by_its_public_slug(language, offices):
    html = page(reverse("portal:offices"), language)
    for unit in Unit.objects.all():
        assert reverse("portal:office", args=[unit.public_slug]) in html
    assert "/offices/EMB-FR/" not in html and "/offices/emb-fr/" not in html
    assert ("Hà Nội" if language == "vi" else "Hanoi") in html


def test_office_slug_is_made_from_the_english_name_and_kept_unique(db):
    a = Unit.objects.create(code="X-1", kind="embassy", name_vi="A", name_en="Embassy in Ruritania",
                            host_country="FR", city="Strelsau", time_zone="Europe/Paris")
    b = Unit.objects.create(code="X-2", kind="embassy", name_vi="B", name_en="Embassy in Ruritania",
                            host_country="FR", city="Strelsau", time_zone="Europe/Paris")
    assert a.public_slug == "embassy-in-ruritania"
    assert b.public_slug == "embassy-in-ruritania-2"


def test_an_unknown_office_is_a_branded_404(offices):
    html = page(reverse("portal:office", args=["nowhere"]), "vi", status=404)
    assert "Không tìm thấy trang" in html and "Bộ Ngoại giao" in html


# ---- Error pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "words"), [
    ("vi", ["Không tìm thấy trang", "Bộ Ngoại giao", "Trang chủ"]),
    ("en", ["Page not found", "Ministry of Foreign Affairs", "Home page"]),
])
def test_404_is_branded_in_both_languages(language, words, db):
    html = page("/no-such-page/", language, status=404)
    for word in words:
        assert word in html
    assert f'lang="{language}"' in html


@pytest.mark.parametrize(("language", "words"), [
    ("vi", ["Không có quyền truy cập", "Bộ Ngoại giao"]),
    ("en", ["Access refused", "Ministry of Foreign Affairs"]),
])
def test_403_is_branded_in_both_languages(language, words, db):
    from django.utils import translation
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override(language):
        response = permission_denied(request, exception=None)
    html = response.content.decode()
    assert response.status_code == 403
    for word in words:
        assert word in html


def test_500_renders_without_context_processors_or_database():
    # No `db` fixture: any database access here would raise.
    response = server_error(RequestFactory().get("/"))
    html = loader.get_template("500.html").render()
    assert response.status_code == 500
    body = response.content.decode()
    assert "Bộ Ngoại giao" in body and "Ministry of Foreign Affairs" in body
    assert "Hệ thống đang gặp sự cố" in body and "Something went wrong" in body
    assert HOTLINE in body and html == body


def test_an_error_in_a_view_answers_the_branded_500(client, monkeypatch, db):
    from chancery.portal import views

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "published_procedures", broken)
    client.raise_request_exception = False
    response = client.get(reverse("portal:home"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


# ---- The language switch on the verification page ------------------------------------------------


def test_verification_page_no_longer_makes_the_browser_send_origin_null(org, catalog):
    """`Referrer-Policy: no-referrer` made browsers post the page's forms with `Origin: null`,
    which the CSRF check refuses: the language switch answered 403 on /verify/<token>/."""
    case, _key = submit_case(org.fr)
    case = advance(case, ["receive"], officer=org.officer)
    notice = case.notices.get(kind=NoticeKind.RECEIPT)
    url = reverse("portal:verify_notice", args=[notice.verification_token])
    browser = Browser(language="vi")
    response = browser.get(url)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert reverse("set_language") in html and "giờ City" in html
    # What a browser sends from the page now: its own origin and the page as referrer.
    switched = browser.post(reverse("set_language"), {"language": "en", "next": url},
                            HTTP_ORIGIN="http://testserver", HTTP_REFERER="http://testserver" + url)
    assert switched.status_code == 302 and switched["Location"] == url
    assert browser.get(url).content.decode().count('lang="en"') >= 1
    # What it sent before (Origin: null) is refused, and the refusal is what users saw.
    refused = Browser(language="vi")
    refused.get(url)
    assert refused.post(reverse("set_language"), {"language": "en", "next": url},
                        HTTP_ORIGIN="null").status_code == 403


@pytest.mark.parametrize(("language", "title"), [("vi", "Biểu mẫu đã hết hiệu lực"),
                                                 ("en", "The form has expired")])
def test_a_refused_form_answers_a_branded_403_that_says_what_to_do(language, title, db):
    response = Browser(language=language).post(reverse("set_language"), {"language": "en"},
                                                HTTP_ORIGIN="null")
    assert response.status_code == 403
    html = response.content.decode()
    assert title in html and IDENTITY[language][0] in html
