"""Template filters for the briefings pages: names of topics and countries in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from chancery.briefings import countries, topics
from chancery.briefings.schedule import Status

register = template.Library()


@register.filter
def topic_label(code: str) -> str:
    return topics.label(code)


@register.filter
def country_name(code: str) -> str:
    return countries.name(code) if code else ""


@register.filter
def classification_class(value: str) -> str:
    """Badge colour: restricted stands out."""
    return {"restricted": "closed", "internal": "open", "public": "ok"}.get(value, "open")


@register.filter
def status_class(value: str) -> str:
    return {Status.WRITTEN: "ok", Status.MISSING: "closed", Status.PENDING: "waiting"}.get(value, "")


@register.filter
def status_label(value: str) -> str:
    return {
        Status.WRITTEN: _("Written"),
        Status.MISSING: _("Missing"),
        Status.PENDING: _("Not yet written"),
        Status.NOT_EXPECTED: _("Not expected"),
    }.get(value, value)


@register.filter
def oneline(value: str) -> str:
    """Text on one line, for plain-text e-mails."""
    return " ".join((value or "").split())


@register.filter
def bounded_html(value: str) -> SafeString:
    """A note's stored (sanitised) HTML with nothing deeper than text.MAX_DEPTH: notes written
    before the bound existed cannot make a PDF slow either."""
    from chancery.briefings.text import flatten_deep

    return mark_safe(flatten_deep(value or ""))  # noqa: S308 - sanitised when written; tags only removed
