"""In headless Chromium: the head of a mission writes a note, compiles the day's briefing and sees
the note in it, then finds the note by searching without diacritics."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chancery.briefings.models import Briefing, Note
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

TITLE = "Doanh nghiệp Pháp khảo sát cảng Đà Nẵng"
BODY = (
    "Đoàn 20 doanh nghiệp Pháp làm việc với Bộ Ngoại giao về cơ hội đầu tư vào cảng biển Đà Nẵng.\n\n"
    "Đại sứ quán đề nghị các bộ, ngành hỗ trợ đoàn khảo sát."
)


def login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_write_note_see_it_in_the_briefing_and_find_it_without_diacritics(new_page, org, shot):
    page = new_page()
    login(page, "head.fr")

    # Write the note.
    page.goto("/staff/briefings/notes/new/")
    expect(page.locator("#id_countries")).to_have_value("FR")  # the mission's host country
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_classification").select_option("internal")
    page.locator("input[name=topics][value=economy]").check()
    page.locator("#id_countries").fill("Pháp, Nhật Bản")
    page.locator("#id_body").fill(BODY)
    page.locator("#note-form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    note = Note.objects.get()
    assert note.countries == ["FR", "JP"] and note.topics == ["economy"]
    shot(page, "briefings-note")

    # Compile today's briefing of the embassy (the unit's own day) and read it.
    page.goto("/staff/briefings/daily/")
    compile_form = page.locator("form[action$='/daily/compile/']")
    compile_form.locator("select[name=scope]").select_option(str(org.fr.pk))
    compile_form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/briefings/daily/\d+/$"))
    briefing = Briefing.objects.get(unit=org.fr)
    assert list(briefing.notes.all()) == [note]
    section = page.locator("section.card", has=page.locator("h2.section-topic"))
    expect(section).to_contain_text(TITLE)
    expect(section.locator(".country-group h3")).to_contain_text(re.compile("Pháp|France"))
    expect(section).to_contain_text("cảng biển Đà Nẵng")
    shot(page, "briefings-daily")

    # Find it from the quick search box, typed without diacritics.
    page.locator("#quick-q").fill("doanh nghiep phap da nang")
    page.locator("#quick-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/briefings/search/\?q="))
    hit = page.locator("#results .hit").filter(has=page.locator("h3", has_text=TITLE)).first
    expect(hit).to_be_visible()
    expect(hit.locator("mark").first).to_be_visible()
    marks = hit.locator("h3 mark").all_inner_texts()
    assert "Đà Nẵng" in marks and "Doanh nghiệp Pháp" in marks
    hit.get_by_role("link", name=re.compile("Đà Nẵng")).click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    shot(page, "briefings-search")
