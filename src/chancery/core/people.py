"""The types of the people a request may come from, for annotations.

Permission checks take anyone (a staff user, an anonymous visitor, or nobody for the system);
services that record who acted take a `User`."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    Person: TypeAlias = User | AnonymousUser | None
