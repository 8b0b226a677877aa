"""On a phone: search a procedure without Vietnamese marks, open it, say where one lives, see the
office, and reach the application form with that office already chosen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chancery.demo.seed import create_units_and_staff
from chancery.organization.models import Unit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_units(transactional_db, settings):
    create_units_and_staff()
    return {u.code: u for u in Unit.objects.all()}


def test_search_pick_a_country_see_the_office_and_apply(new_page, catalog, demo_units, shot):
    page = new_page(viewport=PHONE)
    page.goto("/")
    page.locator("#home-q").fill("hop phap hoa")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**/procedures/?q=hop+phap+hoa")
    results = page.locator("main table a")
    expect(results).to_have_count(1)
    expect(results.first).to_have_text("Hợp pháp hóa lãnh sự giấy tờ, tài liệu")
    shot(page, "office-1-search")
    results.first.click()
    page.wait_for_url("**/procedures/consular-legalisation/")

    page.locator("#id_country").select_option("FR")
    expect(page.locator("#id_country option:checked")).to_have_text("Pháp")
    page.locator("#office button[type=submit]").click()
    page.wait_for_url("**/procedures/consular-legalisation/?country=FR*")
    expect(page.locator("#office-answer")).to_contain_text("Đại sứ quán Việt Nam tại Pháp")
    expect(page.locator("#office-answer")).not_to_contain_text("EMB-FR")
    # Nothing runs off the side of a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "office-2-answer")

    page.locator("#apply-link").click()
    page.wait_for_url("**/procedures/consular-legalisation/apply/?country=FR")
    office = page.locator("select[name=unit]")
    expect(office).to_have_value(str(demo_units["EMB-FR"].pk))
    expect(office.locator("option")).to_have_count(1)
    expect(office.locator("option:checked")).to_have_text("Đại sứ quán Việt Nam tại Pháp — Paris")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "office-3-form")


def test_a_city_picks_between_two_offices_in_viet_nam(new_page, catalog, demo_units):
    page = new_page(viewport=PHONE)
    page.goto("/procedures/consular-legalisation/?country=VN")
    expect(page.locator("#office-answer li")).to_have_count(2)
    page.locator("#id_city").select_option("TP. Hồ Chí Minh")
    page.locator("#office button[type=submit]").click()
    expect(page.locator("#office-answer li")).to_have_count(1)
    expect(page.locator("#office-answer")).to_contain_text("Sở Ngoại vụ TP. Hồ Chí Minh")
    page.locator("#apply-link").click()
    expect(page.locator("select[name=unit]")).to_have_value(str(demo_units["DFA-HCM"].pk))
