"""Background work in production: `chancery scheduler` enqueues the periodic tasks apps register,
`chancery worker` processes (django-tasks-db) run what is queued, e-mails included."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from chancery.cases import tasks as case_tasks
from chancery.cases.models import Notification
from chancery.core import schedule
from tests.factories import submit_case

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CASES_PERIODIC = {"chancery.cases.tasks.send_deadline_reminders",
                  "chancery.cases.tasks.retry_failed_notifications",
                  "chancery.cases.tasks.discard_expired_held_uploads"}


PROBE_RUNS: list[str] = []


@task()
def probe() -> str:
    PROBE_RUNS.append("ran")
    return "ran"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


# The worker checks its connection between tasks as a long-running process must
# (close_old_connections), which a test wrapped in one transaction would not survive.
worker_test = pytest.mark.django_db(transaction=True)


@worker_test
def test_e_mails_wait_in_the_queue_until_a_worker_sends_them(org, catalog, database_queue):
    case, _key = submit_case(org.fr, email="applicant@example.org")
    queued = DBTaskResult.objects.filter(task_path="chancery.cases.tasks.send_notification")
    assert queued.count() == 1 and queued.get().status == "READY"
    assert mail.outbox == []
    assert Notification.objects.get(case=case).state == Notification.State.PENDING

    call_command("worker", "--batch", verbosity=0)

    assert queued.get().status == "SUCCESSFUL"
    assert Notification.objects.get(case=case).state == Notification.State.SENT
    assert [m.to for m in mail.outbox] == [["applicant@example.org"]]
    assert case.tracking_code in mail.outbox[0].body


@worker_test
def test_a_failed_e_mail_is_queued_again_by_the_periodic_retry(org, catalog, database_queue, settings):
    settings.EMAIL_BACKEND = "tests.ops.test_worker_scheduler.BrokenBackend"
    case, _key = submit_case(org.fr)
    call_command("worker", "--batch", verbosity=0)
    notification = Notification.objects.get(case=case)
    assert (notification.state, notification.attempts) == (Notification.State.FAILED, 1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    case_tasks.retry_failed_notifications.enqueue()
    call_command("worker", "--batch", verbosity=0)  # runs the retry, then the send it queued
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (Notification.State.SENT, 2)
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def test_the_worker_refuses_to_start_without_a_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="in-process"):
        call_command("worker", "--batch")


def test_cases_register_their_periodic_tasks():
    registered = {p.name: p.every for p in schedule.registered()}
    assert registered["chancery.cases.tasks.send_deadline_reminders"] == timedelta(hours=1)
    assert registered["chancery.cases.tasks.retry_failed_notifications"] == timedelta(minutes=15)
    assert registered["chancery.cases.tasks.discard_expired_held_uploads"] == timedelta(hours=1)
    assert registered["chancery.core.ops.tasks.prune_task_results"] == timedelta(days=1)
    out = io.StringIO()
    call_command("scheduler", "--list", stdout=out)
    assert "chancery.cases.tasks.send_deadline_reminders  every 1:00:00" in out.getvalue()


def test_register_takes_only_tasks_and_sane_intervals():
    with pytest.raises(TypeError):
        schedule.register(lambda: None, every=timedelta(hours=1))
    with pytest.raises(ValueError, match="once a minute"):
        schedule.register(probe, every=timedelta(seconds=5))


@worker_test
def test_the_scheduler_enqueues_what_is_due_once(database_queue):
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    enqueued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert enqueued >= CASES_PERIODIC
    assert "chancery.core.ops.tasks.prune_task_results" in enqueued
    assert {f"enqueued {name}" for name in CASES_PERIODIC} <= set(out.getvalue().splitlines())

    # A second pass (or a restarted scheduler) finds them in the queue's table: nothing new.
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert out.getvalue() == ""
    assert DBTaskResult.objects.count() == len(enqueued)

    # The workers run them; an hour later the reminders are due again, the retry long before.
    call_command("worker", "--batch", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    due = {p.name for p in schedule.Scheduler().due(timezone.now() + timedelta(minutes=16))}
    assert "chancery.cases.tasks.retry_failed_notifications" in due
    assert "chancery.cases.tasks.send_deadline_reminders" not in due
    due = {p.name for p in schedule.Scheduler().due(timezone.now() + timedelta(minutes=61))}
    assert due >= CASES_PERIODIC


def test_with_in_process_tasks_the_scheduler_runs_them_itself_and_remembers(db, monkeypatch):
    PROBE_RUNS.clear()
    monkeypatch.setattr(schedule, "_registry", {})
    schedule.register(probe, every=timedelta(minutes=10))
    scheduler = schedule.Scheduler()
    now = timezone.now()
    assert scheduler.tick(now) == ["tests.ops.test_worker_scheduler.probe"]
    assert scheduler.tick(now + timedelta(minutes=5)) == []
    assert scheduler.tick(now + timedelta(minutes=10)) == ["tests.ops.test_worker_scheduler.probe"]
    assert PROBE_RUNS == ["ran", "ran"]
