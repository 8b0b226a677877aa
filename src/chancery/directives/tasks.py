"""Background work for directives, through Django's tasks interface (django-tasks backport)."""

from __future__ import annotations

from django_tasks import task

from chancery.directives import urging


@task()
def send_reminder(reminder_id: int) -> str:
    """Send one stored reminder (at most once; failures stay on the row for the next run)."""
    return urging.send(reminder_id)


@task()
def urge_tasks() -> dict:
    """The daily urging run, for schedulers that enqueue tasks rather than run commands."""
    return urging.describe(urging.urge())
