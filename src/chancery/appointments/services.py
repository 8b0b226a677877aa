"""Every write to an appointment: one transaction, an event, an audit record, and the e-mail
with its .ics for the applicant.

Race safety: the place is taken on the slot's row, locked (`SELECT ... FOR UPDATE` on
PostgreSQL; SQLite lets one writer at a time anyway) inside the booking's transaction, and the
database refuses `booked > capacity` besides (constraint `slot_not_overbooked`). Of N people
asking for the last k places at once, exactly k get one; the others are told the slot is full."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.appointments import notifications, rules
from chancery.appointments.models import (
    Appointment,
    AppointmentEvent,
    AppointmentStatus,
    CounterSchedule,
    Slot,
)
from chancery.appointments.selectors import schedules_for
from chancery.appointments.slots import is_slot
from chancery.audit.services import record
from chancery.cases.models import Case
from chancery.core.errors import Conflict, DomainError, Forbidden
from chancery.organization.selectors import may_work_cases
from chancery.organization.services import calendar_for, unit_tz

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

    from chancery.organization.models import Unit


class AppointmentError(DomainError):
    code = "appointment_error"


class SlotUnavailable(AppointmentError):
    """Not a slot of this counter, on a closed day, or too soon."""

    code = "slot_unavailable"


class SlotFull(AppointmentError, Conflict):
    code = "slot_full"


class TooLateToChange(AppointmentError, Conflict):
    code = "too_late_to_change"


class NotBookable(AppointmentError, Conflict):
    code = "not_bookable"


class NotAllowed(AppointmentError, Forbidden):
    code = "appointment_forbidden"


def _event(appointment: Appointment, action: str, *, actor: User | None, actor_label: str,
           previous: datetime | None = None, request: HttpRequest | None = None, now: datetime,
           **details: Any) -> None:
    AppointmentEvent.objects.create(
        appointment=appointment, at=now, action=action, starts_at=appointment.slot.starts_at,
        previous_starts_at=previous, actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label,
    )
    record(f"appointment.{action}", appointment, actor=actor, actor_label=actor_label,
           unit=appointment.slot.unit_id, request=request, case=appointment.case.tracking_code,
           starts_at=appointment.slot.starts_at.isoformat(),
           previous_starts_at=previous.isoformat() if previous else None,
           status=appointment.status, **details)


def _checked_slot_time(
    case: Case, schedule_id: int, starts_at: datetime, now: datetime
) -> tuple[CounterSchedule, Any]:
    schedule = next((s for s in schedules_for(case) if s.pk == schedule_id), None)
    if schedule is None:
        raise SlotUnavailable(_("This time is not offered for your application. Please choose another."))
    slot_time = is_slot(schedule, calendar_for(case.unit), unit_tz(case.unit), starts_at)
    if slot_time is None:
        raise SlotUnavailable(_("The office's counter is not open at this time. Please choose another."))
    if not rules.may_change(slot_time.starts_at, now):
        raise SlotUnavailable(_("This time is too soon to book online. Please choose a later one."))
    return schedule, slot_time


def _take_place(schedule: CounterSchedule, slot_time: Any) -> Slot:
    """One place of the slot, under the slot row's lock; SlotFull if none is left."""
    slot, _created = Slot.objects.get_or_create(
        schedule=schedule, starts_at=slot_time.starts_at,
        defaults={"unit_id": schedule.unit_id, "ends_at": slot_time.ends_at, "capacity": schedule.capacity},
    )
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    if slot.booked >= slot.capacity:
        raise SlotFull(_("This time has just been taken. Please choose another."))
    Slot.objects.filter(pk=slot.pk).update(booked=F("booked") + 1)
    slot.booked += 1
    return slot


def _free_place(slot_id: int) -> None:
    Slot.objects.select_for_update().filter(pk=slot_id).update(booked=F("booked") - 1)


def _lock_case(case: Case) -> Case:
    """Lock the case's row: one booking of a case at a time (two tabs, a double click)."""
    return Case.objects.select_for_update().select_related("unit", "procedure_version").get(pk=case.pk)


def book(*, case: Case, schedule_id: int, starts_at: datetime, actor: User | None = None,
         actor_label: str = "applicant", request: HttpRequest | None = None,
         now: datetime | None = None) -> Appointment:
    """Book (or, when the case has one already, move) the case's visit to this slot."""
    from chancery.appointments.selectors import current_appointment, may_book

    now = now or timezone.now()
    try:
        with transaction.atomic():
            case = _lock_case(case)
            if not may_book(case):
                raise NotBookable(_("This application does not need an appointment now."))
            existing = current_appointment(case)
            if existing is not None:
                return _move(existing, schedule_id=schedule_id, starts_at=starts_at, actor=actor,
                             actor_label=actor_label, request=request, now=now)
            schedule, slot_time = _checked_slot_time(case, schedule_id, starts_at, now)
            slot = _take_place(schedule, slot_time)
            appointment = Appointment.objects.create(case=case, slot=slot, created_at=now, version=0)
            _event(appointment, "booked", actor=actor, actor_label=actor_label, request=request, now=now)
            notifications.queue(appointment, "booked")
            return appointment
    except IntegrityError:
        # The database's own rule caught what the lock should have: never more than capacity.
        raise SlotFull(_("This time has just been taken. Please choose another.")) from None


def _move(appointment: Appointment, *, schedule_id: int, starts_at: datetime, actor: User | None,
          actor_label: str, request: HttpRequest | None, now: datetime) -> Appointment:
    old = appointment.slot
    if not rules.may_change(old.starts_at, now):
        raise TooLateToChange(_("Your appointment is less than 24 hours away: it can no longer be "
                                "changed online. Please call the office."))
    schedule, slot_time = _checked_slot_time(appointment.case, schedule_id, starts_at, now)
    if schedule.pk == old.schedule_id and slot_time.starts_at == old.starts_at:
        return appointment
    slot = _take_place(schedule, slot_time)
    _free_place(old.pk)
    appointment.slot = slot
    appointment.version += 1
    appointment.save(update_fields=["slot", "version", "updated_at"])
    _event(appointment, "moved", actor=actor, actor_label=actor_label, previous=old.starts_at,
           request=request, now=now)
    notifications.queue(appointment, "moved")
    return appointment


def move(*, appointment: Appointment, schedule_id: int, starts_at: datetime, actor: User | None = None,
         actor_label: str = "applicant", request: HttpRequest | None = None,
         now: datetime | None = None) -> Appointment:
    """Move a booked appointment to another slot, until rules.CHANGE_DEADLINE before it."""
    return book(case=appointment.case, schedule_id=schedule_id, starts_at=starts_at, actor=actor,
                actor_label=actor_label, request=request, now=now)


def cancel(*, appointment: Appointment, actor: User | None = None, actor_label: str = "applicant",
           request: HttpRequest | None = None, now: datetime | None = None) -> Appointment:
    """Cancel a booked appointment, until rules.CHANGE_DEADLINE before it; the place is freed."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = (Appointment.objects.select_for_update().select_related("slot", "case")
                       .get(pk=appointment.pk))
        if appointment.status != AppointmentStatus.BOOKED:
            raise NotBookable(_("This appointment is no longer booked."))
        if not rules.may_change(appointment.slot.starts_at, now):
            raise TooLateToChange(_("Your appointment is less than 24 hours away: it can no longer be "
                                    "changed online. Please call the office."))
        _free_place(appointment.slot_id)
        appointment.status = AppointmentStatus.CANCELLED
        appointment.version += 1
        appointment.save(update_fields=["status", "version", "updated_at"])
        _event(appointment, "cancelled", actor=actor, actor_label=actor_label, request=request, now=now)
        notifications.queue(appointment, "cancelled")
        return appointment


def cancel_for_closed_case(*, case: Case, closed_status: str, action: str,
                           at: datetime) -> list[Appointment]:
    """The case ended (its status is one of cases.lifecycle.CLOSED_STATUSES): every appointment of
    it not yet begun is cancelled, whatever the 24-hour rule (the citizen must not come for
    nothing), its place freed for others, with an event, an audit record and the e-mail with the
    .ics CANCEL, sent once the transaction commits. Called inside the case's transition
    (receivers.on_case_transitioned): all of it commits or rolls back with the transition."""
    cancelled = []
    with transaction.atomic():
        upcoming = (Appointment.objects.select_for_update().select_related("slot", "slot__unit", "case")
                    .filter(case_id=case.pk, status=AppointmentStatus.BOOKED, slot__starts_at__gt=at)
                    .order_by("pk"))
        for appointment in upcoming:
            _free_place(appointment.slot_id)
            appointment.status = AppointmentStatus.CANCELLED
            appointment.cancelled_because = closed_status
            appointment.version += 1
            appointment.save(update_fields=["status", "cancelled_because", "version", "updated_at"])
            _event(appointment, "cancelled", actor=None, actor_label="system", now=at,
                   because=f"case.{action}", case_status=closed_status)
            notifications.queue(appointment, "cancelled")
            cancelled.append(appointment)
    return cancelled


def mark(*, appointment: Appointment, outcome: str, officer: User, request: HttpRequest | None = None,
         now: datetime | None = None) -> Appointment:
    """The counter marks a booked appointment attended (from its day on) or missed (once it has
    started). The place stays taken: the time has passed."""
    now = now or timezone.now()
    if outcome not in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW):
        raise AppointmentError(_("Unknown outcome."))
    with transaction.atomic():
        appointment = (Appointment.objects.select_for_update().select_related("slot", "slot__unit", "case")
                       .get(pk=appointment.pk))
        if not may_work_cases(officer, appointment.slot.unit_id):
            raise NotAllowed(_("You do not work at this office's counter."))
        if appointment.status != AppointmentStatus.BOOKED:
            raise NotBookable(_("This appointment was already marked or cancelled."))
        tz = unit_tz(appointment.slot.unit)
        slot_day = appointment.slot.starts_at.astimezone(tz).date()
        if outcome == AppointmentStatus.ATTENDED and now.astimezone(tz).date() < slot_day:
            raise SlotUnavailable(_("An appointment can be marked attended on its day only."))
        if outcome == AppointmentStatus.NO_SHOW and now < appointment.slot.starts_at:
            raise SlotUnavailable(_("An appointment can be marked as missed once its time has come."))
        appointment.status = outcome
        appointment.version += 1
        appointment.save(update_fields=["status", "version", "updated_at"])
        action = "attended" if outcome == AppointmentStatus.ATTENDED else "no_show"
        _event(appointment, action, actor=officer, actor_label=officer.get_username(), request=request,
               now=now)
        return appointment


# --- the counters' hours, kept by the head of unit ----------------------------------------------

SCHEDULE_FIELDS = ("name", "weekdays", "opens_at", "closes_at", "slot_minutes", "capacity",
                   "procedures", "valid_from", "valid_until", "is_active")


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def save_counter(*, unit: Unit, values: dict[str, Any], actor: User, schedule: CounterSchedule | None = None,
                 request: HttpRequest | None = None, now: datetime | None = None) -> CounterSchedule:
    """Create a counter of the head's office, or change one (hours, days, slot length, capacity,
    procedures, dates, active). Appointments already booked keep their time: a slot that has
    bookings keeps its length, and its capacity only moves with the schedule's for places not
    taken (never below what is booked). Audited with what changed, old and new."""
    from chancery.appointments.selectors import may_keep_counters

    now = now or timezone.now()
    if not may_keep_counters(actor, unit.pk):
        raise NotAllowed(_("Only the head of this office sets its counter's hours."))
    with transaction.atomic():
        if schedule is None:
            schedule = CounterSchedule(unit=unit)
            before: dict[str, Any] = {}
        else:
            schedule = CounterSchedule.objects.select_for_update().get(pk=schedule.pk, unit=unit)
            before = {f: _plain(getattr(schedule, f)) for f in SCHEDULE_FIELDS}
        for field in SCHEDULE_FIELDS:
            if field in values:
                setattr(schedule, field, values[field])
        schedule.full_clean()
        created = schedule.pk is None
        schedule.save()
        after = {f: _plain(getattr(schedule, f)) for f in SCHEDULE_FIELDS}
        changes = {f: [before.get(f), after[f]] for f in SCHEDULE_FIELDS if before.get(f) != after[f]}
        if not created and not changes:
            return schedule
        if "capacity" in changes:
            Slot.objects.filter(schedule=schedule, starts_at__gt=now).update(
                capacity=Greatest(Value(schedule.capacity), F("booked")))
        record("counter_schedule.created" if created else "counter_schedule.changed", schedule,
               actor=actor, unit=unit.pk, request=request, changes=changes)
    return schedule
