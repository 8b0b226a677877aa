"""`chancery worker`: run background tasks from the database queue (django-tasks-db's `db_worker`
with Chancery's defaults). Run as many as the load needs, on as many machines as wished: each
task is claimed by exactly one worker (row locks with SKIP LOCKED on PostgreSQL)."""

from __future__ import annotations

import os
import socket
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def default_worker_id() -> str:
    """Readable in the task table: which machine and process ran a task."""
    return f"{socket.gethostname()}-{os.getpid()}"[-64:]


class Command(BaseCommand):
    help = "Run background tasks from the database queue (TASKS_BACKEND=database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queues", default=os.environ.get("WORKER_QUEUES", "*"),
            help="Comma-separated queue names, '*' for all (default: $WORKER_QUEUES or '*').",
        )
        parser.add_argument(
            "--interval", type=float, default=float(os.environ.get("WORKER_INTERVAL", "2")),
            help="Seconds to wait when the queue is empty (default: $WORKER_INTERVAL or 2).",
        )
        parser.add_argument("--batch", action="store_true",
                            help="Run every task that is ready, then exit (for tests and cron).")
        parser.add_argument("--max-tasks", type=int, default=None,
                            help="Exit after this many tasks (a supervisor restarts the worker).")
        parser.add_argument("--worker-id", default=None,
                            help="Unique across the pool (default: host name and process id).")

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks import task_backends
        from django_tasks_db.backend import DatabaseBackend

        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "Tasks run in-process (TASKS_BACKEND is not 'database'): there is no queue to work on."
            )
        worker_options: dict[str, Any] = {
            "queue_name": options["queues"],
            "interval": options["interval"],
            "batch": options["batch"],
            "reload": False,
            "worker_id": options["worker_id"] or default_worker_id(),
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"]:
            worker_options["max_tasks"] = options["max_tasks"]
        if options["batch"]:
            worker_options["startup_delay"] = False
        call_command("db_worker", **worker_options)
