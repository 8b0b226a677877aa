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


# Bounds on rich text. Both the sanitiser (html5ever under nh3) and the PDF layout cost grow with
# the nesting depth times the size; one note of 10,000 nested lists cost minutes of CPU. A real
# note is a few kilobytes, its deepest structure a list in a table in a quote.
MAX_HTML_CHARS = 100_000  # what is typed or pasted, markup included
MAX_DEPTH = 20  # deeper elements are flattened: their text is kept, their tags dropped
# Before the sanitiser, tags are only counted: for each element name, how many more were opened
# than closed so far, summed over the names. Elements whose end tag may be left out (<p>, <li>,
# table cells) close themselves and are not counted; the parser's repairs (misnested <b><ul></b>)
# can nest deeper than the tags say, but never more than the unclosed elements allow. Far
# beyond any real text, the input is refused before it is parsed at all.
MAX_RAW_DEPTH = 400

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_OPTIONAL_END = frozenset({"p", "li", "td", "th", "tr", "thead", "tbody", "tfoot", "dt", "dd", "option"})
_RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# The sanitiser's output: every element closed, attribute values double-quoted, '<' and '>'
# escaped in text and attribute values.
_CLEAN_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>')


class RichTextTooComplex(ValueError):
    """Rich text beyond the bounds above; the message says which, in the reader's language."""


def check_html_bounds(value: str) -> None:
    """Refuse, cheaply (one pass, no parsing), text that is too long or absurdly nested."""
    from django.utils.translation import gettext as _

    if len(value or "") > MAX_HTML_CHARS:
        raise RichTextTooComplex(
            _("The text is too long: at most %(n)s characters, formatting included.") % {"n": MAX_HTML_CHARS}
        )
    open_by_name: dict[str, int] = {}
    depth = deepest = 0
    for match in _RAW_TAG.finditer(value or ""):
        name = match.group(2).lower()
        if name in _VOID or name in _OPTIONAL_END:
            continue
        count = open_by_name.get(name, 0)
        if match.group(1):
            if count:
                open_by_name[name] = count - 1
                depth -= 1
        else:
            open_by_name[name] = count + 1
            depth += 1
            deepest = max(deepest, depth)
    if deepest > MAX_RAW_DEPTH:
        raise RichTextTooComplex(
            _("The text's formatting is nested too deeply (%(n)s levels). Paste it as plain text.")
            % {"n": deepest}
        )


def flatten_deep(value: str, max_depth: int = MAX_DEPTH) -> str:
    """Sanitised HTML with every element deeper than `max_depth` unwrapped (text kept, tags
    dropped). Linear; only for the sanitiser's own, well-formed output."""
    out: list[str] = []
    stack: list[bool] = []  # per open element: was it kept?
    kept = 0
    cursor = 0
    for match in _CLEAN_TAG.finditer(value):
        out.append(value[cursor : match.start()])
        cursor = match.end()
        closing, tag = match.group(1), match.group(2).lower()
        if tag in _VOID:
            out.append(match.group(0))
        elif not closing:
            keep = kept < max_depth
            stack.append(keep)
            kept += keep
            if keep:
                out.append(match.group(0))
        elif stack and stack.pop():  # the element was kept: so is its end tag
            kept -= 1
            out.append(match.group(0))
    out.append(value[cursor:])
    return "".join(out)


def sanitize_html(value: str) -> str:
    """Rich text kept safe: only basic formatting survives, scripts and styles never do.

    Text typed without block tags is turned into paragraphs (blank lines) and line breaks, so
    plain typing, with or without a few bold words, still reads as written. Too long or absurdly
    nested text is refused (RichTextTooComplex); elements deeper than MAX_DEPTH are flattened.
    """
    value = nfc(value).replace("\r\n", "\n").strip()
    if not value:
        return ""
    check_html_bounds(value)
    if not _BLOCK_TAG_RE.search(value):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        value = "".join("<p>" + "<br>".join(p.splitlines()) + "</p>" for p in paragraphs)
    return flatten_deep(
        nh3.clean(
            value,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
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
