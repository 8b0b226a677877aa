"""Security finding 10: only http(s) links from news feeds, at intake and where a link is shown."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from chancery.briefings import services
from chancery.briefings.models import NewsItem
from chancery.core.links import safe_url

BAD = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\tjavascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    " \n data:text/html,x",
    "vbscript:msgbox(1)",
    "//evil.example/path",
    "/staff/briefings/",
    "https:alert(1)",
    "http://",
    "",
]
GOOD = ["https://tin.example.vn/a1", "http://news.example.org/e1?x=1&y=2", "HTTPS://Tin.Example.vn/A"]


@pytest.mark.parametrize("value", BAD)
def test_safe_url_refuses_everything_but_absolute_http_links(value):
    assert safe_url(value) == ""


@pytest.mark.parametrize("value", GOOD)
def test_safe_url_keeps_http_links(value):
    assert safe_url(value) == value
    assert safe_url(f"  {value} ") == value


def test_safe_url_filter_in_templates():
    template = Template('{% load chancery %}<a href="{{ url|safe_url }}">x</a>')
    assert template.render(Context({"url": "javascript:alert(1)"})) == '<a href="">x</a>'
    assert template.render(Context({"url": None})) == '<a href="">x</a>'
    rendered = template.render(Context({"url": "https://a.example/?q=1&r=<2>"}))
    assert rendered == '<a href="https://a.example/?q=1&amp;r=&lt;2&gt;">x</a>'


def _feed(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Tin số {i}</title><link>{link}</link>"
        f"<description>Nội dung bản tin số {i} về hợp tác.</description></item>"
        for i, link in enumerate(links)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title>'
            f"{items}</channel></rss>").encode()


FEED_LINKS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "   javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    " DaTa:text/html,x",
    "https://tin.example.vn/a1",
]


@pytest.mark.django_db
def test_feed_links_other_than_http_are_dropped_at_intake(org):
    report = services.import_news_file(_feed(FEED_LINKS).replace(b"   javascript", b"&#9; javascript"),
                                       name="feed.xml")
    assert not report.errors and len(report.created) == len(FEED_LINKS)
    urls = [item.url for item in report.created]
    assert urls == ["", "", "", "", "", "https://tin.example.vn/a1"]


@pytest.mark.django_db
def test_a_stored_script_link_is_not_shown_as_a_link(client, org):
    """Items taken in before the fix still hold their link: the page shows none."""
    item = NewsItem.objects.create(title="Tin cũ", url="javascript:alert(1)", text="Nội dung.",
                                   text_hash="x" * 64, format=NewsItem.Format.FEED)
    client.force_login(org.officer)
    page = client.get(reverse("briefings:news_detail", args=[item.pk])).content.decode()
    assert "javascript:" not in page.lower()
