"""Search: Vietnamese with or without diacritics (đ included), English, phrases, filters, and never
a restricted note for someone outside its unit."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chancery.briefings.models import Classification
from chancery.briefings.text import fold, fold_for_index, fold_with_map
from chancery.search import engine as search
from chancery.search.models import SearchEntry, SearchKind
from tests.briefings.conftest import local
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def titles(results) -> list[str]:
    return [h.entry.title for h in results.hits]


@pytest.fixture
def corpus(org, write_note):
    """Notes of two embassies: public, internal and one restricted at EMB-FR."""
    fr, jp = org.fr, org.jp
    return {
        "mofa": write_note(
            fr,
            org.officer,
            title="Làm việc với Bộ Ngoại giao Pháp",
            body="Đại sứ quán làm việc với Bộ Ngoại giao Pháp về chuyến thăm sắp tới.",
            at=local(fr, 2025, 3, 10),
            countries=("FR",),
            classification=Classification.PUBLIC,
        ),
        "danang": write_note(
            jp,
            org.officer_jp,
            title="Doanh nghiệp Nhật Bản đầu tư vào Đà Nẵng",
            body="Ba tập đoàn Nhật Bản khảo sát cảng biển ở Đà Nẵng.",
            at=local(jp, 2025, 3, 11),
            topics=("economy",),
            countries=("JP",),
        ),
        "secret": write_note(
            fr,
            org.head,
            title="Trao đổi kín về Đà Nẵng",
            body="Phía bạn thông báo riêng kế hoạch của Bộ Ngoại giao về Đà Nẵng.",
            at=local(fr, 2025, 3, 12),
            classification=Classification.RESTRICTED,
            countries=("FR",),
        ),
        "english": write_note(
            jp,
            org.officer_jp,
            title="Semiconductor supply chains",
            body="The ministry of economy announced support for semiconductor investment.",
            at=local(jp, 2025, 3, 9),
            topics=("science",),
            countries=("JP",),
        ),
    }


def test_bo_ngoai_giao_found_without_diacritics_and_in_capitals(org, corpus):
    for query in ("bo ngoai giao", "BỘ NGOẠI GIAO", "Bộ Ngoại giao", "BO NGOAI GIAO"):
        results = search.search(org.officer_jp, query)
        assert "Làm việc với Bộ Ngoại giao Pháp" in titles(results), query


def test_da_nang_found_from_da_nang(org, corpus):
    results = search.search(org.officer_jp, "da nang")
    assert "Doanh nghiệp Nhật Bản đầu tư vào Đà Nẵng" in titles(results)
    # đ/Đ has no Unicode decomposition: folded by hand, in both directions.
    assert "Doanh nghiệp Nhật Bản đầu tư vào Đà Nẵng" in titles(search.search(org.officer_jp, "ĐÀ NẴNG"))
    assert fold("Đà Nẵng đường Đồng") == "da nang duong dong"


def test_restricted_note_never_returned_outside_its_unit(org, corpus):
    outsiders = [org.officer_jp, org.head_jp, org.admin]  # admin: an administrator, not of EMB-FR
    for user in outsiders:
        for query in ("da nang", "trao doi kin", "bo ngoai giao", ""):
            results = search.search(user, query, kind=SearchKind.NOTE)
            assert "Trao đổi kín về Đà Nẵng" not in titles(results), (user, query)
        # Not counted either.
        assert search.search(user, "trao doi kin").total == 0
    assert search.search(org.outsider, "da nang").total == 0  # not staff: nothing at all
    for user in (org.officer, org.head, org.leader):  # its unit and the leadership
        assert "Trao đổi kín về Đà Nẵng" in titles(search.search(user, "da nang")), user


def test_restriction_is_applied_in_sql_before_paging(org, corpus, write_note):
    for i in range(5):
        write_note(
            org.fr,
            org.officer,
            title=f"Bí mật {i} Đà Nẵng",
            classification=Classification.RESTRICTED,
            at=local(org.fr, 2025, 3, 13),
        )
    results = search.search(org.officer_jp, "da nang", per_page=2)
    assert results.total == 1  # the JP note only: the six restricted ones are not even counted
    assert all(h.entry.classification != Classification.RESTRICTED for h in results.hits)


def test_all_words_required_and_phrases(org, corpus):
    assert search.search(org.leader, "da nang cang bien").total == 1
    assert search.search(org.leader, "da nang xyzzy").total == 0
    # Quoted: the words side by side. "nang" and "da" both occur in many places, but together only here.
    phrase = search.search(org.leader, '"da nang"')
    assert phrase.total >= 2
    assert search.search(org.leader, '"nang da"').total == 0


def test_english(org, corpus):
    results = search.search(org.officer, "semiconductor investment")
    assert titles(results) == ["Semiconductor supply chains"]
    assert search.search(org.officer, "SEMICONDUCTOR").total == 1


def test_filters_by_kind_unit_date_topic_country(org, corpus):
    leader = org.leader
    assert {h.entry.unit_id for h in search.search(leader, "", unit=org.jp.pk).hits} == {org.jp.pk}
    assert titles(search.search(leader, "", topic="science")) == ["Semiconductor supply chains"]
    by_country = titles(search.search(leader, "", country="fr"))
    assert set(by_country) == {"Làm việc với Bộ Ngoại giao Pháp", "Trao đổi kín về Đà Nẵng"}
    ranged = search.search(leader, "", date_from=date(2025, 3, 10), date_to=date(2025, 3, 11))
    assert set(titles(ranged)) == {
        "Làm việc với Bộ Ngoại giao Pháp",
        "Doanh nghiệp Nhật Bản đầu tư vào Đà Nẵng",
    }
    assert search.search(leader, "da nang", kind=SearchKind.NEWS).total == 0


def test_recent_first_among_equally_relevant(org):
    for day in (1, 5, 3):
        search.index_entry(
            "directive",
            day,
            title="Chỉ thị về công tác lãnh sự",
            body="",
            unit_id=None,
            classification="internal",
            date=date(2025, 1, day),
        )
    # Entries without a directive behind them: only the leadership, who sees every directive, finds them.
    results = search.search(org.leader, "chi thi lanh su")
    assert [h.entry.key for h in results.hits] == ["5", "3", "1"]
    newest = search.search(org.leader, "chi thi", order="newest")
    assert [h.entry.date.day for h in newest.hits] == [5, 3, 1]


def test_highlights_in_the_original_text(org, corpus):
    results = search.search(org.leader, "da nang", kind=SearchKind.NOTE, unit=org.jp.pk)
    hit = results.hits[0]
    assert str(hit.title_html) == "Doanh nghiệp Nhật Bản đầu tư vào <mark>Đà Nẵng</mark>"
    assert "<mark>Đà Nẵng</mark>" in hit.snippet_html
    hit = search.search(org.leader, "BO NGOAI GIAO", unit=org.fr.pk, kind="note").hits
    assert any("<mark>Bộ Ngoại giao</mark>" in h.snippet_html for h in hit)


def test_generic_api_for_other_apps(org):
    entry = search.index_entry(
        "directive",
        42,
        title="Chỉ thị 25 về đối ngoại đa phương",
        body="Giao Vụ Tổng hợp kinh tế chủ trì.",
        unit_id=org.cd.pk,
        classification="internal",
        date=date(2025, 2, 1),
        countries=["fr"],
        topics=["multilateral"],
        url="/staff/directives/42/",
    )
    assert entry.countries == "|FR|" and entry.text.folded.startswith("chi thi 25")
    # No directive 42 exists: only the leadership (who sees every directive) finds its entry.
    hits = search.search(org.leader, "doi ngoai da phuong").hits
    assert [h.entry.url for h in hits] == ["/staff/directives/42/"]
    # Indexing again replaces, never duplicates; the old words are no longer found.
    search.index_entry(
        "directive",
        42,
        title="Chỉ thị sửa đổi",
        body="",
        unit_id=org.cd.pk,
        classification="internal",
        date=date(2025, 2, 1),
    )
    assert SearchEntry.objects.filter(kind="directive", key="42").count() == 1
    assert search.search(org.leader, "da phuong").total == 0
    assert search.search(org.leader, "sua doi").total == 1
    assert search.remove_entry("directive", 42) == 1
    assert search.search(org.leader, "sua doi").total == 0
    with pytest.raises(ValueError):
        search.index_entry("memo", 1, title="x", date=date(2025, 1, 1))


def test_queries_with_symbols_are_safe(org, corpus):
    for query in (
        '"',
        "AND OR NOT",
        "da* nang^",
        "'; DROP TABLE x; --",
        "(da) -nang",
        "NEAR(da nang)",
        "“Đà Nẵng”",
    ):
        search.search(org.leader, query)  # no syntax error reaches the reader
    assert search.search(org.leader, "“Đà Nẵng”").total >= 2


vietnamese = st.text(
    alphabet=st.sampled_from(
        list(
            "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
            "ùúủũụừứửữựỳýỷỹỵĐĂÂÊÔƠƯ ÀÁ.,;:!?()\"'-<>&\n"
        )
    ),
    max_size=120,
)


@settings(max_examples=150, deadline=None)
@given(vietnamese, st.integers(min_value=0, max_value=200))
def test_folding_maps_back_to_the_original(text, pick):
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    folded, positions = fold_with_map(text)
    assert len(folded) == len(positions)
    assert list(positions) == sorted(positions)
    assert fold_for_index(text) == " ".join(re.findall(r"[^\W_]+", folded))
    words = fold_for_index(text).split()
    if words:
        query = words[pick % len(words)]
        marked = search.highlight(text, search.parse_query(query), whole=True)
        # The highlight is the original text, escaped, with marks added and nothing lost.
        assert html.unescape(re.sub(r"</?mark>", "", str(marked))) == text
        assert "<mark>" in marked


def test_search_of_everyone_but_staff_is_empty(org):
    stranger = make_user("stranger")
    assert search.visible_entries(stranger).count() == 0


def test_very_many_matches_are_ranked_among_the_most_recent(org, monkeypatch):
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    for day in range(1, 7):  # the oldest entry is the most relevant (the word three times)
        body = "hội nghị hội nghị hội nghị" if day == 1 else "hội nghị"
        search.index_entry("directive", day, title=f"Văn bản {day}", body=body, date=date(2025, 1, day))
    first = search.search(org.leader, "hoi nghi", per_page=2)
    assert first.total == 6
    assert {h.entry.key for h in first.hits} <= {"4", "5", "6"}  # within the 3 most recent
    # Page after page, the window first, then the rest ranked: nothing lost, nothing twice.
    pages = [search.search(org.leader, "hoi nghi", per_page=2, page=p) for p in (1, 2, 3)]
    keys = [h.entry.key for page in pages for h in page.hits]
    assert sorted(keys) == ["1", "2", "3", "4", "5", "6"]
    assert set(keys[:3]) == {"4", "5", "6"} and keys[3] == "1"  # then the most relevant of the rest
