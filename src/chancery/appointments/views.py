"""The counter's day: the appointments of one office on one day, marked attended or missed."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.appointments import selectors, services
from chancery.appointments.forms import CounterScheduleForm, visit_procedures
from chancery.appointments.models import Appointment, AppointmentStatus, CounterSchedule
from chancery.organization.decorators import staff_required
from chancery.organization.models import Unit
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
        return render(request, "appointments/day.html", {
            "units": [], "keeps_counters": bool(selectors.headed_units(request.user))})
    unit = next((u for u in units if u.code == request.GET.get("unit")), units[0])
    today = timezone.now().astimezone(unit_tz(unit)).date()
    chosen = _day(request.GET.get("date"), today)
    return render(request, "appointments/day.html", {
        "units": units, "unit": unit, "day": chosen, "today": today,
        "appointments": selectors.day_list(unit, chosen),
        "cancelled": selectors.cancelled_on(unit, chosen),
        "may_mark": may_work_cases(request.user, unit.pk),
        "keeps_counters": bool(selectors.headed_units(request.user)),
    })


@staff_required
@require_POST
def mark(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = get_object_or_404(Appointment.objects.select_related("slot__unit", "case"),
                                    pk=appointment_id)
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
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": AppointmentStatus(outcome).label})
    if request.POST.get("back") == "case":  # marked from the staff case page
        return redirect("cases:detail", code=appointment.case.tracking_code)
    day = appointment.slot.starts_at.astimezone(unit_tz(unit)).date()
    return redirect(f"{reverse('appointments:day')}?unit={unit.code}&date={day.isoformat()}")


# --- the counters' hours, kept by the head of unit ----------------------------------------------


def _headed_unit(request: HttpRequest) -> tuple[list[Unit], Unit]:
    units = selectors.headed_units(request.user)
    if not units:
        raise PermissionDenied
    code = request.GET.get("unit")
    return units, next((u for u in units if u.code == code), units[0])


@staff_required
def counters(request: HttpRequest) -> HttpResponse:
    """The head's office's counters: days, hours, slot length, capacity, procedures."""
    units, unit = _headed_unit(request)
    return render(request, "appointments/counters.html", {
        "units": units, "unit": unit, "counters": selectors.counters_of(unit),
        "weekday_names": dict(WEEKDAYS), "procedure_names": dict(visit_procedures(unit)),
    })


def _counter_form(request: HttpRequest, unit: Unit, schedule: CounterSchedule | None) -> HttpResponse:
    form = CounterScheduleForm(request.POST or None, instance=schedule, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_counter(unit=unit, schedule=schedule, values=form.cleaned_data,
                                  actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        except services.AppointmentError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The counter is saved. Appointments already booked keep their time."))
            return redirect(f"{reverse('appointments:counters')}?unit={unit.code}")
    status = 400 if request.method == "POST" else 200
    return render(request, "appointments/counter_form.html",
                  {"form": form, "unit": unit, "schedule": schedule}, status=status)


@staff_required
def counter_new(request: HttpRequest) -> HttpResponse:
    _units, unit = _headed_unit(request)
    return _counter_form(request, unit, None)


@staff_required
def counter_edit(request: HttpRequest, schedule_id: int) -> HttpResponse:
    if not selectors.headed_units(request.user):
        raise PermissionDenied
    schedule = selectors.counter_for_head(request.user, schedule_id)
    return _counter_form(request, schedule.unit, schedule)
