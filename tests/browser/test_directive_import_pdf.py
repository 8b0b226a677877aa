"""A directive imported from a PDF, clicked through in headless Chromium.

The issuing office (CD-HN) uploads a PDF conclusion; the review comes pre-filled with each item's
lead unit, coordinating units and deadline (an item "to all missions" as a group); the officer
changes one deadline and saves (the "all missions" item becomes a task group); then two missions'
officers each report progress on their own task of the group, and the group's page shows both.
Each person is a separate browser context; texts are read in English.
"""

from __future__ import annotations

import calendar
import os
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from chancery.directives.dates import ministry_today
from chancery.directives.models import Directive, Task
from chancery.organization.models import Role
from tests.factories import PASSWORD, make_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/"))
    page.locator("header form.lang button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def directive_pdf(today: date, due: date, month: date) -> bytes:
    """A conclusion notice as a text PDF (WeasyPrint, the project's PDF library)."""
    from weasyprint import HTML

    lines = [
        "BỘ NGOẠI GIAO", "Số: 21/TB-BNG",
        f"Hà Nội, ngày {today.day} tháng {today.month} năm {today.year}", "THÔNG BÁO",
        "Kết luận của Bộ trưởng Bùi Thanh Sơn tại cuộc họp về công tác bảo hộ công dân",
        "Bộ trưởng Bùi Thanh Sơn kết luận như sau:",
        "1. Giao Cục Lãnh sự chủ trì, phối hợp với Đại sứ quán Việt Nam tại Nhật Bản xây dựng quy "
        f"trình bảo hộ công dân, báo cáo Lãnh đạo Bộ trước ngày {due.day}/{due.month}/{due.year}.",
        "2. Các cơ quan đại diện Việt Nam ở nước ngoài báo cáo tình hình công dân hằng tháng.",
        "3. Đại sứ quán Việt Nam tại Pháp tổ chức gặp mặt cộng đồng người Việt "
        f"trong tháng {month.month} năm {month.year}.",
        "Văn phòng Bộ thông báo để các đơn vị biết, thực hiện./.",
    ]
    body = "".join(f"<p>{line}</p>" for line in lines)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def report(page: Page, task: Task, text: str, percent: int) -> None:
    page.goto("/staff/directives/")
    page.locator(f'#tasks tr[data-task="{task.pk}"] a').first.click()
    page.locator("#report-text").fill(text)
    page.locator("#report-percent").fill(str(percent))
    page.locator("#report-submit").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "in_progress")
    expect(page.locator("#percent")).to_have_text(f"{percent} %")


def test_import_a_pdf_review_prefilled_leads_and_deadlines_then_two_units_report(
        new_page, org, tmp_path, shot):
    for unit, name in ((org.cd, "Cục Lãnh sự"), (org.fr, "Đại sứ quán Việt Nam tại Pháp"),
                       (org.jp, "Đại sứ quán Việt Nam tại Nhật Bản")):
        unit.name_vi = name
        unit.save()
    make_user("officer.cd", org.cd, Role.OFFICER)
    make_user("officer.jp", org.jp, Role.OFFICER)
    today = ministry_today()
    due = today + timedelta(days=30)
    month = (today.replace(day=1) + timedelta(days=62)).replace(day=1)
    end_of_month = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    pdf = tmp_path / "ket-luan-21.pdf"
    pdf.write_bytes(directive_pdf(today, due, month))

    # The issuing office uploads the PDF.
    office = new_page()
    login(office, "officer.cd")
    office.goto("/staff/directives/import/")
    office.locator("#id_file").set_input_files(str(pdf))
    office.locator("#extract").click()
    expect(office.locator("h1")).to_have_text("Review the proposed tasks")
    expect(office.locator("#id_issued_by")).to_have_value(re.compile("Bùi Thanh Sơn"))
    expect(office.locator("#id_issued_on")).to_have_value(today.isoformat())

    # Each item comes with its lead, coordinators and deadline as the text states them.
    expect(office.locator("#id_items-0-lead_unit")).to_have_value(str(org.cd.pk))
    expect(office.locator("#id_items-0-coordinating_units")).to_have_values([str(org.jp.pk)])
    expect(office.locator("#id_items-0-recurrence")).to_have_value("once")
    expect(office.locator("#id_items-0-deadline")).to_have_value(due.isoformat())
    expect(office.locator("#id_items-1-lead_unit")).to_have_value("")  # a group: all missions
    expect(office.locator("#id_items-1-recurrence")).to_have_value("monthly")
    expect(office.locator('fieldset[data-index="1"] .group-note')).to_contain_text("2 units")
    expect(office.locator("#id_items-2-lead_unit")).to_have_value(str(org.fr.pk))
    expect(office.locator("#id_items-2-deadline")).to_have_value(end_of_month.isoformat())
    expect(office.locator('fieldset[data-index="2"] .found')).to_contain_text(f"tháng {month.month}")
    shot(office, "directives-import-pdf-review")

    # The officer moves one deadline, then saves.
    changed = end_of_month - timedelta(days=10)
    office.locator("#id_items-2-deadline").fill(changed.isoformat())
    office.locator("#save-directive").click()
    expect(office.locator("#tasks tbody tr")).to_have_count(4)
    directive = Directive.objects.get()
    assert directive.source_name == "ket-luan-21.txt"
    tasks = {(t.lead_unit.code, t.recurrence, t.deadline) for t in directive.tasks.all()}
    assert tasks == {("CD-HN", "once", due), ("EMB-FR", "monthly", None),
                     ("EMB-JP", "monthly", None), ("EMB-FR", "once", changed)}
    group = directive.task_groups.get()  # item 2, "all missions": grouped
    assert group.scope == "all_missions" and group.tasks.count() == 2
    cd_task = directive.tasks.get(lead_unit=org.cd)
    assert list(cd_task.coordinating_units.all()) == [org.jp]

    # Two missions report, each on its own task of the "all missions" item.
    monthly = {t.lead_unit.code: t for t in directive.tasks.filter(recurrence="monthly")}
    france = new_page()
    login(france, "officer.fr")
    report(france, monthly["EMB-FR"], "Đã tổng hợp tình hình công dân tại Pháp.", 40)
    japan = new_page()
    login(japan, "officer.jp")
    japan.goto("/staff/directives/")
    # France's task of the group is not Japan's business.
    expect(japan.locator(f'#tasks tr[data-task="{monthly["EMB-FR"].pk}"]')).to_have_count(0)
    report(japan, monthly["EMB-JP"], "Đã gửi báo cáo tình hình công dân tại Nhật Bản.", 30)
    shot(japan, "directives-import-pdf-report")

    # The issuing office sees both missions as having reported on the group's page.
    office.goto(f"/staff/directives/groups/{group.pk}/")
    expect(office.locator("#count-reported")).to_have_text("2")
    expect(office.locator('#group-units tr[data-reported="yes"]')).to_have_count(2)
    assert {t.lead_unit.code: t.percent for t in directive.tasks.filter(recurrence="monthly")} == {
        "EMB-FR": 40, "EMB-JP": 30}
