"""Counting requests in a window, for every limit Chancery sets (failed status lookups, e-mails an
applicant asks for, applications and uploaded bytes per client). The cache's add() then incr()
counts every one of many requests arriving together (atomic in process memory and on Redis; with
CACHE_TABLE shared by all web processes); the window runs from the first one counted."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.cache import cache

from chancery.core.errors import DomainError


class Throttled(DomainError):
    """A limit was reached: the API answers 429 with Retry-After, pages show the message."""

    code = "rate_limited"
    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def reached(limits: Mapping[str, int]) -> bool:
    """Has any counter already reached its limit? (Checked before counting, so a refused request
    costs nothing.)"""
    return would_pass({counter: (1, limit) for counter, limit in limits.items()})


def would_pass(counters: Mapping[str, tuple[int, int]]) -> bool:
    """For counters given as (amount, limit): would adding its amount take any past its limit?"""
    values = cache.get_many(list(counters))
    return any(values.get(counter, 0) + amount > limit for counter, (amount, limit) in counters.items())


def count(counter: str, window: int, amount: int = 1) -> int:
    """Add ``amount`` to a counter that lives ``window`` seconds from its first count."""
    cache.add(counter, 0, window)
    try:
        return cache.incr(counter, amount)
    except ValueError:  # the window closed in between
        cache.set(counter, amount, window)
        return amount
