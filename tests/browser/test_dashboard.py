"""The public dashboard in headless Chromium: anyone opens it, switches unit and period, reads it
on a phone, and a citizen rates the service once the result is returned."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from chancery.portal.dashboard import Period
from tests.factories import advance, submit_case

pytestmark = pytest.mark.browser


def switch_to_english(page: Page) -> None:
    page.locator("header form.lang button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.fixture
def resolved(org, catalog):
    """Three cases of the embassy in France this month: two returned, one refused; one in Japan."""
    cases = []
    for decision in ("approve", "approve", "refuse"):
        case, key = submit_case(org.fr, "nationality-confirmation")
        case = advance(case, ["receive", "start_processing", decision, "return_result"],
                       officer=org.officer, decider=org.head)
        cases.append((case, key))
    submit_case(org.jp, "nationality-confirmation")
    return cases


def test_anyone_opens_the_dashboard_and_switches_unit_and_period(new_page, org, resolved, shot):
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name=re.compile("dashboard|Kết quả", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    switch_to_english(page)
    expect(page.locator("#dash-title")).to_have_text("Ministry of Foreign Affairs (all units)")
    month = Period.current("month")
    expect(page.locator("#dash-period")).to_have_text(f"Month {month.number}/{month.year}")
    expect(page.locator("#fig-received")).to_have_text("4")
    expect(page.locator("#fig-resolved")).to_have_text("3")
    # The big tables are folded behind their summary line (a phone shows the key figures first).
    expect(page.locator("#units-table")).to_be_hidden()
    page.locator("#units-more > summary").click()
    ranked = page.locator("#units-table tr[data-unit=EMB-FR]")
    expect(ranked).to_contain_text("head.fr")
    expect(page.locator("#units-table tr[data-unit=EMB-FR] td").first).to_have_text("1")
    expect(page.locator("svg.trend-chart")).to_be_visible()
    shot(page, "dashboard-ministry")

    # Choose the embassy in France in the picker.
    page.locator("#dash-unit").select_option("EMB-FR")
    page.locator("#dash-show").click()
    expect(page).to_have_url(re.compile(r"/dashboard/units/EMB-FR/\?"))
    expect(page.locator("#dash-title")).to_have_text("Unit EMB-FR")
    expect(page.locator("#dash-head")).to_contain_text("head.fr")
    expect(page.locator("#fig-received")).to_have_text("3")
    expect(page.locator("#fig-refused")).to_have_text("1")
    page.locator("#procedures-more > summary").click()
    expect(page.locator("#procedures-table tr[data-procedure=nationality-confirmation]")).to_be_visible()

    # A quarter, with the tab; then the year, with the picker.
    page.locator("a.dash-tab[data-kind=quarter]").click()
    quarter = Period.current("quarter")
    expect(page.locator("#dash-period")).to_have_text(f"Quarter {quarter.number}/{quarter.year}")
    expect(page.locator("#fig-resolved")).to_have_text("3")
    page.locator("#dash-kind").select_option("year")
    page.locator("#dash-show").click()
    expect(page.locator("#dash-period")).to_have_text(f"Year {timezone.localdate().year}")
    expect(page.locator("#fig-received")).to_have_text("3")

    # The formula of an indicator opens in place; an unmeasured one says why.
    page.locator("#index-more > summary").click()
    page.locator("#ind-on_time details summary").click()
    expect(page.locator("#ind-on_time details")).to_contain_text("target 80%")
    page.locator("#ind-synchronised details summary").click()
    expect(page.locator("#ind-synchronised details")).to_contain_text("Not measured")

    # The previous year is reachable and empty; back to the whole ministry.
    page.get_by_role("link", name=re.compile("Previous")).click()
    expect(page.locator("#dash-period")).to_have_text(f"Year {timezone.localdate().year - 1}")
    expect(page.locator("#fig-received")).to_have_text("0")
    page.locator("#dash-unit").select_option("")
    page.locator("#dash-show").click()
    expect(page).to_have_url(re.compile(r"/dashboard/\?"))
    expect(page.locator("#dash-title")).to_have_text("Ministry of Foreign Affairs (all units)")


def test_the_dashboard_reads_on_a_phone(new_page, org, resolved, shot):
    page = new_page(viewport={"width": 375, "height": 740})
    page.goto("/dashboard/units/EMB-FR/")
    expect(page.locator("#fig-received")).to_have_text("3")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    tile = page.locator(".tile").first.bounding_box()
    assert tile and tile["width"] <= 375
    assert page.locator("script").count() == 0  # ready for a CSP without 'unsafe-inline'
    shot(page, "dashboard-phone")


def test_the_applicant_rates_once_after_the_result(new_page, org, resolved):
    from chancery.portal.models import Rating

    case, key = resolved[0]
    page = new_page()
    page.goto("/status/")
    switch_to_english(page)
    page.locator("input[name=code]").fill(case.tracking_code)
    page.locator("input[name=key]").fill(key)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#rating-form")).to_be_visible()
    page.locator("#rating-form input[name=score][value='4']").check()
    page.locator("#rating-comment").fill("Clear and quick.")
    page.locator("#rating-form button[type=submit]").click()
    expect(page.locator("#rating-done")).to_contain_text("4 out of 5")
    expect(page.locator("#rating-form")).to_have_count(0)
    assert Rating.objects.get(case=case).score == 4
    page.goto("/dashboard/units/EMB-FR/")
    expect(page.locator("#fig-rating")).to_contain_text("4")
    expect(page.locator("main")).not_to_contain_text("Clear and quick.")  # comments are never public
