from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "chancery.directives"
    label = "directives"

    def ready(self) -> None:
        from datetime import timedelta

        from chancery.briefings import search
        from chancery.core import schedule
        from chancery.directives import tasks
        from chancery.directives.selectors import visible_directives

        # In search, a directive is shown to whom its page opens for (issuing office, lead and
        # coordinating units of its tasks, leadership).
        search.register_kind("directive", visible=visible_directives)

        # Reminders and escalations are keyed by date: running hourly sends each once.
        schedule.register(tasks.urge_tasks, every=timedelta(hours=1))
