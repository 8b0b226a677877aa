from datetime import timedelta

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "chancery.cases"
    label = "cases"

    def ready(self) -> None:
        from chancery.cases import tasks
        from chancery.core import schedule

        schedule.register(tasks.send_deadline_reminders, every=timedelta(hours=1))
        schedule.register(tasks.retry_failed_notifications, every=timedelta(minutes=15))
        schedule.register(tasks.discard_expired_held_uploads, every=timedelta(hours=1))
        schedule.register(tasks.delete_old_sign_in_links, every=timedelta(days=1))
