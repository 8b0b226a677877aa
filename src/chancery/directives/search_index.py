"""Directives in the one search over notes, news and briefings (chancery.search.engine)."""

from __future__ import annotations

from django.urls import reverse

from chancery.directives.models import Directive


def index_directive(directive: Directive) -> None:
    """Called inside the transaction that saved the directive or one of its tasks."""
    from chancery.search import engine as search

    tasks = "\n".join(f"{t.marker} {t.text}".strip() for t in directive.tasks.order_by("position"))
    search.index_entry(
        "directive", directive.pk,
        title=directive.title,
        body=f"{directive.source_text}\n{tasks}".strip(),
        unit_id=directive.issuing_unit_id,
        classification="internal",
        date=directive.issued_on or directive.created_at.date(),
        url=reverse("directives:directive", args=[directive.pk]),
        keywords=directive.issued_by,
    )
