from datetime import timedelta

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chancery.core"
    label = "core"

    def ready(self) -> None:
        from chancery.core import schedule
        from chancery.core.ops import checks, tasks

        checks.register_all()
        schedule.register(tasks.prune_task_results, every=timedelta(days=1))
