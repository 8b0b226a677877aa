"""`chancery scheduler`: enqueue the periodic tasks apps registered (chancery.core.schedule).

Run exactly one per deployment (it only enqueues; `chancery worker` processes run the tasks).
Every registered task is idempotent, so a restart or a second scheduler does no harm beyond
duplicate work."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from chancery.core import schedule


class Command(BaseCommand):
    help = "Enqueue registered periodic tasks when they are due; loops until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=300,
                            help="Seconds between two checks (default 300).")
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument("--list", action="store_true", help="List the registered tasks and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for periodic in schedule.registered():
                self.stdout.write(f"{periodic.name}  every {periodic.every}")
            return
        scheduler = schedule.Scheduler()
        self.running = True

        def stop(signum: int, frame: Any) -> None:
            self.running = False

        if not options["once"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            close_old_connections()
            for name in scheduler.tick():
                self.stdout.write(f"enqueued {name}")
            close_old_connections()
            if options["once"]:
                return
            slept = 0.0
            while self.running and slept < options["interval"]:
                time.sleep(min(1.0, options["interval"] - slept))
                slept += 1.0
            if not self.running:
                self.stdout.write("scheduler stopped")
                return
