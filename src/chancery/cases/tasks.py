"""Background work for cases, through Django's tasks interface (django-tasks backport)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from chancery.cases.models import Notification
from chancery.core import mail

MAX_ATTEMPTS = 5


@task()
def send_notification(notification_id: int) -> str:
    """Send one stored e-mail. A failure is recorded on the row; `chancery notifications retry`
    (or the next run of this task) tries again, up to MAX_ATTEMPTS."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.state == Notification.State.SENT:
            return "already sent"
        return mail.attempt(
            notification, lambda: send_mail(notification.subject, notification.body, None, [notification.to])
        )


def retry_failed() -> int:
    return mail.requeue(Notification.objects.all(), send_notification, max_attempts=MAX_ATTEMPTS)


@task()
def retry_failed_notifications() -> int:
    """Run by the scheduler every few minutes: queue again the e-mails that failed."""
    return retry_failed()


@task()
def send_deadline_reminders() -> int:
    """Run hourly by the scheduler; each unit's reminders go out once its working day begins."""
    from chancery.cases.reminders import send_deadline_reminders as run

    return run()


@task()
def discard_expired_held_uploads() -> int:
    """Run hourly by the scheduler: files kept for an application that was never completed."""
    from chancery.cases.services import discard_expired_held_uploads as run

    return run()


@task()
def send_new_access_keys(email: str, client: str | None = None) -> int:
    """"I lost my code or key": fresh keys for every case of the address, by e-mail."""
    from chancery.cases.access import reissue_access_keys

    return reissue_access_keys(email=email, client=client)


@task()
def send_sign_in_link(email: str, client: str | None = None) -> bool:
    """"My applications": a one-time sign-in link, to an address some case uses."""
    from chancery.cases.access import send_sign_in_link as run

    return run(email=email, client=client) is not None


@task()
def delete_old_sign_in_links() -> int:
    """Run daily by the scheduler: sign-in links long expired."""
    from chancery.cases.access import delete_old_sign_in_links as run

    return run()
