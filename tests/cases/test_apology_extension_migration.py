"""cases/0009: the apology extension of cases rescheduled before 0006, derived from the date the
apology named, in the office's working days; odd data is skipped and logged, never fatal.
The migration's function is run directly on cases made as an old version left them."""

from __future__ import annotations

import importlib
import logging
from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from chancery.cases.models import Case
from chancery.cases.services import issue_apology
from tests.factories import advance, make_unit, submit_case

PARIS = ZoneInfo("Europe/Paris")
migration = importlib.import_module("chancery.cases.migrations.0013_derive_apology_extension")


@contextmanager
def at(*args: int):
    with mock.patch("django.utils.timezone.now", return_value=datetime(*args, tzinfo=PARIS)):
        yield


def end_of(*day: int) -> datetime:
    return datetime.combine(date(*day), time.max, tzinfo=PARIS)


def received(org) -> Case:
    """nationality-confirmation received Monday 2 March 2026 in Paris: due Monday 9 March."""
    with at(2026, 3, 2, 9, 0):
        case, _ = submit_case(org.fr, "nationality-confirmation")
    with at(2026, 3, 2, 10, 0):
        return advance(case, ["receive", "start_processing"], officer=org.officer)


def act(case: Case, action: str, *moment: int, org) -> Case:
    with at(*moment):
        return advance(case, [action], officer=org.officer)


def as_before_0006(case: Case) -> int:
    """The extension issue_apology gave, then forgotten as before 0006."""
    case.refresh_from_db()
    extension = case.apology_extension
    Case.objects.filter(pk=case.pk).update(apology_extension=0)
    return extension


def test_the_extension_is_the_one_the_apology_gave(org, catalog):
    case = received(org)
    with at(2026, 3, 5, 9, 0):
        issue_apology(case, date(2026, 3, 13), actor=org.officer, expected_version=case.version,
                      reason="Late.")
    given = as_before_0006(case)
    assert given == 4  # Mon 9 -> Fri 13: Tue, Wed, Thu, Fri
    migration.derive_apology_extensions(apps, None)
    case.refresh_from_db()
    assert (case.apology_extension, case.due_at) == (given, end_of(2026, 3, 13))


def test_supplement_days_before_the_apology_are_not_counted_and_a_lost_promise_comes_back(org, catalog):
    case = received(org)
    # Held by the applicant from Tuesday 3 to Thursday 5: due Wednesday 11.
    case = act(case, "request_supplement", 2026, 3, 3, 9, 0, org=org)
    case = act(case, "provide_supplement", 2026, 3, 5, 9, 0, org=org)
    with at(2026, 3, 9, 9, 0):
        case = issue_apology(case, date(2026, 3, 13), actor=org.officer, expected_version=case.version,
                             reason="Late.")
    given = as_before_0006(case)
    assert given == 2  # Wed 11 -> Fri 13, not the 4 working days from the first date (Mon 9)
    # Unlike a second supplement request (once only), the lost promise is what 0006 fixed: here a
    # recomputation without the extension, as the old code made after a supplement.
    Case.objects.filter(pk=case.pk).update(due_at=end_of(2026, 3, 11))
    migration.derive_apology_extensions(apps, None)
    case.refresh_from_db()
    assert case.apology_extension == given
    assert case.due_at == end_of(2026, 3, 13)


def test_a_date_never_moves_back_and_closed_cases_keep_theirs(org, catalog):
    case = received(org)
    with at(2026, 3, 5, 9, 0):
        case = issue_apology(case, date(2026, 3, 13), actor=org.officer, expected_version=case.version,
                             reason="Late.")
    as_before_0006(case)
    Case.objects.filter(pk=case.pk).update(due_at=end_of(2026, 3, 20))  # later than the period
    migration.derive_apology_extensions(apps, None)
    case.refresh_from_db()
    assert case.apology_extension == 4 and case.due_at == end_of(2026, 3, 20)


def test_odd_units_are_skipped_and_logged_and_the_others_still_fixed(org, catalog, caplog):
    good, odd = received(org), received(org)
    for case in (good, odd):
        with at(2026, 3, 5, 9, 0):
            issue_apology(case, date(2026, 3, 13), actor=org.officer,
                          expected_version=Case.objects.get(pk=case.pk).version, reason="Late.")
        as_before_0006(case)
    odd_unit = make_unit("EMB-ZZ", country="ZZ", tz="Mars/Olympus_Mons")  # neither is known
    Case.objects.filter(pk=odd.pk).update(unit=odd_unit)
    with caplog.at_level(logging.INFO, logger="chancery.migrations"):
        migration.derive_apology_extensions(apps, None)
    good.refresh_from_db()
    odd.refresh_from_db()
    assert good.apology_extension == 4
    assert odd.apology_extension == 0
    assert any(odd.tracking_code in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)


@pytest.mark.parametrize("definition_change", [
    {"processing_time": {"amount": 24, "unit": "hours"}},
])
def test_periods_in_hours_are_skipped(org, catalog, caplog, definition_change):
    case = received(org)
    with at(2026, 3, 5, 9, 0):
        issue_apology(case, date(2026, 3, 13), actor=org.officer, expected_version=case.version,
                      reason="Late.")
    as_before_0006(case)
    case_model = apps.get_model("cases", "Case")
    stored = case_model.objects.select_related("procedure_version").get(pk=case.pk)
    stored.procedure_version.definition = {**stored.procedure_version.definition, **definition_change}
    with caplog.at_level(logging.WARNING, logger="chancery.migrations"):
        assert migration.derive_one(stored, apps) is None
    assert "hours" in caplog.text
