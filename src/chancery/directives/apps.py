from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "chancery.directives"
    label = "directives"

    def ready(self) -> None:
        from datetime import timedelta

        from chancery.core import schedule
        from chancery.core.contributions import contribute
        from chancery.directives import tasks
        from chancery.directives.selectors import tasks_for_missions, visible_directives
        from chancery.search import engine as search

        # In search, a directive is shown to whom its page opens for (issuing office, lead and
        # coordinating units of its tasks, leadership).
        search.register_kind("directive", visible=visible_directives)
        # On briefings' country page: the tasks the missions to that country lead or coordinate.
        contribute("briefings.country", "tasks",
                   lambda *, user, missions, **_: tasks_for_missions(user, missions))

        # Reminders and escalations are keyed by date: running hourly sends each once.
        schedule.register(tasks.urge_tasks, every=timedelta(hours=1))
