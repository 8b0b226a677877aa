"""`chancery restore IN.tar.gz [--force]`: put back what `chancery backup` wrote."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.core.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup into a freshly migrated, empty database and the file storage; "
        "every checksum and row count is verified."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The .tar.gz written by `chancery backup`.")
        parser.add_argument(
            "--force", action="store_true",
            help="Erase a database that holds rows, and replace stored files whose content differs.",
        )
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore(options["archive"], force=options["force"], alias=options["database"],
                             log=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(self.style.SUCCESS("restore complete and verified"))
