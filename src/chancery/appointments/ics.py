"""The .ics file (RFC 5545) of an appointment, built with the icalendar library.

One UID per appointment for its whole life and SEQUENCE = its version, so a calendar app that
imported the confirmation replaces it when the appointment moves (METHOD:REQUEST) and removes it
when it is cancelled (METHOD:CANCEL, STATUS:CANCELLED)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chancery.appointments.models import Appointment, AppointmentStatus

PRODID = "-//Ministry of Foreign Affairs of Viet Nam//Chancery appointments//EN"


def uid(appointment: Appointment) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "chancery.invalid"
    return f"appointment-{appointment.pk}@{host}"


def build(appointment: Appointment, *, status_url: str, now: datetime | None = None) -> bytes:
    """The calendar file for this appointment as it stands now."""
    case = appointment.case
    unit = appointment.slot.unit
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    event = icalendar.Event()
    event.add("uid", uid(appointment))
    event.add("sequence", appointment.version)
    event.add("dtstamp", now or timezone.now())
    # Times in UTC: every calendar app shows them in its own zone, no VTIMEZONE needed.
    event.add("dtstart", appointment.slot.starts_at.astimezone(UTC))
    event.add("dtend", appointment.slot.ends_at.astimezone(UTC))
    with translation.override("vi"):
        summary_vi = _("Appointment: %(procedure)s") % {"procedure": case.procedure_version.name}
    with translation.override("en"):
        summary_en = _("Appointment: %(procedure)s") % {"procedure": case.procedure_version.name}
    event.add("summary", f"{summary_vi} / {summary_en}")
    event.add("location", ", ".join(p for p in (unit.name_vi, unit.address.replace("\n", ", ")) if p))
    event.add("description", f"{case.tracking_code}\n{status_url}")
    event.add("url", status_url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
