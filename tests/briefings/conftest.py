"""Helpers for the briefings tests: notes written at a chosen local time, fast password hashing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from chancery.briefings import services
from chancery.briefings.models import Classification, Note


def local(unit, year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware moment at the unit's own wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(unit.time_zone))


@pytest.fixture
def write_note():
    """write_note(unit, author, title=..., body=..., at=datetime, ...) -> Note, through the service."""

    def make(
        unit,
        author,
        *,
        title: str = "Tình hình trong ngày",
        body: str = "Nội dung ghi chú.",
        at: datetime | None = None,
        classification: str = Classification.INTERNAL,
        topics: tuple[str, ...] = ("politics",),
        countries: tuple[str, ...] = (),
        **extra,
    ) -> Note:
        return services.create_note(
            unit=unit,
            author=author,
            title=title,
            body=body,
            written_at=at,
            classification=classification,
            topics=list(topics),
            countries=list(countries),
            **extra,
        )

    return make
