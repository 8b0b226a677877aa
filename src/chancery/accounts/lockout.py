"""Login lockout: per username *and* client address, with a wait that doubles.

django-axes records every failure (wrong password, wrong code) with the username and the client's
address (chancery.audit.client_address). This handler decides on that record:

- failures count per username and address together, so failing from one address never locks the
  owner out at another: nobody can lock an account anonymously (the username alone used to be
  locked for 30 minutes after five requests);
- up to LOGIN_FAILURE_LIMIT failures cost nothing; each failure from then on makes the wait
  before the next try from that address twice as long (1, 2, 4 … minutes, at most
  LOGIN_LOCKOUT_LONGEST_WAIT), see `lockout_delay`. Knocking while locked is refused without
  checking anything and does not lengthen the wait;
- failures are forgotten after AXES_COOLOFF_TIME without a new one (twice the longest wait), or
  at the first successful login from that address;
- when a username sees LOGIN_FAILURE_LIMIT failures in that time, from one address or spread over
  many, its owner gets an e-mail (at most one a day).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Max, Sum
from django.utils import timezone

from chancery.audit.services import record

if TYPE_CHECKING:
    from django.http import HttpRequest

ALERT_EVERY = timedelta(days=1)
MAX_ADDRESSES_IN_ALERT = 20


def lockout_delay(failures: int, *, limit: int, first: timedelta, longest: timedelta) -> timedelta:
    """How long to wait after the `failures`-th failure before trying again.

    Nothing below `limit`; `first` at the limit, doubling with every further failure, never more
    than `longest` (or `first`, if that is longer). Pure: the whole rule."""
    if failures < limit:
        return timedelta(0)
    cap = max(first, longest).total_seconds()
    doublings = min(failures - limit, 64)  # 2**64 × anything passes any cap: no overflow
    return timedelta(seconds=min(first.total_seconds() * 2**doublings, cap))


def _now(request: HttpRequest) -> datetime:
    return getattr(request, "axes_attempt_time", None) or timezone.now()


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with the rule above (settings.AXES_HANDLER)."""

    def locked_for(self, request: HttpRequest, credentials: dict | None = None) -> timedelta:
        """How much longer this username may not log in from this request's address (0: it may)."""
        failures, last = 0, None
        for attempts in self.get_user_attempts(request, credentials):
            found = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            if (found["failures"] or 0) > failures:
                failures, last = found["failures"], found["last"]
        wait = lockout_delay(failures, limit=get_failure_limit(request, credentials),
                             first=settings.LOGIN_LOCKOUT_FIRST_WAIT,
                             longest=settings.LOGIN_LOCKOUT_LONGEST_WAIT)
        if last is None or not wait:
            return timedelta(0)
        # The clock, not the request's start: axes stamps a failure when it saves it.
        return max(timedelta(0), last + wait - timezone.now())

    def is_locked(self, request: HttpRequest, credentials: dict | None = None) -> bool:
        if not getattr(settings, "AXES_LOCK_OUT_AT_FAILURE", True):
            return False
        return self.locked_for(request, credentials) > timedelta(0)

    def user_login_failed(self, sender: Any, credentials: dict,
        request: HttpRequest | None = None, **kwargs: Any) -> None:
        # axes records the failure and, at the limit, marks the request locked out: the failure
        # that reaches the limit is the last one, and its wait has just begun (lockout_delay > 0).
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None:
            alert_owner(request, get_client_username(request, credentials))


def alert_owner(request: HttpRequest, username: str | None) -> bool:
    """E-mail the owner of `username` when it saw LOGIN_FAILURE_LIMIT failures lately, from any
    addresses; at most once every ALERT_EVERY. True when an alert was sent."""
    if not username:
        return False
    sent = "login-failure-alert:" + hashlib.sha256(username.encode()).hexdigest()
    if cache.get(sent):  # told already: no query for the rest of the day
        return False
    recent = AccessAttempt.objects.filter(username=username,
                                          attempt_time__gte=_now(request) - settings.AXES_COOLOFF_TIME)
    failures = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
    if failures < settings.AXES_FAILURE_LIMIT:
        return False
    user_model = get_user_model()
    user = (user_model.objects.filter(**{user_model.USERNAME_FIELD: username}, is_active=True)
            .exclude(email="").first())
    if user is None or not cache.add(sent, 1, int(ALERT_EVERY.total_seconds())):
        return False
    addresses = sorted({a for a in recent.values_list("ip_address", flat=True) if a})
    from chancery.accounts.tasks import send_login_failure_alert

    record("account.failure_alert", user, actor_label="system", request=request,
           failures=failures, addresses=addresses[:MAX_ADDRESSES_IN_ALERT])
    send_login_failure_alert.enqueue(user.pk, failures, addresses[:MAX_ADDRESSES_IN_ALERT])
    return True


def is_locked_out(request: HttpRequest, username: str) -> bool:
    """Whether `username` must wait before logging in from this request's address: the login
    page, the second step and the API's tokens ask the same question."""
    from axes.handlers.proxy import AxesProxyHandler

    return not AxesProxyHandler.is_allowed(request, {"username": username})
