"""The rules of booking, one constant each."""

from __future__ import annotations

from datetime import datetime, timedelta

from chancery.cases.lifecycle import OPEN_STATUSES, Status

CHANGE_DEADLINE = timedelta(hours=24)
"""An appointment can be booked, moved or cancelled online until this long before it starts (the
office prepares the day's files the day before); after that, the applicant calls the office."""

BOOKING_DAYS = 28
"""How far ahead the booking page offers slots, in calendar days."""

BOOKABLE_STATUSES = frozenset(OPEN_STATUSES - {Status.REFUSED})
"""A case books a visit while the office still works on it or has a result to hand over."""


def needs_visit(online_level: str) -> bool:
    """A procedure that is only partly online ends with one visit to the office (catalogue
    ``online_level: partial``)."""
    return online_level == "partial"


def may_change(starts_at: datetime, now: datetime) -> bool:
    """Whether an appointment starting at ``starts_at`` can still be booked, moved or cancelled
    online at ``now``: at least CHANGE_DEADLINE ahead (24 h before is still in time)."""
    return starts_at - now >= CHANGE_DEADLINE
