from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task

from chancery.appointments.models import AppointmentEmail
from chancery.core import mail

MAX_ATTEMPTS = 5


def _send(email: AppointmentEmail) -> None:
    method = "CANCEL" if "METHOD:CANCEL" in email.ics else "REQUEST"
    message = EmailMessage(email.subject, email.body, None, [email.to])
    message.attach("appointment.ics", email.ics, f"text/calendar; method={method}")
    message.send()


@task()
def send_appointment_email(email_id: int) -> str:
    """Send one stored appointment e-mail with its .ics; a failure is kept on the row."""
    with transaction.atomic():
        email = AppointmentEmail.objects.select_for_update().get(pk=email_id)
        if email.state == mail.SENT:
            return "already sent"
        return mail.attempt(email, lambda: _send(email))


@task()
def retry_failed_appointment_emails() -> int:
    return mail.requeue(AppointmentEmail.objects.all(), send_appointment_email, max_attempts=MAX_ATTEMPTS)
