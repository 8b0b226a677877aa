"""Coming back without an account: an applicant who lost their code or key, or wants to see
every application made with their e-mail address, proves they read that mailbox.

- `ask_for_new_keys`: each case filed with the address gets a FRESH access key (only its keyed
  digest is stored, `models.access_key_digest`, so the old key simply stops matching) and one
  e-mail lists every code with its new key and status link.
- `ask_for_sign_in_link`: a link valid settings.SIGN_IN_LINK_MINUTES, usable once
  (`SignInLink`), that opens "My applications" in the browser that uses it.

Both answer the same whether or not the address is known: the caller always gets None, the
request is counted against the address and the client alike (cache counters, as the status
lookup's throttle), audited, and the rest (looking the address up, writing, e-mailing) runs as a
background task, so even the response time does not tell (with TASKS_BACKEND=database). Someone
who knows another person's address can at worst make them receive new keys, a few times an hour.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chancery.audit.services import record
from chancery.cases import codes, notifications
from chancery.cases.models import SignInLink, access_key_digest
from chancery.cases.selectors import cases_of_email, normalized_email
from chancery.core import throttle

if TYPE_CHECKING:
    from django.http import HttpRequest

# At most this many applications (the most recent) in one e-mail of new keys.
MAX_CASES_PER_EMAIL = 100


class MailThrottled(Exception):
    """Too many e-mails asked for this address or from this client in the window."""


def email_digest(email: str) -> str:
    """What the audit and the throttle keep of an address: a keyed hash, never the address of
    someone who may not even have applied."""
    return hmac.new(settings.SECRET_KEY.encode(), b"applicant-email:" + normalized_email(email).encode(),
                    hashlib.sha256).hexdigest()


def _throttle(client: str | None, email: str) -> None:
    """Both limits are checked before either counts, so a refused request costs nothing."""
    by_email = "applicant-mail:to:" + email_digest(email)
    by_client = "applicant-mail:from:" + (client or "unknown")
    if throttle.reached({by_email: settings.APPLICANT_MAIL_MAX_PER_EMAIL,
                         by_client: settings.APPLICANT_MAIL_MAX_PER_CLIENT}):
        raise MailThrottled
    for counter in (by_email, by_client):
        throttle.count(counter, settings.APPLICANT_MAIL_WINDOW_SECONDS)


def _ask(kind: str, task: Any, *, email: str, client: str | None, request: HttpRequest | None) -> None:
    _throttle(client, email)
    with transaction.atomic():
        record(f"applicant.{kind}_requested", None, actor_label="applicant", request=request,
               object_type="email", object_id=email_digest(email)[:32])
        address = normalized_email(email)
        transaction.on_commit(lambda: task.enqueue(address, client))


def ask_for_new_keys(*, email: str, client: str | None, request: HttpRequest | None = None) -> None:
    """"I lost my code or key". Raises MailThrottled; otherwise the same for every address."""
    from chancery.cases.tasks import send_new_access_keys

    _ask("new_keys", send_new_access_keys, email=email, client=client, request=request)


def ask_for_sign_in_link(*, email: str, client: str | None, request: HttpRequest | None = None) -> None:
    """"My applications". Raises MailThrottled; otherwise the same for every address."""
    from chancery.cases.tasks import send_sign_in_link

    _ask("sign_in_link", send_sign_in_link, email=email, client=client, request=request)


def reissue_access_keys(*, email: str, client: str | None = None) -> int:
    """Give every case of this address a fresh access key and e-mail them; the old keys stop
    working (and so do the browser sessions opened with them, see portal.session.remember).
    Returns how many cases; an unknown address gets no e-mail."""
    with transaction.atomic():
        cases = list(cases_of_email(email).select_for_update()[:MAX_CASES_PER_EMAIL])
        if not cases:
            return 0
        keys = []
        for case in cases:
            key = codes.new_access_key()
            case.access_key_digest = access_key_digest(key)
            case.save(update_fields=["access_key_digest"])
            record("case.access_key_reissued", case, actor_label="applicant", client=client)
            keys.append((case, key))
        notifications.new_access_keys(normalized_email(email), keys)
    return len(cases)


def _token_digest(token: str) -> str:
    # 256 random bits: a plain hash is enough, and lets the row be found by it.
    return hashlib.sha256(token.encode()).hexdigest()


def send_sign_in_link(*, email: str, client: str | None = None) -> str | None:
    """Store a new sign-in link for a known address and e-mail it; returns the token (None for
    an address no case uses: no row, no e-mail)."""
    address = normalized_email(email)
    if not cases_of_email(address).exists():
        return None
    token = secrets.token_urlsafe(32)
    minutes = settings.SIGN_IN_LINK_MINUTES
    with transaction.atomic():
        link = SignInLink.objects.create(
            email=address, token_digest=_token_digest(token),
            expires_at=timezone.now() + timedelta(minutes=minutes),
        )
        record("applicant.sign_in_link_sent", link, actor_label="applicant", client=client)
        notifications.sign_in_link(address, token, minutes)
    return token


def sign_in_link_usable(token: str) -> bool:
    """Whether the link would still open (a read: showing the page does not use it)."""
    return SignInLink.objects.filter(token_digest=_token_digest(token), used_at__isnull=True,
                                     expires_at__gt=timezone.now()).exists()


def use_sign_in_link(*, token: str, request: HttpRequest | None = None) -> str | None:
    """Use a link: its e-mail address, or None when it is unknown, expired or already used.

    One conditional UPDATE marks it used: of concurrent requests with the same link exactly one
    changes the row (the others match nothing), on PostgreSQL and SQLite alike."""
    now = timezone.now()
    digest = _token_digest(token)
    with transaction.atomic():
        won = SignInLink.objects.filter(token_digest=digest, used_at__isnull=True,
                                        expires_at__gt=now).update(used_at=now)
        if won != 1:
            return None
        link = SignInLink.objects.get(token_digest=digest)
        record("applicant.signed_in", link, actor_label="applicant", request=request)
    return link.email


def delete_old_sign_in_links(now: Any = None) -> int:
    """Links a day past their expiry are of no use, even to the audit (which has its own record)."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    deleted, _ = SignInLink.objects.filter(expires_at__lt=cutoff).delete()
    return deleted
