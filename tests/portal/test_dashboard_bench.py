"""The dashboard benchmark runs (with a few hundred cases) so that it cannot rot; no timing asserted."""

from __future__ import annotations

import pytest
from bench import dashboard_bench

from chancery.cases.models import Case
from chancery.organization.models import Unit
from chancery.portal import statistics

pytestmark = pytest.mark.django_db


def test_benchmark_prints_percentiles_and_cleans_up(catalog, capsys):
    assert dashboard_bench.main(["--n", "400", "--units", "6", "--repeat", "2"], setup=False) == 0
    out = capsys.readouterr().out
    for figure in ("generated 400 cases", "counters rebuilt", "p50 ms", "p95 ms", "p99 ms", "queries",
                   "ministry year", "API ministry year", "counter upsert"):
        assert figure in out, figure
    assert not Unit.objects.filter(code__startswith=dashboard_bench.PREFIX).exists()
    assert not Case.objects.exists()


def test_generated_cases_rebuild_into_consistent_counters(catalog):
    made = dashboard_bench.generate(300, units_count=4, months=6, seed=7)
    assert made["cases"] == Case.objects.count() == 300
    statistics.rebuild()
    assert statistics.stored_counters() == statistics.computed_counters()
    dashboard_bench.cleanup()
    assert not Case.objects.exists()
