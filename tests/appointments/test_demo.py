"""The demo's offices have counter hours: a passport application at each office that issues
passports is offered times to book, within the office's opening hours and on its working days."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from chancery.appointments import selectors
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.demo.appointments import seed_counter_hours
from chancery.demo.seed import create_units_and_staff
from chancery.organization.models import Unit
from chancery.organization.services import calendar_for
from chancery.procedures.selectors import current_version


def test_every_demo_office_offers_bookable_times(catalog, settings):
    create_units_and_staff()
    assert seed_counter_hours() > 0
    assert seed_counter_hours() == 0  # seeding again changes nothing
    passport = current_version("passport-issuance")
    now = datetime(2026, 12, 3, 12, 0, tzinfo=ZoneInfo("UTC"))
    for unit in Unit.objects.filter(kind__in=passport.handled_by):
        case = Case(unit=unit, procedure_version=passport, status=Status.SUBMITTED)
        offers = selectors.offers(case, now=now)
        assert offers, unit.code
        calendar = calendar_for(unit)
        for day, times in offers.items():
            assert calendar.is_working_day(day), (unit.code, day)
            assert all(time(8, 30) <= o.starts_at.time() and o.ends_at.time() <= time(16, 30) for o in times)
