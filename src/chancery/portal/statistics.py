"""Statistics for the public transparency dashboard, kept up to date as cases change."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def record_transition(case: Any, action: str, from_status: str, to_status: str, at: datetime) -> None:
    """Called by cases.services inside each transition's transaction."""
