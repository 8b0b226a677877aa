"""Folding Vietnamese (and other) text for search: NFC, lower case, diacritics removed, đ→d.

Done here rather than by a database tokenizer because no tokenizer folds đ/Đ (it has no Unicode
decomposition), and because highlighting needs to map every folded character back to the
original text. Pure Python, no Django: every layer (the catalogue, units, briefings) may use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

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


def pick_language(text: dict | None) -> str:
    """A catalogue text ({"vi": ..., "en": ...}) in the active language, else Vietnamese, else English."""
    if not text:
        return ""
    from django.utils.translation import get_language

    lang = (get_language() or "vi")[:2]
    return text.get(lang) or text.get("vi") or text.get("en") or ""
