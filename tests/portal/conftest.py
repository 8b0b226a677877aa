"""Fixtures for the public portal's HTTP tests."""

from __future__ import annotations

import pytest

from chancery.procedures.selectors import current_version
from tests.portal.helpers import Browser


@pytest.fixture
def browser() -> Browser:
    return Browser()


@pytest.fixture
def passport(catalog):
    """The current version of the procedure the portal tests apply for."""
    return current_version("passport-issuance")
