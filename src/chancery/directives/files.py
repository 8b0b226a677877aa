"""The text of a directive uploaded as a PDF or a Word (DOCX) file, for the import.

- PDF: the text layer, page by page (pypdf). A scan has none: the officer is told so, rather
  than shown an empty review.
- DOCX: paragraphs and tables in the order of the document (python-docx). Official letters put
  the number and the date in a header table ("Số: 12/BNG-LS | Hà Nội, ngày 5 tháng 3 năm 2025"):
  each row becomes one line with its cells separated by " | ", which the clean-up step
  (document.tidy_text) splits into one line a cell.
"""

from __future__ import annotations

import io
import logging
import re

from django.utils.translation import gettext as _

__all__ = ["UnreadableFile", "docx_text", "pdf_text", "unwrap"]

logger = logging.getLogger(__name__)

# Fewer letters than this in the whole text layer: a scan, or a PDF of images.
MIN_LETTERS = 40
MAX_PAGES = 200


class UnreadableFile(ValueError):
    """The file cannot give its text; the message says why, in the user's language."""


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def pdf_text(raw: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise UnreadableFile(_("This PDF is protected by a password. Upload an unprotected "
                                       "copy, or paste the text.")) from exc
        pages = [unwrap(page.extract_text() or "") for page in reader.pages[:MAX_PAGES]]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        logger.info("PDF not readable: %s", exc)
        raise UnreadableFile(_("This PDF could not be read (damaged or incomplete). Upload it again, "
                               "or paste the text.")) from exc
    text = "\n".join(pages)
    if _letters(text) < MIN_LETTERS:
        raise UnreadableFile(_("This PDF has no text to read: it is probably a scan. Upload the "
                               "original file (PDF with text, or DOCX), or paste the text."))
    return text


# A line that opens an item or a bullet: never the continuation of the line above.
_ITEM_START = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)\-]\s|[IVXLC]{1,5}[.)]\s|[a-zđ][.)]\s|[-–•+*]\s)")
_ENDS_SENTENCE = ".:;!?…"
# Words a sentence goes on after: a line ending with one continues, even on a capital
# ("... giao" / "Cục Lãnh sự chủ trì"); a title or heading line does not end like this.
_OPEN_END = re.compile(r"\s(?:giao|đề nghị|yêu cầu|với|và|của|cho|tại|ngày|các|về)$")
# A line at least this share of the page's longest line was wrapped by the layout.
WRAPPED_SHARE = 0.75


def unwrap(text: str) -> str:
    """Join the lines a PDF's layout wrapped mid-sentence: a long line (near the page's width)
    that does not end a sentence goes on with the next one when that one opens in lower case or
    with a digit ("... trước ngày" / "30/6/2025."), or when the long line ends with a word a
    sentence goes on after ("... giao" / "Cục Lãnh sự ..."); never when the next opens an item."""
    lines = text.split("\n")
    width = max((len(line.strip()) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        previous = out[-1] if out else ""
        if (previous and stripped and len(previous) >= WRAPPED_SHARE * width
                and previous[-1] not in _ENDS_SENTENCE and not _ITEM_START.match(stripped)
                and (stripped[0].islower() or stripped[0].isdigit() or _OPEN_END.search(previous))):
            out[-1] = f"{previous} {stripped}"
        else:
            out.append(stripped)
    return "\n".join(out)


def docx_text(raw: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.extend(_table_lines(block))
    except Exception as exc:
        logger.info("DOCX not readable: %s", exc)
        raise UnreadableFile(_("This Word file could not be read (damaged, or not a DOCX). Upload "
                               "it again, or paste the text.")) from exc
    text = "\n".join(lines)
    if _letters(text) < MIN_LETTERS:
        raise UnreadableFile(_("This Word file has no text to read."))
    return text


def _table_lines(table: object) -> list[str]:
    """One line a row, cells joined by " | " (a merged cell repeats: kept once)."""
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            text = "\n".join(p.text for p in cell.paragraphs).strip()
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines
