"""Enumerations of a directive's body: markers, the item tree, and which lists ask for work.

One step of the directive pipeline (see :mod:`chancery.directives.extraction`), pure Python and
tested alone (tests/directives/test_outline.py). It reads the body paragraphs that
:func:`chancery.directives.document.split_parts` left (no closing formula, signature or
distribution list) and returns the tree of enumerated items.

1. **Markers** (:func:`parse_marker`): the forms Vietnamese administrative texts enumerate with
   (Decree 30/2020 and older usage): "I." / "II -", "1." / "1)" / "(1)" / "1-" / "1/" /
   "1.Giao" (a web copy lost the space), sub-numbers "1.1." / "2.3.1.", letters "a)" / "a." /
   "(a)", bullets "-", "+", "•", and rhetorical ordinals "Thứ nhất", "Một là". Inline chains
   ("... sau: 1- ...; 2- ...", "thứ nhất, ...; thứ hai, ...") are cut into one piece per item.
2. **Outline** (:func:`build_outline`): a list starts at its first ordinal or any bullet; legal
   forms nest by rank (I. > 1. > 1.1. > a) > - > +); paragraphs between two markers belong to
   the earlier item; after the last item only continuation paragraphs ("Trong đó", "Đồng thời")
   stay with it.
3. **Classification** (:func:`is_directive_list`, :func:`is_other_heading`,
   :func:`is_person_entry`): a list is a list of tasks when its introducer asks for work, or,
   with no introducer that says so, when its items are written as work - a directive verb
   ("chủ trì", "phối hợp", "rà soát", "báo cáo", "bảo đảm", "cần", "phải", ...) that is not a
   report of what was done ("đã tổ chức"). Lists that report results, count, name people,
   units, documents or fields, state legal bases or a regulation's clauses ask nothing.
4. **Kind** (:func:`kind_of`): "4 nhiệm vụ" / "các nhiệm vụ" -> task, "giải pháp" / "biện
   pháp" -> solution, "bài học" -> lesson; a counted phrase wins over a bare word, a nested
   list with no such word takes its parent's kind, else "other".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Item", "Kind", "Marker", "Outline", "build_outline", "counted_kind",
           "is_directive_list", "is_other_heading", "is_person_entry", "item_asks",
           "join_bare_markers", "kind_of",
           "parse_marker", "split_inline_chain"]

Kind = Literal["task", "solution", "lesson", "other"]

_I = re.IGNORECASE

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

# Outline rank of legal forms: I. > 1. > 1.1. > 1.1.1. > a) > - > +. Rhetorical ordinals have
# no fixed rank.
_RANK = {"part": -1.0, "roman": 0.0, "num_dot": 1.0, "num_paren": 1.0, "num_both": 1.0, "num_dash": 1.0,
         "num_slash": 1.0, "num_sub": 1.5, "num_subsub": 1.7, "alpha": 2.0, "dash": 3.0,
         "dot": 3.0, "plus": 4.0}
_BULLETS = {"dash", "dot", "plus"}
# Written numbers and Roman numerals may slip by one (a skipped or repeated number); words do
# not ("Thứ ba" in prose after "Thứ nhất" is no third item).
_SLIP_TOLERANT = {"num_dot", "num_paren", "num_both", "num_dash", "num_slash", "roman"}
_LETTER = r"[^\W\d_]"  # any letter, Vietnamese included

_LEADING = [
    ("thu", re.compile(rf"^(?P<m>[Tt]hứ (?P<w>{_THU_WORDS})(?: là)?)(?:\s*[,:.]\s*|\s+[-–]\s+)"
                       rf"(?P<b>.*)$", re.S)),
    ("la", re.compile(rf"^(?P<m>(?P<w>(?i:{_LA_WORDS})) là)(?:\s*[,:]\s*|\s+)(?P<b>\S.*)$",
                      re.S)),
    ("num_both", re.compile(r"^(?P<m>\((?P<w>\d{1,2})\))\s*(?P<b>\S.*)$", re.S)),
    # "1.1.", "2.3 Bộ ..." (a sub-number needs its final dot or a capital after it: not "1.5 tỷ")
    ("num_subsub", re.compile(
        r"^(?P<m>(?P<p>\d{1,2}\.\d{1,2})\.(?P<w>\d{1,2})(?:\.\s*|\s+(?=[A-ZĐ])))(?P<b>\S.*)$",
        re.S)),
    ("num_sub", re.compile(
        r"^(?P<m>(?P<p>\d{1,2})\.(?P<w>\d{1,2})(?:\.\s*|\s+(?=[A-ZĐÂĂÊÔƠƯ])))(?P<b>\S.*)$",
        re.S)),
    # "1. Bộ ..." and "1.Giao ..." (a web copy lost the space; "1.500" is a number)
    ("num_dot", re.compile(rf"^(?P<m>(?P<w>\d{{1,2}})\.)(?:\s+|(?={_LETTER}))(?P<b>\S.*)$",
                           re.S)),
    ("num_paren", re.compile(r"^(?P<m>(?P<w>\d{1,2})\))\s*(?P<b>\S.*)$", re.S)),
    # "1- Các bộ ...", "2 - Bộ Y tế ..." (not "1-2 ngày": a letter must follow)
    ("num_dash", re.compile(rf"^(?P<m>(?P<w>\d{{1,2}})\s?[-–])\s*(?P<b>{_LETTER}.*)$", re.S)),
    # "1/ Bộ Ngoại giao ..." (not "1/3 số hồ sơ": a letter must follow)
    # ... but "01/NQ-CP" at a wrapped line's start is a document's number, not "1/ ...".
    ("num_slash", re.compile(rf"^(?P<m>(?P<w>\d{{1,2}})\s?/)(?![A-ZĐ]{{1,10}}[-/])\s*"
                             rf"(?P<b>{_LETTER}.*)$", re.S)),
    ("alpha", re.compile(r"^(?P<m>\((?P<w>[a-zđ])\)|(?P<w2>[a-zđ])[).])\s+(?P<b>\S.*)$", re.S)),
    ("roman", re.compile(r"^(?P<m>(?P<w>[IVX]{1,6})(?:\.|\s?[-–/)]))\s+(?P<b>\S.*)$", re.S)),
    # "A. MỤC TIÊU", "B - NHIỆM VỤ": the parts of a plan above its Roman sections (the body
    # must be upper case, so that an initial "A. Nguyễn" is no marker).
    ("part", re.compile(r"^(?P<m>(?P<w>[A-H])(?:\.|\s[-–]))\s+(?P<b>[^\s\w]*[A-ZĐ][^a-z]*)$",
                        re.S)),
    # A scanned copy's OCR reads a hyphen at a line's start as "_" or "~" ("_ Tiếp tục ...").
    ("dash", re.compile(r"^(?P<m>[-–—]|[_~](?=\s))\s*(?P<b>\S.*)$", re.S)),
    ("plus", re.compile(r"^(?P<m>\+)\s*(?P<b>\S.*)$", re.S)),
    # "*" is a bullet only before a space: "**Tiêu đề**" is a web page's bold heading or byline.
    ("dot", re.compile(r"^(?P<m>[•·●▪◦]|\*(?=\s))\s*(?P<b>\S.*)$", re.S)),
]

# Inline chains ("... sau: thứ nhất, ...; thứ hai, ..."): after ":", ";" or "." only.
_INLINE_PREFIX = r"(?<=[:;.])\s+(?:và\s+|hoặc\s+)?"
_INLINE = [
    ("thu", re.compile(rf"{_INLINE_PREFIX}(?P<m>[Tt]hứ (?P<w>{_THU_WORDS})(?: là)?)(?=\s*[,:])")),
    ("la", re.compile(rf"{_INLINE_PREFIX}(?P<m>(?P<w>(?i:{_LA_WORDS})) là)(?=\s*[,:])")),
    ("num_both", re.compile(rf"{_INLINE_PREFIX}(?P<m>\((?P<w>\d{{1,2}})\))(?=\s)")),
    ("num_paren", re.compile(rf"{_INLINE_PREFIX}(?P<m>(?P<w>\d{{1,2}})\))(?=\s)")),
    ("num_dash", re.compile(rf"{_INLINE_PREFIX}(?P<m>(?P<w>\d{{1,2}})\s?[-–])(?=\s*{_LETTER})")),
    # "1. Giao ... 2. Bộ ..." run together on one line: a capital must follow the number.
    ("num_dot", re.compile(rf"{_INLINE_PREFIX}(?P<m>(?P<w>\d{{1,2}})\.)(?=\s+[A-ZĐÂĂÊÔƠƯ])")),
    ("alpha", re.compile(rf"{_INLINE_PREFIX}(?P<m>(?P<w>[a-zđ])\))(?=\s)")),
    # "... sau: - Bộ A ...; - Bộ B ..." (a copy that lost its line breaks): a capital follows.
    ("dash", re.compile(rf"{_INLINE_PREFIX}(?P<m>[-–•+])(?=\s+[A-ZĐÂĂÊÔƠƯ])")),
]
_INLINE_PATTERNS = dict(_INLINE)


@dataclass(frozen=True)
class Marker:
    family: str
    value: int  # 1-based ordinal; 0 for bullets
    written: str  # as in the text: "Thứ nhất", "1.", "a)", "-"
    body: str  # the paragraph without the marker
    word: str = ""  # the ordinal as written ("a", "IV", "3"); for "1.2." the prefix "1" too
    prefix: str = ""


def parse_marker(paragraph: str) -> Marker | None:
    """The marker opening a paragraph, if any; weekdays ("Thứ hai, ngày 5/2") are not markers."""
    for family, pattern in _LEADING:
        match = pattern.match(paragraph)
        if not match:
            continue
        groups = match.groupdict()
        word = groups.get("w") or groups.get("w2")
        value = _marker_value(family, word)
        if value is None:
            continue
        body = match["b"].strip()
        if family == "thu" and re.match(r"(?:ngày\b|\d)", body):
            continue
        return Marker(family, value, match["m"].strip(), body, (word or "").casefold(),
                      groups.get("p") or "")
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
        if word in _VN_ALPHABET:
            return _VN_ALPHABET.index(word) + 1
        # "f)", "j)": a writer using the Latin order (see _follows, which accepts both).
        return _LATIN_ALPHABET.index(word) + 1 if word in _LATIN_ALPHABET else None
    if family == "roman":
        return _roman_value(word.upper())
    if family == "part":
        return "ABCDEFGH".index(word.upper()) + 1
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


def _follows(previous: Marker, marker: Marker) -> bool:
    """Is `marker` the next sibling after `previous` (same form, next ordinal)?"""
    if previous.family != marker.family:
        return False
    if marker.family in _BULLETS:
        return True
    if marker.family == "alpha":
        prev_letter, letter = previous.word, marker.word
        if any(letter in abc and prev_letter in abc and
               abc.index(letter) == abc.index(prev_letter) + 1
               for abc in (_VN_ALPHABET, _LATIN_ALPHABET)):
            return True
        # A letter slipped ("c), đ)" for "c), d)", or "đ), đ)"; scanned copies confuse d and
        # đ): still the same list, as for numbers. Never from "a)", which starts lists.
        return marker.value > 1 and previous.value <= marker.value <= previous.value + 2
    if marker.prefix != previous.prefix:  # "1.2." follows "1.1.", not "2.1."
        return False
    if marker.family in _SLIP_TOLERANT and marker.value > 1:
        # A numbered text with a slip ("1., 2., 4." or "2., 2."): still the same list.
        return previous.value <= marker.value <= previous.value + 2
    return marker.value == previous.value + 1


def split_inline_chain(paragraph: str) -> list[str]:
    """Cut "intro: Thứ nhất, ...; thứ hai, ..." into the intro and one piece per marker.

    A chain needs consecutive ordinals: the paragraph's own opening marker followed by its
    next siblings, or at least two inline markers starting at one. A lone "thứ hai" in prose
    ("lần thứ hai") is never cut.
    """
    lead = parse_marker(paragraph)
    cuts: list[int] = []
    if lead:
        family = "dash" if lead.family in _BULLETS else lead.family
        cuts = _chain_positions(paragraph, family, start_value=lead.value + 1, min_length=1)
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
        if family in _BULLETS:
            positions.append(match.start("m"))
        elif _marker_value(family, match["w"]) == expected:
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
# Outline: markers -> nested items
# --------------------------------------------------------------------------------------------

_CONTINUATION = re.compile(
    r"^(?:Trong đó|Đó là|Để làm được (?:điều|việc) (?:đó|này)|Để làm được như vậy|Đồng thời|"
    r"Ngoài ra|Bên cạnh đó|Cùng với đó|Trên cơ sở đó|Theo đó|Cụ thể|Qua đó|Mặt khác|Muốn vậy)\b"
)


# A numbered topic of a letter or a report: "Về việc ...", "Về công tác ...", with no stop.
_TOPIC_HEADING = re.compile(r"^Về\s+[^\n.;:!?]{3,120}$")


# "Kính gửi:", "BỘ TRƯỞNG BỘ NGOẠI GIAO điện:" - the bullets that follow are recipients.
_RECIPIENTS_INTRO = re.compile(r"(?:kính gửi|đồng gửi|\bđiện)\s*:\s*$", _I)


@dataclass
class Item:
    marker: Marker
    kind: Kind
    parts: list[str]
    children: list[Item] = field(default_factory=list)

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

    container: list[Item]
    last: Item
    kind: Kind

    @property
    def family(self) -> str:
        return self.last.marker.family


@dataclass
class Outline:
    """Builds the item tree paragraph by paragraph; keeps paragraphs outside any list."""

    title: str | None
    roots: list[Item] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    stack: list[_OpenList] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    intro: str = ""  # the outside paragraph just before the next top-level list
    recipients: list[Item] = field(default_factory=list)  # "Kính gửi:" / "... điện:" bullets
    list_intros: list[str] = field(default_factory=list)  # paragraphs that introduce a list
    root_lists: list[tuple[str, list[Item]]] = field(default_factory=list)  # (intro, items)

    def directive_roots(self) -> list[Item]:
        """Top-level items of the lists that direct (see :func:`is_directive_list`), without
        section headings that name no work ("I. QUAN ĐIỂM", "II. SỰ CẦN THIẾT").

        An item that only names a document (a page's "1. Thông báo số 106/TB-VPCP ...") is
        no task; when a request introduces the list under it, that list's items are the tasks.
        """
        found: list[Item] = []
        for intro, items in self.root_lists:
            found += _directive_items(intro, items)
        return found

    def feed(self, paragraph: str) -> None:
        marker = parse_marker(paragraph)
        if marker is None:
            self._plain(paragraph)
            return
        level = self._sibling_level(marker)
        if level == 0 and marker.family in _BULLETS and self._introduced():
            level = None  # "- ...\nNăm tới, Bộ trưởng yêu cầu:\n- ...": a new list
            self.close()
        if level is not None:
            self._attach_pending()
            del self.stack[level + 1:]
            self._add(self.stack[level], marker)
        elif marker.value == 1 or marker.family in _BULLETS:
            self._start_list(marker)
        else:
            self._plain(paragraph)  # "Thứ ba" continuing nothing: ordinary prose

    def close(self) -> None:
        """End of text (or of all open lists): keep only continuation paragraphs, and the
        paragraph an item ending in ":" announces ("2. Bộ Công an:" / "Bảo đảm an ninh.")."""
        if self.pending and self.stack and self.stack[-1].last.text.rstrip().endswith(":") \
                and parse_marker(self.pending[0]) is None:
            self.stack[-1].last.parts.append(self.pending.pop(0))
        if self.pending and self.stack and _TOPIC_HEADING.match(self.stack[-1].last.text):
            # "1. Về việc xác định cơ quan có thẩm quyền" (a letter's topic, no stop): the
            # paragraphs under it are its content, up to the next marker or the end.
            self.stack[-1].last.parts.extend(self.pending)
            self.pending.clear()
        while self.pending and self.stack and _CONTINUATION.match(self.pending[0]):
            self.stack[-1].last.parts.append(self.pending.pop(0))
        self.stack.clear()
        for paragraph in self.pending:
            self.outside.append(paragraph)
            self.intro = paragraph
        self.pending.clear()

    def _introduced(self) -> bool:
        """Has a paragraph ending in ":" (not a continuation) come since the last item?"""
        return bool(self.pending) and self.pending[-1].rstrip().endswith(":") and \
            not _CONTINUATION.match(self.pending[-1]) and len(self.stack) == 1

    def _plain(self, paragraph: str) -> None:
        if self.stack:
            self.pending.append(paragraph)
        else:
            self.outside.append(paragraph)
            self.intro = paragraph

    def _sibling_level(self, marker: Marker) -> int | None:
        for level in range(len(self.stack) - 1, -1, -1):
            if _follows(self.stack[level].last.marker, marker):
                return level
        return None

    def _attach_pending(self) -> None:
        if self.stack:
            self.stack[-1].last.parts.extend(self.pending)
        self.pending.clear()

    def _add(self, open_list: _OpenList, marker: Marker) -> None:
        item = Item(marker=marker, kind=open_list.kind, parts=[_item_text(marker.body)])
        open_list.container.append(item)
        open_list.last = item
        if open_list.container is self.roots and self.root_lists:
            self.root_lists[-1][1].append(item)

    def _start_list(self, marker: Marker) -> None:
        level = self._nesting_level(marker)
        if level is not None:
            self._attach_pending()
            del self.stack[level + 1:]
            parent = self.stack[level].last
            kind = kind_of(parent.text) or parent.kind
            child = Item(marker=marker, kind=kind, parts=[_item_text(marker.body)])
            parent.children.append(child)
            self.stack.append(_OpenList(container=parent.children, last=child, kind=kind))
            return
        self.close()
        kind = kind_of(self.intro) or counted_kind(self.title or "") or "other"
        item = Item(marker=marker, kind=kind, parts=[_item_text(marker.body)])
        container = self.roots
        if marker.family in _BULLETS and _RECIPIENTS_INTRO.search(self.intro):
            container = self.recipients  # who a letter or telegram is sent to, not tasks
        container.append(item)
        if container is self.roots:
            # A list right under the title (nothing read before it) is introduced by the title.
            opening = not self.outside and not self.root_lists and not self.recipients
            self.root_lists.append((self.intro or (self.title or "" if opening else ""), [item]))
        self.stack.append(_OpenList(container=container, last=item, kind=kind))
        if self.intro:
            self.list_intros.append(self.intro)
        self.intro = ""

    def _nesting_level(self, marker: Marker) -> int | None:
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


_BARE_MARKER = re.compile(
    rf"^(?:\d{{1,2}}(?:\.\d{{1,2}}){{0,2}}[.)/-]|\(\d{{1,2}}\)|[a-zđ][).]|\([a-zđ]\)|[IVX]{{1,6}}\.|"
    rf"[-–—+•]|[Tt]hứ (?:{_THU_WORDS})[,:.]?|(?i:{_LA_WORDS}) là[,:]?)$")


def join_bare_markers(paragraphs: list[str]) -> list[str]:
    """A marker alone on its line ("1." then "Bộ Ngoại giao chủ trì ...", as PDF and Word
    copies often have it) is joined to the paragraph after it."""
    joined: list[str] = []
    carry = ""
    for paragraph in paragraphs:
        if _BARE_MARKER.match(paragraph.strip()):
            carry = f"{carry} {paragraph.strip()}".strip()
            continue
        if carry and not paragraph.strip():
            continue  # blank lines between the marker and its text
        joined.append(f"{carry} {paragraph}" if carry else paragraph)
        carry = ""
    if carry:
        joined.append(carry)
    return joined


def build_outline(paragraphs: list[str], title: str | None) -> Outline:
    outline = Outline(title=title)
    for paragraph in join_bare_markers(paragraphs):
        for piece in split_inline_chain(paragraph):
            outline.feed(piece)
    outline.close()
    return outline


# --------------------------------------------------------------------------------------------
# Classification: does a list direct anyone?
# --------------------------------------------------------------------------------------------

# "giao" gives work; "ngoại giao", "bàn giao", "giao thông", "giao lưu" do not.
_GIAO = (r"(?<!ngoại )(?<!Ngoại )(?<!bàn )(?<!chuyển )(?<!\w)giao(?!\w)(?!\s+(?:thông|dịch|lưu|"
         r"tiếp|hữu|thương|kết|ước|nhận|hàng|ban|quyền|thoa|diện|tranh|thời|kèo|lộ|hảo)\b)")
# An introducer that asks outright: a request, an instruction, an obligation, a named set of
# tasks ("4 nhiệm vụ", "các giải pháp sau").
_STRONG_INTRO = re.compile(
    rf"(?:\b(?:yêu cầu|đề nghị|(?<!Ban )(?<!ban )chỉ đạo|kết luận|ý kiến|chỉ thị|cần|phải|"
    rf"lưu ý|nhấn mạnh|quán triệt|khẩn trương|giao nhiệm vụ|phân công|"
    rf"(?:\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|các|những|nhóm)\s+(?:nhóm\s+)?"
    rf"(?:nhiệm vụ|giải pháp|biện pháp|công việc|việc|đầu việc|nội dung công việc)"
    rf"(?:,\s*(?:nhiệm vụ|giải pháp|biện pháp))?\s+(?:sau|trọng tâm|chủ yếu|cụ thể|"
    rf"trọng yếu|cần|như sau|dưới đây))\b|{_GIAO})", _I)
# An introducer that only names work in general: weaker than a report.
_WEAK_INTRO = re.compile(
    r"\b(?:nhiệm vụ|giải pháp|biện pháp|công việc|thực hiện|triển khai|tập trung|tiếp tục|"
    r"đồng ý|các việc|các nội dung sau|tổ chức thực hiện)\b", _I)
# The introducer announces a list that is no request: results, figures, who attended, bases,
# what a text contains, a regulation's clauses, definitions.
_OTHER_INTRO = re.compile(
    r"(?:\bkết quả\b|\bđạt được\b|\bthành tựu\b|\bthành tích\b|\bsố liệu\b|\bthống kê\b|"
    r"\bthông tin\b|\bcập nhật\b|\btình hình\b|\bthành phần\b|\btham dự\b|\bcó mặt\b|\bcăn cứ\b|"
    r"\bnội dung chính\b|\bbao gồm\b|\bgồm có\b|\bcụ thể như sau\b|"
    r"\bđã (?:làm|thực hiện|triển khai|tổ chức|ban hành|hoàn thành)\b|"
    r"\bđược hiểu\b|\btừ ngữ\b|\bdanh sách\b|\bthành viên\b|"
    r"\báp dụng đối với\b|\bđối tượng áp dụng\b|\bphạm vi điều chỉnh\b|\bquy định (?:sau|như sau)\b|"
    r"\bchương trình (?:hội nghị|làm việc|buổi|lễ)\b|"
    # What two countries agreed, or a spokesperson's answer: positions, not tasks for units.
    r"\b(?:hai|các|ba|cả hai)\s+(?:bên|nước|phía|Bộ trưởng|Ngoại trưởng|nhà lãnh đạo|lãnh đạo|"
    r"Thủ tướng)\b[^.;]*\b(?:nhất trí|thống nhất|cam kết|khẳng định|hoan nghênh|bày tỏ|"
    r"ghi nhận|đánh giá cao)\b|\bngười phát ngôn\b|\bhọp báo\b|\btuyên bố chung\b)",
    _I)
# An introducer that announces findings: what an inspection or the reports showed ("Từ kết quả
# ... cho thấy:"), the shortcomings that remain ("còn một số tồn tại, hạn chế, cụ thể:"). Its
# list says what is wrong, not what to do, unless a request follows in the same sentence
# ("còn hạn chế, đề nghị các đơn vị khắc phục các nội dung sau:").
_FINDINGS_INTRO = re.compile(
    r"\bcho thấy\s*:?\s*$|\b(?:vẫn\s+)?còn\s+(?:(?:phát sinh|có|bộc lộ|tồn tại|xảy ra)\s+)?"
    r"(?:(?:một số|nhiều|những)\s+)?(?:tồn tại|hạn chế|bất cập|thiếu sót|yếu kém|sai sót)\b", _I)
# A programme's time slot: a clock time ("09h00", "14:30", "8 giờ 30") or a part of the day.
_SCHEDULE_INTRO = re.compile(
    r"(?<![\w/])(?:\d{1,2}\s*h\s*\d{0,2}|\d{1,2}:\d{2}|\d{1,2}\s+giờ(?:\s+\d{1,2})?)(?!\w)|"
    r"^(?:Buổi|Phiên)\s+(?:sáng|chiều|tối|trưa)\b", _I)
# An item that reports rather than asks: figures, percentages, what has been done.
_REPORTED = re.compile(
    r"(?:\d[\d.,]*\s*(?:%|(?:người|ca|mẫu|tỷ|triệu|nghìn|lượt|doanh nghiệp|dự án|USD|đồng)\b)|"
    r"^(?:Đã|Đạt|Tổng số|(?:Tăng|Giảm)\s+(?:\d|gần|hơn|khoảng))\b)", _I)
# A count of things ("120 đoàn", "30 thỏa thuận"), not a number that names something ("Chỉ thị
# số 15 về", "Điều 5 của", "khóa 13 và") nor a date or a time ("10 ngày").
_COUNT = re.compile(r"(?<![\w/.-])(?P<n>\d[\d.,]*)\s+(?!(?:ngày|tháng|năm|quý|giờ|tuần|h)\b)"
                    r"[^\W\d_]", _I)
_NAMING_NUMBER = re.compile(
    r"(?:\b(?:số|Điều|khoản|điểm|khóa|khoá|thứ|lần|Nghị quyết|Nghị định|Quyết định|Chỉ thị|"
    r"Thông tư|Công văn|Công điện|Kết luận|Thông báo|Luật|năm|ngày|tháng|quý|tuổi|giai đoạn|"
    r"Chương|Mục|Phần|Tiểu ban|Tổ)|[-–])\s*$", _I)


def _reports(text: str) -> bool:
    """Figures or what was done: "Tổ chức 120 đoàn", "Đã ký 30 thỏa thuận", "tăng 10%"."""
    if _REPORTED.search(text):
        return True
    return any(not _NAMING_NUMBER.search(text[max(0, m.start() - 20):m.start()])
               for m in _COUNT.finditer(text))
# Directive verbs and obligations (Decree 30/2020 usage and the texts that follow it): who is
# to lead, coordinate, review, report, ensure ...
_ASK_WORDS = (
    r"cần|phải|tiếp tục|khẩn trương|tăng cường|đẩy mạnh|đẩy nhanh|sớm|chủ động|tập trung|"
    r"chủ trì|phối hợp|rà soát|theo dõi|đôn đốc|kịp thời|chỉ đạo|yêu cầu|đề nghị|bảo đảm|"
    r"đảm bảo|nghiên cứu|đề xuất|xây dựng|hoàn thiện|triển khai|thực hiện|báo cáo|"
    r"hướng dẫn|kiểm tra|xử lý|quán triệt|nâng cao|đồng ý|chấp thuận|nghiêm cấm|không để|"
    r"tham mưu|chuẩn bị|giải quyết|tuyên truyền|phổ biến|huy động|"
    r"cung cấp|gửi|giám sát|tổng hợp|thu xếp|làm việc với|chịu trách nhiệm|"
    r"có trách nhiệm|là cơ quan đầu mối|đầu mối|bố trí|"
    r"nghiêm túc|quyết liệt|kiên quyết|phát huy|duy trì|giữ vững|thúc đẩy|vận động|"
    r"tranh thủ|lưu ý|chấn chỉnh|khắc phục|phòng ngừa|ngăn chặn|kiểm soát|rút kinh nghiệm|"
    r"hoàn thành|tổng kết|sơ kết|đánh giá(?! cao)|cập nhật|kiện toàn|phát động|mời|"
    r"(?<!bầu )(?<!ứng )(?<!đề )cử(?!\s+tri)|(?<!độc )(?<!song )(?<!tự )lập|thành lập|thiết lập")
# Verbs that are also nouns: "tổ chức" (an organisation: "các tổ chức, cá nhân"), "trình"
# ("chương trình", "quy trình").
_ASK_VERB_NOUNS = (r"(?<!các )(?<!những )(?<!mọi )(?<!từng )(?<!Các )(?<!Những )tổ chức"
                   r"(?!\s*,\s*cá nhân|\s+(?:quốc tế|chính trị|xã hội|đoàn thể|phi chính phủ|"
                   r"tín dụng|kinh tế|cá nhân|và cá nhân|bộ máy|Đảng|cơ sở)\b)|"
                   r"(?<!chương )(?<!quy )(?<!công )(?<!tiến )(?<!lộ )trình(?!\s+(?:độ|bày)\b)")
_ASK = re.compile(rf"(?<!\w)(?:(?:{_ASK_WORDS}|{_ASK_VERB_NOUNS})(?!\w)|{_GIAO})", _I)
# "đã tổ chức", "được giao", "vừa ban hành": what was done or what one received.
_DONE_BEFORE = re.compile(r"(?:\b(?:đã|vừa|được|đang|bị)\s+(?:\S+\s+)?)$", _I)


# Words that oblige whatever else the item says: an item with figures and one of these sets
# a target ("bảo đảm 100% ..."); with figures and only a plain verb it reports ("Tổ chức 120
# đoàn").
_OBLIGES = re.compile(rf"(?<!\w)(?:(?:cần|phải|chủ trì|phối hợp|khẩn trương|yêu cầu|đề nghị|"
                      rf"bảo đảm|đảm bảo|phấn đấu|chịu trách nhiệm|có trách nhiệm)(?!\w)|{_GIAO})",
                      _I)


def item_asks(text: str) -> bool:
    """Does an item's text ask for work? A directive verb that is not a report of what was
    done ("đã tổ chức", "được giao"); with figures in the item, an obligation ("bảo đảm",
    "phấn đấu", "chủ trì"), since a plain verb and a figure report ("Tổ chức 120 đoàn")."""
    return _has_ask(text, _OBLIGES if _reports(text) else _ASK)


def _has_ask(text: str, pattern: re.Pattern[str]) -> bool:
    for match in pattern.finditer(text):
        if not _DONE_BEFORE.search(text[max(0, match.start() - 20):match.start()]):
            return True
    return False


def _verb_anywhere(item: Item) -> bool:
    """A directive verb in the item or below it, figures or not: it is more than a name."""
    return _has_ask(item.text, _ASK) or any(_verb_anywhere(child) for child in item.children)


def _asks_anywhere(item: Item) -> bool:
    """The item or one of its descendants asks ("1. Bộ Công an." / "a) Phối hợp ...")."""
    first = item.text.split("\n", 1)[0]
    return (item_asks(item.text) or bool(_WORK_HEADING.search(first))
            or bool(_ANY_KIND.search(first) and (item.children or len(first.split()) <= 10))
            or any(_asks_anywhere(child) for child in item.children))


# Upper-case section headings of plans, programmes and submissions that hold no work.
_OTHER_HEADING = re.compile(
    r"\b(?:QUAN ĐIỂM|MỤC TIÊU|MỤC ĐÍCH|SỰ CẦN THIẾT|BỐI CẢNH|TÌNH HÌNH|KẾT QUẢ|ĐÁNH GIÁ|CĂN CỨ|"
    r"PHẠM VI|ĐỐI TƯỢNG|NGUYÊN TẮC|QUÁ TRÌNH|THỰC TRẠNG|NỘI DUNG CHÍNH)\b")
_WORK_HEADING = re.compile(r"\b(?:NHIỆM VỤ|GIẢI PHÁP|BIỆN PHÁP|CÔNG VIỆC|KIẾN NGHỊ|ĐỀ XUẤT|"
                           r"CHỈ ĐẠO|TỔ CHỨC THỰC HIỆN|PHÂN CÔNG)\b")


def is_other_heading(text: str) -> bool:
    """A heading naming a part that asks nothing: upper case ("I. QUAN ĐIỂM VÀ MỤC TIÊU"), or
    a short line with no stop that opens with such a part's name ("1. Mục tiêu cụ thể")."""
    first = text.split("\n", 1)[0]
    letters = [char for char in first if char.isalpha()]
    if not letters:
        return False
    if any(char.islower() for char in letters):
        short = len(first.split()) <= 8 and first.rstrip()[-1:] not in ".;!?…"
        return short and bool(_OTHER_HEADING.match(first.upper())) and \
            not _WORK_HEADING.search(first.upper())
    return bool(_OTHER_HEADING.search(first)) and not _WORK_HEADING.search(first)


_DOC_TYPES = (r"Nghị quyết|Quyết định|Nghị định|Thông tư|Chỉ thị|Công văn|Công điện|Thông báo|"
              r"Luật|Kết luận|Báo cáo|Tờ trình|Kế hoạch|Quy chế|Văn bản")
# A document's number: "số 106/TB-VPCP", "01/NQ-CP", "36/2025/NĐ-CP".
_DOC_NUMBER = re.compile(r"\b\d+(?:/\d{4})?/[A-ZĐ]{1,8}(?:-[A-ZĐa-z]{1,10})+\b")
# Items that name a document, a person, a unit or a metadata field.
_LISTS_NO_WORK = re.compile(
    rf"^(?:(?:{_DOC_TYPES})\s+(?:số\s+)?\d|(?:Ông|Bà|Ngài|Đồng chí)\s+[A-ZĐ]|"
    r"(?!Về\b)[^:\n]{2,40}:[ \t]*\S[^\n]{0,80}$)")
# Who an item names when it names a unit: "Ủy ban nhân dân tỉnh.", "Các tổ chức, cá nhân ...".
_UNIT_HEAD = re.compile(
    r"^(?:(?:Các|Những|Toàn thể|Tất cả các)\s+)?(?:Bộ|Ban|Sở|Cục|Vụ|Viện|Ủy ban|Uỷ ban|UBND|"
    r"Hội đồng|Văn phòng|Tổng cục|Đại sứ quán|Tổng Lãnh sự quán|Cơ quan|Đơn vị|Tổ chức|Cá nhân|"
    r"Doanh nghiệp|Trung tâm|Thanh tra|Công an|Tòa án|Viện kiểm sát|Ngân hàng|Tập đoàn|"
    r"Tổng công ty|Phòng|Chi cục|Đài|Báo|Thông tấn xã|Học viện|Trường|Hội|Liên đoàn|Mặt trận|"
    r"Đoàn|Chính phủ|Thủ tướng|Lãnh đạo|Đại diện|Người đứng đầu|Thủ trưởng|Cán bộ|Công chức|"
    r"tổ chức|cơ quan|đơn vị|cá nhân)\b", _I)


def _names_no_work(item: Item) -> bool:
    """An entry that names a document, a person, a unit or a field, and asks nothing."""
    if _asks_anywhere(item) or _verb_anywhere(item):
        return False
    first = item.text.split("\n", 1)[0]
    return bool(_LISTS_NO_WORK.match(first) or _UNIT_HEAD.match(first)
                or _PERSON_TITLE.match(first) or _DOC_NUMBER.search(first))


def _is_no_work_entry(item: Item) -> bool:
    """See :func:`_names_no_work`; a document named at the start ("Quyết định số 12/QĐ-TTg
    ban hành ...") stays a name even with a verb in its title, unless the item obliges."""
    first = item.text.split("\n", 1)[0]
    if _DOCUMENT_FIRST.match(first) and not item.children and not _OBLIGES.search(item.text):
        return True
    if _HEADLINE_QUOTE.match(first) and not item.children:
        return True  # "Thủ tướng: Ngành ngoại giao phải đi đầu" - a link to another article
    if _DATED_ENTRY.match(first) and not _OBLIGES.search(first):
        return True  # "Ngày 5/3: Tàu cá bị bắt giữ", "8h30: Khai mạc" - a timeline, an agenda
    return _names_no_work(item)


# An entry opening on a date or a time and a colon or a dash: a timeline or an agenda.
_DATED_ENTRY = re.compile(
    r"^(?:(?:Ngày|Sáng|Chiều|Tối|Tháng|Năm|Quý|Từ|Đến)\s+)?(?:ngày\s+)?"
    r"(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{1,2}\s*(?:h|giờ|:)\s*\d{0,2}|"
    r"(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2,4})?|[IVX]+(?:/\d{4})?)\s*(?:[:–]|-\s)", _I)
# "Bộ Ngoại giao: Đề án hội nhập quốc tế" - under a request, a unit and what it is to deliver.
_ASSIGNMENT = re.compile(_UNIT_HEAD.pattern + r"[^:\n]{0,60}:\s*\S", _I)
_DOCUMENT_FIRST = re.compile(rf"^(?:{_DOC_TYPES})\s+(?:số\s+)?\d")
# A headline quoting a speaker, with no full stop: "Thủ tướng: Ngành ngoại giao phải đi đầu".
_HEADLINE_QUOTE = re.compile(
    r"^(?:Phó\s+)?(?:Thủ tướng|Bộ trưởng|Chủ tịch|Tổng Bí thư|Thứ trưởng|Người phát ngôn|"
    r"Đại sứ)[^:.;]{0,40}:\s+\S[^\n]*[^.;:!?…\s]$")


_ARTICLE_INTRO = re.compile(r"^[“\"]?(?:Điều|Chương)\s+(?:\d+|[IVX]+)\b")
# A body's standing mandate: "thực hiện những nhiệm vụ, quyền hạn sau", "vị trí, chức năng".
# A procedure's dossier: "Hồ sơ đề nghị hợp pháp hóa lãnh sự", "Thành phần hồ sơ gồm:".
_DOSSIER_INTRO = re.compile(r"^(?:Thành phần\s+|Về\s+)?hồ sơ\b(?!\s+(?:phải|cần)\b)", _I)
# The sections of an administrative procedure's page (the national procedure database's
# layout): the steps a citizen and an office go through, not tasks given to anyone.
_PROCEDURE_INTRO = re.compile(r"(?:^|\n)\s*(?:Trình tự thực hiện|Cách thức thực hiện|"
                              r"Tên bước\s+Mô tả bước)\s*:?\s*$", _I)
_MANDATE_INTRO = re.compile(r"\b(?:quyền hạn|chức năng|cơ cấu tổ chức|vị trí pháp lý)\b", _I)


def is_directive_list(intro: str, items: list[Item]) -> bool:
    """Does a top-level list ask for work? Explainable rules, in order:

    1. every item only names a document ("Nghị quyết số 01/NQ-CP ..."), a person ("Ông ...",
       "Bộ trưởng ..."), a unit ("Ủy ban nhân dân tỉnh.") or a field ("Ngày hiệu lực:
       01/7/2025") and none asks -> no, whatever the introducer says (such a list names who
       or what; the work is elsewhere), except "<unit>: <what to deliver>" under a request;
    2. bullets that are all headlines with no stop, hung from no ":" -> no (a news page's
       links to other articles); bullets with a question among them -> no (an interview);
    3. an introducer that opens an article ("Điều 5. Trách nhiệm ...") -> no: a directive is
       never written in articles, a regulation is; nor one announcing a body's standing
       mandate ("nhiệm vụ, quyền hạn", "chức năng");
    4. an introducer that asks outright ("Thủ tướng yêu cầu:", "các nhiệm vụ sau:") -> yes;
    5. an introducer announcing results, figures, attendees, legal bases, definitions, an
       agenda -> no;
    6. an introducer that names work in general ("tổ chức thực hiện", "nhiệm vụ") -> yes;
    7. otherwise the items decide: yes when at least one item (or one of its sub-items) is
       written as work and the list does not mostly report figures or what was done.
    """
    last = _last_sentence(intro)
    asked = bool(last and _STRONG_INTRO.search(last))
    if items and all(_is_no_work_entry(item) and not (
            asked and (_ASSIGNMENT.match(item.text) or _DATED_ENTRY.match(item.text)))
                     for item in items):
        return False
    if _is_link_list(intro, items):
        return False
    if any(item.marker.family in _BULLETS and item.text.split("\n", 1)[0].rstrip().endswith("?")
           for item in items):
        return False  # an interview's questions and answers, not tasks
    if _ARTICLE_INTRO.match(intro):
        return False  # a regulation's article: a directive is never written in articles
    if _DOSSIER_INTRO.match(_last_sentence(intro) or intro):
        return False  # "Hồ sơ đề nghị ...", "Thành phần hồ sơ": the papers a procedure needs
    if _PROCEDURE_INTRO.search(intro[-200:]):
        return False  # "Trình tự thực hiện", "Tên bước  Mô tả bước": a procedure's steps
    if last and _MANDATE_INTRO.search(last):
        return False  # "nhiệm vụ, quyền hạn": what a body is for, set by a decree, not tasks
    if last and _SCHEDULE_INTRO.search(last) and len(last.split()) <= 12 and \
            not _has_ask(last, _ASK):
        return False  # "Khai mạc Đại hội: 09h00", "Buổi chiều (14h00):": a programme's slot
    findings = _FINDINGS_INTRO.search(last) if last else None
    if findings and not _STRONG_INTRO.search(last[findings.end():]):
        return False  # "... cho thấy:", "còn một số tồn tại, cụ thể:": shortcomings found
    if last and _STRONG_INTRO.search(last):
        return True
    if last and _OTHER_INTRO.search(last):
        return False
    if last and _WEAK_INTRO.search(last):
        return True
    reported = sum(1 for item in items if _reports(item.text))
    asking = sum(1 for item in items if _asks_anywhere(item))
    return asking > 0 and not (reported * 2 > len(items) and asking * 2 < len(items))


def _is_link_list(intro: str, items: list[Item]) -> bool:
    """Bullets that are headlines (each short, capitalised, with no stop and no sub-items, none
    opening on a directive verb), under a line that neither ends in ":" nor announces a list
    ("... các việc sau."): a news page's links to other articles."""
    if len(items) < 2 or intro.rstrip().endswith(":") or _ANNOUNCES_LIST.search(
            _last_sentence(intro)):
        return False
    return all(item.marker.family in _BULLETS and not item.children and len(item.parts) == 1
               and item.text[:1].isupper() and item.text[-1:] not in ".;:!?…,"
               and len(item.text.split()) <= 20 and not _ASK_FIRST.match(item.text)
               for item in items)


# "... các nhiệm vụ sau.", "... gồm", "như sau": a sentence that announces the list under it.
_ANNOUNCES_LIST = re.compile(r"(?:sau|như sau|gồm|bao gồm|dưới đây|cụ thể)\s*[.:]?\s*$", _I)
# An entry opening on a directive verb: "Rà soát ...", "Báo cáo ..." - an order, not a headline.
_ASK_FIRST = re.compile(rf"^(?:{_ASK_WORDS})(?!\w)", _I)


def _directive_items(intro: str, items: list[Item]) -> list[Item]:
    """The items of one top-level list that are tasks (see :meth:`Outline.directive_roots`)."""
    found: list[Item] = []
    if is_directive_list(intro, items):
        for item in items:
            if is_other_heading(item.text):
                continue
            if item.children and (_names_a_document(item) or _appraises(item) or
                                  (len(items) == 1 and _is_headline_over_request(item))):
                found += _directive_items(item.parts[-1] if len(item.parts) > 1 else "",
                                          item.children)
                continue
            if not _appraises(item):
                found.append(item)
        return found
    for item in items:  # a heading naming a document, with a request under it
        if item.children and _names_a_document(item) and len(item.parts) > 1 and \
                _STRONG_INTRO.search(_last_sentence(item.parts[-1])):
            found += _directive_items(item.parts[-1], item.children)
    return found


# A conclusion's opening point that appraises ("1. Hoan nghênh các bộ đã ...", "Đánh giá cao
# ...", "Biểu dương ..."): the leader's assessment of what was done, not work to do.
_APPRAISAL = re.compile(r"^(?:Hoan nghênh|Đánh giá cao|Biểu dương|Ghi nhận|Khen ngợi|Cảm ơn|"
                        r"Chúc mừng|Trân trọng cảm ơn)\b")


def _appraises(item: Item) -> bool:
    """An item opening with praise and no obligation in its first sentence; the list under it,
    if any, is introduced by its last paragraph ("... cần tập trung các nhiệm vụ sau:")."""
    if not _APPRAISAL.match(item.text):
        return False
    return not _OBLIGES.search(_first_sentence(item.text))


def _first_sentence(text: str) -> str:
    match = re.search(r"[.!?…;](?:\s|$)", text)
    return text[:match.start()] if match else text


def _is_headline_over_request(item: Item) -> bool:
    """A lone numbered line that reads as a headline (long, no stop), with a paragraph under
    it that asks ("Theo đó, Thủ tướng yêu cầu ... sau:") before its sub-list: a page's listing
    number over an article, not a task; the sub-list is the request's."""
    first = item.parts[0] if item.parts else ""
    return (len(item.parts) > 1 and len(first.split()) >= 12 and first[-1:] not in ".;:!?…"
            and bool(_STRONG_INTRO.search(_last_sentence(item.parts[-1])))
            and item.parts[-1].rstrip().endswith(":"))


def _names_a_document(item: Item) -> bool:
    """"Văn phòng Chính phủ: Thông báo số 106/TB-VPCP ngày ... Kết luận của ..." - a line that
    names a document (its number) and asks nothing is a heading, not a task."""
    first = item.parts[0] if item.parts else ""
    return bool(_DOC_NUMBER.search(first)) and not item_asks(first) and \
        first[-1:] not in ".;"


# --------------------------------------------------------------------------------------------
# Sentences (just enough to find the last one of an introducer)
# --------------------------------------------------------------------------------------------

_ABBREVIATIONS = {"tp", "th.s", "ths", "ts", "pgs", "gs", "mr", "ms", "mrs", "st", "v.v", "tt",
                  "q", "p", "tr", "nxb"}
_SENTENCE_BREAK = re.compile(r"([.!?…]+)([”\"'»)]*)(\s+)")
_OPENING_QUOTES = "“\"«(‘'"


def _last_sentence(text: str) -> str:
    """The sentence a paragraph ends with (an introducer's request is in its last sentence);
    with the one before when the last is only a connector ("Cụ thể như sau:", "Cụ thể:")."""
    if not text:
        return ""
    last = _final_sentence(text)
    if len(last.split()) <= 4 and len(last) < len(text.strip()):
        head = text.strip()[:len(text.strip()) - len(last)].strip()
        return f"{_final_sentence(head)} {last}"
    return last


def _final_sentence(text: str) -> str:
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        nxt = text[match.end():match.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in _OPENING_QUOTES):
            continue
        before = text[start:match.start()].split()
        last_word = before[-1].casefold() if before else ""
        if match[1] == "." and (last_word in _ABBREVIATIONS or
                                (len(last_word) == 1 and last_word.isalpha())):
            continue
        if text[match.end():].strip():
            start = match.end()
    return text[start:].strip()


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


def counted_kind(text: str) -> Kind | None:
    match = _COUNTED.search(text)
    return _kind_word(match["k"]) if match else None


def kind_of(intro: str) -> Kind | None:
    """What the sentence introducing a list calls its items ("giao 4 nhiệm vụ", "3 bài học")."""
    if not intro:
        return None
    last = _last_sentence(intro) or intro
    kind = counted_kind(last)
    if kind:
        return kind
    words = _ANY_KIND.findall(last)
    if words:
        return _kind_word(words[-1])
    return counted_kind(intro)


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

_PERSON_TITLE = re.compile(
    r"(?:Phó\s+)?(?:Thủ tướng|Bộ trưởng|Tổng Bí thư|Chủ tịch|Thứ trưởng|Trưởng ban|Đại sứ|"
    r"Tổng Lãnh sự|Cục trưởng|Vụ trưởng|Giám đốc|Chủ nhiệm|Chánh Văn phòng|Tổng Thư ký|"
    r"Ngoại trưởng|Tổng thống|Quốc vương|Nhà vua|Hoàng tử|Công chúa|Thủ hiến|Thống đốc|"
    r"Ông|Bà|Ngài)\b(?! quán)")


def is_person_entry(item: Item) -> bool:
    """A bullet naming a person ("- Bộ trưởng Ngoại giao Nga Sergey Lavrov;") lists attendees,
    senders or recipients, not a task: it opens with a title and asks nothing."""
    if item.marker.family not in _BULLETS or item.children:
        return False
    return bool(_PERSON_TITLE.match(item.text)) and not item_asks(item.text)
