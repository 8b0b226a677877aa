from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Online payments: `payments reconcile [--older-than MINUTES]` asks the gateway about "
            "payments still waiting for its confirmation and settles them; `payments sandbox "
            "[--port N] [--ipn-url URL]` runs the local sandbox gateway (demo and tests).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reconcile = sub.add_parser("reconcile", help="query the gateway about waiting payments")
        reconcile.add_argument("--older-than", type=int, default=15, metavar="MINUTES",
                               help="only payments started at least this many minutes ago (15)")
        sandbox = sub.add_parser("sandbox", help="run the sandbox gateway speaking VNPAY's protocol")
        sandbox.add_argument("--port", type=int, default=settings.VNPAY_SANDBOX_PORT)
        sandbox.add_argument("--host", default="127.0.0.1")
        sandbox.add_argument("--ipn-url", default=f"{settings.SITE_URL}/payments/vnpay/ipn/")
        sandbox.add_argument("--late-seconds", type=float, default=3.0)

    def handle(self, *args, action: str, **options) -> None:
        if action == "sandbox":
            from chancery.payments.sandbox import serve

            if not settings.VNPAY_TMN_CODE or not settings.VNPAY_HASH_SECRET:
                raise CommandError("VNPAY_TMN_CODE and VNPAY_HASH_SECRET are not set "
                                   "(DEBUG=1 sets demo values)")
            serve(port=options["port"], host=options["host"], tmn_code=settings.VNPAY_TMN_CODE,
                  secret=settings.VNPAY_HASH_SECRET, ipn_url=options["ipn_url"],
                  late_seconds=options["late_seconds"])
            return
        from chancery.payments import services

        if options["older_than"] < 0:
            raise CommandError("--older-than must be 0 or more")
        done = services.reconcile(older_than=timedelta(minutes=options["older_than"]))
        for payment, what in done:
            self.stdout.write(f"{payment.reference} {payment.case.tracking_code} {payment.amount} "
                              f"{payment.currency}: {what}")
        self.stdout.write(f"{len(done)} payment(s) checked")
