from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chancery.procedures.services import CatalogError, load_catalog, validate_catalog


class Command(BaseCommand):
    help = "Validate or load the procedure catalogue (YAML files)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("load", "validate and publish"), ("check", "validate only")):
            p = sub.add_parser(name, help=text)
            p.add_argument("--dir", default=str(settings.CATALOG_DIR), help="catalogue folder")

    def handle(self, *args, action: str, dir: str, **options) -> None:
        directory = Path(dir)
        try:
            if action == "check":
                definitions = validate_catalog(directory)
                self.stdout.write(f"{len(definitions)} procedures valid in {directory}")
                return
            report = load_catalog(directory)
        except CatalogError as exc:
            raise CommandError("catalogue refused, nothing loaded:\n" + str(exc)) from exc
        self.stdout.write(
            f"published {len(report.created)}, unchanged {len(report.unchanged)}"
            + "".join(f"\n  + {c}" for c in report.created)
        )
