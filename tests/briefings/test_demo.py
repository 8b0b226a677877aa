"""The demo seeding runs on the demo units, twice, without duplicating anything."""

from __future__ import annotations

import pytest

from chancery.briefings.models import Briefing, Classification, Country, MonitoringAssignment, NewsItem, Note
from chancery.demo.briefings import seed_briefings_demo
from chancery.demo.seed import create_units_and_staff

pytestmark = pytest.mark.django_db


def test_seed_briefings_demo_is_repeatable():
    create_units_and_staff()
    first = seed_briefings_demo()
    assert first["notes"] >= 8 and first["news"] == 5 and first["partners"] >= 5
    assert Note.objects.filter(classification=Classification.RESTRICTED).count() == 1
    assert Briefing.objects.filter(unit__isnull=True).exists() and Briefing.objects.filter(
        unit__code="EMB-FR"
    )
    assert Country.objects.get(code="JP").level == "comprehensive_strategic"
    assert str(Country.objects.get(code="FR").level_since) == "2024-10-07"
    counts = (
        Note.objects.count(),
        NewsItem.objects.count(),
        MonitoringAssignment.objects.count(),
        Briefing.objects.count(),
    )
    seed_briefings_demo()
    assert (
        Note.objects.count(),
        NewsItem.objects.count(),
        MonitoringAssignment.objects.count(),
        Briefing.objects.count(),
    ) == counts
