"""Dashboard exports: the same figures as the page, as CSV (one table) or XLSX (every table).

Every cell goes through chancery.core.spreadsheets, which neutralises anything a spreadsheet
could run as a formula: task texts come from pasted news articles.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from chancery.core.spreadsheets import csv_text, xlsx_row
from chancery.directives.rules import (
    ON_TIME_RATE_DEFINITION,
    OVERDUE_SHARE_DEFINITION,
    Bucket,
    Figures,
    TaskStatus,
)
from chancery.directives.selectors import Dashboard

TABLES = ("units", "directives", "tasks")


def _rate(value: float | None) -> float | str:
    return "" if value is None else round(value * 100, 1)


def figure_header() -> list[str]:
    return (
        [str(_("Assigned"))]
        + [str(label) for _v, label in TaskStatus.choices]
        + [str(label) for _v, label in Bucket.choices]
        + [str(_("On-time rate (%)")), str(_("Overdue share (%)"))]
    )


def figure_cells(figures: Figures) -> list[Any]:
    buckets = figures.bucket_counts
    return (
        [figures.assigned]
        + [figures.count(value) for value in TaskStatus.values]
        + [buckets[value] for value in Bucket.values]
        + [_rate(figures.on_time_rate), _rate(figures.overdue_share)]
    )


def table(dashboard: Dashboard, which: str) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of one table; the unit and directive tables end with a total row."""
    if which == "units":
        header = [str(_("Lead unit")), str(_("Name"))] + figure_header()
        rows = [[r.key.code, r.key.name] + figure_cells(r.figures) for r in dashboard.by_unit]
        rows.append([str(_("Total")), ""] + figure_cells(dashboard.figures))
        return header, rows
    if which == "directives":
        header = [str(_("Directive")), str(_("Date")), str(_("Issued by"))] + figure_header()
        rows = [
            [r.key.title, r.key.issued_on.isoformat() if r.key.issued_on else "", r.key.issued_by]
            + figure_cells(r.figures)
            for r in dashboard.by_directive
        ]
        rows.append([str(_("Total")), "", ""] + figure_cells(dashboard.figures))
        return header, rows
    if which == "tasks":
        header = [
            str(_("Task ID")), str(_("Directive")), str(_("Item")), str(_("Task")), str(_("Lead unit")),
            str(_("Coordinating units")), str(_("Deadline kind")), str(_("Deadline")), str(_("Due")),
            str(_("Priority")), str(_("Status")), str(_("Completed on")), str(_("Days overdue")),
            str(_("Progress (%)")),
        ]
        rows = []
        for task in dashboard.tasks:
            rows.append([
                task.pk, task.directive.title, task.marker, task.text, task.lead_unit.code,
                " ".join(u.code for u in task.coordinating_units.all()), task.get_recurrence_display(),
                task.deadline.isoformat() if task.deadline else "",
                task.next_due_on.isoformat() if task.next_due_on else "", task.get_priority_display(),
                str(TaskStatus(task.status_now).label),
                task.completed_on.isoformat() if task.completed_on else "",
                task.days_overdue(dashboard.today), task.percent,
            ])
        return header, rows
    raise ValueError(which)


def to_csv(dashboard: Dashboard, which: str) -> str:
    """UTF-8 with a byte-order mark: without it Excel shows Vietnamese letters as mojibake."""
    header, rows = table(dashboard, which)
    return csv_text(header, rows, bom=True)


def _sheet(workbook: Any, title: str, header: list[str], rows: Iterable[list[Any]]) -> None:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(xlsx_row(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(xlsx_row(row))
    sheet.freeze_panes = "A2"


def to_xlsx(dashboard: Dashboard, filters_text: str = "") -> bytes:
    """A workbook: summary with the definitions, then the unit, directive and task tables."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = str(_("Summary"))[:31]
    summary.append(xlsx_row([str(_("Task tracking dashboard"))]))
    summary["A1"].font = Font(bold=True)
    summary.append(xlsx_row([str(_("As of")), dashboard.today.isoformat()]))
    if filters_text:
        summary.append(xlsx_row([str(_("Filters")), filters_text]))
    summary.append(xlsx_row([]))
    for label, value in zip(figure_header(), figure_cells(dashboard.figures), strict=True):
        summary.append(xlsx_row([label, value]))
    summary.append(xlsx_row([]))
    summary.append(xlsx_row([str(ON_TIME_RATE_DEFINITION)]))
    summary.append(xlsx_row([str(OVERDUE_SHARE_DEFINITION)]))
    summary.column_dimensions["A"].width = 32
    for which, title in (("units", _("By unit")), ("directives", _("By directive")), ("tasks", _("Tasks"))):
        header, rows = table(dashboard, which)
        _sheet(workbook, str(title), header, rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
