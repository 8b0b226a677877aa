"""`chancery stats rebuild`: recompute the dashboard's counters from the cases (repairs, bulk
loads, after an upgrade that added counters). `chancery stats check`: compare without writing."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.portal import statistics


class Command(BaseCommand):
    help = "Dashboard statistics: rebuild the monthly counters from the cases, or check them."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("rebuild", help="Replace every counter by a count over the cases and ratings.")
        actions.add_parser("check", help="Report counters that differ from a count over the cases.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["action"] == "rebuild":
            rows = statistics.rebuild()
            self.stdout.write(f"{rows} counter rows rebuilt in {time.perf_counter() - started:.1f} s")
            return
        stored, computed = statistics.stored_counters(), statistics.computed_counters()
        wrong = sorted(k for k in stored.keys() | computed.keys() if stored.get(k) != computed.get(k))
        for unit_id, code, month in wrong[:50]:
            self.stdout.write(f"unit {unit_id} {code} {month:%Y-%m}: differs")
        if wrong:
            raise CommandError(
                f"{len(wrong)} counter rows differ from the cases: run `chancery stats rebuild`."
            )
        self.stdout.write(f"{len(stored)} counter rows agree with the cases")
