"""Reads: what a case may book, the free slots it is offered, an office's day at the counter."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.utils import timezone

from chancery.appointments import rules
from chancery.appointments.models import Appointment, AppointmentStatus, CounterSchedule, Slot
from chancery.appointments.slots import slots_between
from chancery.cases.models import Case
from chancery.organization.models import Role, Unit
from chancery.organization.selectors import roles_in, visible_units
from chancery.organization.services import calendar_for, unit_tz

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Offer:
    """One slot offered to the applicant, with the places left."""

    schedule_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    free: int

    @property
    def key(self) -> str:
        """What the booking form posts: the schedule and the start as a Unix time."""
        return f"{self.schedule_id}-{int(self.starts_at.timestamp())}"


def parse_key(key: str) -> tuple[int, datetime] | None:
    schedule, _sep, stamp = (key or "").partition("-")
    if not (schedule.isdigit() and stamp.isdigit()):
        return None
    try:
        return int(schedule), datetime.fromtimestamp(int(stamp), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def needs_visit(case: Case) -> bool:
    return rules.needs_visit(case.procedure_version.online_level)


def schedules_for(case: Case) -> list[CounterSchedule]:
    """The office's active counters that serve the case's procedure."""
    code = case.procedure_version.code
    return [s for s in CounterSchedule.objects.filter(unit_id=case.unit_id, is_active=True)
            if s.serves(code)]


def may_book(case: Case) -> bool:
    """A case whose procedure needs a visit, still open, at an office that takes appointments."""
    return (needs_visit(case) and case.status in rules.BOOKABLE_STATUSES
            and bool(schedules_for(case)))


def current_appointment(case: Case) -> Appointment | None:
    return (Appointment.objects.select_related("slot", "slot__schedule", "slot__unit")
            .filter(case=case, status=AppointmentStatus.BOOKED).first())


def last_appointment(case: Case) -> Appointment | None:
    """The booked appointment, or the latest one (attended, missed, cancelled)."""
    return current_appointment(case) or (
        Appointment.objects.select_related("slot", "slot__unit").filter(case=case)
        .order_by("-updated_at", "-pk").first())


def offers(
    case: Case, *, now: datetime | None = None, days: int = rules.BOOKING_DAYS
) -> dict[date, list[Offer]]:
    """The slots the applicant may book, by local day: from the first moment still in time
    (rules.CHANGE_DEADLINE from now) for `days` days, on the office's working days, each with
    its free places (a full slot is listed with 0)."""
    now = now or timezone.now()
    unit = case.unit
    tz = unit_tz(unit)
    calendar = calendar_for(unit)
    first = (now + rules.CHANGE_DEADLINE).astimezone(tz).date()
    last = now.astimezone(tz).date() + timedelta(days=days)
    schedules = schedules_for(case)
    taken = {
        (s.schedule_id, s.starts_at): s
        for s in Slot.objects.filter(
            schedule__in=schedules,
            starts_at__gte=datetime.combine(first, datetime.min.time(), tzinfo=tz),
            starts_at__lt=datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz))
    }
    by_day: dict[date, list[Offer]] = defaultdict(list)
    for schedule in schedules:
        for t in slots_between(schedule, calendar, tz, first, last):
            if not rules.may_change(t.starts_at, now):
                continue
            row = taken.get((schedule.pk, t.starts_at))
            capacity = row.capacity if row else schedule.capacity
            free = row.free if row else schedule.capacity
            by_day[t.starts_at.date()].append(Offer(schedule.pk, t.starts_at, t.ends_at, capacity, free))
    return {day: sorted(items, key=lambda o: (o.starts_at, o.schedule_id))
            for day, items in sorted(by_day.items())}


def counter_units(user: User) -> list[Unit]:
    """The offices whose counter this person sees: the units they may see that have a schedule."""
    with_schedules = CounterSchedule.objects.values("unit_id")
    return list(visible_units(user).filter(pk__in=with_schedules, is_active=True).order_by("code"))


def _day_appointments(unit: Unit, day: date) -> QuerySet[Appointment]:
    tz = unit_tz(unit)
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    end = start + timedelta(days=1)
    return (
        Appointment.objects.select_related("slot", "slot__schedule", "case", "case__procedure_version")
        .filter(slot__unit=unit, slot__starts_at__gte=start, slot__starts_at__lt=end)
        .order_by("slot__starts_at", "pk")
    )


def day_list(unit: Unit, day: date) -> list[Appointment]:
    """The appointments of one local day at an office, in time order (cancelled ones left out)."""
    return list(_day_appointments(unit, day).exclude(status=AppointmentStatus.CANCELLED))


def cancelled_on(unit: Unit, day: date) -> list[Appointment]:
    """The day's cancelled appointments, in time order: by the applicant, or because the case
    ended (Appointment.cancelled_because)."""
    return list(_day_appointments(unit, day).filter(status=AppointmentStatus.CANCELLED))


# --- the counters' hours, kept by the head of unit ----------------------------------------------


def may_keep_counters(user: User, unit_id: int) -> bool:
    """The head of unit sets their office's counter hours and capacity (officers work the day
    list; the leadership and administrators do not run an office's counter)."""
    return Role.HEAD in roles_in(user, unit_id)


def headed_units(user: User) -> list[Unit]:
    """The active offices this person heads: the ones whose counters they keep."""
    return list(Unit.objects.filter(is_active=True, memberships__user=user,
                                    memberships__role=Role.HEAD).distinct().order_by("code"))


def counters_of(unit: Unit, now: datetime | None = None) -> list[CounterSchedule]:
    """The office's counters, each with `upcoming`: its appointments booked ahead."""
    now = now or timezone.now()
    schedules = list(CounterSchedule.objects.filter(unit=unit).order_by("-is_active", "opens_at", "pk"))
    counts = dict(
        Appointment.objects.filter(slot__schedule__in=schedules, status=AppointmentStatus.BOOKED,
                                   slot__starts_at__gt=now)
        .values_list("slot__schedule").annotate(n=Count("pk")).order_by()
    )
    for schedule in schedules:
        schedule.upcoming = counts.get(schedule.pk, 0)  # type: ignore[attr-defined]
    return schedules


def counter_for_head(user: User, schedule_id: int) -> CounterSchedule:
    """A counter of an office this person heads; another office's is missing (404)."""
    from django.http import Http404

    schedule = CounterSchedule.objects.select_related("unit").filter(pk=schedule_id).first()
    if schedule is None or not may_keep_counters(user, schedule.unit_id):
        raise Http404
    return schedule


def case_appointments(case: Case) -> list[Appointment]:
    """Every visit of the case, latest first: the booked one, then those attended, missed or
    cancelled (the staff case page shows them all)."""
    return list(Appointment.objects.select_related("slot", "slot__schedule", "slot__unit")
                .filter(case=case).order_by("-slot__starts_at", "-pk"))
