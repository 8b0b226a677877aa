"""A directive from text to a task done, clicked through in headless Chromium.

The issuing office (CD-HN) imports a seed article, reviews the proposed items, assigns two of them;
the lead unit (EMB-FR) reports progress, then completion with a document; the issuing office
accepts; the dashboard's figures change. Each person is a separate browser context; texts are
read in English after the header's EN button.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from chancery.demo.directives import seeds_dir
from chancery.directives.dates import ministry_today
from chancery.directives.models import Directive, Task
from chancery.organization.models import Role
from tests.factories import PASSWORD, PDF_BYTES, make_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

SEED = seeds_dir() / "002_f44d8612bcbb61fa.txt"  # "giao 4 nhiệm vụ", Thứ nhất ... Thứ tư


def login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/"))
    page.locator("header form.lang button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def figure(page: Page, name: str) -> str:
    return page.locator(f"#fig-{name}").inner_text().strip()


@pytest.mark.skipif(not SEED.exists(), reason="seed articles not present (set CHANCERY_SEEDS_DIR)")
def test_import_assign_report_accept_and_see_the_dashboard_change(new_page, org, live_server, tmp_path, shot):
    issuer = make_user("officer.cd", org.cd, Role.OFFICER)
    assert issuer.pk
    today = ministry_today()

    # The issuing office imports the seed article.
    office = new_page()
    login(office, "officer.cd")
    office.goto("/staff/directives/")
    office.locator("#import-link").click()
    office.locator("#id_file").set_input_files(str(SEED))
    office.locator("#extract").click()

    # The review proposes the four numbered tasks (and the nested solutions of the fourth).
    expect(office.locator("h1")).to_have_text("Review the proposed tasks")
    items = office.locator("fieldset.proposed")
    legends = items.locator("legend").all_inner_texts()
    assert [legend.split("\n")[0].split(" (")[0].strip() for legend in legends[:4]] == [
        "Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư"]
    expect(office.locator("#id_issued_by")).to_have_value(re.compile("Bùi Thanh Sơn"))
    expect(office.locator("#id_issued_on")).to_have_value("2023-04-28")
    shot(office, "directives-review")

    # Keep two items, assign them; untick the others.
    for box in office.locator("fieldset.proposed input[type=checkbox]").all():
        box.uncheck()
    first_due = (today + timedelta(days=30)).isoformat()
    office.locator("#id_items-0-include").check()
    office.locator("#id_items-0-lead_unit").select_option(str(org.fr.pk))
    office.locator("#id_items-0-coordinating_units").select_option([str(org.jp.pk)])
    office.locator("#id_items-0-deadline").fill(first_due)
    office.locator("#id_items-1-include").check()
    office.locator("#id_items-1-text").fill("Triển khai đồng bộ cả 4 trụ cột trong công tác đối ngoại.")
    office.locator("#id_items-1-lead_unit").select_option(str(org.jp.pk))
    office.locator("#id_items-1-deadline").fill((today + timedelta(days=60)).isoformat())
    office.locator("#save-directive").click()

    expect(office.locator("#directive-title")).to_contain_text("4 nhiệm vụ")
    expect(office.locator("#tasks tbody tr")).to_have_count(2)
    directive = Directive.objects.get()
    task = Task.objects.get(directive=directive, lead_unit=org.fr)
    assert task.marker == "Thứ nhất" and list(task.coordinating_units.all()) == [org.jp]

    office.goto("/staff/directives/dashboard/")
    expect(office.locator("#fig-assigned")).to_have_text("2")
    assert figure(office, "done_on_time") == "0" and figure(office, "not_started") == "2"
    expect(office.locator("#on-time-rate")).to_have_text("—")
    expect(office.locator("#on-time-definition")).to_contain_text("completed on time ÷")

    # The lead unit reports progress, then completion with a document.
    lead = new_page()
    login(lead, "officer.fr")
    lead.goto("/staff/directives/")
    expect(lead.locator("#tasks tbody tr")).to_have_count(1)  # EMB-JP's task is not EMB-FR's business
    lead.locator(f'#tasks tr[data-task="{task.pk}"] a').first.click()
    expect(lead.locator("#status")).to_have_attribute("data-status", "not_started")
    lead.locator("#report-text").fill("Đã xây dựng dự thảo kế hoạch, đang lấy ý kiến.")
    lead.locator("#report-percent").fill("50")
    lead.locator("#report-submit").click()
    expect(lead.locator("#status")).to_have_attribute("data-status", "in_progress")
    expect(lead.locator("#percent")).to_have_text("50 %")

    report = tmp_path / "ke-hoach.pdf"
    report.write_bytes(PDF_BYTES)
    lead.locator("#report-text").fill("Kế hoạch đã được ban hành.")
    lead.locator("#report-complete").check()
    lead.locator("#report-files").set_input_files(str(report))
    lead.locator("#report-submit").click()
    expect(lead.locator("#pending")).to_contain_text("waiting for acceptance")
    expect(lead.locator("#history")).to_contain_text("ke-hoach.pdf")
    shot(lead, "directives-task-lead")

    office.goto("/staff/directives/dashboard/")
    assert figure(office, "in_progress") == "1" and figure(office, "done_on_time") == "0"

    # The issuing office accepts completion.
    office.goto(f"/staff/directives/tasks/{task.pk}/")
    expect(office.locator("#history > li")).to_have_count(3)  # assigned, progress, completion
    office.locator("#accept-note").fill("Đạt yêu cầu.")
    office.locator("#accept").click()
    expect(office.locator("#status")).to_have_attribute("data-status", "done_on_time")
    expect(office.locator("#completed-on")).to_contain_text(today.isoformat())

    # The dashboard changed.
    office.goto("/staff/directives/dashboard/")
    expect(office.locator("#fig-done_on_time")).to_have_text("1")
    assert figure(office, "not_started") == "1" and figure(office, "in_progress") == "0"
    expect(office.locator("#on-time-rate")).to_have_text(re.compile(r"^100(\.0)? %$"))
    expect(office.locator('#by-unit tr[data-unit="EMB-FR"]')).to_contain_text("100")
    shot(office, "directives-dashboard")

    # And the lead unit sees it done.
    lead.reload()
    expect(lead.locator("#status")).to_have_attribute("data-status", "done_on_time")
    expect(lead.locator("#report-form")).to_have_count(0)
