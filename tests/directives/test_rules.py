"""Status rules: each status reached by the dates that decide it, by hand, then checked against
the SQL version of the same rule on random tasks."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.directives.models import Task
from chancery.directives.rules import (
    Figures,
    Recurrence,
    Schedule,
    TaskStatus,
    ageing_label,
    completed_late,
    days_overdue,
    is_overdue,
    period_containing,
    periods,
    schedule,
    task_status,
)
from chancery.directives.selectors import with_status

D = date


@dataclass
class T:
    """The dates of a task, nothing else: what task_status reads."""

    deadline: date | None = D(2025, 6, 30)
    next_due_on: date | None = None
    started_on: date | None = None
    completion_reported_on: date | None = None
    completed_on: date | None = None
    cancelled_on: date | None = None
    late_periods: int = 0

    def __post_init__(self) -> None:
        if self.next_due_on is None:
            self.next_due_on = self.deadline


# --- one-off tasks ---------------------------------------------------------------------------


def test_not_started_until_the_lead_unit_reports():
    assert task_status(T(), D(2025, 6, 1)) == TaskStatus.NOT_STARTED


def test_in_progress_from_the_first_report():
    assert task_status(T(started_on=D(2025, 6, 2)), D(2025, 6, 10)) == TaskStatus.IN_PROGRESS


def test_due_day_itself_is_not_overdue_the_next_day_is():
    task = T(started_on=D(2025, 6, 2))
    assert task_status(task, D(2025, 6, 30)) == TaskStatus.IN_PROGRESS
    assert task_status(task, D(2025, 7, 1)) == TaskStatus.OVERDUE
    assert days_overdue(task, D(2025, 7, 1)) == 1
    assert task_status(T(), D(2025, 7, 1)) == TaskStatus.OVERDUE  # never started, also overdue


def test_done_on_time_when_the_accepted_report_is_on_or_before_the_deadline():
    task = T(started_on=D(2025, 6, 1), completion_reported_on=D(2025, 6, 30), completed_on=D(2025, 6, 30))
    assert task_status(task, D(2025, 6, 30)) == TaskStatus.DONE_ON_TIME
    # Accepted weeks later: the report's date counts, not the acceptance.
    assert task_status(task, D(2025, 9, 1)) == TaskStatus.DONE_ON_TIME


def test_done_late_when_the_accepted_report_came_after_the_deadline():
    task = T(started_on=D(2025, 6, 1), completion_reported_on=D(2025, 7, 3), completed_on=D(2025, 7, 3))
    assert task_status(task, D(2025, 7, 10)) == TaskStatus.DONE_LATE
    assert days_overdue(task, D(2025, 7, 10)) == 0


def test_completion_reported_in_time_and_waiting_for_the_issuer_is_not_overdue():
    waiting = T(started_on=D(2025, 6, 1), completion_reported_on=D(2025, 6, 29))
    assert task_status(waiting, D(2025, 7, 15)) == TaskStatus.IN_PROGRESS
    reported_late = T(started_on=D(2025, 6, 1), completion_reported_on=D(2025, 7, 2))
    assert task_status(reported_late, D(2025, 7, 15)) == TaskStatus.OVERDUE


def test_an_extension_moves_the_date_that_decides():
    extended = T(deadline=D(2025, 8, 31), started_on=D(2025, 6, 1))
    assert task_status(extended, D(2025, 7, 15)) == TaskStatus.IN_PROGRESS


def test_cancelled_wins_over_everything():
    assert task_status(T(cancelled_on=D(2025, 7, 5)), D(2025, 8, 1)) == TaskStatus.CANCELLED
    done_then_cancelled = T(completed_on=D(2025, 6, 1), cancelled_on=D(2025, 6, 2))
    assert task_status(done_then_cancelled, D(2025, 8, 1)) == TaskStatus.CANCELLED


def test_ongoing_task_is_never_overdue():
    ongoing = T(deadline=None, next_due_on=None, started_on=D(2020, 1, 1))
    assert task_status(ongoing, D(2035, 1, 1)) == TaskStatus.IN_PROGRESS
    ongoing.completed_on = D(2030, 1, 1)
    assert task_status(ongoing, D(2035, 1, 1)) == TaskStatus.DONE_ON_TIME


# --- recurring tasks -------------------------------------------------------------------------


def test_monthly_periods_are_due_on_the_25th_of_the_month():
    p = period_containing(D(2025, 2, 10), Recurrence.MONTHLY)
    assert (p.start, p.end, p.due_on) == (D(2025, 2, 1), D(2025, 2, 28), D(2025, 2, 25))


def test_quarterly_periods_are_due_on_the_25th_of_the_quarters_last_month():
    p = period_containing(D(2025, 8, 1), Recurrence.QUARTERLY)
    assert (p.start, p.end, p.due_on) == (D(2025, 7, 1), D(2025, 9, 30), D(2025, 9, 25))


def test_a_report_day_past_the_months_end_is_its_last_day():
    assert period_containing(D(2024, 2, 3), Recurrence.MONTHLY, report_day=31).due_on == D(2024, 2, 29)


def test_first_period_is_skipped_when_its_report_was_due_before_the_task_was_given():
    first = next(periods(Recurrence.MONTHLY, D(2025, 1, 28)))
    assert first.start == D(2025, 2, 1)
    first = next(periods(Recurrence.MONTHLY, D(2025, 1, 25)))
    assert first.start == D(2025, 1, 1)


def test_periods_stop_at_the_end_date():
    got = [p.start for p in periods(Recurrence.QUARTERLY, D(2025, 1, 10), until=D(2025, 8, 1))]
    assert got == [D(2025, 1, 1), D(2025, 4, 1), D(2025, 7, 1)]


def _monthly(reports: dict[date, date], **dates) -> T:
    facts = schedule(Recurrence.MONTHLY, deadline=dates.pop("deadline", None), starts_on=D(2025, 1, 1),
                     period_reports=reports)
    return T(deadline=None, next_due_on=facts.next_due_on, late_periods=facts.late_periods,
             started_on=min(reports.values()) if reports else None, **dates)


def test_recurring_task_goes_overdue_when_a_period_report_is_missing_and_back_when_it_comes():
    assert task_status(_monthly({}), D(2025, 1, 20)) == TaskStatus.NOT_STARTED
    assert task_status(_monthly({}), D(2025, 1, 26)) == TaskStatus.OVERDUE
    late_january = _monthly({D(2025, 1, 1): D(2025, 1, 27)})
    assert late_january.late_periods == 1
    assert late_january.next_due_on == D(2025, 2, 25)
    assert task_status(late_january, D(2025, 2, 10)) == TaskStatus.IN_PROGRESS
    assert task_status(late_january, D(2025, 2, 26)) == TaskStatus.OVERDUE


def test_recurring_task_reported_on_time_every_period_stays_in_progress():
    on_time = _monthly({D(2025, 1, 1): D(2025, 1, 20), D(2025, 2, 1): D(2025, 2, 25)})
    assert on_time.late_periods == 0
    assert on_time.next_due_on == D(2025, 3, 25)
    assert task_status(on_time, D(2025, 3, 25)) == TaskStatus.IN_PROGRESS


def test_a_gap_in_periodic_reports_is_what_is_due_next():
    gap = _monthly({D(2025, 1, 1): D(2025, 1, 20), D(2025, 3, 1): D(2025, 3, 20)})
    assert gap.next_due_on == D(2025, 2, 25)


def test_recurring_task_closed_is_done_late_if_any_period_report_was_late_or_missing():
    on_time = _monthly({D(2025, 1, 1): D(2025, 1, 20), D(2025, 2, 1): D(2025, 2, 20)},
                       completed_on=D(2025, 3, 1))
    assert task_status(on_time, D(2025, 4, 1)) == TaskStatus.DONE_ON_TIME
    one_late = _monthly({D(2025, 1, 1): D(2025, 1, 26), D(2025, 2, 1): D(2025, 2, 20)},
                        completed_on=D(2025, 3, 1))
    assert task_status(one_late, D(2025, 4, 1)) == TaskStatus.DONE_LATE
    missing = _monthly({D(2025, 1, 1): D(2025, 1, 20)}, completed_on=D(2025, 3, 1))
    assert task_status(missing, D(2025, 4, 1)) == TaskStatus.DONE_LATE


def test_a_bounded_series_fully_reported_owes_nothing_more():
    facts = schedule(Recurrence.QUARTERLY, deadline=D(2025, 6, 30), starts_on=D(2025, 1, 1),
                     period_reports={D(2025, 1, 1): D(2025, 3, 1), D(2025, 4, 1): D(2025, 6, 1)})
    assert facts.next_due_on is None and facts.late_periods == 0


# --- rates -----------------------------------------------------------------------------------


def test_rates_use_their_stated_denominators():
    figures = Figures({"done_on_time": 6, "done_late": 1, "overdue": 1, "in_progress": 2, "cancelled": 3})
    assert figures.assigned == 10
    assert figures.on_time_rate == pytest.approx(6 / 8)
    assert figures.overdue_share == pytest.approx(1 / 10)
    assert figures.bucket_counts == {"completed_on_time": 6, "completed_late": 1,
                                     "open_within_deadline": 2, "open_overdue": 1}
    assert Figures({}).on_time_rate is None and Figures({}).overdue_share is None


# --- the SQL copy of the rule ----------------------------------------------------------------

optional_day = st.one_of(st.none(), st.dates(min_value=D(2025, 1, 1), max_value=D(2025, 3, 31)))


@st.composite
def task_dates(draw):
    return {
        "deadline": draw(optional_day), "next_due_on": draw(optional_day), "started_on": draw(optional_day),
        "completion_reported_on": draw(optional_day), "completed_on": draw(optional_day),
        "cancelled_on": draw(st.one_of(st.none(), st.just(D(2025, 2, 1)))),
        "late_periods": draw(st.integers(0, 2)),
    }


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(task_dates(), min_size=1, max_size=15),
       today=st.dates(min_value=D(2025, 1, 1), max_value=D(2025, 3, 31)))
def test_sql_status_agrees_with_task_status(org, issuer, batch, today):
    from tests.directives.helpers import make_directive, spec

    _d, (template,) = make_directive(issuer, org.cd, [spec(org.fr)])
    made = []
    for dates in batch:
        recurrence = Recurrence.ONGOING if dates["deadline"] is None else Recurrence.ONCE
        made.append(Task.objects.create(
            directive_id=template.directive_id, lead_unit=org.fr, text="x", recurrence=recurrence, **dates))
    rows = with_status(Task.objects.filter(pk__in=[t.pk for t in made]), today)
    annotated = {t.pk: t.status_now for t in rows}
    for task in made:
        assert annotated[task.pk] == task_status(task, today), (task.__dict__, today)
    Task.objects.filter(pk__in=[t.pk for t in made]).delete()


# --- period boundaries (found unchecked by scripts/mutation) ---------------------------------


def test_every_day_of_a_year_lies_in_its_month_and_its_quarter():
    day = D(2024, 1, 1)
    while day.year == 2024:
        month = period_containing(day, Recurrence.MONTHLY)
        quarter = period_containing(day, Recurrence.QUARTERLY)
        assert month.start <= day <= month.end and month.start.day == 1
        assert quarter.start <= day <= quarter.end and quarter.start.month in (1, 4, 7, 10)
        assert (quarter.end - quarter.start).days in (89, 90, 91)
        day = day.fromordinal(day.toordinal() + 1)


def test_a_report_day_below_the_first_is_the_first():
    assert period_containing(D(2025, 3, 10), Recurrence.MONTHLY, report_day=1).due_on == D(2025, 3, 1)
    assert period_containing(D(2025, 3, 10), Recurrence.MONTHLY, report_day=0).due_on == D(2025, 3, 1)
    assert period_containing(D(2025, 3, 10), Recurrence.QUARTERLY, report_day=-5).due_on == D(2025, 3, 1)


def test_a_one_off_or_ongoing_task_has_no_periods():
    for recurrence in ("once", "ongoing"):
        with pytest.raises(ValueError, match=f"'{recurrence}' has no periods"):
            period_containing(D(2025, 3, 10), recurrence)


def test_every_period_of_a_series_uses_the_tasks_report_day():
    series = list(periods(Recurrence.MONTHLY, D(2025, 1, 5), D(2025, 4, 30), report_day=10))
    assert [p.due_on for p in series] == [D(2025, 1, 10), D(2025, 2, 10), D(2025, 3, 10), D(2025, 4, 10)]
    # Given on the 12th, the month's report (due on the 10th) was already due: the series starts
    # next month.
    late = list(periods(Recurrence.MONTHLY, D(2025, 1, 12), D(2025, 2, 28), report_day=10))
    assert [(p.start, p.due_on) for p in late] == [(D(2025, 2, 1), D(2025, 2, 10))]


def test_a_series_ending_on_a_periods_first_day_includes_that_period():
    series = list(periods(Recurrence.MONTHLY, D(2025, 1, 1), D(2025, 3, 1)))
    assert [p.start for p in series] == [D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)]


@pytest.mark.parametrize(("days", "label"), [
    (0, ""), (1, "1–30"), (30, "1–30"), (31, "31–90"), (90, "31–90"), (91, "91–120"), (120, "91–120"),
    (121, "> 120"), (10_000, "> 120"),
])
def test_overdue_tasks_age_in_the_governments_buckets(days, label):
    assert ageing_label(days) == label


def test_an_open_task_is_not_late_and_an_ongoing_one_is_late_only_by_its_periods():
    assert not completed_late(T(completed_on=None, next_due_on=D(2025, 1, 1)))
    assert not completed_late(T(deadline=None, next_due_on=None, completed_on=D(2025, 9, 1)))
    assert completed_late(T(deadline=None, next_due_on=None, completed_on=D(2025, 9, 1), late_periods=1))


# --- schedule() and is_overdue() at their edges (the mutants that survived the last mutation run)


def test_a_task_by_a_date_is_due_on_its_deadline_and_never_late():
    assert schedule(Recurrence.ONCE, deadline=D(2025, 6, 30), starts_on=D(2025, 1, 1)) \
        == Schedule(D(2025, 6, 30), 0)


def test_an_unknown_recurrence_has_nothing_due():
    assert schedule("weekly", deadline=D(2025, 6, 30), starts_on=D(2025, 1, 1)) == Schedule(None, 0)


def test_a_report_sent_on_its_due_day_is_not_overdue():
    due = D(2025, 3, 25)
    assert not is_overdue(T(next_due_on=due, completion_reported_on=due), due + timedelta(days=1))
    assert is_overdue(T(next_due_on=due, completion_reported_on=due + timedelta(days=1)),
                      due + timedelta(days=2))


def test_the_report_day_decides_when_a_monthly_report_is_due():
    first = next(periods(Recurrence.MONTHLY, D(2025, 1, 1), report_day=10))
    assert first.due_on.day == 10
    assert schedule(Recurrence.MONTHLY, deadline=None, starts_on=D(2025, 1, 1), report_day=10) \
        == Schedule(first.due_on, 0)


def test_a_missed_period_stays_due_while_later_reports_are_still_counted_late():
    """January on time, February never sent, March and April late: February is what is due,
    and the two late reports after it are counted (the walk goes on to the last report)."""
    jan, feb, mar, apr = list(itertools.islice(periods(Recurrence.MONTHLY, D(2025, 1, 1)), 4))
    reports = {jan.start: jan.due_on, mar.start: mar.due_on + timedelta(days=3),
               apr.start: apr.due_on + timedelta(days=1)}
    assert schedule(Recurrence.MONTHLY, deadline=None, starts_on=D(2025, 1, 1),
                    period_reports=reports) == Schedule(feb.due_on, 2)
