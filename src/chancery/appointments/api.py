"""The counter's day in the API (/api/v1/appointments), mounted by api/urls.py behind the staff
token: read-only, the same offices and the same rows as the counter's day page
(/staff/appointments/), from the same selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from chancery.appointments import selectors
from chancery.appointments.models import Appointment
from chancery.core.api_errors import Error
from chancery.core.people import signed_in_user
from chancery.organization.services import unit_tz

router = Router()


class AppointmentOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    counter: str
    tracking_code: str
    applicant_name: str
    procedure: str
    status: str  # booked, attended, no_show, cancelled
    # The status the case ended in when the office cancelled the visit for it; "" otherwise.
    cancelled_because: str


class AppointmentDayOut(Schema):
    unit: str | None  # null: the caller works at no office that takes appointments
    date: dt.date | None
    time_zone: str | None
    results: list[AppointmentOut]


class DayFilters(Schema):
    unit: str | None = None  # an office's code; by default the caller's first office with a counter
    date: dt.date | None = None  # the office's local day; by default its today


def appointment_out(appointment: Appointment) -> dict[str, Any]:
    case = appointment.case
    return {
        "id": appointment.pk, "starts_at": appointment.slot.starts_at, "ends_at": appointment.slot.ends_at,
        "counter": appointment.slot.schedule.name, "tracking_code": case.tracking_code,
        "applicant_name": case.applicant_name, "procedure": case.procedure_version.code,
        "status": appointment.status, "cancelled_because": appointment.cancelled_because,
    }


@router.get("/appointments", response={200: AppointmentDayOut, 401: Error, 404: Error, 422: Error},
            operation_id="listAppointments")
def list_appointments(request: HttpRequest, filters: Query[DayFilters]) -> dict[str, Any]:
    """The appointments of one day at one of the caller's offices, in time order, cancelled ones
    included (with their status). Another office, or one without a counter, is 404."""
    units = selectors.counter_units(signed_in_user(request))
    if filters.unit:
        unit = next((u for u in units if u.code == filters.unit), None)
        if unit is None:
            raise Http404
    elif units:
        unit = units[0]
    else:
        return {"unit": None, "date": None, "time_zone": None, "results": []}
    day = filters.date or timezone.now().astimezone(unit_tz(unit)).date()
    rows = selectors.day_list(unit, day) + selectors.cancelled_on(unit, day)
    rows.sort(key=lambda a: (a.slot.starts_at, a.pk))
    return {"unit": unit.code, "date": day, "time_zone": unit.time_zone,
            "results": [appointment_out(a) for a in rows]}
