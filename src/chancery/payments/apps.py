from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "chancery.payments"
    label = "payments"

    def ready(self) -> None:
        from datetime import timedelta

        from chancery.cases.models import NoticeKind
        from chancery.cases.notices import register_content
        from chancery.core import schedule
        from chancery.payments import fees, tasks

        # The fee request's payment notice carries the amount computed here.
        register_content(NoticeKind.PAYMENT, fees.payment_notice_content)

        # Payments whose confirmation (IPN) never came are asked about with the gateway's query API.
        schedule.register(tasks.reconcile_payments, every=timedelta(minutes=15))
