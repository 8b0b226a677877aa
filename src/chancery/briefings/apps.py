from datetime import timedelta

from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "chancery.briefings"
    label = "briefings"

    def ready(self) -> None:
        """Who sees what in search (the selectors of each kind's pages), and periodic work for
        `chancery scheduler`: the hourly compilation and e-mail retries."""
        from chancery.briefings import selectors
        from chancery.search import engine as search
        from chancery.search.models import SearchKind

        search.register_kind(SearchKind.NOTE, visible=selectors.visible_notes)
        search.register_kind(SearchKind.NEWS, visible=selectors.news)
        search.register_kind(SearchKind.BRIEFING, visible=selectors.briefings)

        try:
            from chancery.core import schedule
        except ImportError:  # a tree without the scheduler: run `chancery briefings run-due` from cron
            return
        from chancery.briefings import tasks

        schedule.register(tasks.compile_due_briefings, every=timedelta(hours=1))
        schedule.register(tasks.retry_failed_deliveries, every=timedelta(minutes=15))
