"""Fixtures for the directive tests: the issuing office's staff, e-mail addresses, a directive."""

from __future__ import annotations

import pytest

from chancery.organization.models import Role
from tests.directives.helpers import make_directive, spec
from tests.factories import make_user


@pytest.fixture
def issuer(org):
    """An officer of CD-HN, the office that issues and follows up directives in these tests."""
    user = make_user("officer.cd", org.cd, Role.OFFICER, email="officer.cd@mofa.example")
    org.issuer = user
    return user


@pytest.fixture
def emails(org, issuer):
    """Give the embassy staff addresses so reminders have somewhere to go."""
    for user in (org.officer, org.delegated, org.head, org.officer_jp, org.head_jp):
        user.email = f"{user.username}@mofa.example"
        user.save(update_fields=["email"])
    return org


@pytest.fixture
def task(org, issuer):
    """One task led by EMB-FR with EMB-JP coordinating, due in 30 days."""
    _directive, tasks = make_directive(issuer, org.cd, [spec(org.fr, coordinators=[org.jp])])
    return tasks[0]
