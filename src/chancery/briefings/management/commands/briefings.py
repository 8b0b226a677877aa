"""`chancery briefings compile|run-due|import-news|reindex|retry-email`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chancery.briefings import services
from chancery.briefings.models import Briefing, NewsItem, Note
from chancery.organization.models import Unit


class Command(BaseCommand):
    help = "Daily briefings: compile, run the hourly job, import news, rebuild the search index."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        compile_ = sub.add_parser("compile", help="compile (or refresh) briefings of one day")
        compile_.add_argument("--date", help="YYYY-MM-DD; default: each unit's today")
        compile_.add_argument(
            "--unit", help="unit code; default: every active unit and the ministry-wide one"
        )
        sub.add_parser("run-due", help="the hourly job: compile what is due in each time zone")
        news = sub.add_parser("import-news", help="import HTML, text or RSS/Atom files into the news intake")
        news.add_argument("files", nargs="+")
        sub.add_parser("reindex", help="rebuild the search entries of notes, news and briefings")
        sub.add_parser("retry-email", help="queue again failed briefing e-mails")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _compile(self, date: str | None = None, unit: str | None = None, **_options) -> None:
        day = None
        if date:
            try:
                day = _parse(date)
            except ValueError as exc:
                raise CommandError(f"--date: {exc}") from exc
        if unit:
            units = list(Unit.objects.filter(code=unit))
            if not units:
                raise CommandError(f"no unit {unit!r}")
        else:
            units = list(Unit.objects.filter(is_active=True))
        for u in units:
            local_day = day or timezone.localtime(timezone.now(), _tz(u.time_zone)).date()
            briefing, created = services.compile_briefing(u, local_day)
            self.stdout.write(f"{u.code} {local_day}: {briefing.note_count} notes ({_verb(created)})")
        if not unit:
            ministry_day = day or timezone.localdate()
            briefing, created = services.compile_briefing(None, ministry_day)
            self.stdout.write(f"ministry-wide {ministry_day}: {briefing.note_count} notes ({_verb(created)})")

    def _run_due(self, **_options) -> None:
        results = services.compile_due()
        for briefing, created in results:
            self.stdout.write(
                f"{briefing.scope_label} {briefing.date}: {briefing.note_count} notes ({_verb(created)})"
            )
        self.stdout.write(f"{len(results)} briefings due")

    def _import_news(self, files: list[str], **_options) -> None:
        report = services.ImportReport()
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
            services.import_news_file(path.read_bytes(), name=path.name, report=report)
        for item in report.created:
            self.stdout.write(f"+ {item.title}")
        for title, item in report.duplicates:
            self.stdout.write(f"= {title} (already #{item.pk})")
        for name, reason in report.errors:
            self.stderr.write(f"! {name}: {reason}")
        self.stdout.write(
            f"imported {len(report.created)}, duplicates {len(report.duplicates)}, "
            f"errors {len(report.errors)}"
        )

    def _reindex(self, **_options) -> None:
        count = 0
        for note in Note.objects.select_related("unit").iterator():
            services.index_note(note)
            count += 1
        for item in NewsItem.objects.iterator():
            services.index_news(item)
            count += 1
        for briefing in Briefing.objects.select_related("unit"):
            services.index_briefing(briefing, [i.note for i in briefing.items.select_related("note")])
            count += 1
        self.stdout.write(f"reindexed {count} entries")

    def _retry_email(self, **_options) -> None:
        from chancery.briefings.tasks import retry_failed

        self.stdout.write(f"queued {retry_failed()} e-mails")


def _parse(value: str) -> date:
    return date.fromisoformat(value)


def _tz(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _verb(created: bool) -> str:
    return "new" if created else "updated"
