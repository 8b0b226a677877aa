"""Vietnamese-aware text handling: folding for search (in `chancery.core.text`, re-exported here),
safe rich text, plain text from HTML."""

from __future__ import annotations

import html
import re

import nh3

from chancery.core.text import (  # noqa: F401  (re-exported for the briefings modules)
    WORD_RE,
    fold,
    fold_for_index,
    fold_with_map,
    nfc,
    words,
)

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
