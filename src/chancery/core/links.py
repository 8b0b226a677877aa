"""Links taken from outside (news feeds, pages, typed sources) before they are stored or shown."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

SCHEMES = frozenset({"http", "https"})
# Browsers drop these anywhere in an address ("java\tscript:" is "javascript:"): refuse them.
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_url(value: Any) -> str:
    """`value` if it is an absolute http(s) address, else "" (javascript:, data:, vbscript:,
    relative and scheme-relative addresses, anything holding spaces or control characters).

    Used at intake and, as the `safe_url` template filter, wherever such an address is shown."""
    url = str(value or "").strip(" \t\r\n\f\v\x00")
    if not url or _CONTROL.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return ""
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return ""
    return url
