from typing import Any

from django import template

register = template.Library()


@register.filter
def status_class(status: str) -> str:
    """A colour family per status for badges."""
    if status in ("approved", "result_returned"):
        return "ok"
    if status in ("refused", "not_accepted", "stopped", "withdrawn"):
        return "closed"
    if status in ("supplement_requested", "fee_requested"):
        return "waiting"
    return "open"


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def tr(text: dict | None) -> str:
    """A catalogue text ({"vi": ..., "en": ...}) in the reader's language."""
    from chancery.procedures.models import _pick

    return _pick(text)
