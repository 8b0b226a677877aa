"""Background work for payments, through Django's tasks interface."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from chancery.payments import services


@task()
def reconcile_payments() -> dict:
    """Payments waiting more than 15 minutes for the gateway's confirmation, asked about."""
    done = services.reconcile(older_than=timedelta(minutes=15))
    return {"checked": len(done), "paid": sum(1 for _p, what in done if what == "paid")}
