from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from chancery.api.models import ApiToken, token_digest
from chancery.audit.services import record


def create_token(username: str) -> str:
    user = get_user_model().objects.get(username=username)
    token = "chy_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        api_token = ApiToken.objects.create(user=user, digest=token_digest(token), prefix=token[:8])
        record("api_token.created", api_token, actor_label="system", username=username)
    return token


def user_for_token(token: str) -> Any:
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked=False, user__is_active=True).first()
    )
    return api_token.user if api_token else None
