"""Urging: reminders before a due date, periodic report requests, escalation when overdue.
Running twice sends nothing twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from chancery.audit.models import AuditRecord
from chancery.directives.models import Reminder, TaskEntry
from chancery.directives.rules import Recurrence
from chancery.directives.urging import urge
from tests.directives.helpers import fresh, make_directive, report, spec, today

pytestmark = pytest.mark.django_db


def test_reminder_before_the_deadline_goes_to_the_lead_unit_once(org, emails, issuer):
    _d, (task,) = make_directive(issuer, org.cd, [spec(org.fr, days=3, coordinators=[org.jp])])
    first = urge(ahead=7)
    assert first.created == {"before_deadline": 1}
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["delegated.fr@mofa.example", "head.fr@mofa.example",
                                         "officer.fr@mofa.example"]
    assert f"/staff/directives/tasks/{task.pk}/" in mail.outbox[0].body
    second = urge(ahead=7)
    assert second.total == 0 and second.already_sent == 1
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().state == Reminder.State.SENT
    assert task.entries.filter(kind=TaskEntry.Kind.REMINDER).count() == 1
    assert AuditRecord.objects.filter(action="task.reminder").count() == 1


def test_nothing_is_sent_too_early(org, emails, issuer):
    make_directive(issuer, org.cd, [spec(org.fr, days=30)])
    assert urge(ahead=7).total == 0 and mail.outbox == []


def test_overdue_escalates_to_the_head_and_the_issuing_office_once(org, emails, issuer):
    make_directive(issuer, org.cd, [spec(org.fr, days=-2, starts_on=today() - timedelta(days=20))])
    urge(ahead=7)
    urge(ahead=7)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["head.fr@mofa.example", "officer.cd@mofa.example"]
    assert Reminder.objects.get().kind == Reminder.Kind.ESCALATION


def test_an_extension_brings_a_new_reminder_for_the_new_date(org, emails, issuer):
    from chancery.directives import services

    _d, (task,) = make_directive(issuer, org.cd, [spec(org.fr, days=2)])
    urge(ahead=7)
    services.request_extension(task, actor=org.officer, expected_version=task.version,
                               new_deadline=task.deadline + timedelta(days=3), reason="x")
    task = fresh(task)
    services.decide_extension(task, actor=issuer, expected_version=task.version, approve=True)
    urge(ahead=7)
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2


def test_completion_waiting_for_acceptance_is_not_urged(org, emails, issuer):
    _d, (task,) = make_directive(issuer, org.cd, [spec(org.fr, days=2)])
    report(task, org.officer, complete=True)
    assert urge(ahead=7).total == 0


def test_recurring_task_asks_for_its_periodic_report_then_escalates(org, emails, issuer):
    start = date(2026, 1, 2)
    _d, (task,) = make_directive(issuer, org.cd, [
        spec(org.fr, recurrence=Recurrence.MONTHLY, days=None, starts_on=start)])
    assert fresh(task).next_due_on == date(2026, 1, 25)
    assert urge(today=date(2026, 1, 10), ahead=7).total == 0
    assert urge(today=date(2026, 1, 20), ahead=7).created == {"periodic_report": 1}
    assert "Periodic report" in mail.outbox[0].subject or mail.outbox[0].subject
    assert urge(today=date(2026, 1, 21), ahead=7).total == 0
    assert urge(today=date(2026, 1, 26), ahead=7).created == {"escalation": 1}
    assert len(mail.outbox) == 2


def test_a_failed_send_is_kept_and_retried_without_sending_twice(org, emails, issuer, monkeypatch):
    make_directive(issuer, org.cd, [spec(org.fr, days=1)])
    import django.core.mail

    real = django.core.mail.send_mail
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionRefusedError("mail server down")
        return real(*args, **kwargs)

    monkeypatch.setattr(django.core.mail, "send_mail", flaky)
    urge(ahead=7)
    reminder = Reminder.objects.get()
    assert reminder.state == Reminder.State.FAILED and "mail server down" in reminder.last_error
    assert mail.outbox == []
    again = urge(ahead=7)
    assert again.retried == 1 and again.total == 0
    urge(ahead=7)
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT and reminder.attempts == 2


def test_unit_without_addresses_is_recorded_not_failed(org, issuer):
    for user in (org.officer, org.delegated, org.head):
        user.email = ""
        user.save(update_fields=["email"])
    make_directive(issuer, org.cd, [spec(org.fr, days=1)])
    urge(ahead=7)
    assert Reminder.objects.get().state == Reminder.State.NO_RECIPIENT
    assert mail.outbox == []


def test_the_command_run_twice_sends_one_email(org, emails, issuer, capsys):
    make_directive(issuer, org.cd, [spec(org.fr, days=2)])
    call_command("urge_tasks", "--days", "7")
    call_command("urge_tasks", "--days", "7")
    assert len(mail.outbox) == 1
    assert "already sent before: 1" in capsys.readouterr().out


def test_the_background_task_runs_the_same_job(org, emails, issuer):
    from chancery.directives.tasks import urge_tasks

    make_directive(issuer, org.cd, [spec(org.fr, days=2)])
    urge_tasks.enqueue()
    urge_tasks.enqueue()
    assert len(mail.outbox) == 1
