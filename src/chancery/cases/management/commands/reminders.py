from datetime import datetime

from django.core.management.base import BaseCommand

from chancery.cases.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "Send today's deadline reminders to officers and heads of unit (safe to run repeatedly)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send")
        send.add_argument("--now", type=datetime.fromisoformat, help="aware ISO time, for checks")

    def handle(self, *args, action: str, now: datetime | None = None, **options) -> None:
        self.stdout.write(f"reminders sent: {send_deadline_reminders(now)}")
