"""Reads from a PostgreSQL replica, only where it is safe to be a moment behind.

Configured by DATABASE_REPLICA_URL (settings add the "replica" alias and this router). Nothing
goes to the replica by default: a view opts in with ``@replica_reads`` when it only reads data
that may lag by a few seconds (the public catalogue, the transparency dashboard, exports).
Everything else — every write, every read inside a transaction, every page that shows what the
reader has just done — uses the primary, so nobody reads their own write from a lagging copy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_use_replica: ContextVar[bool] = ContextVar("chancery_use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica() -> Iterator[None]:
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def replica_reads(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a read-only view: its queries outside transactions go to the replica."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if (
            _use_replica.get() and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return None  # the primary

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == DEFAULT_DB_ALIAS
