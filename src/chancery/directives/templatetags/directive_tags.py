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
