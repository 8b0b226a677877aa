"""The public lookup's throttle counts every failure, even failures that arrive together."""

from __future__ import annotations

import sys
import threading

from django.core.cache import cache

from chancery.cases.selectors import lookup_for_client

CLIENT = "203.0.113.9"


def test_failed_lookups_arriving_together_all_count(settings):
    settings.STATUS_LOOKUP_MAX_FAILURES = 10_000
    threads, per_thread = 8, 50
    start = threading.Barrier(threads)

    def fail_repeatedly() -> None:
        start.wait()
        for _ in range(per_thread):
            assert lookup_for_client(CLIENT, "not a code", "not a key") is None

    workers = [threading.Thread(target=fail_repeatedly) for _ in range(threads)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often: a read-then-write would lose counts
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(interval)
    assert cache.get(f"status-fail:{CLIENT}") == threads * per_thread
