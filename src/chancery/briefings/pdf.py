"""The briefing as a PDF, rendered per reader (restricted notes only for those who may see them)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from chancery.briefings.selectors import BriefingView
from chancery.core.pdf import offline_url_fetcher


def render_briefing_pdf(view: BriefingView, *, reader: Any) -> bytes:
    """WeasyPrint with the DejaVu Sans family, which carries every Vietnamese letter."""
    from weasyprint import HTML

    html = render_to_string(
        "briefings/briefing_pdf.html",
        {
            "view": view,
            "briefing": view.briefing,
            "reader": reader,
            "generated_at": timezone.now(),
        },
    )
    # No base URL: the template has no external resource, and nothing is fetched from the network.
    return HTML(string=html, url_fetcher=offline_url_fetcher()).write_pdf()
