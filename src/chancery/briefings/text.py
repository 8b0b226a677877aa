"""Vietnamese-aware text handling: folding for search, safe rich text, plain text from HTML.

Folding (NFC, lower case, diacritics removed, đ→d) is done here rather than by a database
tokenizer because no tokenizer folds đ/Đ (it has no Unicode decomposition), and because
highlighting needs to map every folded character back to the original text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import nh3

# Words for indexing and querying: runs of letters and digits. Punctuation, underscores and
# symbols separate words the same way on SQLite FTS5, PostgreSQL and in the highlighter.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}


def nfc(text: str) -> str:
    """All text is stored in NFC: the same word typed on two keyboards compares equal."""
    return unicodedata.normalize("NFC", text or "")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char.isascii():
        return char.lower()
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.lower()


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (C speed afterwards)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        if len(value) != 1:
            _NOT_ONE_TO_ONE.add(chr(code))
        return value


_TABLE = _FoldTable()
_NOT_ONE_TO_ONE: set[str] = set()  # characters folding to none or to several (a lone accent, İ)


def fold(text: str) -> str:
    """Lower-case, diacritics removed, đ→d: "Bộ Ngoại giao" and "BO NGOAI GIAO" fold alike."""
    return nfc(text).translate(_TABLE)


def fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """Fold `text` (already NFC) and return, for each folded character, its index in `text`."""
    folded = text.translate(_TABLE)
    if _NOT_ONE_TO_ONE.isdisjoint(text):  # each character folded to one: all Vietnamese text
        return folded, range(len(text))
    out: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        one = _fold_char(char)
        out.append(one)
        positions.extend([index] * len(one))
    return "".join(out), positions


def fold_for_index(text: str) -> str:
    """The indexed shadow text: folded words separated by single spaces."""
    return " ".join(WORD_RE.findall(fold(text)))


def words(text: str) -> list[str]:
    return WORD_RE.findall(fold(text))


# --- rich text ---------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
_BLOCK_TAG_RE = re.compile(r"<\s*/?\s*(p|ul|ol|li|table|tr|blockquote|h[1-6]|div|br)\b", re.I)


def sanitize_html(value: str) -> str:
    """Rich text kept safe: only basic formatting survives, scripts and styles never do.

    Text typed without block tags is turned into paragraphs (blank lines) and line breaks, so
    plain typing, with or without a few bold words, still reads as written.
    """
    value = nfc(value).replace("\r\n", "\n").strip()
    if not value:
        return ""
    if not _BLOCK_TAG_RE.search(value):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        value = "".join("<p>" + "<br>".join(p.splitlines()) + "</p>" for p in paragraphs)
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


_BLOCK_END = re.compile(r"</\s*(p|li|h3|h4|blockquote|tr|table|ul|ol|div|h1|h2|h5|h6)\s*>|<\s*br\s*/?>", re.I)


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment, one line per block, for the index and e-mails."""
    if not value:
        return ""
    value = re.sub(r"\s+", " ", value)  # in HTML a line break in the source is a space
    value = _BLOCK_END.sub("\n", value)
    value = nh3.clean(value, tags=set())
    value = html.unescape(value)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in value.splitlines()]
    return nfc("\n".join(line for line in lines if line))


def normalised_hash_text(text: str) -> str:
    """What two copies of one article have in common: folded words, nothing else."""
    return " ".join(words(text))
