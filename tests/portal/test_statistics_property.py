"""After any sequence of transitions, the incremental counters equal a rebuild from the cases, and
the dashboard's figures equal a direct count over the cases.

Hypothesis interleaves actions on a few cases of two units (Paris and Tokyo), with time jumps of
an hour to ten days, so cases cross month ends, run late, are withdrawn, refused, stopped, asked
for a supplement or a fee, returned and rated.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from chancery.cases import deadlines
from chancery.cases.lifecycle import BEFORE_DECISION, Status, transitions_from
from chancery.cases.models import Case
from chancery.portal import dashboard, statistics
from chancery.portal.dashboard import Period
from chancery.portal.satisfaction import rate_case
from tests.factories import advance, submit_case

START = datetime(2026, 1, 28, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
PROCEDURES = ("nationality-confirmation", "visa-exemption-certificate")

step = st.tuples(
    st.integers(0, 3),                                   # which case
    st.integers(0, 20),                                  # which allowed action (modulo)
    st.sampled_from([1, 3, 20, 50, 100, 240]),           # hours since the previous step
)


@contextmanager
def at(moment: datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


# Moving forward is likelier than ending early, so that decisions, returns and ratings happen.
PREFERENCE = ["receive", "start_processing", "provide_supplement", "record_payment", "approve",
              "return_result", "rate", "request_fee", "refuse", "request_supplement",
              "complete_dossier", "request_completion", "withdraw", "stop", "not_accept"]


def _possible(case: Case) -> list[str]:
    actions = [t.action for t in transitions_from(case.status)
               if t.action != "submit" and not (t.condition and t.condition(case))]
    if case.status == Status.RESULT_RETURNED and not hasattr(case, "rating"):
        actions.append("rate")
    # A transition added later, not placed in PREFERENCE yet, comes after the known ones.
    return sorted(actions, key=lambda a: (PREFERENCE.index(a) if a in PREFERENCE else len(PREFERENCE), a))


def _pick(actions: list[str], choice: int) -> str:
    """Choices 0–11 take the preferred action; 12–20 spread over all of them."""
    return actions[0] if choice < 12 else actions[(choice - 12) % len(actions)]


def _play(org, plan: list[tuple[int, int, int]], units: list, procedures: list[str]) -> datetime:
    now = START
    cases: dict[int, Case] = {}
    for which, choice, hours in plan:
        now += timedelta(hours=hours)
        with at(now):
            if which not in cases:
                cases[which], _key = submit_case(units[which], procedures[which])
                continue
            case = Case.objects.select_related("procedure_version", "unit").get(pk=cases[which].pk)
            actions = _possible(case)
            if not actions:
                continue
            action = _pick(actions, choice)
            if action == "rate":
                rate_case(case, 1 + choice % 5, "")
            else:
                fr = case.unit == org.fr
                officer, head = (org.officer, org.head) if fr else (org.officer_jp, org.head_jp)
                cases[which] = advance(case, [action], officer=officer, decider=head)
    return now


def _direct(cases: list[Case], unit, month, now: datetime) -> dict[str, int]:
    """The figures of one unit and month counted straight from the cases' fields."""

    def in_month(moment: datetime | None) -> bool:
        return moment is not None and statistics.local_month(unit, moment) == month

    mine = [c for c in cases if c.unit_id == unit.pk]
    decided = [c for c in mine if in_month(c.decided_at)]
    closed = Counter(c.status for c in mine if in_month(c.closed_at))
    ratings = [c.rating.score for c in mine if hasattr(c, "rating") and in_month(c.rating.created_at)]
    timeliness = Counter(c.result_timeliness for c in decided)
    open_cases = [c for c in mine if c.status in BEFORE_DECISION]
    return {
        "received": sum(in_month(c.submitted_at) for c in mine),
        "resolved": len(decided),
        "early": timeliness["early"], "on_time": timeliness["on_time"], "late": timeliness["late"],
        "withdrawn": closed[Status.WITHDRAWN], "stopped": closed[Status.STOPPED],
        "not_accepted": closed[Status.NOT_ACCEPTED], "returned": closed[Status.RESULT_RETURNED],
        "ratings": len(ratings), "rating_sum": sum(ratings),
        "open_now": len(open_cases),
        "overdue_now": sum(deadlines.case_timeliness(c, now) == "overdue" for c in open_cases),
    }


def _shown(figures: dashboard.Figures) -> dict[str, int]:
    return {
        "received": figures.received, "resolved": figures.resolved, "early": figures.early,
        "on_time": figures.on_time, "late": figures.late, "withdrawn": figures.withdrawn,
        "stopped": figures.stopped, "not_accepted": figures.not_accepted, "returned": figures.returned,
        "ratings": figures.rating_count,
        "rating_sum": sum(score * n for score, n in enumerate(figures.ratings, start=1)),
        "open_now": figures.open_now, "overdue_now": figures.overdue_now,
    }


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    plan=st.lists(step, min_size=12, max_size=40),
    where=st.lists(st.booleans(), min_size=4, max_size=4),
    which=st.lists(st.sampled_from(PROCEDURES), min_size=4, max_size=4),
)
def test_counters_agree_with_the_cases_after_random_transitions(org, catalog, plan, where, which):
    units = [org.fr if w else org.jp for w in where]
    with transaction.atomic():
        now = _play(org, plan, units, which)
        incremental = statistics.stored_counters()
        assert incremental == statistics.computed_counters()
        statistics.rebuild()
        assert statistics.stored_counters() == incremental

        cases = list(Case.objects.select_related("unit", "procedure_version").exclude(submitted_at=None))
        for case in cases:
            event(f"status {case.status}")
            event(f"timeliness {case.result_timeliness or '-'}")
            event(f"rated {hasattr(case, 'rating')}")
        months = {statistics.local_month(c.unit, m) for c in cases
                  for m in (c.submitted_at, c.decided_at, c.closed_at) if m}
        for unit in (org.fr, org.jp):
            for month in months:
                period = Period("month", month.year, month.month)
                shown = _shown(dashboard.build(period, unit, now=now).figures)
                assert shown == _direct(cases, unit, month, now), (unit.code, month)
        ministry = dashboard.build(Period("year", 2026), None, now=now).figures
        assert ministry.received == sum(c.submitted_at.year == 2026 for c in cases)  # Jan–Apr only
        transaction.set_rollback(True)
