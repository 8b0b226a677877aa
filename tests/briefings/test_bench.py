"""The search benchmark runs (with a tiny corpus) so that it cannot rot; no timing is asserted."""

from __future__ import annotations

import pytest
from bench import search_bench

from chancery.briefings.models import Note
from chancery.organization.models import Unit
from chancery.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_benchmark_prints_latency_percentiles(capsys):
    assert search_bench.main(["--n", "120", "--rounds", "1"], setup=False) == 0
    out = capsys.readouterr().out
    for figure in ("corpus: 120 synthetic notes", "p50", "p95", "p99", "queries/s"):
        assert figure in out, figure
    # It cleans up after itself.
    assert not Unit.objects.filter(code__in=search_bench.BENCH_UNITS).exists()
    assert not Note.objects.exists() and not SearchEntry.objects.exists()


def test_percentile():
    assert search_bench.percentile([1, 2, 3, 4, 5], 50) == 3
    assert search_bench.percentile([10.0], 99) == 10.0
    assert search_bench.percentile([], 95) == 0.0
