"""Daily deadline reminders: each officer gets the cases due soon and overdue, each head of unit
the unit's overdue list, once a working day in the unit's time zone. Idempotent: a reminder
already logged for that person, unit, kind and local day is not sent again."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from chancery.cases.deadlines import case_timeliness
from chancery.cases.lifecycle import CLOCK_RUNNING, Status
from chancery.cases.models import Case, Notification, ReminderLog
from chancery.organization.models import Membership, Role, Unit
from chancery.organization.services import calendar_for, unit_tz

# Statuses in which the office holds the case and the clock runs.
RUNNING = CLOCK_RUNNING - {Status.SUBMITTED}


def reminder_hour() -> time:
    return time(getattr(settings, "REMINDER_HOUR", 8), 0)


def _send(user, unit: Unit, kind: str, local_day, cases: list[Case]) -> bool:
    from chancery.cases.tasks import send_notification

    if not cases or not user.email:
        return False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(user=user, unit=unit, kind=kind, local_date=local_day,
                                       case_count=len(cases))
            with translation.override("vi"):
                body = render_to_string("cases/email/reminder.txt", {
                    "user": user, "unit": unit, "kind": kind, "cases": cases,
                    "queue_url": settings.SITE_URL + reverse("cases:queue"),
                })
            subject, _, text = body.strip().partition("\n")
            notification = Notification.objects.create(to=user.email, subject=subject[:255],
                                                       body=text.strip())
            transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    except IntegrityError:  # already sent today (or by a concurrent run)
        return False
    return True


def send_deadline_reminders(now: datetime | None = None) -> int:
    """Returns how many reminders were sent now."""
    now = now or timezone.now()
    sent = 0
    for unit in Unit.objects.filter(is_active=True):
        local = now.astimezone(unit_tz(unit))
        if not calendar_for(unit).is_working_day(local.date()) or local.time() < reminder_hour():
            continue
        cases = list(
            Case.objects.filter(unit=unit, status__in=RUNNING, due_at__isnull=False)
            .select_related("procedure_version", "unit", "assigned_to").order_by("due_at")
        )
        for case in cases:
            case.timeliness_now = case_timeliness(case, now)
        urgent = [c for c in cases if c.timeliness_now in ("due_soon", "overdue")]
        overdue = [c for c in cases if c.timeliness_now == "overdue"]
        memberships = Membership.objects.filter(unit=unit, user__is_active=True).select_related("user")
        for membership in memberships:
            user = membership.user
            if membership.role == Role.OFFICER:
                mine = [c for c in urgent if c.assigned_to_id in (None, user.pk)]
                sent += _send(user, unit, "officer_due", local.date(), mine)
            elif membership.role == Role.HEAD:
                sent += _send(user, unit, "head_overdue", local.date(), overdue)
    return sent
