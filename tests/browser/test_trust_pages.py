"""In Chromium: the language switch on the notice verification page (a real browser's Origin and
Referer, which the HTTP tests can only imitate), and the trust pages at a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chancery.cases.models import NoticeKind
from chancery.organization.models import Unit
from tests.factories import advance, submit_case

PHONE = {"width": 390, "height": 844}


def test_language_switch_works_on_the_verification_page(new_page, catalog, org, shot):
    case, _key = submit_case(org.fr)
    notice = advance(case, ["receive"], officer=org.officer).notices.get(kind=NoticeKind.RECEIPT)
    page = new_page(viewport=PHONE)
    url = f"/verify/{notice.verification_token}/"
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    with page.expect_navigation() as navigation:
        page.locator("header form.lang button[value=en]").click()
    assert navigation.value.status == 200  # was 403: the browser sent `Origin: null`
    assert page.url.endswith(url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header .brand")).to_contain_text("Ministry of Foreign Affairs")
    expect(page.locator("#verdict")).to_contain_text("Genuine notice")
    shot(page, "verify-en-phone")


@pytest.mark.parametrize("path", ["/offices/", "/offices/embassy-france/", "/privacy/",
                                  "/accessibility/", "/no-such-page/"])
def test_trust_pages_fit_a_phone(path, new_page, org, shot):
    Unit.objects.filter(pk=org.fr.pk).update(
        public_slug="embassy-france", address="61 rue de Miromesnil\n75008 Paris",
        phone="+33 1 44 14 00 00", email="consular.fr@mofa.example",
        opening_hours_vi="Thứ Hai – Thứ Sáu: 9:00 – 12:00, 14:00 – 16:30",
    )
    page = new_page(viewport=PHONE)
    page.goto(path)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("footer")).to_contain_text("+84 981 84 84 84")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 390 px"
    shot(page, "trust" + path.replace("/", "-").rstrip("-"))
