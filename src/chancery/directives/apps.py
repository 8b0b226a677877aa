from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "chancery.directives"
    label = "directives"

    def ready(self) -> None:
        from datetime import timedelta

        from chancery.core import schedule
        from chancery.directives import tasks

        # Reminders and escalations are keyed by date: running hourly sends each once.
        schedule.register(tasks.urge_tasks, every=timedelta(hours=1))
