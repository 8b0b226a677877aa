"""The counter's day: the appointments of one office on one day, marked attended or missed."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.appointments import selectors, services
from chancery.appointments.models import Appointment, AppointmentStatus
from chancery.organization.decorators import staff_required
from chancery.organization.selectors import may_work_cases
from chancery.organization.services import unit_tz


def _day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@staff_required
def day(request: HttpRequest) -> HttpResponse:
    units = selectors.counter_units(request.user)
    if not units:
        return render(request, "appointments/day.html", {"units": []})
    unit = next((u for u in units if u.code == request.GET.get("unit")), units[0])
    today = timezone.now().astimezone(unit_tz(unit)).date()
    chosen = _day(request.GET.get("date"), today)
    return render(request, "appointments/day.html", {
        "units": units, "unit": unit, "day": chosen, "today": today,
        "appointments": selectors.day_list(unit, chosen),
        "cancelled": selectors.cancelled_on(unit, chosen),
        "may_mark": may_work_cases(request.user, unit.pk),
    })


@staff_required
@require_POST
def mark(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = get_object_or_404(Appointment.objects.select_related("slot__unit"), pk=appointment_id)
    unit = appointment.slot.unit
    if unit.pk not in {u.pk for u in selectors.counter_units(request.user)}:
        raise Http404
    outcome = request.POST.get("outcome")
    if outcome not in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW):
        messages.error(request, _("Choose attended or did not come."))
    else:
        try:
            services.mark(appointment=appointment, outcome=outcome, officer=request.user, request=request)
        except services.AppointmentError as exc:
            messages.error(request, exc.message)
    day = appointment.slot.starts_at.astimezone(unit_tz(unit)).date()
    return redirect(f"{reverse('appointments:day')}?unit={unit.code}&date={day.isoformat()}")
