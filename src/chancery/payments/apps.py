from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "chancery.payments"
    label = "payments"

    def ready(self) -> None:
        from datetime import timedelta

        from chancery.core import schedule
        from chancery.payments import tasks

        # Payments whose confirmation (IPN) never came are asked about with the gateway's query API.
        schedule.register(tasks.reconcile_payments, every=timedelta(minutes=15))
