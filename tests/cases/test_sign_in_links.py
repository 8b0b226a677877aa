"""A sign-in link opens once, even when requests with it arrive together (a double click, a mail
scanner racing the citizen): one conditional UPDATE decides (PostgreSQL: real concurrency)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from chancery.cases import access
from chancery.cases.models import SignInLink

THREADS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every write anyway")
def test_of_requests_arriving_together_with_one_link_exactly_one_signs_in(catalog, org):
    from tests.factories import submit_case

    submit_case(org.fr, email="an@example.org")
    token = access.send_sign_in_link(email="an@example.org")
    start = threading.Barrier(THREADS)
    results: list[str | None] = []
    errors: list[BaseException] = []

    def use() -> None:
        try:
            start.wait()
            results.append(access.use_sign_in_link(token=token))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=use) for _t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == THREADS
    assert results.count("an@example.org") == 1
    assert results.count(None) == THREADS - 1


@pytest.mark.django_db
def test_a_link_is_stored_only_as_a_digest_and_old_ones_are_deleted(catalog, org):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import submit_case

    submit_case(org.fr, email="an@example.org")
    token = access.send_sign_in_link(email="an@example.org")
    link = SignInLink.objects.get()
    assert token not in link.token_digest and link.email == "an@example.org"
    assert access.send_sign_in_link(email="nobody@example.org") is None
    assert access.delete_old_sign_in_links(timezone.now() + timedelta(minutes=30)) == 0
    assert access.delete_old_sign_in_links(timezone.now() + timedelta(days=2)) == 1
    assert access.use_sign_in_link(token=token) is None
