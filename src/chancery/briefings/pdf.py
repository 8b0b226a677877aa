"""The briefing as a PDF, rendered per reader (restricted notes only for those who may see them).

WeasyPrint runs in a child process with a time limit (PDF_SECONDS, default 60): a note whose
layout would take minutes costs at most that, and the web process answers with a clear failure
instead of a worker timeout. The child is plain `python -m chancery.briefings.pdf_child`
(portable: no fork of the threaded server, no Django in the child); where the OS has resource
limits, it also caps its own CPU time.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from chancery.briefings.selectors import BriefingView

DEFAULT_SECONDS = 60


class PdfFailed(Exception):
    """The PDF could not be made (too slow, or the renderer failed); nothing else is affected."""


def render_briefing_html(view: BriefingView, *, reader: Any) -> str:
    return render_to_string(
        "briefings/briefing_pdf.html",
        {"view": view, "briefing": view.briefing, "reader": reader, "generated_at": timezone.now()},
    )


def html_to_pdf(html: str, *, seconds: float | None = None) -> bytes:
    """WeasyPrint with the DejaVu Sans family, which carries every Vietnamese letter, in a child
    process killed after `seconds`. Raises PdfFailed."""
    seconds = seconds or getattr(settings, "PDF_SECONDS", DEFAULT_SECONDS)
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-m", "chancery.briefings.pdf_child", str(int(seconds) + 1)],
            input=html.encode("utf-8"),
            capture_output=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # run() has killed the child
        raise PdfFailed(f"PDF not made within {seconds:g} s") from exc
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        error = done.stderr[-500:].decode(errors="replace")
        raise PdfFailed(f"PDF renderer failed ({done.returncode}): {error}")
    return done.stdout


def render_briefing_pdf(view: BriefingView, *, reader: Any, seconds: float | None = None) -> bytes:
    return html_to_pdf(render_briefing_html(view, reader=reader), seconds=seconds)
