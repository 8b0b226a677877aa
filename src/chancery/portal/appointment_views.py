"""The applicant's visit to the office: book a slot of the counter, move it, cancel it, add it to
a calendar. The rules and the writes are the appointments app's; this is the page."""

from __future__ import annotations

from datetime import date
from itertools import islice
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chancery.appointments import ics, rules, selectors, services
from chancery.appointments.notifications import status_url
from chancery.cases.models import Case
from chancery.portal.session import applicant_case

DAYS_PER_PAGE = 5


def visit(case: Case, now: Any = None) -> dict[str, Any] | None:
    """What the status page says about the visit (None when the procedure needs none)."""
    if not selectors.needs_visit(case):
        return None
    now = now or timezone.now()
    appointment = selectors.last_appointment(case)
    booked = appointment is not None and appointment.status == "booked"
    return {
        "appointment": appointment,
        "booked": booked,
        "may_book": selectors.may_book(case),
        "may_change": booked and rules.may_change(appointment.slot.starts_at, now),
    }


def _page(offers: dict[date, list], start: str | None) -> tuple[list, date | None, date | None]:
    days = list(offers)
    try:
        first = date.fromisoformat(start) if start else None
    except ValueError:
        first = None
    index = next((i for i, d in enumerate(days) if first is None or d >= first), len(days))
    shown = [(d, offers[d]) for d in islice(days, index, index + DAYS_PER_PAGE)]
    later = days[index + DAYS_PER_PAGE] if index + DAYS_PER_PAGE < len(days) else None
    earlier = days[max(index - DAYS_PER_PAGE, 0)] if index > 0 else None
    return shown, earlier, later


def _render(request: HttpRequest, case: Case, error: str | None = None, chosen: str = "",
            status: int = 200) -> HttpResponse:
    offers = selectors.offers(case)
    shown, earlier, later = _page(offers, request.GET.get("from") or request.POST.get("from"))
    return render(request, "portal/appointment.html", {
        "case": case, "visit": visit(case), "days": shown, "earlier": earlier, "later": later,
        "error": error, "chosen": chosen,
        "deadline_hours": int(rules.CHANGE_DEADLINE.total_seconds() // 3600),
        "unit": case.unit,
    }, status=status)


@never_cache
def appointment(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the booked time (if any) and the free slots, five days a page; POST: book or move."""
    case = applicant_case(request, code)
    if not selectors.needs_visit(case):
        return redirect("portal:status", code=case.tracking_code)
    if request.method != "POST":
        return _render(request, case)
    chosen = request.POST.get("slot", "")
    parsed = selectors.parse_key(chosen)
    if parsed is None:
        return _render(request, case, _("Please choose a time."), status=400)
    had = selectors.current_appointment(case) is not None
    try:
        services.book(case=case, schedule_id=parsed[0], starts_at=parsed[1], request=request)
    except services.AppointmentError as exc:
        return _render(request, case, exc.message, chosen=chosen,
                       status=409 if exc.http_status == 409 else 400)
    messages.success(request, _("Your appointment was moved. We sent you an e-mail with the new time.") if had
                     else _("Your appointment is booked. We sent you an e-mail with a calendar file."))
    return redirect("portal:status", code=case.tracking_code)


@require_POST
def cancel_appointment(request: HttpRequest, code: str) -> HttpResponse:
    case = applicant_case(request, code)
    current = selectors.current_appointment(case)
    if current is None:
        messages.error(request, _("This appointment is no longer booked."))
        return redirect("portal:status", code=case.tracking_code)
    try:
        services.cancel(appointment=current, request=request)
    except services.AppointmentError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("portal:appointment", args=[case.tracking_code]))
    messages.success(request, _("Your appointment is cancelled. You can book another time."))
    return redirect("portal:status", code=case.tracking_code)


@never_cache
def appointment_ics(request: HttpRequest, code: str) -> HttpResponse:
    """The booked appointment as an .ics file, to add to a calendar."""
    case = applicant_case(request, code)
    current = selectors.current_appointment(case)
    if current is None:
        return redirect("portal:status", code=case.tracking_code)
    response = HttpResponse(ics.build(current, status_url=status_url(current)), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="appointment-{case.tracking_code}.ics"'
    return response


