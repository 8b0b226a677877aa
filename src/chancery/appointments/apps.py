from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "chancery.appointments"
    label = "appointments"

    def ready(self) -> None:
        from datetime import timedelta

        from chancery.appointments import receivers, tasks
        from chancery.cases.signals import case_transitioned
        from chancery.core import schedule

        # A case that ends cancels its upcoming appointments, in the transition's transaction.
        case_transitioned.connect(receivers.on_case_transitioned, dispatch_uid="appointments.case_closed")

        # The visit (when, which counter, earlier visits, the day's marks) on the staff case page.
        from chancery.appointments import case_part
        from chancery.core.contributions import contribute

        contribute("cases.case_detail", "visit", case_part.visit_panel)

        # Confirmation e-mails whose sending failed are tried again.
        schedule.register(tasks.retry_failed_appointment_emails, every=timedelta(minutes=10))
