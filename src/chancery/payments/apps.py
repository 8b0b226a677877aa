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
        # The fee, its breakdown and the adjustment form on the staff case page.
        from chancery.core.contributions import contribute
        from chancery.payments import fee_views

        contribute("cases.case_detail", "fee", fee_views.fee_panel)

        # Payments whose confirmation (IPN) never came are asked about with the gateway's query API.
        schedule.register(tasks.reconcile_payments, every=timedelta(minutes=15))
