"""Housekeeping the scheduler runs: the task queue's table does not grow forever."""

from __future__ import annotations

import io

from django.core.management import call_command
from django_tasks import task, task_backends

FINISHED_KEPT_DAYS = 14
FAILED_KEPT_DAYS = 60  # failures stay longer: someone may still be looking into them


@task()
def prune_task_results() -> str:
    """Delete finished task results older than two weeks (failed ones: two months)."""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(task_backends["default"], DatabaseBackend):
        return "no database queue"
    out = io.StringIO()
    call_command("prune_db_task_results", queue_name="*", min_age_days=FINISHED_KEPT_DAYS,
                 failed_min_age_days=FAILED_KEPT_DAYS, stdout=out, verbosity=1)
    return out.getvalue().strip()[:500]
