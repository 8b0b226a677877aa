"""Urging (đôn đốc): reminders before a due date, escalation once it has passed.

The ladder, as practised (DOMAIN.md): an automatic reminder to the lead unit some days before
the date (for a monthly or quarterly task: the request for the period's report); once overdue,
an escalation to the head of the lead unit and to the issuing office.

Run daily (`chancery urge_tasks`, from cron or a scheduler). Each message is a row keyed by
(task, kind, due date) with a unique constraint, written before anything is sent: running the
job twice, or two copies at once, sends nothing twice. A failed send stays visible on its row
and is retried by the next run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from chancery.audit.services import record
from chancery.directives.dates import ministry_today
from chancery.directives.models import Reminder, Task, TaskEntry
from chancery.directives.rules import TaskStatus, task_status
from chancery.organization.models import Membership, Role

MAX_ATTEMPTS = 5


def days_before() -> int:
    """How many days ahead of a due date the lead unit is reminded (setting, default 7)."""
    return int(getattr(settings, "DIRECTIVES_REMINDER_DAYS", 7))


@dataclass
class UrgeResult:
    created: Counter[str] = field(default_factory=Counter)
    already_sent: int = 0
    retried: int = 0

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _emails(unit_id: int, roles: set[str]) -> set[str]:
    return {
        email for email in Membership.objects.filter(
            unit_id=unit_id, role__in=roles, user__is_active=True
        ).values_list("user__email", flat=True) if email
    }


def recipients(task: Task, kind: str) -> list[str]:
    """Lead unit's staff for reminders; its head and the issuing office when overdue."""
    if kind == Reminder.Kind.ESCALATION:
        found = _emails(task.lead_unit_id, {Role.HEAD})
        head = task.lead_unit.head
        if head is not None and head.email and head.is_active:
            found.add(head.email)
        found |= _emails(task.directive.issuing_unit_id, {Role.OFFICER, Role.HEAD})
    else:
        found = _emails(task.lead_unit_id, {Role.OFFICER, Role.HEAD})
    return sorted(found)


def due_reminders(today: date, ahead: int) -> Iterator[tuple[Task, str, date]]:
    """(task, kind, due date) for every message owed today."""
    qs = (
        Task.objects.filter(cancelled_on__isnull=True, completed_on__isnull=True, next_due_on__isnull=False)
        .filter(Q(next_due_on__lte=today + timedelta(days=ahead)))
        .select_related("lead_unit__head", "directive__issuing_unit")
        .order_by("next_due_on", "id")
    )
    for task in qs.iterator(chunk_size=500):
        if task_status(task, today) == TaskStatus.OVERDUE:
            yield task, Reminder.Kind.ESCALATION, task.next_due_on
        elif task.pending_request == Task.Request.COMPLETION:
            continue  # done as far as the lead unit is concerned; the issuer must answer
        elif today <= task.next_due_on:
            kind = Reminder.Kind.PERIODIC_REPORT if task.is_recurring else Reminder.Kind.BEFORE_DEADLINE
            yield task, kind, task.next_due_on


def _compose(task: Task, kind: str, due_on: date, today: date) -> tuple[str, str]:
    url = settings.SITE_URL + reverse("directives:task", args=[task.pk])
    with translation.override("vi"):
        text = render_to_string("directives/email/reminder.txt", {
            "task": task, "kind": kind, "due_on": due_on, "url": url,
            "days_left": (due_on - today).days, "days_overdue": (today - due_on).days,
        })
    subject, _sep, body = text.strip().partition("\n")
    return subject.strip()[:255], body.strip()


def compose_manual(task: Task, *, message: str, due_on: date, today: date, sender: str) -> tuple[str, str]:
    """Subject and body of an urging sent by hand: the sender's message, then the task."""
    url = settings.SITE_URL + reverse("directives:task", args=[task.pk])
    with translation.override("vi"):
        text = render_to_string("directives/email/urged.txt", {
            "task": task, "due_on": due_on, "url": url, "message": message, "sender": sender,
            "overdue": task_status(task, today) == TaskStatus.OVERDUE,
        })
    subject, _sep, body = text.strip().partition("\n")
    return subject.strip()[:255], body.strip()


def _create(task: Task, kind: str, due_on: date, today: date) -> Reminder | None:
    """The row first, in its own transaction: whoever inserts it is the one who sends it."""
    if Reminder.objects.filter(task=task, kind=kind, due_on=due_on).exists():
        return None
    subject, body = _compose(task, kind, due_on, today)
    to = recipients(task, kind)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                task=task, kind=kind, due_on=due_on, recipients=to, subject=subject, body=body,
                state=Reminder.State.PENDING if to else Reminder.State.NO_RECIPIENT,
            )
            TaskEntry.objects.create(
                task=task, kind=TaskEntry.Kind.REMINDER, actor_label="system",
                unit_id=task.directive.issuing_unit_id, text=subject,
                deadline=due_on, data={"reminder": kind, "recipients": to},
            )
            record("task.reminder", task, actor_label="system", unit=task.lead_unit_id,
                   kind=kind, due_on=due_on.isoformat(), recipients=len(to))
    except IntegrityError:  # another run inserted the same reminder a moment ago
        return None
    return reminder


def urge(today: date | None = None, ahead: int | None = None) -> UrgeResult:
    """Create and send every reminder and escalation owed today; retry failed ones."""
    from chancery.directives.tasks import send_reminder

    today = today or ministry_today()
    ahead = days_before() if ahead is None else ahead
    result = UrgeResult()
    fresh: list[int] = []
    for task, kind, due_on in due_reminders(today, ahead):
        reminder = _create(task, kind, due_on, today)
        if reminder is None:
            result.already_sent += 1
            continue
        result.created[kind] += 1
        fresh.append(reminder.pk)
        if reminder.state == Reminder.State.PENDING:
            send_reminder.enqueue(reminder.pk)
    stale = timezone.now() - timedelta(hours=1)
    for pk in Reminder.objects.filter(
        Q(state=Reminder.State.FAILED) | Q(state=Reminder.State.PENDING, created_at__lt=stale),
        attempts__lt=MAX_ATTEMPTS,
    ).exclude(pk__in=fresh).values_list("pk", flat=True):
        send_reminder.enqueue(pk)
        result.retried += 1
    return result


def send(reminder_id: int) -> str:
    """Send one stored reminder, at most once; a transport error is recorded on the row."""
    from django.core.mail import send_mail

    from chancery.core import mail

    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
        if reminder.state in (Reminder.State.SENT, Reminder.State.NO_RECIPIENT):
            return "nothing to do"
        return mail.attempt(
            reminder, lambda: send_mail(reminder.subject, reminder.body, None, list(reminder.recipients))
        )


def describe(result: UrgeResult) -> dict[str, Any]:
    return {"created": dict(result.created), "already_sent": result.already_sent, "retried": result.retried}
