"""Number formats of the public dashboard, in the reader's locale (decimal comma in Vietnamese)."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    """0.925 -> "92.5%" ("92,5%" in Vietnamese); "—" when there is nothing to divide."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(value * 100, digits)}%"


@register.filter
def decimal(value: float | None, digits: int = 1) -> str:
    if value is None or value == "":
        return "—"
    return floatformat(value, digits)


@register.filter
def bar_width(value: float | None, total: int = 100) -> float:
    """A share as a length out of ``total`` (SVG widths: no inline styles on the page)."""
    return round((value or 0) * total, 1)
