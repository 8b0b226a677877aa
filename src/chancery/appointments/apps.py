from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "chancery.appointments"
    label = "appointments"

    def ready(self) -> None:
        from datetime import timedelta

        from chancery.appointments import tasks
        from chancery.core import schedule

        # Confirmation e-mails whose sending failed are tried again.
        schedule.register(tasks.retry_failed_appointment_emails, every=timedelta(minutes=10))
