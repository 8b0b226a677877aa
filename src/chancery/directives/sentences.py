"""Sentence splitting for the directive extractor: one step of the pipeline, testable alone.

A sentence ends at ". ! ? …" when the next word starts a sentence (a capital, a digit or a
quote), not after an abbreviation ("TP.", "v.v.") or a lone letter, and never inside a quotation
that closes later in the paragraph: "“... . ...” – Thủ tướng nói" is one utterance with its
attribution.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

_ABBREVIATIONS = {"tp", "th.s", "ths", "ts", "pgs", "gs", "mr", "ms", "mrs", "st", "v.v", "tt",
                  "q", "p", "tr", "nxb", "tskh", "bs", "ks", "ls", "ncs", "cn"}
_SENTENCE_BREAK = re.compile(r"([.!?…]+)([”\"'»)]*)(\s+)")
_OPENING_QUOTES = "“\"«(‘'"


def split_sentences(text: str) -> list[str]:
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
        if match[1] == "." and (_is_abbreviation(last_word) or
                                (len(last_word) == 1 and last_word.isalpha())):
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_abbreviation(word: str) -> bool:
    """"TP", "v.v" and academic titles run together: "PGS.TS", "GS.TSKH"."""
    parts = [part for part in word.split(".") if part]
    return word in _ABBREVIATIONS or (bool(parts) and all(part in _ABBREVIATIONS for part in parts))


def _inside_quote(text: str, start: int, pos: int) -> bool:
    """Is a quotation opened in ``text[start:pos]`` still open at ``pos`` and closed later?"""
    opened = text.count("“", start, pos) - text.count("”", start, pos)
    if opened > 0:
        return "”" in text[pos:]
    return text.count('"', start, pos) % 2 == 1 and '"' in text[pos:]


def _quote_opens(text: str, pos: int) -> bool:
    """A new quotation opening right at ``pos`` means the previous one was never closed."""
    return text[pos:pos + 1] in ("“", '"')
