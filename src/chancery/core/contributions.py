"""Parts of one app's page that another app contributes, so apps of one layer stay independent.

The page's app asks `contributions("briefings.country", user=..., ...)` and gets a dict of what
every contributor registered for that page; a contributing app calls `contribute(...)` in its
AppConfig.ready. Without the contributing app installed, its part is simply absent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_providers: dict[str, dict[str, Callable[..., Any]]] = {}


def contribute(page: str, name: str, provider: Callable[..., Any]) -> None:
    """Register `provider(**context)` as part `name` of `page`; once per part."""
    parts = _providers.setdefault(page, {})
    known = parts.get(name)
    if known is not None and known is not provider:
        raise ValueError(f"{page!r} already has a part {name!r} ({known!r})")
    parts[name] = provider


def contributions(page: str, **context: Any) -> dict[str, Any]:
    return {name: provider(**context) for name, provider in _providers.get(page, {}).items()}
