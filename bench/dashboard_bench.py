"""Dashboard benchmark: millions of cases, then the public dashboard's response times.

    python bench/dashboard_bench.py                    # 2,000,000 cases, the configured database
    python bench/dashboard_bench.py --n 200000 --keep  # keep the data; --reuse times it again
    DATABASE_URL=postgres://... python bench/dashboard_bench.py --n 5000

Cases of 100 throw-away units (BENCH-000 …) over the last 24 months are bulk-inserted straight
into the tables (COPY on PostgreSQL), with their decisions, refusals and ratings; the counters
are then made by `chancery stats rebuild`'s code. Each view (the whole ministry and the largest
unit, by month, quarter and year; the API; a CSV export) is requested through Django's test
client with every middleware, and its p50/p95/p99 and query count are printed. Everything made
is deleted at the end unless --keep. Bulk insertion bypasses the services: it is test data.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PREFIX = "BENCH-"
HEAD_PREFIX = "bench.head."
TIME_ZONES = [
    ("FR", "Europe/Paris", [5, 6]), ("JP", "Asia/Tokyo", [5, 6]), ("US", "America/New_York", [5, 6]),
    ("AU", "Australia/Sydney", [5, 6]), ("SA", "Asia/Riyadh", [4, 5]), ("DE", "Europe/Berlin", [5, 6]),
    ("KR", "Asia/Seoul", [5, 6]), ("GB", "Europe/London", [5, 6]), ("SG", "Asia/Singapore", [5, 6]),
    ("VN", "Asia/Ho_Chi_Minh", [5, 6]),
]
# How often each procedure is asked for (others: 1).
DEMAND = {"passport-issuance": 30, "passport-reissue": 12, "consular-legalisation": 20,
          "consular-certification": 10, "signature-authentication": 8, "birth-registration": 5,
          "visa-exemption-certificate": 6, "citizen-protection": 2}


def setup_django() -> None:
    """Configure Django when run as a script (the test suite has done it already)."""
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "src"))
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.settings")
    os.environ.setdefault("STATIC_MANIFEST", "0")  # pages render without collectstatic
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from chancery.procedures.services import load_catalog

    load_catalog(settings.CATALOG_DIR)


# ---- Data --------------------------------------------------------------------------------------


def _units(count: int) -> list[Any]:
    from django.contrib.auth import get_user_model

    from chancery.organization.models import Unit, UnitKind

    user_model = get_user_model()
    heads = user_model.objects.bulk_create([
        user_model(username=f"{HEAD_PREFIX}{i:03d}", first_name="Head", last_name=f"Bench {i:03d}",
                   password="!")  # unusable: nobody logs in as a bench user
        for i in range(count)
    ])
    kinds = ([UnitKind.MINISTRY_DEPARTMENT] * 3 + [UnitKind.CITY_FOREIGN_AFFAIRS] * 2
             + [UnitKind.CONSULATE_GENERAL] * 25)
    units = []
    for i in range(count):
        country, tz, weekend = TIME_ZONES[i % len(TIME_ZONES)]
        kind = kinds[i] if i < len(kinds) else UnitKind.EMBASSY
        if kind in (UnitKind.MINISTRY_DEPARTMENT, UnitKind.CITY_FOREIGN_AFFAIRS):
            country, tz, weekend = "VN", "Asia/Ho_Chi_Minh", [5, 6]
        units.append(Unit(
            kind=kind, code=f"{PREFIX}{i:03d}", name_vi=f"Đơn vị thử {i:03d}", name_en=f"Bench unit {i:03d}",
            host_country=country, city="Bench", time_zone=tz, weekend_days=weekend,
            jurisdiction_countries=[country], head=heads[i],
        ))
    return Unit.objects.bulk_create(units)


def _span(processing_time: dict) -> timedelta:
    """Roughly how long the legal time is on the calendar (no holidays: it is synthetic)."""
    amount, unit = processing_time["amount"], processing_time["unit"]
    if unit == "working_days":
        return timedelta(days=math.ceil(amount * 7 / 5))
    if unit == "calendar_days":
        return timedelta(days=amount)
    return timedelta(hours=amount)


def _timeliness(decided: datetime, due: datetime) -> str:
    if decided > due:
        return "late"
    return "early" if decided.date() < due.date() else "on_time"


class _Writer:
    """Rows into a table: COPY on PostgreSQL, batched INSERTs elsewhere."""

    def __init__(self, model: Any, batch: int = 5000) -> None:
        from django.db import connection

        self.connection = connection
        self.fields = list(model._meta.concrete_fields)
        self.table = model._meta.db_table
        self.rows: list[tuple] = []
        self.batch = batch
        self.written = 0

    def _value(self, field: Any, value: Any) -> Any:
        from django.db.models import JSONField

        if isinstance(field, JSONField):
            return json.dumps(value)
        if self.connection.vendor == "postgresql":
            return value
        return field.get_db_prep_save(value, self.connection)

    def add(self, values: dict[str, Any]) -> None:
        row = []
        for field in self.fields:
            value = values[field.attname] if field.attname in values else field.get_default()
            row.append(self._value(field, value))
        self.rows.append(tuple(row))
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        qn = self.connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {qn(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {qn(self.table)} ({columns}) VALUES ({marks})",  # noqa: S608
                                   self.rows)
        self.written += len(self.rows)
        self.rows = []


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequence(model: Any) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def generate(n: int, units_count: int = 100, months: int = 24, seed: int = 2026) -> dict[str, int]:
    """Insert ``n`` cases (with refusal events and ratings) of ``units_count`` bench units."""
    from django.db import transaction
    from django.utils import timezone

    from chancery.cases.models import Case, CaseEvent
    from chancery.portal.models import Rating
    from chancery.procedures.selectors import published_procedures

    rng = random.Random(seed)
    now = timezone.now()
    start = now - timedelta(days=30.44 * months)
    seconds = (now - start).total_seconds()
    made = {"cases": 0, "open": 0, "events": 0, "ratings": 0}
    with transaction.atomic():
        units = _units(units_count)
        versions = [p.current for p in published_procedures()]
        by_kind = {}
        for unit in units:
            if unit.kind not in by_kind:
                handled = [v for v in versions if unit.kind in v.handled_by]
                by_kind[unit.kind] = (handled, [DEMAND.get(v.code, 1) for v in handled])
        # A few large missions, many small ones.
        unit_weights = [1 / (1 + i) ** 0.8 for i in range(len(units))]
        cases, events, ratings = _Writer(Case), _Writer(CaseEvent), _Writer(Rating)
        case_id, event_id, rating_id = _next_id(Case), _next_id(CaseEvent), _next_id(Rating)
        chosen_units = rng.choices(units, weights=unit_weights, k=n)
        for i, unit in enumerate(chosen_units):
            handled, weights = by_kind[unit.kind]
            version = rng.choices(handled, weights=weights)[0]
            submitted = start + timedelta(seconds=rng.random() * seconds)
            row: dict[str, Any] = {
                "id": case_id, "tracking_code": f"B{case_id:013d}", "access_key_digest": "0" * 64,
                "procedure_version_id": version.pk, "unit_id": unit.pk,
                "channel": rng.choices((2, 1, 3), weights=(85, 10, 5))[0],
                "applicant_name": "Bench Applicant", "applicant_email": "bench@example.org",
                "applicant_phone": "", "data": {}, "created_at": submitted, "submitted_at": submitted,
                "status": "submitted", "status_changed_at": submitted, "result_timeliness": "",
            }
            _outcome(row, version, submitted, now, rng)
            if row["status"] in ("result_returned", "refused") and row.get("refused"):
                events.add({"id": event_id, "case_id": case_id, "at": row["decided_at"],
                            "actor_label": "bench", "action": "refuse", "from_status": "in_processing",
                            "to_status": "refused", "note": "", "actor_id": None})
                event_id += 1
                made["events"] += 1
            if row["status"] == "result_returned" and rng.random() < 0.15:
                rated = row["closed_at"] + timedelta(hours=rng.uniform(1, 120))
                if rated <= now:
                    ratings.add({"id": rating_id, "case_id": case_id, "created_at": rated, "comment": "",
                                 "score": rng.choices((5, 4, 3, 2, 1), weights=(50, 25, 12, 8, 5))[0]})
                    rating_id += 1
                    made["ratings"] += 1
            row.pop("refused", None)
            made["open"] += row["status"] not in ("result_returned", "not_accepted", "withdrawn", "stopped",
                                                  "approved", "refused")
            cases.add(row)
            case_id += 1
            made["cases"] += 1
            if i % 200_000 == 199_999:
                print(f"  … {i + 1} cases", flush=True)
        for writer in (cases, events, ratings):
            writer.flush()
        for model in (Case, CaseEvent, Rating):
            _reset_sequence(model)
    return made


def _outcome(
    row: dict[str, Any], version: Any, submitted: datetime, now: datetime, rng: random.Random
) -> None:
    """What happened to the case by ``now``: closed early, decided (early/on time/late), or open."""
    fate = rng.random()
    if fate < 0.03:  # not accepted at reception
        closed = submitted + timedelta(hours=rng.uniform(2, 48))
        if closed <= now:
            row.update(status="not_accepted", closed_at=closed, status_changed_at=closed)
        return
    if fate < 0.05:  # withdrawn by the applicant before reception
        closed = submitted + timedelta(hours=rng.uniform(24, 240))
        if closed <= now:
            row.update(status="withdrawn", closed_at=closed, status_changed_at=closed)
        return
    received = submitted + timedelta(hours=rng.uniform(1, 30))
    if received > now:
        return
    span = _span(version.processing_time)
    due = received + span
    row.update(status="received", received_at=received, clock_started_at=received, due_at=due,
               original_due_at=due, status_changed_at=received)
    if fate < 0.06:  # stopped by the office
        closed = received + timedelta(hours=rng.uniform(24, 120))
        if closed <= now:
            row.update(status="stopped", closed_at=closed, status_changed_at=closed)
        return
    speed = rng.random()
    if speed < 0.70:
        decided = received + span * rng.uniform(0.2, 0.9)
    elif speed < 0.92:
        decided = due - timedelta(hours=rng.uniform(0, 6))
    else:
        decided = due + timedelta(hours=rng.uniform(2, 240))
    if decided > now:
        row["status"] = "in_processing"
        return
    refused = rng.random() < 0.05
    row.update(status="refused" if refused else "approved", decided_at=decided, refused=refused,
               result_timeliness=_timeliness(decided, due), status_changed_at=decided)
    returned = decided + timedelta(hours=rng.uniform(1, 72))
    if returned <= now:
        row.update(status="result_returned", closed_at=returned, status_changed_at=returned)


def cleanup() -> None:
    """Delete every bench row with plain SQL (an ORM delete of millions would collect them all)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from chancery.cases.models import Case, CaseEvent
    from chancery.organization.models import Unit
    from chancery.portal.models import Rating, ServiceCounter

    qn = connection.ops.quote_name
    ids = list(Unit.objects.filter(code__startswith=PREFIX).values_list("pk", flat=True))
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    cases = f"SELECT id FROM {qn(Case._meta.db_table)} WHERE unit_id IN ({marks})"  # noqa: S608
    rating_table = qn(Rating._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        # Ratings are write-once for everyone (a trigger on PostgreSQL); these are the bench's own
        # made-up rows, so the trigger is set aside for this transaction only (table owner).
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks left pending
            cursor.execute(f"ALTER TABLE {rating_table} DISABLE TRIGGER portal_rating_write_once")
        for model in (Rating, CaseEvent):
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)} WHERE case_id IN ({cases})", ids)  # noqa: S608
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {rating_table} ENABLE TRIGGER portal_rating_write_once")
        for model in (Case, ServiceCounter):
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)} WHERE unit_id IN ({marks})", ids)  # noqa: S608
        Unit.objects.filter(pk__in=ids).delete()
        get_user_model().objects.filter(username__startswith=HEAD_PREFIX).delete()


# ---- Timing ------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _time(call: Callable[[], Any], repeat: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm: templates, calendars, the connection
    durations = []
    for _round in range(repeat):
        began = time.perf_counter()
        call()
        durations.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    return durations, len(queries)


def run(n: int, units: int, repeat: int, keep: bool, reuse: bool, out: Any = None) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from chancery.cases.lifecycle import BEFORE_DECISION
    from chancery.cases.models import Case
    from chancery.organization.models import Unit
    from chancery.portal import statistics
    from chancery.portal.dashboard import Period
    from chancery.portal.models import ServiceCounter

    out = out or sys.stdout
    existing = Unit.objects.filter(code__startswith=PREFIX)
    if existing.exists() and not reuse:
        cleanup()
    if not (reuse and existing.exists()):
        began = time.perf_counter()
        made = generate(n, units)
        took = time.perf_counter() - began
        print(f"generated {made['cases']} cases, {made['events']} refusal events, {made['ratings']} ratings "
              f"in {took:.1f} s ({made['cases'] / took:.0f} cases/s)", file=out)
        began = time.perf_counter()
        rows = statistics.rebuild()
        took = time.perf_counter() - began
        print(f"counters rebuilt from the cases in {took:.1f} s: {rows} rows", file=out)
    bench_units = list(Unit.objects.filter(code__startswith=PREFIX))
    total = Case.objects.filter(unit__in=bench_units).count()
    open_now = Case.objects.filter(unit__in=bench_units, status__in=BEFORE_DECISION).count()
    print(f"database: {connection.vendor}; {total} cases in {len(bench_units)} units; {open_now} open now; "
          f"{ServiceCounter.objects.count()} counter rows", file=out)

    # The largest unit, and periods with data: this month, this quarter, last (full) year.
    largest = max(bench_units, key=lambda u: Case.objects.filter(unit=u).count()) if total else None
    month, quarter = Period.current("month"), Period.current("quarter")
    year = Period("year", month.year - 1)
    client = Client()
    views: list[tuple[str, str]] = []
    for scope, base in (("ministry", "/dashboard/"),
                        (f"unit {largest.code}" if largest else "unit", f"/dashboard/units/{largest.code}/"
                         if largest else "/dashboard/")):
        for period in (month, quarter, year):
            views.append((f"{scope} {period.kind} {period.value}",
                          f"{base}?period={period.kind}&value={period.value}"))
    views.append((f"API ministry year {year.value}", f"/api/v1/dashboard?period=year&value={year.value}"))
    views.append((f"CSV ministry year {year.value}", f"/dashboard/?period=year&value={year.value}"
                  "&format=csv&table=units"))

    print(f"{'view':<36} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'queries':>8}", file=out)
    results = {}
    for label, url in views:
        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        durations, queries = _time(get, repeat)
        results[label] = {"p50": percentile(durations, 50), "p95": percentile(durations, 95),
                          "p99": percentile(durations, 99), "queries": queries}
        r = results[label]
        print(f"{label:<36} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} {queries:>8}", file=out)
    results["increment"] = _time_increments(bench_units[0] if bench_units else None, out)
    if not keep:
        cleanup()
    return results


def _time_increments(unit: Any, out: Any, count: int = 500) -> float:
    """The cost a transition pays for the statistics: one upsert of one counter row."""
    from django.db import transaction
    from django.utils import timezone

    from chancery.portal import statistics

    if unit is None:
        return 0.0
    month = statistics.local_month(unit, timezone.now())
    with transaction.atomic():
        began = time.perf_counter()
        for _i in range(count):
            statistics.add(unit.pk, "bench-increment", month, {"received": 1, "received_online": 1})
        took = (time.perf_counter() - began) * 1000 / count
        transaction.set_rollback(True)
    print(f"counter upsert (what each transition adds): {took:.3f} ms", file=out)
    return took


def main(argv: Sequence[str] | None = None, *, setup: bool = True) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2_000_000, help="cases to generate (default 2,000,000)")
    parser.add_argument("--units", type=int, default=100, help="bench units (default 100)")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per view (default 20)")
    parser.add_argument("--keep", action="store_true", help="keep the generated data")
    parser.add_argument("--reuse", action="store_true", help="time the data kept by an earlier --keep run")
    args = parser.parse_args(argv)
    if setup:
        setup_django()
    started = datetime.now(UTC)
    run(args.n, args.units, args.repeat, args.keep, args.reuse)
    print(f"done in {(datetime.now(UTC) - started).total_seconds():.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
