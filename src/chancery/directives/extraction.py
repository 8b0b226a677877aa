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
the leader with the strongest cues (:mod:`chancery.directives.issuer`), a directive's number, the
body the text speaks as, the signature block), the date (:mod:`chancery.directives.dating`) and
the prose directive sentences (:mod:`chancery.directives.prose`, on sentences split by
:mod:`chancery.directives.sentences`). Each of those modules is one step, tested alone.

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
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Literal

from chancery.directives.dating import _EVENT_DAY, issue_date
from chancery.directives.document import (
    is_normative,
    safe_date,
    signer_office,
    split_parts,
    tidy_text,
)
from chancery.directives.issuer import _LEADER_TITLE, dispatch_sender, find_issuer
from chancery.directives.prose import (
    _DIRECTIVE_VERB,
    directive_sentences,
    find_addressees,
    speaking_body,
)
from chancery.directives.sentences import split_sentences

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
    body_sentences = [s for p in doc.paragraphs for s in split_sentences(p)]
    title_sentences = [doc.title] if doc.title else []
    sentences = title_sentences + body_sentences
    normative = is_normative(parts)  # a decree or a decision regulates: no tasks, no issuer
    issuer = None if normative else (parts.leader or dispatch_sender(doc.paragraphs)
                                     or find_issuer(sentences)
                                     or parts.number_issuer or speaking_body(sentences)
                                     or signer_office(parts.signature))
    return {
        "title": doc.title,
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
    return len(line.split()) <= 45 and len(split_sentences(line)) == 1


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
    last = (split_sentences(intro) or [""])[-1] if intro else ""
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
    sentences = split_sentences(intro)
    last = sentences[-1] if sentences else intro
    kind = _counted_kind(last)
    if kind:
        return kind
    words = _ANY_KIND.findall(last)
    if words:
        return _kind_word(words[-1])
    return _counted_kind(intro)


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
