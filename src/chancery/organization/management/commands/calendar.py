from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from chancery.organization.calendar import load_vn_unconfirmed_days
from chancery.organization.models import Unit
from chancery.organization.services import calendar_for


class Command(BaseCommand):
    help = ("Working-day calendar of a unit: `calendar due --unit CODE --from YYYY-MM-DD --days N`; "
            "`calendar unconfirmed` lists holidays not yet decided as days off.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="the date N working days after a start date")
        due.add_argument("--unit", required=True)
        due.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
        due.add_argument("--days", required=True, type=int)
        due.add_argument("--explain", action="store_true", help="list the closed days skipped")
        sub.add_parser("unconfirmed", help="days the holidays package lists that no decision made days off")

    def handle(self, *args, action: str, **options) -> None:
        if action == "unconfirmed":
            for day in load_vn_unconfirmed_days():
                status = "day off" if day.status == "confirmed" else "working day until decided"
                source = f"; {day.source}" if day.source else ""
                self.stdout.write(f"{day.name}: {day.status} ({status}){source}")
            return
        self.due(options["unit"], options["start"], options["days"], explain=options.get("explain"))

    def due(self, unit: str, start: date, days: int, *, explain: bool) -> None:
        found = Unit.objects.filter(code=unit).first()
        if found is None:
            raise CommandError(f"no unit with code {unit!r}")
        if days < 0:
            raise CommandError("--days must be 0 or more")
        calendar = calendar_for(found)
        day0 = start if calendar.is_working_day(start) else calendar.next_working_day(start)
        due = calendar.add_working_days(day0, days)
        self.stdout.write(due.isoformat())
        if explain:
            self.stdout.write(f"day 0: {day0:%Y-%m-%d %A}; due: {due:%Y-%m-%d %A}")
            day = start
            while day < due:
                day += timedelta(days=1)
                reason = calendar.reason(day)
                if reason:
                    self.stdout.write(f"  closed {day:%Y-%m-%d %a}: {reason}")
