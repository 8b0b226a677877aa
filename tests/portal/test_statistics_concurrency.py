"""Counter increments from concurrent transactions are never lost (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from chancery.portal import statistics
from chancery.portal.models import ServiceCounter
from tests.factories import make_unit

THREADS, EACH = 6, 25


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every write anyway")
def test_concurrent_transitions_lose_no_increment():
    unit = make_unit("EMB-CC")
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()
            for _i in range(EACH):
                with transaction.atomic():  # one transition's transaction each time
                    statistics.add(unit.pk, "passport-issuance", date(2026, 3, 1), {"received": 1, "late": 1})
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    row = ServiceCounter.objects.get(unit=unit)
    assert (row.received, row.late) == (THREADS * EACH, THREADS * EACH)


@pytest.mark.django_db
def test_an_increment_rolls_back_with_its_transaction():
    unit = make_unit("EMB-RB")
    with transaction.atomic():
        statistics.add(unit.pk, "passport-issuance", date(2026, 3, 1), {"received": 1})
        transaction.set_rollback(True)
    assert not ServiceCounter.objects.filter(unit=unit).exists()
    with pytest.raises(ValueError):
        statistics.add(unit.pk, "passport-issuance", date(2026, 3, 1), {"received; DROP TABLE x": 1})
