"""The visit on the staff case page (a part appointments adds through core.contributions): the
officer who opens a case sees when the applicant comes, at which counter, what happened to earlier
visits, and marks the visit from the case itself on its day."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from chancery.appointments import selectors
from chancery.appointments.models import AppointmentStatus
from chancery.cases.models import Case
from chancery.organization.selectors import may_work_cases
from chancery.organization.services import unit_tz


def visit_panel(*, request: HttpRequest, case: Case, **_context: Any) -> SafeString | None:
    """None for a case that never needs a visit and has none."""
    appointments = selectors.case_appointments(case)
    if not appointments and not selectors.needs_visit(case):
        return None
    tz = unit_tz(case.unit)
    now = timezone.now()
    today = now.astimezone(tz).date()
    booked = next((a for a in appointments if a.status == AppointmentStatus.BOOKED), None)
    may_mark = booked is not None and may_work_cases(request.user, booked.slot.unit_id)
    html = render_to_string("appointments/visit_panel.html", {
        "case": case, "appointments": appointments, "booked": booked,
        "booked_day": booked.slot.starts_at.astimezone(tz).date() if booked else None,
        # The same moments services.mark accepts: attended from the day on, missed once started.
        "may_mark_attended": may_mark and booked.slot.starts_at.astimezone(tz).date() <= today,
        "may_mark_missed": may_mark and booked.slot.starts_at <= now,
        "attended": any(a.status == AppointmentStatus.ATTENDED for a in appointments),
        "may_book": selectors.may_book(case),
    }, request=request)
    return mark_safe(html)  # noqa: S308 (a template rendered with autoescape)
