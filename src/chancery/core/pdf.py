"""What WeasyPrint may fetch while it renders a PDF (notices, briefings): inline ``data:`` URIs
only. Anything else (http, https, file, ftp) is refused, so a page that slipped an address into
the HTML cannot make the server read its own files or call other machines (SSRF)."""

from __future__ import annotations

from typing import Any


def offline_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URIs and refuses every other URL."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before 66: fetchers are plain functions
        from weasyprint.urls import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"PDFs fetch nothing: {url[:40]}")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols={"data"})
