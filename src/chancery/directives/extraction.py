"""Turn the text of a leader's directive into a draft: who issued it, when, to whom, and its items.

Pure Python on purpose (no models, no database): the import screen, the API and the
`chancery directives extract` command all call :func:`extract_directive` and a person
reviews the proposal before any task is created.

The input is Vietnamese official prose or the HTML of a news article about it. Leaders enumerate
what they ask for ("Thứ nhất, ... Thứ tư", "Một là, ... Sáu là", "1.", "a)", "-"), and news sites
wrap that prose in boilerplate (menus, captions, image file names, ratings) that must not leak
into tasks. The rules below are heuristics, each kept in one small function with its reason.

The pipeline: :func:`chancery.directives.document.tidy_text` (clean-up) and
:func:`~chancery.directives.document.split_parts` (heading block, legal bases, closing formula,
signature, distribution list; a decree or decision yields no tasks and no issuer) run first; then
:mod:`chancery.directives.outline` reads the body into the enumeration tree and classifies each
top-level list (results, figures, people, units, documents, fields, articles, agendas and section
headings of plans are not tasks); then the issuer (a heading's leader, the sender a dispatch
names, the leader with the strongest cues (:mod:`chancery.directives.issuer`), a directive's
number, the body the text speaks as, the signature block), the date
(:mod:`chancery.directives.dating`) and the prose directive sentences
(:mod:`chancery.directives.prose`, on sentences split by :mod:`chancery.directives.sentences`).
Each of those modules is one step, tested alone.

Rules worth knowing (they are also asserted by the tests):

* **Date** (`issued_on`): an official text's header date ("Hà Nội, ngày 5 tháng 3 năm 2024", in
  its heading block or table) is its date, whatever day the body mentions. Otherwise a complete
  date on a dateline line ("22/12/2023 20:36", "Hà Nội, ngày
  22 tháng 12 năm 2023"), the page's published-time metadata or a date inside the article's URL
  gives the published date. The event day ("Sáng 22/12", "Chiều 31/1", "Sáng 6-1", "Tối ngày
  28/4", or a paragraph opening "Ngày 22/12,") wins when present; it takes the published year
  (minus one if that would put the event after publication, as when a 2 January article reports
  "Chiều 31/12"). With no published date the year is the latest year the text mentions, ignoring
  targets ("đến năm 2030", "tầm nhìn 2045") and the ends of ranges ("2023-2026"); for an event in
  November or December, when the year before that is also mentioned, the year before is used,
  since year-end meetings plan "năm sau". No day and no complete date: ``None``.
* **A list starts at its first ordinal** ("Thứ nhất", "Một là", "1.", "a)", "I.") or at any
  bullet. An ordinal that continues no open list and is not a first one is ordinary text. A lone
  "Thứ nhất" with no "Thứ hai" is still a one-item list: the author meant to enumerate, and losing
  a task is worse than a list of one.
* **Continuation**: paragraphs between two markers of the same list belong to the earlier item
  (to the deepest open one). After the last item only paragraphs opening with a continuation cue
  ("Trong đó", "Đó là", "Để làm được điều đó", "Đồng thời", ...) are kept with it; anything else
  closes the list.
* **Nesting**: legal outlines nest by form (I. > 1. > a) > - > +), and nothing but bullets
  nests under a bullet. Rhetorical ordinals ("Thứ nhất", "Một là"), and "1)" under "1.", nest
  under the current item only when they follow it directly (or after continuation-cue
  paragraphs; for bullets also after a line ending with ":"); otherwise a new list starts.
* **Issuer**: leaders are found by title and name ("Phó Thủ tướng Chính phủ Trần Lưu Quang");
  "Phó Thủ tướng" alone or "Ông" refer back to the last one named. Each mention scores by the
  cue around it ("Phát biểu chỉ đạo ..., X" 3; "X chỉ đạo / yêu cầu / đề nghị / giao" 2; "X
  nhấn mạnh / lưu ý" 1); the best scorer is returned as first written with a cue.
* **Addressees and directive sentences**: a unit ("các cơ quan đại diện", "Bộ Ngoại giao",
  "toàn ngành Ngoại giao") either follows a cue verb of a leader or opens a clause and is
  followed by a directive verb ("cần", "phải", "tiếp tục", "khẩn trương", ...). Sentences
  outside lists with such a unit, ending ", Bộ trưởng nhấn mạnh.", or opening "Đồng thời,
  tiếp tục ..." right after such a sentence are the unenumerated directives. Bullets after
  "Kính gửi:" or "... điện:" list the recipients of a letter or telegram: addressees, not items.
* **Kind**: from the sentence introducing a list: "4 nhiệm vụ" / "các nhiệm vụ" → task, "giải
  pháp" / "biện pháp" → solution, "bài học" → lesson; a counted phrase wins over a bare word, a
  nested list with no such word takes its parent's kind, else "other".
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from chancery.directives.dating import _EVENT_DAY, issue_date
from chancery.directives.document import (
    document_number,
    is_normative,
    safe_date,
    signer_office,
    split_parts,
    tidy_text,
)
from chancery.directives.issuer import dispatch_sender, find_issuer
from chancery.directives.outline import build_outline as _build_outline
from chancery.directives.outline import is_person_entry as _is_person_entry
from chancery.directives.outline import parse_marker as _parse_marker
from chancery.directives.prose import directive_sentences, find_addressees, speaking_body
from chancery.directives.sentences import split_sentences

__all__ = ["extract_directive"]

# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def extract_directive(source: str, *, is_html: bool | None = None) -> dict:
    """Propose issuer, date, addressees and enumerated items for one directive text.

    ``is_html=None`` guesses from the content (a leading "<" or an html/body/p tag).
    """
    source = _normalise(source or "")
    if is_html is None:
        is_html = _looks_like_html(source)
    title_hint: str | None = None
    published_hint: date | None = None
    text = source
    if is_html:
        text, title_hint, published_hint = _html_to_text(source)
    parts = split_parts(tidy_text(text))
    doc = _clean(parts.body_text, title_hint=title_hint, published_hint=published_hint)
    outline = _build_outline(doc.paragraphs, doc.title)
    body_sentences = [s for p in doc.paragraphs for s in split_sentences(p)]
    title_sentences = [doc.title] if doc.title else []
    sentences = title_sentences + body_sentences
    normative = is_normative(parts)  # a decree or a decision regulates: no tasks, no issuer
    # A directive's or a dispatch's own header (its number says CT/CĐ) names who issues it,
    # whoever its body cites; with nothing else found, a letter's header names its sender.
    issuer = None if normative else (parts.leader or dispatch_sender(doc.paragraphs)
                                     or (parts.number_issuer and parts.header_body)
                                     or find_issuer(sentences)
                                     or parts.number_issuer or speaking_body(sentences)
                                     or signer_office(parts.signature) or parts.header_body)
    return {
        "title": doc.title,
        "reference": document_number(tidy_text(text).splitlines()),
        "issued_by": issuer,
        "issued_on": _iso(issue_date(doc, header=parts.doc_date)),
        "addressees": find_addressees(sentences, outline.recipients),
        "items": [] if normative else [item.as_dict() for item in outline.directive_roots()
                                       if not _is_person_entry(item)],
        "unenumerated_directives": [] if normative else directive_sentences(
            outline.outside, issuer, list_intros=outline.list_intros),
    }


# --------------------------------------------------------------------------------------------
# Input: normalisation, HTML
# --------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """NFC (Vietnamese arrives decomposed from some editors), Unix newlines, no odd spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for odd in ("\u00a0", "\u2009", "\u202f", "\u3000"):
        text = text.replace(odd, " ")
    for invisible in ("\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"):
        text = text.replace(invisible, "")
    # Markdown emphasis from pages saved as Markdown: "**Heading**" is a bold line, no bullet.
    text = _MARKDOWN_BOLD.sub(r"\1", text)
    return text


_MARKDOWN_BOLD = re.compile(r"(?<![*\w])\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*(?![*\w])")


def _looks_like_html(source: str) -> bool:
    """HTML if it starts with a tag or contains the tags every article page has."""
    if source.lstrip().startswith("<"):
        return True
    return re.search(r"<(?:html|body|p)[\s>]", source, re.IGNORECASE) is not None


class _PageFacts(HTMLParser):
    """Collects what trafilatura's text drops: <title>, first <h1>, published time, page URL.

    Also keeps a crude block-level text as a fallback when trafilatura finds no main text.
    """

    _SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                       "svg", "title"})
    _BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
                        "article", "blockquote", "figcaption", "ul", "ol", "table"})
    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})
    _PUBLISHED_KEYS = frozenset({"article:published_time", "datepublished", "pubdate",
                                 "publishdate", "date", "dc.date.issued", "og:published_time"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.og_title = ""
        self.published = ""
        self.urls: list[str] = []
        self._open: dict[str, int] = {}
        self._h1_done = False
        self._chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(values)
        elif tag == "link" and values.get("rel", "").lower() == "canonical":
            self.urls.append(values.get("href", ""))
        elif tag == "time" and values.get("datetime") and not self.published:
            self.published = values["datetime"]
        if tag in self._BLOCK or tag == "br":
            self._chunks.append("\n")
        elif tag == "li":
            self._chunks.append("\n- ")
        if tag not in self._VOID:
            self._open[tag] = self._open.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if self._open.get(tag):
            self._open[tag] -= 1
        if tag == "h1" and self.h1.strip():
            self._h1_done = True
        if tag in self._BLOCK or tag == "li":
            self._chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self._open.get("title"):
            self.title += data
        if self._open.get("h1") and not self._h1_done:
            self.h1 += data
        if not any(self._open.get(tag) for tag in self._SKIP):
            self._chunks.append(data)

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "")
        key = key.lower()
        content = values.get("content", "")
        if key in self._PUBLISHED_KEYS and not self.published:
            self.published = content
        elif key == "og:title":
            self.og_title = content
        elif key == "og:url":
            self.urls.append(content)

    def fallback_text(self) -> str:
        return "".join(self._chunks)


def _html_to_text(html: str) -> tuple[str, str | None, date | None]:
    """Main text via trafilatura (no network call for a string), plus title and published date."""
    import trafilatura  # local import: plain-text callers need not load lxml

    facts = _PageFacts()
    with contextlib.suppress(Exception):  # malformed markup must not stop the import
        facts.feed(html)
        facts.close()
    text = trafilatura.extract(
        html,
        target_language="vi",
        include_comments=False,
        include_tables=False,
        favor_recall=True,
    )
    if not text:
        text = facts.fallback_text()
    title = _html_title(facts)
    published = _parse_iso_date(facts.published)
    if published is None:
        published = next(filter(None, (_date_in_url(u) for u in facts.urls)), None)
    return _normalise(text), title, published


def _html_title(facts: _PageFacts) -> str | None:
    """<h1> is the article's own headline; <title> usually carries a site suffix."""
    for candidate in (facts.h1, facts.og_title):
        cleaned = _collapse(candidate)
        if cleaned:
            return cleaned
    title = _collapse(facts.title)
    if not title:
        return None
    parts = [p.strip() for p in re.split(r"\s+[|–-]\s+", title) if p.strip()]
    return max(parts, key=len) if parts else None


def _parse_iso_date(value: str) -> date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    return safe_date(int(match[1]), int(match[2]), int(match[3])) if match else None


def _date_in_url(url: str) -> date | None:
    """News URLs often carry the publication date: .../20230131230800498.htm, /2023/01/31/."""
    for match in re.finditer(r"(?<!\d)(20\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])",
                             url):
        found = safe_date(int(match[1]), int(match[2]), int(match[3]))
        if found:
            return found
    return None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


# --------------------------------------------------------------------------------------------
# Cleaning: boilerplate, captions, title, dateline
# --------------------------------------------------------------------------------------------

_I = re.IGNORECASE

_IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|svg|avif)$", _I)
# Whole lines that are site furniture, never content.
_BOILERPLATE = [re.compile(p, _I) for p in (
    r"^(?:in bài viết|in bài|bản in|print|chia sẻ|share|tweet|copy link|sao chép liên kết)$",
    r"^(?:facebook|zalo|twitter|linkedin|email|e-mail|họ tên|họ và tên|điện thoại)\s*:?$",
    r"^(?:tin|bài|bài viết)\s+(?:cùng chuyên mục|liên quan|khác|mới nhất|xem nhiều|đọc nhiều|"
    r"nổi bật)\b.{0,80}$",
    r"^(?:xem thêm|đọc thêm|xem tiếp|bình luận|gửi bình luận|ý kiến bạn đọc|từ khóa|từ khoá|"
    r"tags?)\b.{0,80}$",
    r"^(?:trang chủ|lên đầu trang|về đầu trang|quay lại|trở lại|đăng nhập|đăng ký)\b.{0,40}$",
    r"^link nguồn\b", r"^nguồn\s*:", r"^theo\s+[^.,;:!?]{1,40}$",
    r"liên hệ cung cấp thông tin", r"^đường dây nóng", r"nhấn vào đây", r"xác thực thông tin",
    r"\bsec\s*\|", r"^[\d\s.,|/]+(?:kb|mb|sec)?$",
    r"tin tức .{0,40}24h", r"mới nhất,\s*nóng nhất",
    r"^(?:copyright|bản quyền|©)", r"^đánh giá bài viết", r"\blượt (?:xem|thích|đánh giá)\b",
    r"^cộng hòa xã hội chủ nghĩa việt nam$", r"^độc lập\s*[-–]\s*tự do\s*[-–]\s*hạnh phúc$",
    r"^số\s*:\s*\S+$", r"^[-_=*]{3,}$",
)]
_URL = re.compile(r"https?://\S+|www\.\S+", _I)
# "Ảnh: VGP/Hải Minh", "(Ảnh: TTXVN)", "... - Ảnh: ..." (capital Ả: "hình ảnh:" is prose).
_CAPTION_CREDIT = re.compile(r"(?:^|[.\-–(]\s*)Ảnh\s*:|^Ảnh minh hoạ|^Ảnh minh họa|^Ảnh\s*\d")
# Image placeholders: "Headline- Ảnh 1." (chinhphu.vn), file names.
_IMAGE_SUFFIX = re.compile(r"\s*[-–]\s*Ảnh\s*\d+\s*\.?\s*$")
# "(Chinhphu.vn) – " at the start of a lead paragraph.
_SITE_TAG = re.compile(r"^\([\w.\-]+\.(?:vn|com|net|org|gov\.vn)\)\s*[–—-]\s*", _I)
_DATELINE = re.compile(
    r"^(?:(?:cập nhật|đăng|xuất bản|ngày đăng|thời gian)(?:\s+lúc)?\s*:?\s*)?"
    r"(?:(?:\d{1,2}[:h]\d{2}\s*[,|-]?\s*)?)"
    r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|\d)|chủ nhật)\s*,?\s*)?(?:ngày\s+)?"
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\s*[,|-]?\s*(?:lúc\s+)?\d{1,2}[:h]\d{2}(?::\d{2})?)?"
    r"(?:\s*(?:AM|PM|SA|CH))?"
    r"(?:\s*\(?(?:GMT|UTC)?\s*\+\s*0?7(?::00)?\)?)?\s*$",
    _I,
)
_DOC_DATE = re.compile(
    r"^[^\d,]{2,40},\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\.?$",
    _I,
)
_SENTENCE_END_CHARS = ".!?…;:,”\"'»)"


@dataclass
class _Document:
    paragraphs: list[str]
    title: str | None
    published: date | None


def _clean(text: str, *, title_hint: str | None, published_hint: date | None) -> _Document:
    """Drop boilerplate lines, pick the title and the dateline, keep content paragraphs."""
    lines = [_collapse(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    title = title_hint
    published = published_hint
    paragraphs: list[str] = []
    after_image = False
    for line in lines:
        line = _SITE_TAG.sub("", line)
        dateline = _dateline_date(line)
        if dateline:
            published = published or dateline
            continue
        if _is_image_marker(line, title):
            after_image = True
            continue
        if _is_boilerplate(line):
            after_image = False
            continue
        if after_image and _is_caption(line):
            after_image = False
            continue
        after_image = False
        if title is None and not paragraphs:
            if _is_letterhead(line):
                continue
            if _looks_like_heading(line):
                title = line
                continue
        paragraphs.append(re.sub(r"\./\.$", ".", line))
    _drop_trailing_bylines(paragraphs)
    if published is None:
        published = next(filter(None, (_date_in_url(u) for u in _URL.findall(text))), None)
    return _Document(paragraphs=paragraphs, title=title, published=published)


_ISO_DATELINE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")


def _dateline_date(line: str) -> date | None:
    match = _DATELINE.match(line) or _DOC_DATE.match(line) or _ISO_DATELINE.match(line)
    if not match:
        return None
    return safe_date(int(match["y"]), int(match["m"]), int(match["d"]))


def _is_image_marker(line: str, title: str | None) -> bool:
    """A repeated headline is the alt text of a photo; file names and "- Ảnh 1." too."""
    if _IMAGE_SUFFIX.search(line) or _IMAGE_FILE.match(line):
        return True
    stripped = _IMAGE_SUFFIX.sub("", line)
    return bool(title) and stripped.casefold() == title.casefold()


def _is_boilerplate(line: str) -> bool:
    if any(p.search(line) for p in _BOILERPLATE):
        return True
    words = len(line.split())
    if _URL.search(line) and words <= 15:
        return True
    return bool(_CAPTION_CREDIT.search(line)) and words <= 60


def _is_caption(line: str) -> bool:
    """The line after a photo is its caption when it is one short sentence, not a dated lead."""
    if _EVENT_DAY.search(line[:40]) or _parse_marker(line):
        return False
    return len(line.split()) <= 45 and len(split_sentences(line)) == 1


def _looks_like_heading(line: str) -> bool:
    """A headline has no final punctuation and is short; a lead paragraph ends with a period."""
    if _parse_marker(line) or line[-1] in _SENTENCE_END_CHARS:
        return False
    return 3 <= len(line.split()) <= 35


def _is_letterhead(line: str) -> bool:
    """Agency name and document type above an official text: "BỘ NGOẠI GIAO", "THÔNG BÁO"
    (not a section heading: "I. TÌNH HÌNH" opens a list)."""
    return line.isupper() and len(line.split()) <= 6 and _parse_marker(line) is None


def _drop_trailing_bylines(paragraphs: list[str]) -> None:
    """Author names and source credits close an article: short lines without a full stop."""
    while paragraphs:
        last = paragraphs[-1]
        if len(last.split()) <= 6 and last[-1] not in ".!?…:;”\"" and not _parse_marker(last):
            paragraphs.pop()
        else:
            break
