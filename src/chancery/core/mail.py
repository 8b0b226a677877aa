"""Sending a stored e-mail once, and trying again later: one way for every app's outbox rows.

An outbox row (a case notification, a task reminder, a briefing delivery) has `state`,
`attempts`, `last_error` and `sent_at`. The caller locks the row in a transaction, decides whether
there is anything to send, and hands the sending over to `attempt`, which counts the attempt and
records the outcome; `requeue` queues again the rows that failed fewer than `max_attempts` times.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

PENDING, SENT, FAILED = "pending", "sent", "failed"
ERROR_CHARS = 2000


def attempt(row: Any, send: Callable[[], Any]) -> str:
    """Count one attempt, send, and save the row as sent or failed (the error kept, not raised)."""
    row.attempts += 1
    try:
        send()
    except Exception as exc:
        row.state = FAILED
        row.last_error = str(exc)[:ERROR_CHARS]
        row.save(update_fields=["state", "attempts", "last_error"])
        return FAILED
    row.state = SENT
    row.sent_at = timezone.now()
    row.last_error = ""
    row.save(update_fields=["state", "attempts", "last_error", "sent_at"])
    return SENT


def requeue(rows: QuerySet, task: Any, *, max_attempts: int) -> int:
    """Queue `task` again for every pending or failed row with attempts left; returns how many."""
    count = 0
    due = rows.filter(state__in=[PENDING, FAILED], attempts__lt=max_attempts)
    for pk in due.values_list("pk", flat=True):
        task.enqueue(pk)
        count += 1
    return count
