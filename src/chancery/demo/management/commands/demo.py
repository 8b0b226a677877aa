from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from chancery.demo.seed import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create demo units, staff and cases (only what is missing) and print the logins."

    def handle(self, *args, **options) -> None:
        # The demo's own e-mails would flood the console: keep them in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            logins, made = seed_demo()
        self.stdout.write(f"demo cases created: {made}")
        self.stdout.write("")
        self.stdout.write(f"Chancery is at {settings.SITE_URL}/  (staff: {settings.SITE_URL}/staff/cases/)")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in logins:
            self.stdout.write(f"  {username:<20} {role}")
        self.stdout.write(
            "Two-factor authentication is on: after the password, enter the current code of a demo "
            "login, printed by `.venv/bin/chancery otp code USERNAME`."
        )
