"""What appointments do when something happens to a case (cases.signals; cases never imports this
app, it sits below it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chancery.cases.lifecycle import CLOSED_STATUSES
from chancery.cases.models import Case


def on_case_transitioned(sender: Any, *, case: Case, action: str, from_status: str, to_status: str,
                         at: datetime, **kwargs: Any) -> None:
    """A case that ends keeps no appointment: the visits not yet begun are cancelled in the
    transition's transaction (services.cancel_for_closed_case)."""
    if to_status in CLOSED_STATUSES:
        from chancery.appointments import services

        services.cancel_for_closed_case(case=case, closed_status=to_status, action=action, at=at)
