"""The types of the people a request may come from, for annotations.

Permission checks take anyone (a staff user, an anonymous visitor, or nobody for the system);
services that record who acted take a `User`."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.http import HttpRequest

    Person: TypeAlias = User | AnonymousUser | None


def signed_in_user(request: HttpRequest) -> User:
    """The user a staff-only view or API operation runs for.

    Authentication (the API's staff token, `staff_required`) has already refused anyone else, so an
    anonymous user here is a wiring mistake, not a visitor: fail loudly instead of acting as nobody.
    """
    from django.contrib.auth.models import User

    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionError("a staff-only operation reached without a signed-in user")
    return user
