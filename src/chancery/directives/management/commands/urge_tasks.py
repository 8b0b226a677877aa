"""`chancery urge_tasks [--date YYYY-MM-DD] [--days N]`: send the reminders and escalations owed.

Run it daily (cron, systemd timer). Idempotent: a second run on the same day sends nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.directives.urging import days_before, urge


class Command(BaseCommand):
    help = "Remind lead units before deadlines, ask for periodic reports, escalate overdue tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--days", type=int, default=None,
                            help=f"Remind this many days before a due date (default {days_before()}).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        result = urge(today=today, ahead=options["days"])
        for kind, count in sorted(result.created.items()):
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(f"created: {result.total}, already sent before: {result.already_sent}, "
                          f"retried: {result.retried}")
