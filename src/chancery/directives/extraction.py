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
the rules below read the body: the enumeration tree (`_build_outline`), the classification of each
top-level list (:func:`is_directive_list`, :func:`is_other_heading`: results, figures, people,
documents, fields and section headings of plans are not tasks), the issuer (a heading's leader,
the leader with the strongest cues, a directive's number, the body the text speaks as, the
signature block) and the prose directive sentences.

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
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from html.parser import HTMLParser
from typing import Literal

from chancery.directives.document import (
    is_normative,
    safe_date,
    signer_office,
    split_parts,
    tidy_text,
)

__all__ = ["extract_directive"]

Kind = Literal["task", "solution", "lesson", "other"]


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
    body_sentences = [s for p in doc.paragraphs for s in _split_sentences(p)]
    title_sentences = [doc.title] if doc.title else []
    sentences = title_sentences + body_sentences
    normative = is_normative(parts)  # a decree or a decision regulates: no tasks, no issuer
    issuer = None if normative else (parts.leader or _find_issuer(sentences)
                                     or parts.number_issuer or _speaking_body(sentences)
                                     or signer_office(parts.signature))
    return {
        "title": doc.title,
        "issued_by": issuer,
        "issued_on": _iso(_issue_date(doc, header=parts.doc_date)),
        "addressees": _find_addressees(sentences, outline.recipients),
        "items": [] if normative else [item.as_dict() for item in outline.directive_roots()
                                       if not _is_person_entry(item)],
        "unenumerated_directives": [] if normative else _directive_sentences(
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
    return text


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
    return len(line.split()) <= 45 and len(_split_sentences(line)) == 1


def _looks_like_heading(line: str) -> bool:
    """A headline has no final punctuation and is short; a lead paragraph ends with a period."""
    if _parse_marker(line) or line[-1] in _SENTENCE_END_CHARS:
        return False
    return 3 <= len(line.split()) <= 35


def _is_letterhead(line: str) -> bool:
    """Agency name and document type above an official text: "BỘ NGOẠI GIAO", "THÔNG BÁO"."""
    return line.isupper() and len(line.split()) <= 6


def _drop_trailing_bylines(paragraphs: list[str]) -> None:
    """Author names and source credits close an article: short lines without a full stop."""
    while paragraphs:
        last = paragraphs[-1]
        if len(last.split()) <= 6 and last[-1] not in ".!?…:;”\"" and not _parse_marker(last):
            paragraphs.pop()
        else:
            break


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------

_ABBREVIATIONS = {"tp", "th.s", "ths", "ts", "pgs", "gs", "mr", "ms", "mrs", "st", "v.v", "tt",
                  "q", "p", "tr", "nxb"}
_SENTENCE_BREAK = re.compile(r"([.!?…]+)([”\"'»)]*)(\s+)")
_OPENING_QUOTES = "“\"«(‘'"


def _split_sentences(text: str) -> list[str]:
    """Split after . ! ? … when the next word starts a sentence (capital, digit or quote)."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        nxt = text[match.end():match.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in _OPENING_QUOTES):
            continue
        if _inside_quote(text, start, match.start()) and not _quote_opens(text, match.end()):
            continue  # a quotation is one utterance with its attribution: "“... . ...” - X nói"
        before = text[start:match.start()].split()
        last_word = before[-1].casefold() if before else ""
        if match[1] == "." and (last_word in _ABBREVIATIONS or
                                (len(last_word) == 1 and last_word.isalpha())):
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _inside_quote(text: str, start: int, pos: int) -> bool:
    """Is a quotation opened in ``text[start:pos]`` still open at ``pos`` and closed later?"""
    opened = text.count("“", start, pos) - text.count("”", start, pos)
    if opened > 0:
        return "”" in text[pos:]
    return text.count('"', start, pos) % 2 == 1 and '"' in text[pos:]


def _quote_opens(text: str, pos: int) -> bool:
    """A new quotation opening right at ``pos`` means the previous one was never closed."""
    return text[pos:pos + 1] in ("“", '"')


# --------------------------------------------------------------------------------------------
# Markers
# --------------------------------------------------------------------------------------------

_THU_VALUES = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
               "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_LA_VALUES = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
              "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
# Legal texts letter their points in Vietnamese alphabetical order: a, b, c, d, đ, e, g, ...
# (no f, j, w, z). Other writers use the Latin order; both are accepted as a sequence.
_VN_ALPHABET = list("abcdđeghiklmnopqrstuvxy")
_LATIN_ALPHABET = list("abcdefghijklmnopqrstuvwxyz")
_THU_WORDS = "mười một|mười hai|nhất|hai|ba|tư|bốn|năm|sáu|bảy|bẩy|tám|chín|mười"
_LA_WORDS = "mười một|mười hai|một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười"

# Outline rank of legal forms: I. > 1. > a) > - > +. Rhetorical ordinals have no fixed rank.
_RANK = {"roman": 0, "num_dot": 1, "num_paren": 1, "num_both": 1, "num_dash": 1, "alpha": 2, "dash": 3,
         "dot": 3, "plus": 4}
_BULLETS = {"dash", "dot", "plus"}

_LEADING = [
    ("thu", re.compile(rf"^(?P<m>[Tt]hứ (?P<w>{_THU_WORDS}))(?:\s*[,:.]\s*|\s+[-–]\s+)(?P<b>.*)$",
                       re.S)),
    ("la", re.compile(rf"^(?P<m>(?P<w>(?i:{_LA_WORDS})) là)(?:\s*[,:]\s*|\s+)(?P<b>\S.*)$",
                      re.S)),
    ("num_both", re.compile(r"^(?P<m>\((?P<w>\d{1,2})\))\s*(?P<b>\S.*)$", re.S)),
    ("num_dot", re.compile(r"^(?P<m>(?P<w>\d{1,2})\.)\s+(?P<b>\S.*)$", re.S)),
    ("num_paren", re.compile(r"^(?P<m>(?P<w>\d{1,2})\))\s+(?P<b>\S.*)$", re.S)),
    # "1- Các bộ ...", "2 - Bộ Y tế ..." (not "1-2 ngày": a letter must follow)
    ("num_dash", re.compile(r"^(?P<m>(?P<w>\d{1,2})\s?[-–])\s*(?P<b>[^\W\d_].*)$", re.S)),
    ("alpha", re.compile(r"^(?P<m>(?P<w>[a-zđ])\))\s+(?P<b>\S.*)$", re.S)),
    ("roman", re.compile(r"^(?P<m>(?P<w>[IVX]{1,6})\.)\s+(?P<b>\S.*)$", re.S)),
    ("dash", re.compile(r"^(?P<m>[-–—])\s*(?P<b>\S.*)$", re.S)),
    ("plus", re.compile(r"^(?P<m>\+)\s*(?P<b>\S.*)$", re.S)),
    ("dot", re.compile(r"^(?P<m>[•·●▪◦*])\s*(?P<b>\S.*)$", re.S)),
]

# Inline chains ("... sau: thứ nhất, ...; thứ hai, ..."): after ":", ";" or "." only.
_INLINE_PREFIX = r"(?<=[:;.])\s+(?:và\s+|hoặc\s+)?"
_INLINE = [
    ("thu", re.compile(rf"{_INLINE_PREFIX}(?P<m>[Tt]hứ (?P<w>{_THU_WORDS}))(?=\s*[,:])")),
    ("la", re.compile(rf"{_INLINE_PREFIX}(?P<m>(?P<w>(?i:{_LA_WORDS})) là)(?=\s*[,:])")),
    ("num_both", re.compile(rf"{_INLINE_PREFIX}(?P<m>\((?P<w>\d{{1,2}})\))(?=\s)")),
    ("num_paren", re.compile(rf"{_INLINE_PREFIX}(?P<m>(?P<w>\d{{1,2}})\))(?=\s)")),
    ("num_dash", re.compile(rf"{_INLINE_PREFIX}(?P<m>(?P<w>\d{{1,2}})\s?[-–])(?=\s*[^\W\d_])")),
    ("alpha", re.compile(rf"{_INLINE_PREFIX}(?P<m>(?P<w>[a-zđ])\))(?=\s)")),
]
_INLINE_PATTERNS = dict(_INLINE)


@dataclass(frozen=True)
class _Marker:
    family: str
    value: int  # 1-based ordinal; 0 for bullets
    written: str  # as in the text: "Thứ nhất", "1.", "a)", "-"
    body: str  # the paragraph without the marker


def _parse_marker(paragraph: str) -> _Marker | None:
    """The marker opening a paragraph, if any; weekdays ("Thứ hai, ngày 5/2") are not markers."""
    for family, pattern in _LEADING:
        match = pattern.match(paragraph)
        if not match:
            continue
        value = _marker_value(family, match.groupdict().get("w"))
        if value is None:
            continue
        body = match["b"].strip()
        if family == "thu" and re.match(r"(?:ngày\b|\d)", body):
            continue
        return _Marker(family, value, match["m"], body)
    return None


def _marker_value(family: str, word: str | None) -> int | None:
    if family in _BULLETS:
        return 0
    if word is None:
        return None
    word = word.casefold()
    if family == "thu":
        return _THU_VALUES.get(word)
    if family == "la":
        return _LA_VALUES.get(word)
    if family == "alpha":
        return _VN_ALPHABET.index(word) + 1 if word in _VN_ALPHABET else None
    if family == "roman":
        return _roman_value(word.upper())
    value = int(word)
    return value if value >= 1 else None


def _roman_value(numeral: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, char in enumerate(numeral):
        value = values[char]
        nxt = values[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < nxt else value
    canonical = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    tens, units = divmod(total, 10)
    return total if 0 < total < 40 and "X" * tens + canonical[units] == numeral else None


def _follows(previous: _Marker, marker: _Marker) -> bool:
    """Is `marker` the next sibling after `previous` (same form, next ordinal)?"""
    if previous.family != marker.family:
        return False
    if marker.family in _BULLETS:
        return True
    if marker.family == "alpha":
        prev_letter, letter = previous.written[0], marker.written[0]
        return any(letter in abc and prev_letter in abc and
                   abc.index(letter) == abc.index(prev_letter) + 1
                   for abc in (_VN_ALPHABET, _LATIN_ALPHABET))
    return marker.value == previous.value + 1


def _split_inline_chain(paragraph: str) -> list[str]:
    """Cut "intro: Thứ nhất, ...; thứ hai, ..." into the intro and one piece per marker.

    A chain needs consecutive ordinals: the paragraph's own opening marker followed by its
    next siblings, or at least two inline markers starting at one. A lone "thứ hai" in prose
    ("lần thứ hai") is never cut.
    """
    lead = _parse_marker(paragraph)
    cuts: list[int] = []
    if lead and lead.family not in _BULLETS:
        cuts = _chain_positions(paragraph, lead.family, start_value=lead.value + 1,
                                min_length=1)
    if not cuts:
        for family, _ in _INLINE:
            cuts = _chain_positions(paragraph, family, start_value=1, min_length=2)
            if cuts:
                break
    if not cuts:
        return [paragraph]
    bounds = [0, *cuts, len(paragraph)]
    pieces = [paragraph[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return [p for p in pieces if p]


def _chain_positions(paragraph: str, family: str, *, start_value: int,
                     min_length: int) -> list[int]:
    """Start offsets of consecutive inline markers of one form, from `start_value` on."""
    pattern = _INLINE_PATTERNS.get(family)
    if pattern is None:
        return []
    expected = start_value
    positions: list[int] = []
    for match in pattern.finditer(paragraph):
        if _marker_value(family, match["w"]) == expected:
            positions.append(match.start("m"))
            expected += 1
        elif positions:
            break
    return positions if len(positions) >= min_length else []


def _item_text(body: str) -> str:
    """Item text without list glue: a trailing ";" or "; và" belongs to the enumeration."""
    text = body.strip()
    text = re.sub(r"\s*[;,]\s*(?:và|hoặc)?$", "", text)
    return text.strip()


# --------------------------------------------------------------------------------------------
# Outline: markers → nested items
# --------------------------------------------------------------------------------------------

_CONTINUATION = re.compile(
    r"^(?:Trong đó|Đó là|Để làm được (?:điều|việc) (?:đó|này)|Để làm được như vậy|Đồng thời|"
    r"Ngoài ra|Bên cạnh đó|Cùng với đó|Trên cơ sở đó|Theo đó|Cụ thể|Qua đó|Mặt khác|Muốn vậy)\b"
)


# "Kính gửi:", "BỘ TRƯỞNG BỘ NGOẠI GIAO điện:" - the bullets that follow are recipients.
_RECIPIENTS_INTRO = re.compile(r"(?:kính gửi|đồng gửi|\bđiện)\s*:\s*$", _I)


@dataclass
class _Item:
    marker: _Marker
    kind: Kind
    parts: list[str]
    children: list[_Item] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p for p in self.parts if p)

    def as_dict(self) -> dict:
        return {
            "marker": self.marker.written,
            "kind": self.kind,
            "text": self.text,
            "children": [child.as_dict() for child in self.children],
        }


@dataclass
class _OpenList:
    """A list being read: where its items go (the roots or a parent's children) and its kind."""

    container: list[_Item]
    last: _Item
    kind: Kind

    @property
    def family(self) -> str:
        return self.last.marker.family


@dataclass
class _Outline:
    """Builds the item tree paragraph by paragraph; keeps paragraphs outside any list."""

    title: str | None
    roots: list[_Item] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    stack: list[_OpenList] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    intro: str = ""  # the outside paragraph just before the next top-level list
    recipients: list[_Item] = field(default_factory=list)  # "Kính gửi:" / "... điện:" bullets
    list_intros: list[str] = field(default_factory=list)  # paragraphs that introduce a list
    root_lists: list[tuple[str, list[_Item]]] = field(default_factory=list)  # (intro, items)

    def directive_roots(self) -> list[_Item]:
        """Top-level items of the lists that direct (see :func:`is_directive_list`), without
        section headings that name no work ("I. QUAN ĐIỂM", "II. SỰ CẦN THIẾT")."""
        return [item for intro, items in self.root_lists if is_directive_list(intro, items)
                for item in items if not is_other_heading(item.text)]

    def feed(self, paragraph: str) -> None:
        marker = _parse_marker(paragraph)
        if marker is None:
            self._plain(paragraph)
            return
        level = self._sibling_level(marker)
        if level is not None:
            self._attach_pending()
            del self.stack[level + 1:]
            self._add(self.stack[level], marker)
        elif marker.value == 1 or marker.family in _BULLETS:
            self._start_list(marker)
        else:
            self._plain(paragraph)  # "Thứ ba" continuing nothing: ordinary prose

    def close(self) -> None:
        """End of text (or of all open lists): keep only continuation paragraphs."""
        while self.pending and self.stack and _CONTINUATION.match(self.pending[0]):
            self.stack[-1].last.parts.append(self.pending.pop(0))
        self.stack.clear()
        for paragraph in self.pending:
            self.outside.append(paragraph)
            self.intro = paragraph
        self.pending.clear()

    def _plain(self, paragraph: str) -> None:
        if self.stack:
            self.pending.append(paragraph)
        else:
            self.outside.append(paragraph)
            self.intro = paragraph

    def _sibling_level(self, marker: _Marker) -> int | None:
        for level in range(len(self.stack) - 1, -1, -1):
            if _follows(self.stack[level].last.marker, marker):
                return level
        return None

    def _attach_pending(self) -> None:
        if self.stack:
            self.stack[-1].last.parts.extend(self.pending)
        self.pending.clear()

    def _add(self, open_list: _OpenList, marker: _Marker) -> None:
        item = _Item(marker=marker, kind=open_list.kind, parts=[_item_text(marker.body)])
        open_list.container.append(item)
        open_list.last = item
        if open_list.container is self.roots and self.root_lists:
            self.root_lists[-1][1].append(item)

    def _start_list(self, marker: _Marker) -> None:
        level = self._nesting_level(marker)
        if level is not None:
            self._attach_pending()
            del self.stack[level + 1:]
            parent = self.stack[level].last
            kind = _kind_of(parent.text) or parent.kind
            child = _Item(marker=marker, kind=kind, parts=[_item_text(marker.body)])
            parent.children.append(child)
            self.stack.append(_OpenList(container=parent.children, last=child, kind=kind))
            return
        self.close()
        kind = _kind_of(self.intro) or _counted_kind(self.title or "") or "other"
        item = _Item(marker=marker, kind=kind, parts=[_item_text(marker.body)])
        container = self.roots
        if marker.family in _BULLETS and _RECIPIENTS_INTRO.search(self.intro):
            container = self.recipients  # who a letter or telegram is sent to, not tasks
        container.append(item)
        if container is self.roots:
            self.root_lists.append((self.intro, [item]))
        self.stack.append(_OpenList(container=container, last=item, kind=kind))
        if self.intro:
            self.list_intros.append(self.intro)
        self.intro = ""

    def _nesting_level(self, marker: _Marker) -> int | None:
        """The open list whose current item becomes the parent of a new list, if any."""
        adjacent = self._pending_allows_nesting(marker.family)
        for level in range(len(self.stack) - 1, -1, -1):
            decision = _nesting(self.stack[level].family, marker.family, adjacent)
            if decision == "nest":
                return level
            if decision == "close":
                return None
        return None

    def _pending_allows_nesting(self, family: str) -> bool:
        """Does the new list follow the current item closely enough to be its child?

        Only continuation paragraphs may stand between; for bullets also a line ending in ":"
        ("Cụ thể:", "gồm:"), since bullets always hang from such a line.
        """
        if all(_CONTINUATION.match(p) for p in self.pending):
            return True
        return family in _BULLETS and self.pending[-1].rstrip().endswith(":")


def _nesting(current_family: str, new_family: str, adjacent: bool) -> str:
    """"nest" under the current item, "pop" the current list, or "close" all lists."""
    if current_family in _BULLETS and new_family not in _BULLETS:
        return "pop"  # bullets are the lowest level: an ordinal after them is not their child
    current_rank, new_rank = _RANK.get(current_family), _RANK.get(new_family)
    if current_rank is not None and new_rank is not None:
        if new_rank > current_rank:
            return "nest"
        if new_rank == current_rank and new_family != current_family and adjacent:
            return "nest"
        return "pop"
    return "nest" if adjacent else "close"


def _build_outline(paragraphs: list[str], title: str | None) -> _Outline:
    outline = _Outline(title=title)
    for paragraph in paragraphs:
        for piece in _split_inline_chain(paragraph):
            outline.feed(piece)
    outline.close()
    return outline


# --------------------------------------------------------------------------------------------
# Classification: does a list direct anyone?
# --------------------------------------------------------------------------------------------

# The introducer asks for something: a cue verb, or it names what it lists as work.
_DIRECTIVE_INTRO = re.compile(
    r"\b(?:yêu cầu|đề nghị|(?<!Ban )chỉ đạo|(?<!Ngoại )giao|kết luận|ý kiến|nhiệm vụ|giải pháp|"
    r"biện pháp|công việc|"
    r"cần|phải|lưu ý|nhấn mạnh|đồng ý|quán triệt|thực hiện|triển khai|tập trung|chỉ thị|"
    r"khẩn trương|tiếp tục|các việc|các nội dung sau)\b", _I)
# The introducer announces a list that is no request: results, figures, who attended, bases,
# what a text contains.
_OTHER_INTRO = re.compile(
    r"(?:\bkết quả\b|\bđạt được\b|\bthành tựu\b|\bthành tích\b|\bsố liệu\b|\bthống kê\b|"
    r"\bthông tin\b|\bcập nhật\b|\btình hình\b|\bthành phần\b|\btham dự\b|\bcó mặt\b|\bcăn cứ\b|"
    r"\bnội dung chính\b|\bbao gồm\b|\bgồm có\b|\bcụ thể như sau\b|\bđã (?:làm|thực hiện|triển khai)\b)",
    _I)
# An item that reports rather than asks: figures, percentages, what has been done.
_REPORTED = re.compile(
    r"(?:\d[\d.,]*\s*(?:%|người|ca|mẫu|tỷ|triệu|nghìn|lượt|doanh nghiệp|dự án)|"
    r"^(?:Đã|Đạt|Hoàn thành|Tổng số)\b)", _I)
_ITEM_ASKS = re.compile(
    r"\b(?:cần|phải|tiếp tục|khẩn trương|tăng cường|đẩy mạnh|sớm|chủ động|tập trung|chủ trì|"
    r"rà soát|theo dõi|đôn đốc|kịp thời|chỉ đạo|yêu cầu|đề nghị|giao|bảo đảm|đảm bảo|nghiên cứu|"
    r"xây dựng|"
    r"hoàn thiện|triển khai|thực hiện|tổ chức|báo cáo|phối hợp)\b", _I)


# Upper-case section headings of plans, programmes and submissions that hold no work.
_OTHER_HEADING = re.compile(
    r"\b(?:QUAN ĐIỂM|MỤC TIÊU|MỤC ĐÍCH|SỰ CẦN THIẾT|BỐI CẢNH|TÌNH HÌNH|KẾT QUẢ|ĐÁNH GIÁ|CĂN CỨ|"
    r"PHẠM VI|ĐỐI TƯỢNG|NGUYÊN TẮC|QUÁ TRÌNH|THỰC TRẠNG|NỘI DUNG CHÍNH)\b")
_WORK_HEADING = re.compile(r"\b(?:NHIỆM VỤ|GIẢI PHÁP|BIỆN PHÁP|CÔNG VIỆC|KIẾN NGHỊ|ĐỀ XUẤT|"
                           r"CHỈ ĐẠO|TỔ CHỨC THỰC HIỆN|PHÂN CÔNG)\b")


def is_other_heading(text: str) -> bool:
    """An upper-case heading naming a part that asks nothing ("I. QUAN ĐIỂM VÀ MỤC TIÊU")."""
    first = text.split("\n", 1)[0]
    letters = [char for char in first if char.isalpha()]
    if not letters or any(char.islower() for char in letters):
        return False
    return bool(_OTHER_HEADING.search(first)) and not _WORK_HEADING.search(first)


# Items that name a document, a person or a metadata field.
_LISTS_NO_WORK = re.compile(
    r"^(?:(?:Nghị quyết|Quyết định|Nghị định|Thông tư|Chỉ thị|Công văn|Công điện|Thông báo|Luật|"
    r"Kết luận|Báo cáo|Tờ trình)\s+(?:số\s+)?\d|(?:Ông|Bà|Ngài|Đồng chí)\s+[A-ZĐ]|"
    r"(?!Về\b)[^:\n]{2,40}:[ \t]*\S[^\n]{0,80}$)")


def is_directive_list(intro: str, items: list[_Item]) -> bool:
    """Does a top-level list ask for work? Explainable rules, in order:

    1. an introducer that asks ("Thủ tướng yêu cầu:", "các nhiệm vụ sau:") -> yes;
    2. an introducer announcing results, figures, attendees, legal bases -> no;
    3. every item names a document ("Nghị quyết số 01/NQ-CP ..."), a person ("Ông ...",
       "Bộ trưởng ...") or a field ("Ngày hiệu lực: 01/7/2025") and asks nothing -> no;
    4. most items report (figures with units, "Đã ...") and no other item asks -> no;
    5. otherwise yes (losing a task is worse than a reviewer deleting a line).
    """
    last = (_split_sentences(intro) or [""])[-1] if intro else ""
    if last and _DIRECTIVE_INTRO.search(last):
        return True
    if last and _OTHER_INTRO.search(last):
        return False
    texts = [item.text for item in items]
    if texts and all(_LISTS_NO_WORK.match(item.text) and not _ITEM_ASKS.search(item.text)
                     and not item.children for item in items):
        return False
    reported = sum(1 for text in texts if _REPORTED.search(text))
    asks = sum(1 for text in texts if _ITEM_ASKS.search(text) and not _REPORTED.search(text))
    return not (texts and reported * 2 > len(texts) and asks == 0)


# --------------------------------------------------------------------------------------------
# Kind of a list
# --------------------------------------------------------------------------------------------

_KIND_WORDS = r"nhiệm vụ|công việc|đầu việc|việc cần làm|giải pháp|biện pháp|bài học"
_COUNTED = re.compile(
    rf"\b(?:\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|các|những|mấy|nhóm)\s+"
    rf"(?:nhóm\s+)?(?P<k>{_KIND_WORDS}|việc)\b",
    _I,
)
_ANY_KIND = re.compile(rf"\b(?P<k>{_KIND_WORDS})\b", _I)


def _kind_word(word: str) -> Kind:
    word = word.casefold()
    if word in {"giải pháp", "biện pháp"}:
        return "solution"
    if word == "bài học":
        return "lesson"
    return "task"  # nhiệm vụ, (công) việc


def _counted_kind(text: str) -> Kind | None:
    match = _COUNTED.search(text)
    return _kind_word(match["k"]) if match else None


def _kind_of(intro: str) -> Kind | None:
    """What the sentence introducing a list calls its items ("giao 4 nhiệm vụ", "3 bài học")."""
    if not intro:
        return None
    sentences = _split_sentences(intro)
    last = sentences[-1] if sentences else intro
    kind = _counted_kind(last)
    if kind:
        return kind
    words = _ANY_KIND.findall(last)
    if words:
        return _kind_word(words[-1])
    return _counted_kind(intro)


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_EVENT_DAY = re.compile(
    r"(?<!\w)(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Rr]ạng sáng|[Hh]ôm qua|[Hh]ôm nay)"
    r"(?:\s+(?:nay|hôm nay|qua))?\s*"
    r",?\s*\(?(?:ngày\s+)?(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{4}))?(?![\d/]|\.\d)"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?)"
)
# "..., ngày 27/9, Phó Thủ tướng ... đã đồng ý": a dated clause in the lead.
_CLAUSE_DAY = re.compile(
    r",\s*ngày\s+(?P<d>\d{1,2})[/-](?P<m>\d{1,2})(?:[/-](?P<y>\d{4}))?\s*,\s*[A-ZĐ]")
# "Phát biểu tại Hội nghị ngoại giao lần thứ 29 ngày 23-8": the day of the meeting reported.
_MEETING_DAY = re.compile(
    r"(?i:hội nghị|phiên họp|cuộc họp|buổi làm việc|hội thảo|diễn đàn)[^.;]{0,80}?\bngày\s+"
    r"(?P<d>\d{1,2})[/-](?P<m>\d{1,2})(?:[/-](?P<y>\d{4}))?(?![\d/])")
# "Ngày 2/1/2002, Bộ Chính trị đã ban hành Nghị quyết số 08 ...": the date of another text.
_OTHER_TEXT_DATED = re.compile(
    r"(?:ban hành|có|ký|thông qua)\s+(?:\S+\s+){0,2}?(?:Nghị quyết|Quyết định|Nghị định|Thông tư|Luật)\b")
_OPENING_DAY = re.compile(
    r"^(?:(?:[Tt]rong|[Vv]ào|[Cc]ũng trong|[Hh]ôm nay,?)\s+)?(?:[Nn]gày)\s+"
    r"(?:(?P<d>\d{1,2})[/-](?P<m>\d{1,2})(?:[/-](?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?)\s*,"
)
_YEAR = re.compile(r"(?<![\d./-])((?:19|20)\d{2})(?!\d)")
# Years written inside dates: "9/1/2023", "tháng 4/2025", "quý III/2025".
_DATE_YEAR = re.compile(
    r"(?:(?<!\d)\d{1,2}[/-]\d{1,2}[/-]|tháng\s+\d{1,2}/|quý\s+[IV]{1,3}/)((?:19|20)\d{2})(?!\d)", _I
)
_TARGET_BEFORE = re.compile(r"(?:đến|tới|tầm nhìn|trước)\s+(?:năm\s+)?$", _I)


def _issue_date(doc: _Document, *, header: date | None = None) -> date | None:
    """Event day combined with the published year or, failing that, the year in the text.

    An official text's own date (`header`, from its heading block, "Hà Nội, ngày 5 tháng 3 năm
    2024") is its date, as the README's labelling rule says: the meeting a conclusion notice
    reports ("Ngày 12/3/2024, Bộ trưởng chủ trì ...") or any other day its body mentions ("Ngày
    1/3/2024, Bộ nhận được ...") is not.
    """
    if header is not None:
        return header
    text = "\n".join(([doc.title] if doc.title else []) + doc.paragraphs)
    event = _event_day(doc.paragraphs)
    if event is None:
        return doc.published or _title_date(doc.title) or _title_date(
            doc.paragraphs[0] if doc.paragraphs else None)
    day, month, year = event
    if year:
        return safe_date(year, month, day)
    if doc.published:
        found = safe_date(doc.published.year, month, day)
        if found and found > doc.published + timedelta(days=1):
            found = safe_date(doc.published.year - 1, month, day)
        return found
    year = _year_from_text(text, month)
    return safe_date(year, month, day) if year else None


_FULL_DAY = re.compile(
    r"\bngày\s+(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))(?!\d)", _I)
# A title or first line that cites the text itself: "1. Văn phòng Chính phủ: Thông báo số
# 106/TB-VPCP ngày 14/5/2021 ...", "Công điện số 15/CĐ-TTg ngày 7/3/2024 của Thủ tướng ...".
_SELF_CITATION = re.compile(
    r"^(?:[\dIVX]{1,3}[.)]\s*)?(?:[^:.]{2,60}:\s*)?(?:Chỉ thị|Công điện|Công văn|Thông báo|"
    r"Kết luận|Văn bản|Thông báo kết luận)\s+(?:số\s*:?\s*)?\S+\s+$", _I)
# "trước ngày 30/6/2024", "chậm nhất ngày ...", "từ ngày ...": a deadline or a period, not the
# day the text was written.
_DEADLINE_BEFORE = re.compile(r"\b(?:trước|chậm nhất|muộn nhất|đến|tới|từ|kể từ|hạn|sau|trong)\s*$",
                              _I)


def _title_date(title: str | None) -> date | None:
    """A complete date in a headline ("Cập nhật tình hình dịch (06h30, ngày 06/8/2020)"), when
    the page gives no other; a cited text's date only when the title cites the text itself."""
    title = title or ""
    for match in _FULL_DAY.finditer(title):
        before = title[max(0, match.start() - 40):match.start()]
        if _DEADLINE_BEFORE.search(before) or _OTHER_TEXT_DATED.search(
                title[match.end():match.end() + 80].split(".")[0]):
            continue  # "Ngày 31/8/2016, Bộ có Quyết định số ...": the date of another text
        if re.search(r"(?:\bsố\b|\b[A-ZĐ]{2,}\s*[-/]\s*[A-ZĐa-z]{2,})[^,;()]*$", before) and (
                not _SELF_CITATION.match(title[:match.start()])):
            continue  # "Thực hiện Thông báo số 2927-TB/TU ngày 4/2/2020": another text's date
        day, month, year = ((match["d"], match["m"], match["y"]) if match["d"]
                            else (match["d2"], match["m2"], match["y2"]))
        return safe_date(int(year), int(month), int(day))
    return None


# "... ký ban hành Chỉ thị số 06/CT-TTg ngày 23/2/2026": the reported text's own date.
_REPORTED_TEXT_DAY = re.compile(
    r"(?:ký|ban hành|vừa có|đã có)\s+(?:\S+\s+){0,2}(?:Chỉ thị|Công điện|Công văn|Thông báo|"
    r"Quyết định|Nghị quyết)\s+(?:số\s+)?\S+\s+ngày\s+(?P<d>\d{1,2})[/-](?P<m>\d{1,2})"
    r"(?:[/-](?P<y>\d{4}))?(?![\d/])")


def _event_day(paragraphs: list[str]) -> tuple[int, int, int | None] | None:
    """The day of the event reported: "Chiều 11/9", "chiều hôm nay 18 tháng 8 năm 2016",
    "Trong ngày 11/9, ...", the date of a text reported as signed."""
    for paragraph in paragraphs[:2]:
        match = _REPORTED_TEXT_DAY.search(paragraph)
        if match:
            return int(match["d"]), int(match["m"]), int(match["y"]) if match["y"] else None
    for paragraph in paragraphs:
        match = _EVENT_DAY.search(paragraph)
        if match:
            day, month, year = ((match["d"], match["m"], match["y"]) if match["d"]
                                else (match["d2"], match["m2"], match["y2"]))
            return int(day), int(month), int(year) if year else None
        match = _OPENING_DAY.match(paragraph)
        if match and _OTHER_TEXT_DATED.search(_split_sentences(paragraph)[0]):
            continue
        if match:
            day, month, year = ((match["d"], match["m"], match["y"]) if match["d"]
                                else (match["d2"], match["m2"], match["y2"]))
            return int(day), int(month), int(year) if year else None
    for paragraph in paragraphs[:6]:
        match = _MEETING_DAY.search(paragraph) or _CLAUSE_DAY.search(paragraph)
        if match:
            return int(match["d"]), int(match["m"]), int(match["y"]) if match["y"] else None
    return None


def _year_from_text(text: str, month: int) -> int | None:
    """Latest year mentioned (targets and range ends excluded); year-end events plan ahead."""
    years = {int(m[1]) for m in _DATE_YEAR.finditer(text)}
    for match in _YEAR.finditer(text):
        if not _TARGET_BEFORE.search(text[max(0, match.start() - 20):match.start()]):
            years.add(int(match[1]))
    if not years:
        return None
    latest = max(years)
    if month >= 11 and latest - 1 in years:
        return latest - 1
    return latest


# --------------------------------------------------------------------------------------------
# Leaders (issuer)
# --------------------------------------------------------------------------------------------

_LEADER_TITLE = re.compile(
    r"\b(?:Phó\s+)?(?:Thủ tướng|Thủ Tướng|(?<=Phó )thủ tướng|Bộ Trưởng|Tổng Bí thư|Chủ tịch nước|"
    r"Chủ tịch Quốc hội|Chủ tịch|Bộ trưởng|"
    r"Thứ trưởng|Trưởng ban|Đại sứ|Tổng Lãnh sự|Cục trưởng|Vụ trưởng|Giám đốc|Chủ nhiệm|"
    r"Chánh Văn phòng|Tổng Thư ký|Tổng Giám đốc|Bí thư|Chánh án|Viện trưởng|"
    # Officers of the army and police are named by rank: "Thượng tướng Lê Văn A, Thứ trưởng".
    r"Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng)\b(?! quán)"
)
_SURNAMES = frozenset((
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Lương", "Trịnh", "Trương", "Mai", "Đào", "Hà",
    "Tô", "Cao", "Lâm", "Chu", "Tạ", "Vương", "Thái", "La", "Lưu", "Kiều", "Quách", "Tăng",
    "Triệu", "Lại", "Phùng", "Nông", "Giang", "Hứa", "Từ", "Doãn", "Khổng", "Mạc", "Tống", "Thân",
    "Châu", "Âu", "Khúc", "Bạch", "Lục", "Diệp", "Kim", "Mẫn", "Nghiêm", "Ninh", "Phí", "Quan",
    "Thạch", "Tôn", "Vi", "Hầu", "Lò", "Lã", "Khương", "Cù", "Đàm", "Đồng", "Viên", "Trình",
    "Nhữ", "Lạc",
))
# Lowercase syllables allowed between a title and a name: "Thủ tướng Chính phủ", "Bộ trưởng
# Ngoại giao", "Thứ trưởng thường trực Bộ Công an".
_QUALIFIER_SYLLABLES = frozenset({"phủ", "giao", "vụ", "an", "pháp", "tế", "chính", "thương",
                                  "dân", "hội", "phòng", "sự", "tỉnh", "huyện", "trực"})
# "chỉ đạo hội nghị" is chairing a meeting, not directing anyone.
_NOT_CHAIRING = r"(?!\s+(?:hội nghị|Hội nghị|cuộc họp|phiên họp|buổi|lễ))"
_FILLERS = r"(?:(?:đã|cũng|còn|đồng thời|trực tiếp|dự và|tiếp tục)\s+)*"
_CUE_AFTER = re.compile(
    rf"\s*{_FILLERS}(?P<cue>phát biểu chỉ đạo|chỉ đạo{_NOT_CHAIRING}|yêu cầu|đề nghị|giao|nhấn mạnh|lưu ý|"
    r"kết luận|đề ra|có ý kiến như sau|có ý kiến chỉ đạo|có ý kiến|đồng ý|ký ban hành|"
    r"vừa ký|đã ký|ký|chỉ thị|có (?i:công điện)|có (?i:công văn)|có văn bản|có thư|gửi thư|"
    r"có kết luận|có ý kiến kết luận|"
    # "Thủ tướng Chính phủ điện:" opens a dispatch, the Prime Minister speaking.
    r"điện(?=\s*:)|"
    r"ban hành|chủ trì|nêu)\b"
)
_CUE_WEIGHT = {"phát biểu chỉ đạo": 3, "chỉ đạo": 2, "yêu cầu": 2, "đề nghị": 2, "giao": 2,
               "kết luận": 2, "nhấn mạnh": 1, "lưu ý": 1, "đề ra": 1, "có ý kiến như sau": 3,
               "có ý kiến chỉ đạo": 3, "có ý kiến": 2, "đồng ý": 2, "ký ban hành": 2,
               "vừa ký": 2, "đã ký": 2, "ký": 2, "chỉ thị": 2, "có công điện": 2,
               "có công văn": 2, "có kết luận": 2, "có ý kiến kết luận": 2, "có văn bản": 2,
               "có thư": 2, "gửi thư": 2, "ban hành": 2,
               "chủ trì": 1, "nêu": 1, "điện": 3}
# "Phó Thủ tướng X - Chủ tịch Ủy ban ...", "Thượng tướng X, Thứ trưởng, Trưởng ban ...": one to
# four titles after the name, then the cue.
# "vừa ký các quyết định phê chuẩn nhân sự": signing a decision or a decree regulates or
# appoints; it directs no one (the corpus's decisions and decrees have no issuer).
_SIGNING_CUES = frozenset({"ký ban hành", "vừa ký", "đã ký", "ký", "ban hành"})
_NORMATIVE_SIGNED = re.compile(
    r"(?:\s+(?:ban hành|các|một|hai|ba|\d+))*\s+(?i:quyết định|nghị định|thông tư|luật|nghị quyết)\b")
_APPOSITION = re.compile(
    r"(?:\s*(?:[-–]\s+|,\s+(?=[A-ZĐ])(?!(?:Bộ|Văn phòng|Ủy ban|Uỷ ban|UBND|Sở|Cục|Vụ)\s(?!trưởng))|"
    r"(?:thừa lệnh|thay mặt)\s+)[^,.;:()]{2,80}?){1,4}?,?"
    r"(?=\s+(?:đã\s+|vừa\s+)?(?:có ý kiến|yêu cầu|(?<![Bb]an )chỉ đạo|kết luận|"
    r"(?:có|ký|ban hành|gửi)\s+(?i:công điện|công văn|văn bản|chỉ thị|thông báo))\b)")
_PRONOUN = re.compile(r"(?:^|(?<=[,;:]\s))(?:Ông|Bà)\b")
_TRAILING_PUNCT = ",.;:!?”\"')…"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _Mention:
    """A leader in a sentence: full ("Bộ trưởng Ngoại giao Bùi Thanh Sơn") or short ("Bộ trưởng")."""

    start: int
    end: int
    written: str
    title: str
    name: str | None


def _mentions(sentence: str) -> list[_Mention]:
    return [_mention_at(sentence, match) for match in _LEADER_TITLE.finditer(sentence)]


# The body a title belongs to, when its name has lower-case words the qualifier rule below
# cannot follow: "Chủ tịch Ủy ban nhân dân tỉnh", "Bộ trưởng Bộ Nông nghiệp và Phát triển nông
# thôn", "Chủ tịch UBND thành phố".
_LOCAL_BODY = re.compile(
    r"\s+(?:(?:Ủy ban|Uỷ ban|Hội đồng) [Nn]hân dân|UBND|HĐND)"
    r"(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|[Tt]hành phố|[Tt]ỉnh))?"
    r"(?:(?<=hành phố) Hồ Chí Minh)?(?!\w)")  # a city named after a person


def _mention_at(text: str, title: re.Match[str]) -> _Mention:
    """Title, then qualifiers, then a Vietnamese name (surname + 1 to 3 capitalised words)."""
    start = title.end()
    body = _LOCAL_BODY.match(text, start) or _IRREGULAR_ORG.match(text, start + 1)
    if body and text[start:body.start()].strip() == "":
        start = body.end()
    words = _next_words(text, start, 12)
    end = start
    previous = ""
    for i, word in enumerate(words[:9]):
        bare = word[0].rstrip(_TRAILING_PUNCT)
        if bare in _SURNAMES and bare == word[0]:
            i = _name_start(words, i)
            name = _name_after(words[i:])
            if name:
                name_end = words[i].start() + len(name)
                return _Mention(title.start(), name_end, text[title.start():name_end],
                                title[0], name)
        following = words[i + 1][0] if i + 1 < len(words) else ""
        if not _is_qualifier(bare, previous, following):
            break
        previous = bare
        end = word.start() + len(bare)
        if bare != word[0]:
            break
    return _Mention(title.start(), end, text[title.start():end], title[0], None)


def _name_start(words: list[re.Match[str]], i: int) -> int:
    """In a run of capitalised words longer than a name, the name is at its end: "Sở Y tế Hà
    Nội Trần Văn Cường", "tỉnh Đồng Nai Nguyễn Văn An" (place names start with surnames too)."""
    run = 0
    for word in words[i:]:
        bare = word[0].rstrip(_TRAILING_PUNCT)
        if not bare[:1].isupper():
            break
        run += 1
        if bare != word[0]:
            break
    if run <= 4:
        return i
    for size in (4, 3, 2):
        j = i + run - size
        if words[j][0].rstrip(_TRAILING_PUNCT) in _SURNAMES:
            return j
    return i


def _next_words(text: str, pos: int, count: int) -> list[re.Match[str]]:
    return list(itertools.islice(_WORD.finditer(text, pos), count))


def _is_qualifier(word: str, previous: str, following: str) -> bool:
    """Capitalised words ("Chính", "Ngoại"), their second syllable ("phủ", "giao") and
    "thường trực" may stand between a title and a name."""
    if word[:1].isupper():
        return True
    if previous[:1].isupper() and word in _QUALIFIER_SYLLABLES:
        return True
    return (word, following) == ("thường", "trực") or (previous, word) == ("thường", "trực")


def _name_after(words: list[re.Match[str]]) -> str | None:
    """Surname plus the capitalised given names that follow it (two to four words in all)."""
    parts = [words[0][0]]
    for word in words[1:4]:
        bare = word[0].rstrip(_TRAILING_PUNCT)
        if not bare or not bare[0].isupper():
            break
        parts.append(bare)
        if bare != word[0]:
            break
    return " ".join(parts) if len(parts) >= 2 else None


@dataclass
class _Leader:
    written: str
    first_seen: int
    score: float = 0.0
    cued_written: str | None = None
    titles: set[str] = field(default_factory=set)


@dataclass
class _References:
    """Resolves "Bộ trưởng" or "Ông" to the last named leader with that title (or any)."""

    last_by_title: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None

    def resolve(self, mention: _Mention | None) -> str | None:
        if mention is None:
            return self.last_person
        if mention.name:
            self.last_by_title[mention.title] = mention.name
            key = mention.name
        else:
            key = self.last_by_title.get(mention.title, mention.title)
        self.last_person = key
        return key


def _find_issuer(sentences: list[str]) -> str | None:
    """The leader whose mentions carry the most directive cues ("Phát biểu chỉ đạo", "đề nghị").

    Returned as first written with a cue ("Phó Thủ tướng Chính phủ Trần Lưu Quang").
    """
    leaders: dict[str, _Leader] = {}
    references = _References()
    for sentence in sentences:
        for start, end, mention in _references_in(sentence):
            key = references.resolve(mention)
            if key is None:
                continue
            leader = leaders.setdefault(
                key, _Leader(written=mention.written if mention else key, first_seen=len(leaders)))
            if mention is not None and (
                    (mention.name and leader.written == key) or
                    (not mention.name and len(mention.written) > len(leader.written))):
                leader.written = mention.written
            if mention is not None and mention.name:
                leader.titles.add(mention.title.casefold())
            score = _mention_score(sentence, start, end)
            leader.score += score
            if score >= 2 and mention is not None and mention.name and not leader.cued_written:
                leader.cued_written = mention.written
    _merge_bare_titles(leaders)
    cued = [leader for leader in leaders.values() if leader.score > 0]
    if not cued:
        return None
    best = max(cued, key=lambda leader: (leader.score, -leader.first_seen))
    return best.cued_written or best.written


def _merge_bare_titles(leaders: dict[str, _Leader]) -> None:
    """A title met before any name ("Thủ tướng yêu cầu ..." in a headline) is the one leader
    named later with that title, when there is exactly one."""
    for key in [key for key, leader in leaders.items() if not leader.titles]:
        named = [leader for leader in leaders.values() if key.casefold() in leader.titles]
        if len(named) == 1:
            named[0].score += leaders[key].score
            named[0].first_seen = min(named[0].first_seen, leaders[key].first_seen)
            del leaders[key]


def _references_in(sentence: str) -> list[tuple[int, int, _Mention | None]]:
    refs: list[tuple[int, int, _Mention | None]] = [(m.start, m.end, m)
                                                    for m in _mentions(sentence)]
    refs += [(p.start(), p.end(), None) for p in _PRONOUN.finditer(sentence)]
    return sorted(refs, key=lambda ref: ref[0])


def _mention_score(sentence: str, start: int, end: int) -> float:
    """Cue verb right after the leader, or "Phát biểu chỉ đạo ..., <leader>" before it."""
    score = 0.0
    if re.search(r"(?:thay mặt|thừa lệnh)\s*$", sentence[:start]):
        return score  # "Phó Thủ tướng X thay mặt Thủ tướng Chính phủ có ý kiến": X speaks
    cue = _CUE_AFTER.match(sentence, end)
    if not cue:  # "Phó Thủ tướng X - Chủ tịch Ủy ban ... có ý kiến": past an apposition
        apposition = _APPOSITION.match(sentence, end)
        cue = _CUE_AFTER.match(sentence, apposition.end()) if apposition else None
    if cue and not (cue["cue"].lower() in _SIGNING_CUES and _NORMATIVE_SIGNED.match(sentence, cue.end())):
        score += _CUE_WEIGHT[cue["cue"].lower()]
    before = sentence[:start]
    if re.search(r"[Pp]hát biểu chỉ đạo\b", before):
        score += 3
    elif re.search(r"(?i:chỉ đạo|kết luận|ý kiến) của\s*$", before):
        score += 2
    return score


# --------------------------------------------------------------------------------------------
# Units (addressees) and directive sentences
# --------------------------------------------------------------------------------------------

_DET = r"(?:toàn thể|toàn|tất cả các|tất cả|các vị|các|mỗi|từng|những|quý)"
_GENERIC_HEAD = (
    r"(?:(?:thủ trưởng|trưởng|người đứng đầu)\s+(?:các\s+)?cơ quan(?:,\s*đơn vị)?(?:\s+đại diện)?"
    r"|người đứng đầu"
    r"|cơ quan đại diện|cơ quan,\s*đơn vị|cơ quan|đơn vị|ngành"
    r"|bộ,\s*ngành(?:,\s*(?:địa phương|cơ quan))*|bộ,\s*cơ quan(?: ngang bộ)?|địa phương"
    r"|đại sứ quán|tổng lãnh sự quán|lãnh sự quán|phái đoàn|sở ngoại vụ|vụ,\s*cục"
    r"|bộ phận|phòng"
    # Only with a determiner ("các bộ", "các tỉnh, thành phố"): alone they name no one.
    r"|tỉnh,\s*thành phố|tỉnh|thành phố|sở,\s*ban,\s*ngành|sở|bộ(?!\s+(?:trưởng|phận)))"
)
_MODIFIER = (
    r"(?:\s+(?:Việt Nam ở nước ngoài|Việt Nam tại nước ngoài|ở nước ngoài|"
    r"trực thuộc(?: Bộ(?: Ngoại giao)?)?|thuộc Bộ(?: Ngoại giao)?|thuộc Chính phủ|ngang bộ|"
    r"trong Bộ|trong ngành|"
    r"trong và ngoài nước|ngoại giao|có liên quan|liên quan|chức năng|trung ương|địa phương|"
    r"của (?:Đại sứ quán|Tổng Lãnh sự quán|Lãnh sự quán|cơ quan đại diện|Cục|Vụ|Bộ)|"
    r"Việt Nam tại (?:khu vực|địa bàn|các nước|(?-i:[A-ZĐ]\w*(?: [A-ZĐ]\w*)*))))"
)
# Common nouns need a determiner ("các đơn vị") or a modifier ("ngành ngoại giao").
_GENERIC_UNIT = re.compile(
    rf"(?:{_DET}\s+{_GENERIC_HEAD}{_MODIFIER}*|{_GENERIC_HEAD}{_MODIFIER}+"
    rf"|(?:thủ trưởng|người đứng đầu)\s+(?:các\s+)?{_GENERIC_HEAD}{_MODIFIER}*)(?!\w)", _I
)
_ORG_HEAD = re.compile(
    r"(?:Ban Chỉ đạo|BCĐ|Ngân hàng|Tập đoàn|Tổng công ty|Thông tấn xã|Đài|Chính phủ|Văn phòng|"
    r"Ủy ban|Uỷ ban|Học viện|Tổng cục|Trung tâm|Hội đồng|Đảng ủy|"
    r"Đảng uỷ|Thanh tra|Đại sứ quán|Tổng Lãnh sự quán|Phái đoàn|Bộ|Ban|Cục|Vụ|Sở|Viện|UBND)(?!\w)"
)
# Official names that lower-case words, commas or dashes break up, which the capitalisation
# rule below cannot follow: ministries and departments (Bộ / Sở) and central bodies.
_IRREGULAR_ORG = re.compile(
    r"(?:Bộ|Sở)\s+(?:Nông nghiệp và Phát triển [Nn]ông thôn|Lao động\s*[-–,]\s*Thương binh và Xã hội"
    r"|Văn h(?:óa|oá)\s*,\s*Thể thao và Du lịch|Giao thông [Vv]ận tải|Thông tin và Truyền thông"
    r"|Tài nguyên và Môi trường|Khoa học và Công nghệ|Giáo dục và Đào tạo|Kế hoạch và Đầu tư)"
    r"|Ủy ban Quản lý vốn [Nn]hà nước tại [Dd]oanh nghiệp|Bảo hiểm [Xx]ã hội Việt Nam"
    r"|Kiểm toán Nhà nước|Tòa án [Nn]hân dân [Tt]ối cao|Viện [Kk]iểm sát [Nn]hân dân [Tt]ối cao"
    r"(?![\w])")
# Missions are named by their kind alone when the article is about one of them.
_COMPLETE_ORG_HEADS = frozenset({"Đại sứ quán", "Tổng Lãnh sự quán", "Phái đoàn", "Chính phủ"})
_NAME_COMPOUNDS = frozenset({
    "ngoại giao", "chính phủ", "lãnh sự", "chỉ đạo", "thông tin", "báo chí", "tổ chức",
    "công an", "tư pháp", "tài chính", "nội vụ", "quốc phòng", "công thương", "kế hoạch",
    "đầu tư", "ngoại vụ", "trung ương", "quốc hội", "nhà nước", "cán sự", "đối ngoại",
    "kinh tế", "hành chính", "pháp chế", "lễ tân", "chính trị",
})
# Verbs and function words: after an organisation's name they start the predicate.
_NOT_NAME_SYLLABLES = frozenset({
    "cần", "phải", "tiếp", "khẩn", "tăng", "đẩy", "sớm", "chủ", "tập", "quán", "có", "nghiêm",
    "kiên", "rà", "theo", "đôn", "đã", "sẽ", "đang", "và", "với", "về", "trong", "tại", "để",
    "cho", "của", "là", "được", "bị", "thì", "cũng", "đều", "phối", "thực", "triển", "xây",
    "hoàn", "báo", "nghiên", "tổ", "chỉ", "đề", "yêu", "giao", "lưu", "nhấn", "khi", "sau",
    "trước", "nhằm", "làm", "thông", "chúc", "gửi", "tham", "trình", "nắm", "bảo", "đảm", "giữ",
    "hướng", "đánh", "cùng", "quyết", "xem", "kịp", "trực", "ban", "nêu", "tiến", "mở",
})
# Lowercase two-syllable words that end an organisation's proper name.
_ORG_TAILS = frozenset({"kinh tế", "nhân dân", "cán bộ", "đối ngoại", "quốc tế", "thường trực",
                        "lãnh sự", "ngoại giao", "hành chính", "pháp chế", "thông tin",
                        "báo chí", "văn hóa", "văn hoá", "tổ chức", "biên giới", "chính phủ",
                        "chính trị", "tài chính"})
_DIRECTIVE_VERB = (
    r"(?:cần|phải|tiếp tục|khẩn trương|tăng cường|đẩy mạnh|sớm|chủ động|tập trung|quán triệt|"
    r"chủ trì|có trách nhiệm|nghiêm túc|kiên trì|rà soát|theo dõi|đôn đốc|kịp thời|"
    r"chỉ đạo(?! của)|hướng dẫn|nghiên cứu|khẩn cấp|quyết liệt|thực hiện nghiêm|phối hợp chặt chẽ)"
)
# Where the provinces are: "các tỉnh ven biển", "các tỉnh từ Quảng Ninh đến Bình Định".
_REGION = (r"(?:\s+(?:ven biển|miền núi|biên giới|phía (?:Bắc|Nam)|miền (?:Bắc|Trung|Nam)|Tây Nguyên|"
           r"(?:Bắc|Trung|Nam) Bộ|có liên quan|liên quan|bị ảnh hưởng|trong vùng ảnh hưởng|"
           r"từ [A-ZĐ]\w*(?: [A-ZĐ]\w*)* đến [A-ZĐ]\w*(?: [A-ZĐ]\w*)*))")
_MODAL_AFTER_UNIT = re.compile(
    rf"(?:\s+(?:các|mọi)\s+(?:cấp|tỉnh|thành phố|địa phương)(?:,\s*thành phố)?"
    rf"(?:\s+trực thuộc (?i:trung ương))?)?{_REGION}?\s+(?:cũng\s+|đều\s+|thì\s+)?"
    rf"(?:{_DIRECTIVE_VERB}|được giao)\b")
_UNIT_JOINER = re.compile(r"\s*(?:,|;|và)\s*")
_CUE_OBJECT = re.compile(
    r"(?<!\w)(?P<cue>[Cc]hỉ đạo|[Yy]êu cầu|[Đđ]ề nghị|[Gg]iao|[Ll]ưu ý|[Kk]êu gọi)"
    r"(?:\s*[,:]\s*[“\"]?|\s+)"
    r"(?:(?:\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|các|những)\s+"
    r"(?:nhiệm vụ|việc|trọng trách|nội dung)(?:\s+\S+){0,3}?\s+cho\s+|cho\s+)?"
)
_QUOTED_CUE = re.compile(r"(?<!\w)nhấn mạnh\s*:\s*[“\"]")
_CLAUSE_START = re.compile(r"(?:^|[,;:“\"(])\s*")
_LEADING_CONNECTOR = re.compile(r"^(?:Vì vậy|Do vậy|Do đó|Vì thế|Bởi vậy|Trước mắt|Trên cơ sở đó|"
                                r"Từ nay|Thời gian tới)\s+(?=\S)")
_TAIL_CUE = re.compile(r"\s*(?:cũng\s+)?(?:nhấn mạnh|yêu cầu|chỉ đạo|đề nghị|lưu ý)\s*[.!…]*$")
_CONNECTOR_DIRECTIVE = re.compile(
    rf"^(?:Đồng thời|Bên cạnh đó|Ngoài ra|Cùng với đó|Mặt khác|Theo đó),?\s+{_DIRECTIVE_VERB}\b"
)


def _unit_at(text: str, pos: int) -> tuple[int, str] | None:
    """A unit named at `pos`: "các Trưởng cơ quan đại diện Việt Nam ở nước ngoài", "Bộ Ngoại giao"."""
    candidates: list[int] = []
    generic = _GENERIC_UNIT.match(text, pos)
    if generic:
        candidates.append(generic.end())
    named_end = _named_org_end(text, pos)
    if named_end:
        candidates.append(named_end)
    if not candidates:
        return None
    end = max(candidates)
    return end, _tidy_unit(text[pos:end])


def _tidy_unit(phrase: str) -> str:
    """"Các đơn vị" at a sentence start is "các đơn vị"; no trailing list punctuation."""
    phrase = re.sub(r"[.;,:]+$", "", phrase.strip())
    if re.match(_DET + r"\s", phrase, _I):
        phrase = phrase[0].lower() + phrase[1:]
    return phrase


def _named_org_end(text: str, pos: int) -> int | None:
    """End of a proper organisation name: capitalised syllables and their compounds."""
    irregular = _IRREGULAR_ORG.match(text, pos)
    if irregular:
        return irregular.end()
    head = _ORG_HEAD.match(text, pos)
    if not head:
        return None
    words = _next_words(text, head.end(), 12)
    end: int | None = head.end() if head[0] in _COMPLETE_ORG_HEADS else None
    previous_capital = False
    i = 0
    while i < len(words):
        word = words[i][0]
        bare = word.rstrip(_TRAILING_PUNCT)
        following = words[i + 1][0].rstrip(_TRAILING_PUNCT) if i + 1 < len(words) else ""
        if bare == "tại" and following[:1].isupper() and end is not None:
            previous_capital = False  # "Tổng Lãnh sự quán Việt Nam tại Osaka"
        elif (bare == word == "và" and end is not None and following[:1].isupper()
              and not _ORG_HEAD.match(following)):
            previous_capital = False  # "Bộ Kế hoạch và Đầu tư"
        elif bare[:1].isupper():
            previous_capital = True
        elif previous_capital and _continues_name(words[i - 1][0], bare):
            previous_capital = False
        elif bare == word and f"{bare} {following}".casefold() in _ORG_TAILS:
            i += 1
            word, bare = words[i][0], following
            previous_capital = False
        else:
            break
        end = words[i].start() + len(bare)
        if bare != word:
            break
        i += 1
    return end


def _continues_name(previous: str, word: str) -> bool:
    """Is a lowercase syllable the second half of a capitalised word ("Ngoại giao")?"""
    if not word[:1].islower():
        return False
    if f"{previous} {word}".casefold() in _NAME_COMPOUNDS:
        return True
    return word not in _NOT_NAME_SYLLABLES


def _allowed_cue_starts(sentence: str) -> set[int]:
    """Where a cue verb may stand: after a leader, "Ông/Bà", or at the start of a clause."""
    starts = {m.end() for m in _CLAUSE_START.finditer(sentence)}
    for start, end, _mention in _references_in(sentence):
        del start
        filler = re.match(rf"\s*{_FILLERS}", sentence[end:])
        starts.add(end + (filler.end() if filler else 0))
    return starts


def _units_in(sentence: str) -> list[tuple[int, str]]:
    """Units a sentence gives work to: objects of a cue verb, subjects of a directive verb."""
    found: list[tuple[int, str]] = []
    allowed = _allowed_cue_starts(sentence)
    for cue in list(_CUE_OBJECT.finditer(sentence)) + list(_QUOTED_CUE.finditer(sentence)):
        if cue.start() not in allowed:
            continue
        unit = _unit_at(sentence, cue.end())
        if unit:
            found.append((cue.end(), unit[1]))
    starts = [clause.end() for clause in _CLAUSE_START.finditer(sentence)]
    connector = _LEADING_CONNECTOR.match(sentence)
    if connector:  # "Vì vậy các Bộ, ngành cần ..."
        starts.append(connector.end())
    for start in starts:
        unit = _unit_at(sentence, start)
        chain = [(start, unit[1])] if unit else []
        # "các Bộ, ngành, Uỷ ban nhân dân các cấp cần ...": a list of units shares the verb.
        while unit and not _MODAL_AFTER_UNIT.match(sentence, unit[0]):
            joiner = _UNIT_JOINER.match(sentence, unit[0])
            unit = _unit_at(sentence, joiner.end()) if joiner else None
            if unit:
                chain.append((joiner.end(), unit[1]))
        if unit and _MODAL_AFTER_UNIT.match(sentence, unit[0]):
            found.extend(chain)
    return sorted(set(found))


def _find_addressees(sentences: list[str], recipients: list[_Item]) -> list[str]:
    """Recipients of a letter or telegram first, then units given work in the text."""
    phrases = [_tidy_unit(item.text) for item in recipients]
    phrases += [_tidy_unit(s.split(":", 1)[1]) for s in sentences
                if re.match(r"Kính gửi\s*:\s*\S", s, _I)]
    phrases += [phrase for sentence in sentences for _pos, phrase in _units_in(sentence)]
    return _dedupe_units([p for p in phrases if p])


def _unit_key(phrase: str) -> str:
    key = _collapse(phrase).casefold()
    key = re.sub(r"^(?:tất cả các|các vị|toàn thể)\s+", "các ", key)
    return key


def _dedupe_units(phrases: list[str]) -> list[str]:
    """Same unit written twice, or once with a modifier ("toàn ngành" / "toàn ngành Ngoại giao"),
    is kept once, in its longest form, where it first appeared."""
    kept: list[str] = []
    keys: list[str] = []
    for phrase in phrases:
        key = _unit_key(phrase)
        for i, existing in enumerate(keys):
            if key == existing or existing.startswith(key + " "):
                break
            if key.startswith(existing + " "):
                kept[i], keys[i] = phrase, key
                break
        else:
            kept.append(phrase)
            keys.append(key)
    return kept


def _is_attributed_directive(sentence: str) -> bool:
    """"..., Bộ trưởng nhấn mạnh." - the directive comes first, its author at the end."""
    for start, end, _mention in _references_in(sentence):
        if sentence[:start].rstrip().endswith(",") and _TAIL_CUE.match(sentence[end:]):
            return True
    return False


# A leader, a pronoun or the text itself ("Công điện", "Tôi") followed by a directive verb.
_SPEAKER = re.compile(
    r"(?:^|(?<=[,;:]\s))(?:Công điện|Chỉ thị|Văn bản|Thông báo|Tôi|Chính phủ|Bộ Chính trị)\b")
# "có công điện (số 12/CĐ-TTg)( gửi các tỉnh,)? yêu cầu": the text sent, then what it asks.
_SENT_TEXT = (r"(?:(?:có|ban hành|ký(?: ban hành)?|ra|gửi)\s+"
              r"(?i:công điện|công văn|chỉ thị|văn bản|thư)(?: khẩn| hỏa tốc)?"
              r"(?:\s+\(?số [^\s)]+\)?)?(?:\s+gửi\s+[^.:]{3,300}?,)?\s+)")
# Polite forms of official letters: "Bộ Ngoại giao trân trọng đề nghị", "xin đề nghị".
_POLITE = r"(?:(?:xin|kính|trân trọng)\s+)*"
# "kết luận của", "chỉ đạo của": the noun (someone's conclusion), not the verb.
_NOT_NOUN = r"(?!\s+của\b)"
_STRONG_CUE = re.compile(
    rf"\s*{_FILLERS}{_SENT_TEXT}?{_POLITE}"
    rf"(?:chỉ đạo{_NOT_CHAIRING}|yêu cầu|đề nghị|lưu ý|giao|kết luận){_NOT_NOUN}\b"
    r"(?!\s+như sau)")  # "kết luận như sau:" announces what follows; it directs nothing itself
# Subject-less directive: "Yêu cầu Bộ Ngoại giao ...", "Giao Bộ Công an ...", "Đồng ý với ...".
_SUBJECTLESS = re.compile(r"^(?:Yêu cầu|Giao|Đề nghị|Đồng ý|Chấp thuận|Nghiêm cấm|Tuyệt đối)\s")
# "Sở Ngoại vụ thông báo các Sở, ban, ngành được biết, áp dụng ...": told to apply.
_NOTICE_TO_APPLY = re.compile(r"\bthông báo\b[^.]{3,200}?\bbiết,?\s+(?:và\s+)?(?:áp dụng|thực hiện|"
                              r"triển khai|chấp hành|phối hợp)\b")
# With a leader directing, a sentence opening on a directive verb is his instruction, subject
# left out: "Tiếp tục thực hiện mục tiêu kép ...", "Đẩy nhanh tiến trình ...".
_IMPERATIVE = re.compile(
    r"^(?:Tiếp tục\s+(?=(?:thực hiện|triển khai|đẩy mạnh|tăng cường|rà soát|theo dõi|chỉ đạo|"
    r"hoàn thiện|nâng cao|tập trung|làm tốt|bảo đảm|đảm bảo|quán triệt|phối hợp|nghiên cứu|"
    r"xây dựng|giữ vững|duy trì|kiểm soát|đổi mới|cải thiện|thúc đẩy)\b)|"
    r"Đẩy nhanh|Đẩy mạnh|Khẩn trương|Tăng cường|Tập trung|Kiên quyết|Quyết liệt|"
    r"Nghiêm túc|Chủ động|Nâng cao|Kịp thời|Rà soát|Phấn đấu)\s*[a-zà-ỹđ]")
# A deadline sentence: "Báo cáo Thủ tướng trước ngày 20/4", "Thời hạn hoàn thành: quý III".
_DEADLINE_SENTENCE = re.compile(
    r"(?:^Thời hạn\b|^(?:Chậm nhất|Muộn nhất|Trước|Hạn chót)(?: là)?\s+(?:ngày|tháng|quý)\s+(?:\d|[IV])"
    r"|\b(?:báo cáo|hoàn thành|trình|gửi)\b[^.;]{0,120}?\b(?:trước|chậm nhất|"
    r"không quá|trong)\s+(?:ngày|tháng|quý|tuần)\s+(?:\d|[IV]))", _I)
_DONE = re.compile(r"\b(?:đã|vừa)\s+(?:báo cáo|hoàn thành|trình|gửi)\b")
# A leader speaking to the officials before him: "Các đồng chí cần ...", "[Hãy] hòa đồng ...".
_ADDRESSED = re.compile(r"^[“\"]?(?:(?:Các|Mỗi|Từng) đồng chí\s+(?:cần|phải|hãy|nên)\b|\[?Hãy\]?\s)")
# "... nhấn mạnh công tác đối ngoại phải ...": an emphasis that carries an obligation.
# Reported speech puts a comma after the verb: "Thủ tướng nhấn mạnh, tới thời điểm này, ... phải".
_EMPHASIS = re.compile(
    r"(?:^|\s)(?i:nhấn mạnh|lưu ý),?\s+(?!rằng\s+đã)(?:[^.;:]{3,160}?\s)?(?:phải|cần)\s")
# After a directive, a sentence spelling it out: "Trong đó có việc tiếp tục đổi mới ...",
# "Cụ thể, các bộ cần ...".
_SPELLED_OUT = re.compile(rf"^(?:Trong đó|Cụ thể)\b(?=[^.]*\b{_DIRECTIVE_VERB}\b)")
# A leader asking the meeting itself to discuss: procedure, not work for anyone afterwards.
_MEETING_PROCEDURE = re.compile(
    r"\b(?:đề nghị|yêu cầu)\s+(?:các\s+)?(?:đại biểu|thành viên|đồng chí)(?:\s+dự họp)?\s+"
    r"(?:tập trung,?\s+)?(?:thảo luận|cho ý kiến|góp ý|phát biểu|đóng góp ý kiến)\b")
# Background: "Những ngày qua, Thủ tướng đã chỉ đạo ...", "Trước đó, ... đã yêu cầu ...".
_BACKGROUND = re.compile(r"^(?:Trước đó|Thời gian qua|Những ngày qua|Những năm qua|Vừa qua|"
                         r"Năm qua|Thời gian vừa qua)\b[^.]*\bđã\s")
_INTRODUCER = re.compile(
    r"(?:có ý kiến(?: chỉ đạo)?(?: như sau)?|yêu cầu|chỉ đạo(?: như sau)?|kết luận(?: như sau)?|"
    r"đề nghị)\s*:\s*$", _I)


def _is_issuer(mention: _Mention | None, issuer: str | None) -> bool:
    """Only the issuer's own requests count ("Bộ trưởng X đề nghị các đại biểu thảo luận" in
    a report of a Deputy Prime Minister's visit is not his directive); "Ông" refers back."""
    if mention is None or issuer is None:
        return True
    if mention.name:
        # "Thủ tướng" named in the headline, "Thủ tướng Chính phủ Phạm Minh Chính" in the lead.
        return mention.name in issuer or issuer.casefold() == mention.title.casefold()
    return mention.title.casefold() in issuer.casefold()


def _speaker_directs(sentence: str, issuer: str | None = None) -> bool:
    """"Thủ tướng yêu cầu ...", "Ông đề nghị ...", "Công điện yêu cầu ...": the sentence
    reports what a leader or the text itself asks for."""
    ends = [end for _start, end, mention in _references_in(sentence)
            if _is_issuer(mention, issuer)]
    # Past the leader's other titles: "Thượng tướng X, Thứ trưởng, ... có công điện yêu cầu".
    ends += [apposition.end() for apposition in map(partial(_APPOSITION.match, sentence), ends)
             if apposition]
    ends += [m.end() for m in _SPEAKER.finditer(sentence)]
    # The body the text speaks as, at the start of a clause: "Bộ Ngoại giao đề nghị ...".
    for clause in _CLAUSE_START.finditer(sentence):
        if issuer and sentence.startswith(issuer, clause.end()):
            ends.append(clause.end() + len(issuer))  # a long name: "Ban Chỉ đạo ... thiên tai"
            continue
        end = _named_org_end(sentence, clause.end())
        if end and (issuer is None or _collapse(sentence[clause.end():end]) == issuer):
            ends.append(end)
    return any(_STRONG_CUE.match(sentence, end) for end in ends)


def _directive_sentences(paragraphs: list[str], issuer: str | None = None, *,
                         list_intros: list[str] | None = None) -> list[str]:
    """Whole sentences outside any list that give work to a unit."""
    result: list[str] = []
    introduced = False
    for paragraph in paragraphs:
        if introduced and not _INTRODUCER.search(paragraph):
            # "... có ý kiến như sau:" then one unmarked paragraph: that paragraph is the answer.
            first = _split_sentences(paragraph)[:1]
            if first and first[0] not in result:
                result.append(first[0])
        introduced = bool(_INTRODUCER.search(paragraph))
        previous = False
        for sentence in _split_sentences(paragraph):
            is_directive = bool(_units_in(sentence)) or _is_attributed_directive(sentence) or (
                previous and bool(_CONNECTOR_DIRECTIVE.match(sentence) or
                                  _SPELLED_OUT.match(sentence))) or (
                paragraph not in (list_intros or ()) and _speaker_directs(sentence, issuer)) or (
                bool(_SUBJECTLESS.match(sentence))) or (
                bool(_NOTICE_TO_APPLY.search(sentence))) or (
                issuer is not None and bool(_IMPERATIVE.match(sentence))) or (
                issuer is not None and bool(_ADDRESSED.match(sentence))) or (
                issuer is not None and bool(_DEADLINE_SENTENCE.search(sentence))
                and not _DONE.search(sentence)) or (
                issuer is not None and _emphasis_directs(sentence, issuer))
            if _MEETING_PROCEDURE.search(sentence) or _BACKGROUND.match(sentence):
                is_directive = False
            if is_directive and sentence not in result:
                result.append(sentence)
            previous = is_directive
    return result


_SPEAKING_CUE = re.compile(r"\s+(?:(?:xin|kính|trân trọng)\s+)*(?:(?:đã|vừa|cũng)\s+)?"
                           r"(?:đề nghị|yêu cầu|thông báo|chỉ đạo|"
                           r"giao|hướng dẫn|trân trọng đề nghị|có ý kiến|"
                           r"(?:có|ban hành|ra|gửi)\s+(?i:công điện|công văn|chỉ thị|văn bản))\b")


def _emphasis_directs(sentence: str, issuer: str) -> bool:
    """"Thủ tướng ... nhấn mạnh ngành ngoại giao phải ...", or "Nhấn mạnh ... phải ..." opening a
    sentence (the leader named just before): the emphasis carries an obligation."""
    emphasis = _EMPHASIS.search(sentence)
    if not emphasis:
        return False
    if emphasis.start() == 0:
        return True
    return any(_is_issuer(mention, issuer) for _start, end, mention in _references_in(sentence)
               if end <= emphasis.start())


def _speaking_body(sentences: list[str]) -> str | None:
    """With no leader named, the body the text speaks as: "Bộ Ngoại giao đề nghị ...",
    "Sở Ngoại vụ thông báo ..." opening a sentence or a clause."""
    for sentence in sentences:
        for clause in _CLAUSE_START.finditer(sentence):
            end = _named_org_end(sentence, clause.end()) or _long_head_end(sentence, clause.end())
            if not end:
                continue
            if _SPEAKING_CUE.match(sentence, end):
                return _tidy_unit(sentence[clause.end():end])
            # A long name with lower-case words ("Ban Chỉ đạo Trung ương Phòng chống thiên
            # tai") runs on to the cue within the same clause.
            # A comma inside a name is followed by a lower-case word ("về phòng, chống thiên
            # tai"); one closing a clause before the cue is not.
            cue = _SPEAKING_CUE.search(sentence, end)
            gap = sentence[end:cue.start()] if cue else ""
            gap = re.sub(r"\s*\([A-ZĐ][A-ZĐa-z&\-]{1,15}\)", "", gap)  # "(PCTT)": its acronym
            if (cue and not re.search(r"[;:.()]|,(?!\s*[a-zà-ỹđ])", gap)
                    and len(gap.split()) <= 10):
                return _tidy_unit(sentence[clause.end():cue.start()])
    return None


def _long_head_end(sentence: str, pos: int) -> int | None:
    """"Ban Chỉ đạo quốc gia ...", "UBND tỉnh ...": a head that names a body by itself, its
    lower-case rest read up to the cue."""
    head = _ORG_HEAD.match(sentence, pos)
    if head and (" " in head[0] or head[0].isupper()):
        return head.end()
    return None


def _is_person_entry(item: _Item) -> bool:
    """A bullet naming a person ("- Bộ trưởng Ngoại giao Nga Sergey Lavrov;") lists attendees,
    senders or recipients, not a task: it opens with a title and asks nothing."""
    text = item.text
    if item.marker.family not in _BULLETS or item.children:
        return False
    title = _LEADER_TITLE.match(text) or re.match(r"(?:Ông|Bà|Ngài)\s", text)
    if not title:
        return False
    asks = rf"\b(?:{_DIRECTIVE_VERB}|chỉ đạo|yêu cầu|đề nghị|(?<![Nn]goại )giao|báo cáo)\b"
    return not re.search(asks, text)
