"""The dashboard's figures as CSV (one table), XLSX (every table) and JSON (the API): the same
numbers the page shows, computed once by `portal.dashboard.build`.

Every cell goes through chancery.core.spreadsheets, which neutralises anything a spreadsheet
could run as a formula: unit, head and procedure names are typed by administrators.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from chancery.core.spreadsheets import csv_text, xlsx_row
from chancery.payments.selectors import MonthTotals
from chancery.portal.dashboard import Dashboard, Figures, Indicator, Row

TABLES = ("summary", "index", "procedures", "units", "trend", "fees")


def _pct(value: float | None, empty: Any = "") -> Any:
    return empty if value is None else round(value * 100, 1)


def _num(value: float | None, digits: int = 1, empty: Any = "") -> Any:
    return empty if value is None else round(value, digits)


def figure_columns() -> list[tuple[str, str]]:
    """(key, header) of every figure, in export order; keys are also the API's names."""
    return [
        ("received", _("Received")),
        ("full_online", _("Submitted fully online")),
        ("online_share_pct", _("Submitted fully online (%)")),
        ("resolved", _("Resolved")),
        ("early", _("Early")),
        ("on_time", _("On time")),
        ("late", _("Late")),
        ("on_time_rate_pct", _("Early or on time (%)")),
        ("approved", _("Approved")),
        ("refused", _("Refused")),
        ("returned", _("Results returned")),
        ("not_accepted", _("Not accepted")),
        ("withdrawn", _("Withdrawn")),
        ("stopped", _("Stopped")),
        ("open_now", _("Open now")),
        ("overdue_now", _("Overdue now")),
        ("average_working_days", _("Average working days to result")),
        ("p90_working_days", _("90th percentile of working days to result")),
        ("ratings", _("Ratings")),
        ("rating_average", _("Average rating (1-5)")),
        ("satisfied_pct", _("Satisfied, 4-5 (%)")),
    ]


def figure_values(f: Figures, empty: Any = "") -> dict[str, Any]:
    """Every figure by key; ``empty`` stands for "no data" (a blank cell, or null in JSON)."""
    return {
        "received": f.received, "full_online": f.full_online,
        "online_share_pct": _pct(f.online_share, empty),
        "resolved": f.resolved, "early": f.early, "on_time": f.on_time, "late": f.late,
        "on_time_rate_pct": _pct(f.on_time_rate, empty), "approved": f.approved, "refused": f.refused,
        "returned": f.returned, "not_accepted": f.not_accepted, "withdrawn": f.withdrawn,
        "stopped": f.stopped, "open_now": f.open_now, "overdue_now": f.overdue_now,
        "average_working_days": _num(f.average_working_days, 1, empty),
        "p90_working_days": f.p90_label or empty,
        "ratings": f.rating_count, "rating_average": _num(f.rating_average, 2, empty),
        "satisfied_pct": _pct(f.satisfied_share, empty),
    }


def _cells(f: Figures) -> list[Any]:
    values = figure_values(f)
    return [values[key] for key, _label in figure_columns()]


def _headers() -> list[str]:
    return [label for _key, label in figure_columns()]


def fee_columns() -> list[tuple[str, str]]:
    """(key, header) of the fee totals (payments.selectors.monthly_totals), in export order; keys
    are also the API's names. Amounts are in the row's currency, never converted."""
    return [
        ("unit", _("Unit")), ("unit_name", _("Name")), ("month", _("Month")), ("currency", _("Currency")),
        ("paid", _("Paid")), ("paid_count", _("Payments")),
        ("paid_online", _("of which online")), ("paid_online_count", _("Online payments")),
        ("refunded", _("Refunded")), ("refunded_count", _("Refunds")),
        ("net", _("Paid less refunded")),
        ("unpaid", _("Unpaid")), ("unpaid_count", _("Fees waiting for payment")),
        ("exempted_count", _("Exempted")),
    ]


def fee_values(t: MonthTotals) -> dict[str, Any]:
    """One line of the fee totals by key; amounts as decimal strings, as the selector gives them
    (to the currency's minor unit)."""
    return {
        "unit": t.unit.code, "unit_name": t.unit.name, "month": t.month.strftime("%Y-%m"),
        "currency": t.currency,
        "paid": str(t.paid.amount), "paid_count": t.paid.count,
        "paid_online": str(t.paid_online.amount), "paid_online_count": t.paid_online.count,
        "refunded": str(t.refunded.amount), "refunded_count": t.refunded.count,
        "net": str(t.net),
        "unpaid": str(t.unpaid.amount), "unpaid_count": t.unpaid.count,
        "exempted_count": t.exempted.count,
    }


def _indicator_cells(group: str, i: Indicator) -> list[Any]:
    return [
        str(group), str(i.name), i.points,
        "" if i.target is None else _pct(i.target),
        _pct(i.ratio), "" if i.score is None else i.score, i.shown,
        str(i.formula), "" if i.measured else str(i.why_not),
    ]


def table(board: Dashboard, which: str) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of one of TABLES."""
    if which == "summary":
        header = [_("Figure"), _("Value")]
        rows = [
            [_("Scope"), board.title], [_("Period"), board.period.label],
            [_("Head of unit"), board.head] if board.unit else None,
            [_("As of"), board.as_of.isoformat(timespec="minutes")],
        ]
        rows = [r for r in rows if r]
        rows += [[label, value] for label, value in zip(_headers(), _cells(board.figures), strict=True)]
        score = board.index.score
        rows.append([_("Service index: points scored"), "" if score is None else score])
        rows.append([_("Service index: points measured"), board.index.measured_points])
        return header, rows
    if which == "index":
        header = [_("Group"), _("Indicator"), _("Points"), _("Target (%)"), _("Ratio (%)"), _("Score"),
                  _("Figure shown"), _("How it is computed"), _("Not measured because")]
        rows = [_indicator_cells(g.name, i) for g in board.index.groups for i in g.indicators]
        return header, rows
    if which == "procedures":
        header = [_("Procedure"), _("Name"), *_headers()]
        rows = [[r.code, r.name, *_cells(r.figures)] for r in board.by_procedure]
        rows.append([_("Total"), "", *_cells(board.figures)])
        return header, rows
    if which == "units":
        header = [_("Rank"), _("Unit"), _("Name"), _("Head of unit"),
                  # xgettext:no-python-format
                  _("Index (% of the points measured)"),
                  *_headers()]
        rows = [
            [r.rank or "", r.code, r.name, r.head, _pct(r.index.percent if r.index else None),
             *_cells(r.figures)]
            for r in board.units
        ]
        return header, rows
    if which == "trend":
        header = [_("Month"), _("Received"), _("Resolved"), _("Early or on time (%)")]
        rows = [[p.month.strftime("%Y-%m"), p.received, p.resolved, _pct(p.on_time_rate)]
                for p in board.trend]
        return header, rows
    if which == "fees":
        header = [label for _key, label in fee_columns()]
        rows = []
        for t in board.payments:
            values = fee_values(t)
            rows.append([values[key] for key, _label in fee_columns()])
        return header, rows
    raise ValueError(which)


def to_csv(board: Dashboard, which: str) -> str:
    header, rows = table(board, which)
    return csv_text(header, rows)


def _sheet(workbook: Any, title: str, header: list[str], rows: Iterable[list[Any]]) -> None:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(xlsx_row(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(xlsx_row(row))
    sheet.freeze_panes = "A2"


def to_xlsx(board: Dashboard) -> bytes:
    """One sheet per table; the units sheet only for the whole ministry."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    titles = {"summary": _("Summary"), "index": _("Service index"), "procedures": _("By procedure"),
              "units": _("Units ranked"), "trend": _("Last 12 months"), "fees": _("Fees")}
    for which in TABLES:
        if which == "units" and board.unit is not None:
            continue
        header, rows = table(board, which)
        _sheet(workbook, str(titles[which]), header, rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---- JSON for the API --------------------------------------------------------------------------


def _indicator_json(i: Indicator) -> dict[str, Any]:
    return {
        "key": i.key, "name": str(i.name), "points": i.points, "target": i.target, "ratio": i.ratio,
        "score": i.score, "measured": i.measured, "formula": str(i.formula),
        "not_measured_because": "" if i.measured else str(i.why_not), "shown": i.shown,
    }


def _row_json(row: Row) -> dict[str, Any]:
    data: dict[str, Any] = {"code": row.code, "name": row.name, "figures": figure_values(row.figures, None)}
    if row.unit is not None:
        data.update(head=row.head, rank=row.rank,
                    index_percent=_pct(row.index.percent if row.index else None, None))
    return data


def as_json(board: Dashboard) -> dict[str, Any]:
    """The API's answer: every figure of the page, with the index formulas."""
    period = board.period
    return {
        "period": {"kind": period.kind, "value": period.value, "label": period.label,
                   "first_month": period.first_month.isoformat(),
                   "last_month": period.last_month.isoformat()},
        "unit": None if board.unit is None else {
            "code": board.unit.code, "name": board.unit.name, "head": board.head,
        },
        "as_of": board.as_of.isoformat(),
        "figures": figure_values(board.figures, None),
        "index": {
            "score": board.index.score, "attainable": board.index.attainable,
            "measured_points": board.index.measured_points,
            "groups": [
                {"key": g.key, "name": str(g.name), "points": g.points, "score": g.score,
                 "indicators": [_indicator_json(i) for i in g.indicators]}
                for g in board.index.groups
            ],
        },
        "by_procedure": [_row_json(r) for r in board.by_procedure],
        "units": [_row_json(r) for r in board.units],
        "trend": [
            {"month": p.month.strftime("%Y-%m"), "received": p.received, "resolved": p.resolved,
             "on_time_rate_pct": _pct(p.on_time_rate, None)}
            for p in board.trend
        ],
        "fees": [fee_values(t) for t in board.payments],
    }
