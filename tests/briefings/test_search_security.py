"""Security findings on search (issue 12): what a briefing's search entry still carries after one
of its notes changes."""

from __future__ import annotations

import pytest

from chancery.briefings import services
from chancery.briefings.models import Classification
from chancery.search import engine as search
from chancery.search.models import SearchKind
from tests.briefings.conftest import local

pytestmark = pytest.mark.django_db


def _found(user, words: str, kind: str | None = None) -> list:
    return [h.entry for h in search.search(user, words, kind=kind).hits]


def test_a_note_reclassified_restricted_leaves_no_trace_in_an_earlier_briefing(org, write_note):
    """Finding 3: the briefing compiled before the change carried the note's text in its entry."""
    note = write_note(org.fr, org.officer, title="Gặp gỡ đối tác", body="Kế hoạch mật về cảng Marseille.",
                      at=local(org.fr, 2025, 3, 10))
    briefing, _created = services.compile_briefing(org.fr, note.date, notify=False)
    kinds = {e.kind for e in _found(org.officer_jp, "cang marseille")}
    assert kinds == {SearchKind.NOTE, SearchKind.BRIEFING}

    services.update_note(note, actor=org.officer, title=note.title, body=note.body_html,
                         topics=note.topics, countries=note.countries,
                         classification=Classification.RESTRICTED)

    assert _found(org.officer_jp, "cang marseille") == []
    assert _found(org.officer_jp, "gap go doi tac") == []
    # Its own unit still finds it, as a note; the briefing entry no longer holds restricted text.
    assert [e.kind for e in _found(org.officer, "cang marseille")] == [SearchKind.NOTE]
    assert briefing.pk in [int(e.key) for e in _found(org.officer_jp, "", kind=SearchKind.BRIEFING)]


def test_a_note_changed_text_is_changed_in_the_briefing_entry_too(org, write_note):
    note = write_note(org.fr, org.officer, title="Gặp gỡ đối tác", body="Số liệu cũ về xuất khẩu gạo.",
                      at=local(org.fr, 2025, 3, 10))
    services.compile_briefing(org.fr, note.date, notify=False)
    services.update_note(note, actor=org.officer, title=note.title, body="Số liệu đã sửa về cà phê.",
                         topics=note.topics, countries=note.countries, classification=note.classification)
    assert _found(org.officer_jp, "xuat khau gao") == []
    assert {e.kind for e in _found(org.officer_jp, "ca phe")} == {SearchKind.NOTE, SearchKind.BRIEFING}


def test_a_ministry_briefing_is_reindexed_too(org, write_note):
    note = write_note(org.fr, org.officer, title="Gặp gỡ đối tác", body="Kế hoạch về cảng Marseille.",
                      at=local(org.fr, 2025, 3, 10))
    services.compile_briefing(org.fr, note.date, notify=False)
    services.compile_briefing(None, note.date, notify=False)
    assert len(_found(org.officer_jp, "cang marseille", kind=SearchKind.BRIEFING)) == 2
    services.update_note(note, actor=org.head, title=note.title, body=note.body_html, topics=note.topics,
                         countries=note.countries, classification=Classification.RESTRICTED)
    assert _found(org.officer_jp, "cang marseille") == []


def test_a_kind_without_a_visibility_rule_cannot_be_indexed_nor_shown(org, monkeypatch):
    """Finding 2: search applies each kind's own rule; a kind without one fails closed."""
    from datetime import date

    monkeypatch.setattr(search, "_kinds", {k: v for k, v in search._kinds.items() if k != SearchKind.NEWS})
    with pytest.raises(ValueError, match="no visibility rule"):
        search.index_entry(SearchKind.NEWS, 1, title="Tin", date=date(2025, 1, 1))
    monkeypatch.undo()
    search.index_entry(SearchKind.NEWS, 1, title="Tin không có gốc", date=date(2025, 1, 1))
    assert search.search(org.leader, "khong co goc").total == 1  # a news item 1 would open for all
    monkeypatch.setattr(search, "_kinds", {k: v for k, v in search._kinds.items() if k != SearchKind.NEWS})
    assert search.search(org.leader, "khong co goc").total == 0


def test_a_kind_keeps_the_one_rule_it_was_given():
    with pytest.raises(ValueError, match="already has a visibility rule"):
        search.register_kind(SearchKind.NOTE, visible=lambda user: None)
    with pytest.raises(ValueError, match="unknown search kind"):
        search.register_kind("widget", visible=lambda user: None)
