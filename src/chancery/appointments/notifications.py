"""The e-mail that confirms, moves or cancels an appointment, with its .ics; stored first, then
sent by a task (tasks.send_appointment_email), so a failure shows and is retried."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from chancery.appointments import ics
from chancery.appointments.models import Appointment, AppointmentEmail


def status_url(appointment: Appointment) -> str:
    return settings.SITE_URL + reverse("portal:status", args=[appointment.case.tracking_code])


def queue(appointment: Appointment, what: str) -> AppointmentEmail | None:
    """Queue the e-mail about what just happened ("booked", "moved", "cancelled")."""
    case = appointment.case
    if not case.applicant_email:
        return None
    from chancery.appointments.tasks import send_appointment_email

    url = status_url(appointment)
    with translation.override("vi"):
        text = render_to_string("appointments/email/changed.txt", {
            "appointment": appointment, "case": case, "what": what, "status_url": url,
            "unit": appointment.slot.unit,
        })
    subject, _sep, body = text.strip().partition("\n")
    email = AppointmentEmail.objects.create(
        appointment=appointment, to=case.applicant_email, subject=subject.strip()[:255],
        body=body.strip(), ics=ics.build(appointment, status_url=url).decode(),
    )
    transaction.on_commit(lambda: send_appointment_email.enqueue(email.pk))
    return email
