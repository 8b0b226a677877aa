"""Every public page and form state, on a phone (390x844) and a desktop: axe-core finds no serious
or critical accessibility problem, and no page is wider than a phone's screen; the header's menu
opens on a phone without any script of ours, the language switch stays in reach; an error summary
takes the focus and leads to the field.

axe-core comes with axe-playwright-python (its axe.min.js is in the wheel: nothing is downloaded
when the tests run) and is injected by Playwright, which the page's Content-Security-Policy does
not restrict.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.factories import advance, submit_case

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PROCEDURE = "passport-issuance"
BLOCKING = {"serious", "critical"}
AXE = Axe()


def problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    found = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in found if v["impact"] in BLOCKING
    ]


def overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def cases(org, catalog):
    """A submitted case (its code and key) and decided cases for the dashboard's figures."""
    case, key = submit_case(org.fr)
    for decision in ("approve", "refuse"):
        other, _key = submit_case(org.fr, "nationality-confirmation")
        advance(other, ["receive", "start_processing", decision, "return_result"],
                officer=org.officer, decider=org.head)
    return case, key


def walk_public_pages(page: Page, case_code: str, case_key: str, org) -> Callable:
    """Yields (name) after bringing the page into each public state, in a person's order."""

    def states():
        page.goto("/")
        yield "home"
        page.goto("/procedures/")
        yield "procedure-list"
        page.goto(f"/procedures/{PROCEDURE}/")
        yield "procedure-detail"
        page.goto(f"/procedures/{PROCEDURE}/apply/")
        yield "apply-empty"
        page.locator("main button[name=save][value=submit]").click()
        expect(page.locator("#error-summary")).to_be_visible()
        yield "apply-errors"
        page.locator("#id_unit").select_option(str(org.fr.pk))
        page.locator("#id_applicant_name").fill("Nguyễn Văn An")
        page.locator("#id_applicant_email").fill("an@example.org")
        if page.locator("#id_consent").count():  # the privacy notice's consent, never ticked in advance
            page.locator("#id_consent").check()
        page.locator("main button[name=save][value=draft]").click()
        expect(page.locator("#tracking-code")).to_be_visible()
        yield "receipt"
        page.goto("/status/")
        yield "status-lookup"
        page.locator("#code").fill("AAAA-AAAA-AAA")
        page.locator("#key").fill("BBBB-BBBB")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#error-summary")).to_be_visible()
        yield "status-lookup-error"
        page.locator("#code").fill(case_code)
        page.locator("#key").fill(case_key)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#status")).to_be_visible()
        yield "status"
        page.locator("#withdraw-form button[type=submit]").click()
        expect(page.locator("#withdraw-confirm")).to_be_visible()
        yield "withdraw-confirm"
        page.goto("/status/lost-key/")
        yield "lost-key"
        page.goto("/my-applications/")
        yield "my-applications"
        page.goto("/dashboard/")
        yield "dashboard"
        for section in ("#index-more", "#units-more", "#procedures-more"):
            page.locator(f"{section} > summary").click()
        yield "dashboard-tables-open"
        page.goto(f"/dashboard/units/{org.fr.code}/")
        yield "dashboard-unit"

    return states


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_have_no_serious_accessibility_problem_and_fit_the_screen(
    new_page, org, cases, viewport, shot
):
    case, key = cases
    page = new_page(viewport=viewport)
    found, too_wide, seen = {}, {}, []
    for name in walk_public_pages(page, case.tracking_code, key, org)():
        seen.append(name)
        if bad := problems(page):
            found[name] = bad
        if viewport is PHONE:
            if (extra := overflow(page)) > 0:
                too_wide[name] = extra
            shot(page, f"phone-{name}")
    assert len(seen) == 15
    assert found == {}, "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)
    assert too_wide == {}, f"pages wider than the phone (px): {too_wide}"


def test_the_walk_really_checks_something(new_page, org, catalog):
    """Guards the test above: axe does run in these pages, and reports a real problem."""
    page = new_page(viewport=PHONE)
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend',"
                  " '<img src=\"/x.png\"><input type=text id=unlabelled>')")
    lines = problems(page)
    assert any(line.startswith("image-alt") for line in lines), lines
    assert any(line.startswith("label") for line in lines), lines
    # (through the CSSOM: the Content-Security-Policy refuses a style attribute in markup)
    page.evaluate("() => { const d = document.createElement('div'); d.textContent = 'wide';"
                  " d.style.width = '1200px'; document.querySelector('main').append(d); }")
    assert overflow(page) > 0


def test_the_header_menu_opens_on_a_phone_without_script(new_page, org, catalog, shot):
    page = new_page(viewport=PHONE)
    page.goto("/")
    link = page.locator("header nav a[href='/procedures/']")
    expect(link).to_be_hidden()
    language = page.locator("header form.lang button[value=en]")
    expect(language).to_be_visible()
    box = language.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]
    header = page.locator("header.top").bounding_box()
    assert header and header["height"] <= 80, f"the header takes {header['height']}px of the phone"
    page.locator("#menu-button").click()
    expect(link).to_be_visible()
    shot(page, "phone-menu-open")
    link.click()
    expect(page).to_have_url(f"{page.url.split('/', 3)[0]}//{page.url.split('/')[2]}/procedures/")
    # The language switch works from the phone's header.
    page.locator("header form.lang button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#menu-button")).to_have_text("Menu")

    desktop = new_page(viewport=DESKTOP)
    desktop.goto("/")
    expect(desktop.locator("#menu-button")).to_be_hidden()
    expect(desktop.locator("header nav a[href='/procedures/']")).to_be_visible()


def test_the_error_summary_takes_the_focus_and_leads_to_the_field(new_page, org, catalog):
    page = new_page(viewport=PHONE)
    page.goto(f"/procedures/{PROCEDURE}/apply/")
    page.locator("main button[name=save][value=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    link = summary.locator("a[href='#id_applicant_name']")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("#id_applicant_name")).to_be_focused()

    # Without scripts, `autofocus` still puts the summary first.
    quiet = new_page(viewport=PHONE)
    quiet.context.route("**/*.js", lambda route: route.abort())
    quiet.goto("/status/")
    quiet.locator("#code").fill("AAAA-AAAA-AAA")
    quiet.locator("#key").fill("BBBB-BBBB")
    quiet.locator("main form button[type=submit]").click()
    expect(quiet.locator("#error-summary a[href='#code']")).to_be_visible()
    expect(quiet.locator("#error-summary")).to_be_focused()
