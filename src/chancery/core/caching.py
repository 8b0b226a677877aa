"""Nothing personal is kept by a browser's or a proxy's cache (security test, finding 13).

One rule, in ``PrivateResponsesMiddleware``: a response is ``Cache-Control: private, no-store``
(with Django's other never-cache headers) when it is made for somebody — a logged-in person,
a browser whose session holds an applicant's unlocked cases or drafts, a caller with an
``Authorization`` header (API tokens) — or when it answers a write (POST...), or lies under a
staff area (/staff/, /admin/, /accounts/). Public pages seen by an anonymous visitor without a
session (the catalogue, the dashboard) keep their default caching.

Files and exports say so explicitly, whoever asks: chancery.core.downloads sets the same
headers on every download.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PRIVATE_PREFIXES = ("/staff/", "/admin/", "/accounts/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def is_personal(request: HttpRequest) -> bool:
    """Whether the answer to this request is made for one person."""
    if request.method not in SAFE_METHODS or "HTTP_AUTHORIZATION" in request.META:
        return True
    if request.path_info.startswith(PRIVATE_PREFIXES):
        return True
    session = getattr(request, "session", None)
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # Nobody is logged in and no case was unlocked before; this answer may have begun a session.
        return session is not None and session.modified and not session.is_empty()
    user = getattr(request, "user", None)
    return bool(getattr(user, "is_authenticated", False)) or (session is not None and not session.is_empty())


class PrivateResponsesMiddleware:
    """Listed right after SessionMiddleware: it reads ``request.session`` and ``request.user``
    (set by the middleware inside it) once the view has answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_personal(request) and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
