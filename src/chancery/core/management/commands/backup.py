"""`chancery backup OUT.tar.gz [--no-files]`: the database and every stored file in one archive."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.core.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the database (portable JSON) and the stored files, with checksums, to an archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The .tar.gz to write (readable by its owner only).")
        parser.add_argument(
            "--no-files", action="store_true",
            help="Leave the stored files out (when the object store is backed up on its own).",
        )
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["archive"], include_files=not options["no_files"],
                              alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["data"]["rows"].values())
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"backup written to {options['archive']}: {rows} rows in {len(manifest['data']['rows'])} "
            f"tables, {len(manifest['files'])} files ({size} bytes)"
            + ("" if manifest["files_included"] else " (files left out)")
        )
