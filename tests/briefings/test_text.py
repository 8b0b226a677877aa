"""Folding, safe rich text, plain text from HTML, topic and country tagging."""

from __future__ import annotations

from chancery.briefings import countries, topics
from chancery.briefings.text import fold, fold_for_index, html_to_text, sanitize_html


def test_fold_vietnamese_and_others():
    assert fold("Bộ Ngoại giao") == fold("BỘ NGOẠI GIAO") == "bo ngoai giao"
    assert fold("Đà Nẵng, đường Điện Biên Phủ") == "da nang, duong dien bien phu"
    assert fold("Hà Nội") == "ha noi" and fold("Nghệ An") == "nghe an"  # two marks (ệ) folded too
    assert fold("Ho\u0300 Chi\u0301 Minh") == "ho chi minh"  # decomposed input
    assert fold("Ærø Straße Ørsted") == "ærø straße orsted".replace("ø", "o")
    assert (
        fold_for_index("Việt Nam–Nhật Bản (2023-11-27): “đối tác”") == "viet nam nhat ban 2023 11 27 doi tac"
    )


def test_sanitize_keeps_basic_formatting_only():
    dirty = (
        '<p onclick="x()">Một <b>hai</b> <em>ba</em></p><script>alert(1)</script>'
        '<img src=x onerror=alert(2)><a href="javascript:alert(3)">link</a>'
        '<a href="https://mofa.gov.vn">Bộ</a><iframe src="//evil"></iframe><style>p{}</style>'
    )
    clean = sanitize_html(dirty)
    for bad in ("onclick", "script", "alert", "<img", "javascript", "iframe", "style"):
        assert bad not in clean, bad
    assert "<b>hai</b>" in clean and "<em>ba</em>" in clean
    assert 'href="https://mofa.gov.vn"' in clean and 'rel="noopener noreferrer"' in clean


def test_plain_typing_becomes_paragraphs():
    html = sanitize_html("Đoạn một,\ndòng hai.\n\nĐoạn <strong>hai</strong> & ba < bốn")
    assert html == "<p>Đoạn một,<br>dòng hai.</p><p>Đoạn <strong>hai</strong> &amp; ba &lt; bốn</p>"
    assert html_to_text(html) == "Đoạn một,\ndòng hai.\nĐoạn hai & ba < bốn"
    assert sanitize_html("   ") == ""


def test_country_tagging_and_lookup():
    text = (
        "Đại sứ quán Việt Nam tại Pháp làm việc với doanh nghiệp Nhật Bản; quan hệ Việt Nam - Nga; "
        "ông Hoàng Minh Đức phát biểu về pháp luật; Pháp luật Hoa Kỳ; tỉnh Lào Cai."
    )
    assert countries.tag(text) == ["FR", "JP", "RU", "US"]
    assert countries.tag("Japan and the United States met South Korea in Canberra, Australia.") == [
        "AU",
        "JP",
        "KR",
        "US",
    ]
    assert countries.tag("Việt Nam") == []
    assert countries.resolve("phap") == countries.resolve("France") == countries.resolve("fra") == "FR"
    assert countries.resolve("Ả Rập Xê-út") == "SA" and countries.resolve("atlantis") is None
    assert countries.parse_list("FR, Nhật Bản; xyz") == (["FR", "JP"], ["xyz"])
    assert countries.name("JP", "vi") == "Nhật Bản" and countries.name("JP", "en") == "Japan"


def test_topic_suggestions():
    text = "Hợp tác kinh tế, thương mại và đầu tư; ngoại giao kinh tế; xuất khẩu tăng."
    assert topics.suggest(text)[0] == "economy"
    assert topics.suggest("Không có gì.") == []
    assert topics.valid(["economy", "nonsense", "economy", "politics"]) == ["economy", "politics"]
