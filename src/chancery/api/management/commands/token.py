from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chancery.api.services import create_token


class Command(BaseCommand):
    help = "Manage API tokens for staff."

    def add_arguments(self, parser):  # noqa: ANN001, ANN201
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("username")

    def handle(self, *args, action: str, username: str, **options) -> None:  # noqa: ANN002, ANN003
        try:
            token = create_token(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user named {username!r}") from exc
        self.stdout.write(token)
