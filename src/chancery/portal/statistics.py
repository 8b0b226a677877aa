"""Statistics for the public transparency dashboard, kept up to date as cases change.

Every transition adds to one counter row (unit, procedure code, month) in the transition's own
transaction, so the counters commit or roll back with the case. Which month a figure belongs to,
always in the unit's own time zone:

* received (and online, digitised): the month the application was submitted (``submitted_at``):
  every dossier the one-stop shop registered, including those it then did not accept;
* resolved, approved/refused, early/on time/late, working days: the month of the decision
  (``decided_at``), when the national portal fixes timeliness; a case received on 30 March and
  decided on 2 April counts as received in March and resolved in April;
* not accepted, withdrawn, stopped, returned: the month the case closed (``closed_at``);
* ratings: the month the rating was given.

``rebuild()`` recomputes every counter from the cases themselves (repairs, bulk loads, the
property test); it must give exactly what the increments gave.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet

from chancery.cases.lifecycle import CLOSING_COUNTER, TRANSITIONS, Status
from chancery.cases.models import Case, CaseEvent, Channel, Document
from chancery.organization.calendar import WorkingCalendar
from chancery.organization.models import Unit
from chancery.organization.services import calendar_for, unit_tz
from chancery.portal.models import COUNT_FIELDS, HISTOGRAM_DAYS, Rating, ServiceCounter
from chancery.procedures.models import ProcedureVersion

Key = tuple[int, str, date]  # unit id, procedure code, first day of the local month

# The counter each transition adds to is declared with it (lifecycle.TRANSITIONS, Effects.counter);
# the rebuild finds a closed case's counter from its status.
_CLOSED_STATUS = CLOSING_COUNTER
TIMELINESS = ("early", "on_time", "late")


def local_month(unit: Unit, moment: datetime) -> date:
    """The first day of the month ``moment`` falls in, on the unit's own clock."""
    local = moment.astimezone(unit_tz(unit))
    return date(local.year, local.month, 1)


def histogram_field(days: int) -> str:
    return f"wd_{days}" if days <= HISTOGRAM_DAYS else "wd_over"


def working_days_to_result(unit: Unit, started: datetime, decided: datetime,
                           calendar: WorkingCalendar | None = None) -> int:
    """Working days from reception to decision, in the unit's calendar: (received day, decided day]."""
    tz = unit_tz(unit)
    calendar = calendar or calendar_for(unit)
    days: int = calendar.working_days_between(started.astimezone(tz).date(), decided.astimezone(tz).date())
    return max(0, days)


def _received_deltas(channel: int, online_level: str, digitised: bool) -> dict[str, int]:
    online = channel == Channel.ONLINE
    full = online_level == "full"
    return {
        "received": 1, "received_online": int(online), "full_online_eligible": int(full),
        "full_online": int(online and full), "digitised": int(digitised),
    }


def _decision_deltas(refused: bool, timeliness: str, days: int) -> dict[str, int]:
    deltas = {"resolved": 1, "refused" if refused else "approved": 1, "wd_sum": days,
              histogram_field(days): 1}
    if timeliness in TIMELINESS:
        deltas[timeliness] = 1
    return deltas


# ---- Increments, inside each transition's transaction ------------------------------------------


def add(unit_id: int, procedure_code: str, month: date, deltas: Mapping[str, int]) -> None:
    """Add to one counter row, creating it if needed: one atomic statement.

    ``INSERT … ON CONFLICT … DO UPDATE SET x = x + excluded.x`` is atomic on PostgreSQL (the row
    is locked by the update; a concurrent insert of the same key waits, then updates) and on
    SQLite ≥ 3.24 (writes are serialised). No read-modify-write in Python, so no lost update.
    """
    deltas = {field: value for field, value in deltas.items() if value}
    if not deltas:
        return
    unknown = set(deltas) - set(COUNT_FIELDS)
    if unknown:
        raise ValueError(f"not counter fields: {sorted(unknown)}")
    qn = connection.ops.quote_name
    table = qn(ServiceCounter._meta.db_table)
    columns = ["unit_id", "procedure_code", "month", *deltas]
    updates = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in deltas)
    # Column names come from COUNT_FIELDS (checked above); values are parameters.
    sql = (
        f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({qn('unit_id')}, {qn('month')}, {qn('procedure_code')}) DO UPDATE SET {updates}"
    )
    params = [unit_id, procedure_code, connection.ops.adapt_datefield_value(month), *deltas.values()]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def transition_deltas(case: Case, action: str, at: datetime) -> dict[str, int]:
    """What one transition adds to the counter row of the month ``at`` falls in."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        return {}
    counter = transition.effects.counter
    if counter == "received":
        digitised = case.documents.filter(stage=Document.Stage.APPLICATION).exists()
        return _received_deltas(case.channel, case.procedure_version.online_level, digitised)
    if counter == "resolved":
        started = case.received_at or case.submitted_at or at
        days = working_days_to_result(case.unit, started, at)
        return _decision_deltas(transition.target == Status.REFUSED, case.result_timeliness, days)
    return {counter: 1} if counter else {}


def record_transition(case: Case, action: str, from_status: str, to_status: str, at: datetime) -> None:
    """Called by cases.services inside each transition's transaction."""
    deltas = transition_deltas(case, action, at)
    if deltas:
        add(case.unit_id, case.procedure_version.code, local_month(case.unit, at), deltas)


def on_case_transitioned(sender: Any, *, case: Case, action: str, from_status: str, to_status: str,
                         at: datetime, **kwargs: Any) -> None:
    record_transition(case, action, from_status, to_status, at)


def record_rating(rating: Rating) -> None:
    """Called by portal.satisfaction inside the rating's transaction."""
    case = rating.case
    add(case.unit_id, case.procedure_version.code, local_month(case.unit, rating.created_at),
        {f"rating_{rating.score}": 1})


# ---- Rebuild from the cases --------------------------------------------------------------------


class _UnitClock:
    """Each unit's time zone and calendar, looked up once per rebuild (millions of cases)."""

    def __init__(self) -> None:
        self._units = {unit.pk: unit for unit in Unit.objects.all()}
        self._zones = {pk: unit_tz(unit) for pk, unit in self._units.items()}
        self._calendars: dict[int, Any] = {}

    def month(self, unit_id: int, moment: datetime) -> date:
        local = moment.astimezone(self._zones[unit_id])
        return date(local.year, local.month, 1)

    def days(self, unit_id: int, started: datetime, decided: datetime) -> int:
        calendar = self._calendars.get(unit_id)
        if calendar is None:
            calendar = self._calendars[unit_id] = calendar_for(self._units[unit_id])
        tz = self._zones[unit_id]
        first, last = started.astimezone(tz).date(), decided.astimezone(tz).date()
        return max(0, calendar.working_days_between(first, last))


def case_counts(
    rows: Iterable[Mapping[str, Any]], clock: _UnitClock | None = None
) -> dict[Key, Counter[str]]:
    """The counter rows these cases (as value dicts) add up to, computed from their fields."""
    clock = clock or _UnitClock()
    versions = {v.pk: (v.code, v.online_level) for v in ProcedureVersion.objects.all()}
    totals: dict[Key, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row["submitted_at"] is None:
            continue
        unit_id = row["unit_id"]
        code, online_level = versions[row["procedure_version_id"]]
        received = (unit_id, code, clock.month(unit_id, row["submitted_at"]))
        totals[received].update(_received_deltas(row["channel"], online_level, row["digitised"]))
        if row["decided_at"] is not None:
            started = row["received_at"] or row["submitted_at"]
            days = clock.days(unit_id, started, row["decided_at"])
            refused = row["status"] == Status.REFUSED or row["was_refused"]
            decided = (unit_id, code, clock.month(unit_id, row["decided_at"]))
            totals[decided].update(_decision_deltas(refused, row["result_timeliness"], days))
        closing = _CLOSED_STATUS.get(row["status"])
        if closing and row["closed_at"] is not None:
            totals[(unit_id, code, clock.month(unit_id, row["closed_at"]))][closing] += 1
    return totals


def _case_rows(queryset: QuerySet[Case] | None = None) -> Iterable[Mapping[str, Any]]:
    queryset = Case.objects.all() if queryset is None else queryset
    return (
        queryset.exclude(submitted_at=None)
        .annotate(
            was_refused=Exists(CaseEvent.objects.filter(case=OuterRef("pk"), action="refuse")),
            digitised=Exists(Document.objects.filter(case=OuterRef("pk"), stage=Document.Stage.APPLICATION)),
        )
        .values("unit_id", "procedure_version_id", "channel", "status", "submitted_at", "received_at",
                "decided_at", "closed_at", "result_timeliness", "was_refused", "digitised")
        .order_by()
        .iterator(chunk_size=5000)
    )


def rating_counts(clock: _UnitClock | None = None) -> dict[Key, Counter[str]]:
    clock = clock or _UnitClock()
    versions = {v.pk: v.code for v in ProcedureVersion.objects.all()}
    totals: dict[Key, Counter[str]] = defaultdict(Counter)
    rows = Rating.objects.values_list(
        "case__unit_id", "case__procedure_version_id", "created_at", "score"
    ).order_by().iterator(chunk_size=5000)
    for unit_id, version_id, created_at, score in rows:
        totals[(unit_id, versions[version_id], clock.month(unit_id, created_at))][f"rating_{score}"] += 1
    return totals


def computed_counters() -> dict[Key, Counter[str]]:
    """Every counter row as it should be, from the cases and ratings (no counter is read)."""
    clock = _UnitClock()
    totals = case_counts(_case_rows(), clock)
    for key, counts in rating_counts(clock).items():
        totals.setdefault(key, Counter()).update(counts)
    return {key: counts for key, counts in totals.items() if any(counts.values())}


def stored_counters() -> dict[Key, Counter[str]]:
    """The counter rows as stored, without zero figures (to compare with computed_counters)."""
    stored: dict[Key, Counter[str]] = {}
    for row in ServiceCounter.objects.values("unit_id", "procedure_code", "month", *COUNT_FIELDS):
        counts = Counter({f: row[f] for f in COUNT_FIELDS if row[f]})
        if counts:
            stored[(row["unit_id"], row["procedure_code"], row["month"])] = counts
    return stored


def rebuild() -> int:
    """Replace every counter by what the cases say; returns the number of rows written.

    On PostgreSQL the counter table is locked first: transitions committing meanwhile wait and
    add their increments after the rebuild, which then read every case committed before them.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(ServiceCounter._meta.db_table)} IN EXCLUSIVE MODE"
                )
        totals = computed_counters()
        ServiceCounter.objects.all().delete()
        rows = [
            ServiceCounter(unit_id=unit_id, procedure_code=code, month=month, **counts)
            for (unit_id, code, month), counts in totals.items()
        ]
        # ~95 columns a row: 500 rows stay under PostgreSQL's 65,535 parameters a statement.
        ServiceCounter.objects.bulk_create(rows, batch_size=500)
    return len(rows)
