"""Cells of every CSV and XLSX export, made safe from formula injection.

A spreadsheet runs a cell as a formula when it starts with ``= + - @`` (Excel also takes a
leading tab or carriage return, and full-width ``＝ ＋ － ＠``). In a CSV the cell boundary is
not only the comma Python writes: spreadsheets set to Vietnamese or French split on ``;``, some
on tab or ``|``, and a line break starts a new row. So a trigger character is neutralised (an
apostrophe put before it, which spreadsheets show as text) at the start of the value **and**
after each of those separators, whitespace between them included. Numbers, dates and other
non-string values are left as they are.

Every export writes its cells through ``safe_cell`` (or the ``csv_text`` / ``xlsx_row`` helpers).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

TRIGGERS = "=+-@\uff1d\uff0b\uff0d\uff20"
SEPARATORS = ",;\t\r\n|"
# A trigger at the start, or after a separator, with only whitespace in between.
_FORMULA = re.compile(rf"(^|[{re.escape(SEPARATORS)}])(\s*)([{re.escape(TRIGGERS)}])")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet will show it, never run it."""
    if not isinstance(value, str):
        return value
    return _FORMULA.sub(r"\1\2'\3", value)


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]], *, bom: bool = False) -> str:
    """A CSV document with every cell (header too) made safe; ``bom`` for Excel and UTF-8."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def xlsx_row(row: Iterable[Any]) -> list[Any]:
    """Cells for openpyxl: without the control characters XLSX cannot hold (removed first, so
    that removing them cannot bring a trigger to the front), then safe."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)
            for value in row]
