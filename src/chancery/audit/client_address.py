"""The one place that says which address a request comes from, for every limit and every audit
record (status-lookup throttle, login lockout, the audit trail).

Behind a reverse proxy every request connects from the proxy, so REMOTE_ADDR is the proxy's
address. Each proxy appends the address it received the request from to X-Forwarded-For; with
TRUSTED_PROXY_COUNT = N proxies of our own in front, the N-th entry from the right was written by
the outermost of them and is the client's. Entries further left are whatever the client sent and
are never believed. With N = 0 (the default: no proxy, or an unknown one) the header is ignored.

A header that is missing, too short or not an address means the proxies are not set up as
configured; the connecting address is used then, never a guess. (It lives in `audit`, the lowest
layer, so the audit record and the apps above it share it.)
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address, canonically written, or None when there is no request or address."""
    if request is None:
        return None
    meta = request.META
    connecting = meta.get("REMOTE_ADDR") or None
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return connecting
    entries = [entry.strip() for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < proxies:
        return connecting
    return _address(entries[-proxies]) or connecting
