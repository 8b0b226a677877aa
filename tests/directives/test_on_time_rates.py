"""On-time rates by unit and month (the leader's home page), checked against generated tasks.

Each generated task gets an outcome we choose (done on time, done late, overdue, reported done in
time but not yet accepted, open, cancelled) and a due date in a chosen month; the expected rate is
computed from those choices alone, the published definition: on time ÷ (on time + late + overdue).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.urls import reverse

from chancery.directives.models import Task
from chancery.directives.selectors import last_months, on_time_rates
from tests.directives.helpers import make_directive, spec, today

pytestmark = pytest.mark.django_db

OUTCOMES = ["on_time", "late", "overdue", "reported_in_time", "open", "cancelled"]
# Which outcomes count, and as what, in the on-time rate.
COUNTS_AS = {"on_time": "on_time", "late": "late", "overdue": "late"}


def _month_back(day: date, n: int) -> date:
    year, month = day.year, day.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def _make(task: Task, outcome: str, due: date) -> None:
    """Put the task's dates where the outcome needs them (the dates decide the status)."""
    fields: dict = {"deadline": due, "next_due_on": due, "original_deadline": due,
                    "starts_on": due - timedelta(days=60)}
    if outcome == "on_time":
        fields |= {"started_on": due - timedelta(days=9), "completion_reported_on": due - timedelta(days=1),
                   "completed_on": due - timedelta(days=1)}
    elif outcome == "late":
        fields |= {"started_on": due - timedelta(days=9), "completion_reported_on": due + timedelta(days=2),
                   "completed_on": due + timedelta(days=2)}
    elif outcome == "reported_in_time":
        fields |= {"started_on": due - timedelta(days=9), "completion_reported_on": due,
                   "pending_request": Task.Request.COMPLETION}
    elif outcome == "cancelled":
        fields |= {"cancelled_on": due - timedelta(days=5)}
    Task.objects.filter(pk=task.pk).update(**fields)


@pytest.mark.parametrize("seed", range(4))
def test_rates_by_unit_and_month_match_the_generated_tasks(org, issuer, seed):
    rng = random.Random(seed)
    now = today()
    # Months 1..5 back are inside the 6-month window; 7 back is outside and must not count.
    # The current month is left to open tasks (a past date in it may not exist early in a month).
    plan = []
    for _i in range(rng.randint(8, 24)):
        unit = rng.choice([org.fr, org.jp])
        back = rng.choice([1, 2, 3, 4, 5, 7])
        outcome = rng.choice(OUTCOMES)
        plan.append((unit, back, outcome, rng.randint(1, 20)))
    plan.append((org.fr, 0, "open", None))
    _d, tasks = make_directive(issuer, org.cd, [spec(u) for u, *_rest in plan])
    expected: dict[tuple[str, date], Counter] = {}
    for task, (unit, back, outcome, day) in zip(tasks, plan, strict=True):
        if outcome == "open":
            due = now + timedelta(days=1) if back == 0 else _month_back(now, back).replace(day=day)
            if due < now:
                outcome = "reported_in_time"  # a past due date cannot stay "open"
        else:
            due = _month_back(now, back).replace(day=day)
        _make(task, outcome, due)
        if back <= 5 and outcome in COUNTS_AS:
            expected.setdefault((unit.code, due.replace(day=1)), Counter())[COUNTS_AS[outcome]] += 1

    rates = on_time_rates(org.leader, today=now, months=6)
    assert rates.months == last_months(now, 6) and rates.months[-1] == now.replace(day=1)
    got = {(row.unit.code, cell.month): cell.rate for row in rates.rows for cell in row.cells}
    for (code, month), c in expected.items():
        assert got[(code, month)] == pytest.approx(c["on_time"] / (c["on_time"] + c["late"]))
    for key, rate in got.items():
        if key not in expected:
            assert rate is None, key
    for i, cell in enumerate(rates.total):
        month = rates.months[i]
        on_time = sum(c["on_time"] for (_u, m), c in expected.items() if m == month)
        decided = sum(c["on_time"] + c["late"] for (_u, m), c in expected.items() if m == month)
        assert cell.decided == decided
        assert cell.rate == (None if decided == 0 else pytest.approx(on_time / decided))


def test_rates_are_scoped_to_what_the_reader_may_see(client, org, issuer):
    _d, (fr, jp) = make_directive(issuer, org.cd, [spec(org.fr), spec(org.jp)])
    due = _month_back(today(), 1).replace(day=10)
    _make(fr, "on_time", due)
    _make(jp, "overdue", due)
    assert [r.unit.code for r in on_time_rates(org.leader, today=today()).rows] == ["EMB-FR", "EMB-JP"]
    assert [r.unit.code for r in on_time_rates(org.officer, today=today()).rows] == ["EMB-FR"]
    client.force_login(org.leader)
    html = client.get(reverse("directives:home")).content.decode()
    assert 'id="on-time-table"' in html and "<svg" in html
    month = due.strftime("%Y-%m")
    row = html[html.index('data-unit="EMB-JP"'):]
    cell = row[row.index(f'data-month="{month}"'):row.index("</td>", row.index(f'data-month="{month}"'))]
    assert "0" in cell and "(0/1)" in cell
    row = html[html.index('data-unit="EMB-FR"'):]
    cell = row[row.index(f'data-month="{month}"'):row.index("</td>", row.index(f'data-month="{month}"'))]
    assert "100" in cell and "(1/1)" in cell


def test_the_leaders_overview_is_in_the_menu_of_the_leadership_only(client, org):
    client.force_login(org.leader)
    assert 'id="nav-overview"' in client.get(reverse("directives:index")).content.decode()
    client.force_login(org.officer)
    page = client.get(reverse("directives:home"))
    assert page.status_code == 200 and 'id="nav-overview"' not in page.content.decode()
