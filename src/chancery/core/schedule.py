"""Periodic tasks: what `chancery scheduler` enqueues, and how often.

An app registers its periodic tasks once, in its ``AppConfig.ready``::

    from datetime import timedelta

    def ready(self):
        from chancery.core import schedule
        from chancery.cases import tasks

        schedule.register(tasks.send_deadline_reminders, every=timedelta(hours=1))

A periodic task is a django-tasks ``Task`` that takes no arguments and is safe to run more often
than asked (idempotent): the scheduler may enqueue it again after a restart, and a deployment
that runs two schedulers by mistake must not send anything twice.

When is a task due? With the database task backend, when no run of it was enqueued within
``every`` (the queue's own table is the memory, so restarting the scheduler does not enqueue
everything again). With the in-process backend, when this scheduler process has not run it
within ``every``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    task: Any  # django_tasks.Task
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


_registry: dict[str, Periodic] = {}


def register(task: Any, *, every: timedelta) -> Any:
    """Enqueue `task` (a django-tasks Task without arguments) every `every`. Returns the task.

    Registering the same task again replaces its interval."""
    if not hasattr(task, "enqueue") or not hasattr(task, "module_path"):
        raise TypeError(f"{task!r} is not a django-tasks Task (decorate it with @task())")
    if every < timedelta(minutes=1):
        raise ValueError("periodic tasks run at most once a minute")
    periodic = Periodic(task=task, every=every)
    _registry[periodic.name] = periodic
    return task


def unregister(task: Any) -> None:
    _registry.pop(task.module_path, None)


def registered() -> list[Periodic]:
    return sorted(_registry.values(), key=lambda p: p.name)


def _last_enqueued_in_database(periodic: Periodic) -> datetime | None | bool:
    """The last time this task was enqueued in the database queue; False when the task's backend
    is not a database queue (then the scheduler remembers by itself)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = periodic.task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    return (
        DBTaskResult.objects.filter(task_path=periodic.name, backend_name=backend.alias)
        .order_by("-enqueued_at").values_list("enqueued_at", flat=True).first()
    )


class Scheduler:
    """Enqueues each registered task when it is due. `tick()` is one pass; the command loops."""

    def __init__(self) -> None:
        self.memory: dict[str, datetime] = {}

    def last_run(self, periodic: Periodic) -> datetime | None:
        stored = _last_enqueued_in_database(periodic)
        remembered = self.memory.get(periodic.name)
        if stored is False:
            return remembered
        candidates = [moment for moment in (stored, remembered) if moment is not None]
        return max(candidates) if candidates else None

    def due(self, now: datetime | None = None) -> list[Periodic]:
        now = now or timezone.now()
        due = []
        for periodic in registered():
            last = self.last_run(periodic)
            if last is None or now - last >= periodic.every:
                due.append(periodic)
        return due

    def tick(self, now: datetime | None = None) -> list[str]:
        """Enqueue every due task; returns their names."""
        now = now or timezone.now()
        enqueued = []
        for periodic in self.due(now):
            try:
                periodic.task.enqueue()
            except Exception:  # one broken task must not stop the others
                logger.exception("could not enqueue periodic task %s", periodic.name)
                continue
            self.memory[periodic.name] = now
            enqueued.append(periodic.name)
        return enqueued
