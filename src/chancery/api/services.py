"""API tokens: made, refused, revoked. Every write in a transaction with its audit record."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chancery.api.models import ApiToken, token_digest
from chancery.audit.services import record

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

__all__ = ["LAST_USE_PRECISION", "create_token", "revoke_tokens", "token_digest", "user_for_token"]

# The last use is written at most this often per token: not a write on every API request.
LAST_USE_PRECISION = timedelta(minutes=5)


def create_token(username: str, *, days: int | None = None) -> str:
    """A new token for this person, valid `days` (API_TOKEN_DAYS by default); shown only now."""
    days = settings.API_TOKEN_DAYS if days is None else days
    if days < 1:
        raise ValueError("a token must be valid for at least one day")
    user = get_user_model().objects.get(username=username)
    if not user.is_active:
        raise ValueError(f"{username} is deactivated")
    token = "chy_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        api_token = ApiToken.objects.create(
            user=user, digest=token_digest(token), prefix=token[:8],
            expires_at=timezone.now() + timedelta(days=days),
        )
        record("api_token.created", api_token, actor_label="system", username=username, days=days)
    return token


def revoke_tokens(tokens: Iterable[ApiToken], *, reason: str, actor: User | None = None,
    request: HttpRequest | None = None) -> int:
    """Revoke these tokens (those not already revoked); returns how many."""
    now = timezone.now()
    count = 0
    with transaction.atomic():
        ids = [token.pk for token in tokens]
        for api_token in ApiToken.objects.select_for_update().filter(pk__in=ids, revoked=False):
            api_token.revoked, api_token.revoked_at, api_token.revoked_reason = True, now, reason[:60]
            api_token.save(update_fields=["revoked", "revoked_at", "revoked_reason"])
            record("api_token.revoked", api_token, actor=actor,
                   actor_label="" if getattr(actor, "is_authenticated", False) else "system",
                   request=request, username=api_token.user.get_username(), reason=reason)
            count += 1
    return count


def user_for_token(token: str, *, request: HttpRequest | None = None) -> Any:
    """The active staff user this token stands for, or None: unknown, revoked, expired, its user
    deactivated, or its user's login locked out from the request's address."""
    now = timezone.now()
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked=False, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if api_token is None:
        return None
    if request is not None:
        from chancery.accounts.lockout import is_locked_out

        if is_locked_out(request, api_token.user.get_username()):
            return None
    if api_token.last_used_at is None or api_token.last_used_at <= now - LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.user


def revoke_tokens_of_inactive_user(user: User) -> int:
    """A deactivated person's tokens are revoked for good: reactivating them does not bring
    the old tokens back."""
    if user.is_active:
        return 0
    return revoke_tokens(ApiToken.objects.filter(user=user, revoked=False), reason="user deactivated")
