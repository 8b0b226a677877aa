"""The HTTP benchmark runs end to end (a few hundred cases, 2 s per scenario) so it cannot rot; no timing
is asserted. And the officer's queue costs the same number of queries whatever the page holds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from bench.http_bench import drop_database
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chancery.api.services import create_token
from chancery.cases.models import Case
from chancery.procedures.selectors import published_procedures

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ("baseline (bare WSGI)", "status lookup", "queue page", "case page", "application submission",
             "dashboard")
NUMBER = r"\d+(?:\.\d+)?"


def _bench(*args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "http_bench.py"), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _rows(out: str, scenarios: tuple[str, ...]) -> None:
    for scenario in scenarios:
        row = re.search(rf"^{re.escape(scenario)}\s+(\d+)\s+(\d+)\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+"
                        rf"({NUMBER})", out, re.MULTILINE)
        assert row, f"no row for {scenario}:\n{out}"
        assert int(row.group(1)) > 0, f"{scenario}: no successful request:\n{out}"
        assert int(row.group(2)) == 0, f"{scenario}: unexpected answers:\n{out}"


def test_http_benchmark_prints_every_scenario_and_measures_a_kept_database_again():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the HTTP benchmark needs a PostgreSQL server in DATABASE_URL "
                    "(./scripts/test provides one)")
    out = _bench("--n", "300", "--duration", "2", "--concurrency", "2", "--keep")
    kept = re.search(r"--reuse (\S+)", out)
    database = re.search(r"DATABASE_URL=\S+/(chancery_http_bench_\d+)", out)
    assert kept and database, out
    try:
        assert "generated 300 cases in 100 units" in out, out
        _rows(out, SCENARIOS)
        assert re.search(r"^status lookup .*\d+%\s+(PASS|FAIL)", out, re.MULTILINE), out
        assert re.search(r"^queue page .*(PASS|FAIL)", out, re.MULTILINE), out

        again = _bench("--reuse", kept.group(1), "--only", "status lookup", "--duration", "1",
                       "--concurrency", "2")
        assert "generated" not in again, again
        _rows(again, ("baseline (bare WSGI)", "status lookup"))
        assert "queue page" not in again, again
    finally:
        drop_database(url, database.group(1))
        shutil.rmtree(kept.group(1), ignore_errors=True)


# ---- Queries that do not grow with the page -----------------------------------------------------


def _add_cases(unit, count: int, officer, start: int) -> None:
    """Open cases of several procedures, some held by the officer, some with deadlines."""
    versions = [p.current for p in published_procedures() if unit.kind in p.current.handled_by]
    now = timezone.now()
    Case.objects.bulk_create([
        Case(tracking_code=f"QC{start + i:08d}", access_key_digest="0" * 64,
             procedure_version=versions[i % len(versions)], unit=unit,
             status=("submitted", "received", "in_processing", "supplement_requested")[i % 4],
             applicant_name=f"Applicant {i}", applicant_email="a@example.org",
             submitted_at=now - timedelta(days=i % 20, minutes=i),
             due_at=now + timedelta(days=i % 9 - 3) if i % 4 else None,
             assigned_to=officer if i % 2 else None)
        for i in range(count)
    ])


def _count(client: Client, url: str, **headers: str) -> int:
    assert client.get(url, **headers).status_code == 200  # warm: sessions, calendars
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_queue_query_count_does_not_grow_with_the_page(catalog, org):
    client = Client()
    client.force_login(org.officer)
    token = create_token(org.officer.username)
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    _add_cases(org.fr, 5, org.officer, 0)
    page_small = _count(client, "/staff/cases/")
    api_small = _count(client, "/api/v1/cases?limit=50", **api)
    assert client.get("/api/v1/cases?limit=50", **api).json()["count"] == 5

    _add_cases(org.fr, 45, org.officer, 100)
    page_full = _count(client, "/staff/cases/")
    api_full = _count(client, "/api/v1/cases?limit=50", **api)
    assert len(client.get("/api/v1/cases?limit=50", **api).json()["results"]) == 50

    assert page_full == page_small, (page_small, page_full)
    assert api_full == api_small, (api_small, api_full)
