"""Template helpers for task statuses and rates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from chancery.directives.rules import Figures, TaskStatus

register = template.Library()

_BADGE = {
    TaskStatus.DONE_ON_TIME: "ok",
    TaskStatus.DONE_LATE: "waiting",
    TaskStatus.OVERDUE: "closed",
    TaskStatus.IN_PROGRESS: "open",
    TaskStatus.NOT_STARTED: "open",
    TaskStatus.CANCELLED: "",
}


@register.filter
def task_badge(status: str) -> str:
    """A colour family per task status, reusing the site's badge classes."""
    return _BADGE.get(status, "")


@register.filter
def task_status_label(status: str) -> str:
    try:
        return str(TaskStatus(status).label)
    except ValueError:
        return status


@register.filter
def rate(value: float | None) -> str:
    """A share as a percentage with one decimal, in the reader's locale; "—" when undefined."""
    if value is None:
        return "—"
    return f"{number_format(round(value * 100, 1), 1)} %"


@register.filter
def figure(figures: Figures, key: str) -> Any:
    """figures|figure:"overdue" for a status, or a bucket's count."""
    if key in TaskStatus.values:
        return figures.count(key)
    return figures.bucket_counts.get(key, 0)


@register.filter
def overdue_days(task: Any, today: Any) -> int:
    return task.days_overdue(today)


@register.filter
def item_kind(kind: str) -> str:
    """What the extractor thinks an item is, in the reader's language."""
    from chancery.directives.forms import ITEM_KINDS

    return str(ITEM_KINDS.get(kind, kind))


# The on-time chart's geometry (an SVG drawn on the server: no script, no inline style for the CSP).
CHART_LABEL_WIDTH = 110
CHART_CELL_WIDTH = 80
CHART_BAR_MAX = 46
CHART_ROW_HEIGHT = 30
CHART_HEAD = 28


@register.inclusion_tag("directives/_rate_chart.html")
def rate_chart(rates: Any) -> dict[str, Any]:
    """Rows of bars: one row per unit (and a total row), one bar per month, its length the
    on-time rate; a month with nothing decided shows a dash instead of a bar."""
    months = [
        {"x": CHART_LABEL_WIDTH + i * CHART_CELL_WIDTH, "label": f"{m:%m/%Y}"}
        for i, m in enumerate(rates.months)
    ]
    rows = []
    lines = [(r.unit.code, r.cells) for r in rates.rows] + [("∑", rates.total)]
    for n, (label, cells) in enumerate(lines):
        y = CHART_HEAD + n * CHART_ROW_HEIGHT
        bars = []
        for i, cell in enumerate(cells):
            x = CHART_LABEL_WIDTH + i * CHART_CELL_WIDTH
            pct = cell.percent
            bars.append({
                "x": x, "pct": pct, "decided": cell.decided,
                "width": 0 if pct is None else max(1, round(CHART_BAR_MAX * pct / 100)),
                "text_x": x + CHART_BAR_MAX + 3,
                "band": "none" if pct is None else ("good" if pct >= 80 else "fair" if pct >= 50 else "poor"),
            })
        rows.append({"label": label, "y": y, "bars": bars, "total": n == len(lines) - 1})
    return {
        "months": months, "rows": rows, "track": CHART_BAR_MAX, "bar_height": CHART_ROW_HEIGHT - 12,
        "width": CHART_LABEL_WIDTH + len(months) * CHART_CELL_WIDTH,
        "height": CHART_HEAD + len(lines) * CHART_ROW_HEIGHT + 4,
    }
