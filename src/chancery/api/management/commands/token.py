"""`chancery token create USERNAME [--days N]`, `token list [USERNAME]`,
`token revoke ID|TOKEN|PREFIX ...` or `token revoke --user USERNAME`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from chancery.api.models import ApiToken, token_digest
from chancery.api.services import create_token, revoke_tokens


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "Manage API tokens for staff: create (shown once), list, revoke."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--days", type=int, default=None,
                            help="valid for this many days (default: API_TOKEN_DAYS)")
        listing = sub.add_parser("list", help="tokens (never their secret), newest first")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke tokens by id (from `list`), token or prefix")
        revoke.add_argument("keys", nargs="*", metavar="ID|TOKEN|PREFIX")
        revoke.add_argument("--user", dest="revoke_user", help="revoke every token of this person")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _create(self, username: str, days: int | None, **options) -> None:
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more")
        try:
            token = create_token(username, days=days)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user named {username!r}") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(token)

    def _list(self, username: str | None = None, **options) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
        if username:
            tokens = tokens.filter(user__username=username)
        self.stdout.write("id\tprefix\tuser\tcreated\texpires\tlast used\tstate")
        for t in tokens:
            self.stdout.write("\t".join([str(t.pk), t.prefix, t.user.get_username(), _when(t.created_at),
                                         _when(t.expires_at), _when(t.last_used_at), t.state]))

    def _find(self, key: str) -> ApiToken:
        if key.isdigit():
            query = Q(pk=int(key))
        elif len(key) > 8:
            query = Q(digest=token_digest(key))
        else:
            query = Q(prefix=key)
        found = list(ApiToken.objects.filter(query)[:2])
        if not found:
            raise CommandError(f"no token {key[:8]!r}")
        if len(found) > 1:
            raise CommandError(f"several tokens start with {key!r}: give the id from `token list`")
        return found[0]

    def _revoke(self, keys: list[str], revoke_user: str | None, **options) -> None:
        if bool(keys) == bool(revoke_user):
            raise CommandError("name the tokens (ID, TOKEN or PREFIX) or --user USERNAME, not both")
        if revoke_user:
            if not get_user_model().objects.filter(username=revoke_user).exists():
                raise CommandError(f"no user named {revoke_user!r}")
            tokens = list(ApiToken.objects.filter(user__username=revoke_user, revoked=False))
        else:
            tokens = [self._find(key) for key in keys]
        count = revoke_tokens(tokens, reason="revoked with the command")
        for t in tokens:
            self.stdout.write(f"{t.pk}\t{t.prefix}\t{t.user.get_username()}\trevoked")
        self.stdout.write(f"{count} token(s) revoked")
