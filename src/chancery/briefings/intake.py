"""News intake: from an HTML page, a text file or an RSS/Atom feed to clean articles.

HTML goes through trafilatura (maintained, jusText's Vietnamese stoplist with target_language="vi",
no network access when given a string). Plain text copied from news sites carries the site's
furniture with it ("In bài viết", "Tin cùng chuyên mục", image file names, ratings, hotlines):
those lines are dropped by the rules below. Pure functions: nothing here touches the database.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from chancery.briefings.text import fold, fold_with_map, html_to_text, nfc, normalised_hash_text
from chancery.core.links import safe_url


@dataclass
class Article:
    title: str
    text: str
    format: str  # html | text | feed
    url: str = ""
    source: str = ""
    published_on: date | None = None
    language: str = ""
    removed: list[str] = field(default_factory=list)  # boilerplate lines dropped, for the report

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(normalised_hash_text(self.title + "\n" + self.text).encode()).hexdigest()


class IntakeError(ValueError):
    pass


# --- format and decoding ---------------------------------------------------------------------


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            return nfc(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return nfc(data.decode("cp1252", errors="replace"))


def detect_format(data: bytes, name: str = "") -> str:
    head = data[:2048].lstrip().lower()
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix in ("rss", "atom") or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if (
        suffix in ("html", "htm", "xhtml")
        or head.startswith((b"<!doctype html", b"<html"))
        or b"<body" in head
    ):
        return "html"
    return "text"


def guess_language(text: str) -> str:
    """ "vi" when Vietnamese letters (ă, ơ, đ, tone marks...) are frequent, else "en"."""
    letters = [c for c in text[:5000] if c.isalpha()]
    if not letters:
        return ""
    marked = sum(1 for c in letters if not c.isascii())
    return "vi" if marked / len(letters) > 0.05 else "en"


# --- plain text ------------------------------------------------------------------------------

# Matched against folded lines (lower case, no diacritics), whole line unless noted.
_DROP_LINE = [
    re.compile(p)
    for p in (
        r"^in bai viet$",
        r"^in trang$",
        r"^chia se( bai viet)?:?$",
        r"^(gui|copy) link$",
        r"^ho ten:?$",
        r"^email:?$",
        r"^dien thoai:?$",
        r"^binh luan:?$",
        r"^gui binh luan$",
        r"^xac thuc thong tin",
        r"nhan vao day de danh gia",
        r"^lien he cung cap thong tin",
        r"^duong day nong",
        r"^hotline",
        r"^logo\b",
        r"^quang cao$",
        r"^advertisement$",
        r"^trang chu$",
        r"^home$",
        r"^dang nhap$",
        r"^dang ky$",
        r"^theo doi chung toi",
        r"^(ban quyen|copyright|©)",
        r"^\d+([.,]\d+)? ?sec\s*\|",
        r"^[\d.,]+ [\d.,]+ [\d.,]+ ",
        r"^(share|tweet|print|email this|read more|related articles?|you may also like)$",
        r"^(facebook|twitter|zalo|linkedin|youtube)$",
        r"^tags?:",
        r"^tu khoa:",
        r"^(anh|video|clip)\s*\d*$",
    )
]
# Lines that end the article: what follows is a list of other articles.
_TAIL_MARKERS = [
    re.compile(p)
    for p in (
        r"^tin cung chuyen muc",
        r"^tin lien quan",
        r"^bai lien quan",
        r"^tin khac",
        r"^xem them",
        r"^doc them",
        r"^cac tin khac",
        r"^related (news|stories|articles)",
        r"^more from",
    )
]
# The patterns below are matched against folded lines too, so that a copy typed without accents
# or in capitals is cleaned the same way (and recognised as a duplicate).
_IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|bmp|svg)$", re.I)
_CAPTION_PLACEHOLDER = re.compile(r"[-–]\s*anh\s*\d+\.?$")
_PHOTO_CREDIT = re.compile(r"(?:^|[.\s(])anh\s*:\s*[^.!?]{1,60}\)?\.?$")
_PHOTO_START = re.compile(r"^\(?(anh|photo|image)\s*:")
_SITE_LINE = re.compile(r"^(?P<site>[^.!?]{2,80}?)\s*[-–|]\s*(?P<url>https?://\S+)$")
_SOURCE_LINK = re.compile(r"^(?:link nguon|nguon|source)\s*:\s*(?P<url>https?://\S+)$")
_ATTRIBUTION = re.compile(r"^(?:theo|nguon:?)\s+(?P<source>[^,.;:!?]{2,50})$")
_DATE_LINE = re.compile(
    r"^(?:[^\d]{0,30})?(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:\s*[-,|]?\s*\d{1,2}:\d{2})?"
    r"(?:\s*\(GMT[+-]\d+\))?$"
)
_TAGLINE = re.compile(r"(tin tuc|thoi su|bao dien tu|news).{0,40}(24h|moi nhat|nong nhat|hom nay)")
_SENTENCE_END = re.compile(r"[.!?…:;\"”)]$")


def _original(line: str, positions: Sequence[int], match: re.Match, group: str) -> str:
    """The part of the original line a group of a match on its folded form covers."""
    return line[positions[match.start(group)] : positions[match.end(group) - 1] + 1]


def clean_text(raw: str) -> Article:
    """An article from text copied off a news site: title, body without the site's furniture."""
    text = nfc(raw).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    kept: list[str] = []
    removed: list[str] = []
    seen: set[str] = set()
    url = source = ""
    published: date | None = None
    for line in lines:
        if not line:
            continue
        folded, positions = fold_with_map(line)
        if any(p.search(folded) for p in _TAIL_MARKERS):
            removed.append(line)
            break
        if m := _SOURCE_LINK.match(folded):
            url = url or _original(line, positions, m, "url")
            removed.append(line)
            continue
        if m := _SITE_LINE.match(line):
            source = source or m.group("site").strip()
            removed.append(line)
            continue
        if m := _DATE_LINE.match(line):
            with contextlib.suppress(ValueError):  # 31/02/2024 is not a date
                published = published or date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            removed.append(line)
            continue
        if len(line) < 60 and (m := _ATTRIBUTION.match(folded)):
            source = source or _original(line, positions, m, "source").strip()
            removed.append(line)
            continue
        short = len(line) < 120 and not _SENTENCE_END.search(line)
        if (
            any(p.search(folded) for p in _DROP_LINE)
            or _IMAGE_FILE.match(line)
            or _CAPTION_PLACEHOLDER.search(folded)
            or (short and _TAGLINE.search(folded))
            or (len(line) < 300 and _PHOTO_CREDIT.search(folded))
            or (len(line) < 250 and _PHOTO_START.match(folded))
        ):
            removed.append(line)
            continue
        if folded in seen:  # a title repeated as an image's alternative text
            removed.append(line)
            continue
        seen.add(folded)
        kept.append(line)
    title = ""
    if kept and len(kept[0]) <= 250 and not kept[0].endswith("."):
        title = kept.pop(0)
    if not title and kept:
        first = kept[0]
        sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
        title = sentence if len(sentence) <= 200 else sentence[:197].rsplit(" ", 1)[0] + "…"
    body = "\n\n".join(kept)
    return Article(
        title=title,
        text=body,
        format="text",
        url=url,
        source=source,
        published_on=published,
        language=guess_language(body),
        removed=removed,
    )


# --- HTML --------------------------------------------------------------------------------------


def _as_date(value: object) -> date | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def extract_html(content: str | bytes, url: str = "") -> Article:
    """Main text of an HTML page by trafilatura: menus, footers, sidebars and comments removed."""
    import trafilatura

    options = {
        "url": url or None,
        "with_metadata": True,
        "include_comments": False,
        "include_tables": True,
        "include_images": False,
        "deduplicate": True,
    }
    doc = trafilatura.bare_extraction(content, target_language="vi", **options)
    if doc is None or not getattr(doc, "text", None):
        # target_language only helps Vietnamese pages; an English page is retried without it.
        doc = trafilatura.bare_extraction(content, **options)
    if doc is None or not getattr(doc, "text", None):
        raise IntakeError("no article text found")
    cleaned = clean_text(doc.text)
    title = nfc(doc.title or "").strip() or cleaned.title
    text = cleaned.text if doc.title else "\n\n".join(filter(None, [cleaned.title, cleaned.text]))
    if cleaned.title and doc.title and fold(cleaned.title) != fold(title):
        text = "\n\n".join([cleaned.title, cleaned.text])
    return Article(
        title=title,
        text=text,
        format="html",
        url=safe_url(nfc(doc.url or "")) or safe_url(url) or safe_url(cleaned.url),
        source=nfc(doc.sitename or cleaned.source or ""),
        published_on=_as_date(doc.date) or cleaned.published_on,
        language=guess_language(text),
        removed=cleaned.removed,
    )


# --- feeds -------------------------------------------------------------------------------------


def parse_feed(data: bytes) -> list[Article]:
    """One article per feed entry, from its full content when present, else its summary."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise IntakeError("not a readable RSS/Atom feed")
    source = nfc(parsed.feed.get("title", ""))
    articles: list[Article] = []
    for entry in parsed.entries:
        html = ""
        if entry.get("content"):
            html = max((c.get("value", "") for c in entry.content), key=len)
        html = html or entry.get("summary", "") or entry.get("description", "")
        text = html_to_text(html) if "<" in html else nfc(html).strip()
        title = nfc(entry.get("title", "")).strip()
        if not text and not title:
            continue
        published = None
        for key in ("published_parsed", "updated_parsed"):
            if entry.get(key):
                published = date(*entry[key][:3])
                break
        articles.append(
            Article(
                title=title or text[:120],
                text=text or title,
                format="feed",
                url=safe_url(entry.get("link", "")),  # a feed may carry javascript: or data: links
                source=source,
                published_on=published,
                language=guess_language(text or title),
            )
        )
    return articles


def parse(data: bytes, name: str = "", url: str = "") -> list[Article]:
    """Articles in one uploaded file, whatever its format."""
    kind = detect_format(data, name)
    if kind == "feed":
        return parse_feed(data)
    if kind == "html":
        return [extract_html(data, url=url)]
    article = clean_text(decode(data))
    if not article.text:
        raise IntakeError("the file holds no text")
    return [article]
