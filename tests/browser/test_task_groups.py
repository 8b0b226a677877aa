"""One item for several units, clicked through in headless Chromium.

A leader assigns one item of a directive to three missions at once; EMB-FR reports it done; the
leader opens the group's page, sees who has reported, and urges the two others with a message.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from chancery.directives import services
from chancery.directives.dates import ministry_today
from chancery.directives.models import Reminder, TaskGroup
from chancery.organization.models import Role
from tests.browser.conftest import login
from tests.factories import make_unit, make_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def _english(page) -> None:
    page.locator("header form.lang button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_leader_assigns_to_several_units_one_reports_the_rest_are_urged(new_page, org, shot):
    de = make_unit("EMB-DE", country="DE", tz="Europe/Berlin")
    make_user("officer.jp", org.jp, Role.OFFICER)
    make_user("officer.de", de, Role.OFFICER)
    leader = make_user("leader", org.cd, Role.LEADERSHIP)
    directive = services.create_directive(actor=leader, issuing_unit=org.cd,
                                          title="Kết luận Hội nghị Ngoại giao")
    deadline = ministry_today() + timedelta(days=14)

    # The leader assigns one item to three missions from the directive's page.
    boss = new_page()
    login(boss, "leader")
    _english(boss)
    boss.goto(f"/staff/directives/{directive.pk}/")
    boss.locator("#add-group-card summary").click()
    boss.locator("#group-text").fill("Báo cáo tình hình bảo hộ công dân")
    for unit in (org.fr, org.jp, de):
        boss.locator(f'#add-group input[name=units][value="{unit.pk}"]').check()
    boss.locator("#group-deadline").fill(deadline.isoformat())
    boss.locator("#add-group button[type=submit]").click()
    expect(boss).to_have_url(re.compile(r"/staff/directives/groups/\d+/$"))
    expect(boss.locator("#count-units")).to_have_text("3")
    expect(boss.locator("#count-reported")).to_have_text("0")
    group = TaskGroup.objects.get()

    # EMB-FR reports the task done.
    lead = new_page()
    login(lead, "officer.fr")
    _english(lead)
    lead.goto(f"/staff/directives/tasks/{group.tasks.get(lead_unit=org.fr).pk}/")
    expect(lead.locator("#group-link")).to_be_visible()
    lead.locator("#report-text").fill("Đã hoàn thành báo cáo")
    lead.locator("#report-complete").check()
    lead.locator("#report-submit").click()
    expect(lead.locator("#pending")).to_be_visible()

    # The leader sees who has reported and urges the rest.
    boss.reload()
    expect(boss.locator("#count-reported")).to_have_text("1")
    expect(boss.locator("#count-waiting")).to_have_text("1")
    expect(boss.locator('tr[data-unit="EMB-FR"]')).to_have_attribute("data-reported", "yes")
    expect(boss.locator('tr[data-unit="EMB-DE"]')).to_have_attribute("data-reported", "no")
    expect(boss.locator("#urge-all")).to_contain_text("2 units still owe this task")
    shot(boss, "task-group")
    mail.outbox.clear()
    boss.locator("#urge-group-form textarea[name=message]").fill("Đề nghị khẩn trương báo cáo.")
    boss.locator("#urge-group-submit").click()
    expect(boss.locator(".messages p").first).to_contain_text("EMB-DE, EMB-JP")
    expect(boss.locator('tr[data-unit="EMB-JP"] td').nth(5)).not_to_have_text("—")
    expect(boss.locator('tr[data-unit="EMB-FR"] td').nth(5)).to_have_text("—")
    shot(boss, "task-group-urged")

    assert sorted(address for m in mail.outbox for address in m.to) == [
        "officer.de@mofa.example", "officer.jp@mofa.example",
    ]
    assert sorted(Reminder.objects.values_list("task__lead_unit__code", flat=True)) == ["EMB-DE", "EMB-JP"]

    # A second click at once urges nobody twice.
    boss.locator("#urge-group-form textarea[name=message]").fill("Nhắc lại")
    boss.locator("#urge-group-submit").click()
    expect(boss.locator(".messages p").first).to_contain_text("Not urged again")
    assert len(mail.outbox) == 2
