from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chancery.accounts import devices


class Command(BaseCommand):
    help = (
        "Two-factor authentication. `otp code USERNAME` prints the current code of a demo login's "
        "authenticator (demo devices only); `otp reset USERNAME` removes a person's authenticators "
        "so they enrol a new one at their next login (lost phone)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        code = sub.add_parser("code", help="print the current code of a demo login")
        code.add_argument("username")
        reset = sub.add_parser("reset", help="remove a person's authenticators")
        reset.add_argument("username")

    def handle(self, *args, action: str, username: str, **options) -> None:
        if not get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"no user named {username!r}")
        if action == "code":
            try:
                self.stdout.write(devices.demo_code(username))
            except devices.NoDemoDevice as exc:
                raise CommandError(
                    f"{username!r} has no demo authenticator: codes are shown only for demo logins "
                    "(made by `chancery demo`); a real person reads the code from their own app"
                ) from exc
        else:
            count = devices.reset_devices(username, actor_label="chancery otp reset")
            self.stdout.write(f"{count} authenticator(s) removed; {username} enrols a new one at next login")
