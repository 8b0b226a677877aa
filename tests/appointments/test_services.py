"""Booking, moving, cancelling and marking appointments through the services: capacity, the
calendar, the 24-hour deadline at its boundary, the audit record of every change, and the e-mail's
.ics read back with icalendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from chancery.appointments import rules, selectors, services
from chancery.appointments.models import Appointment, AppointmentEmail, AppointmentStatus, Slot
from chancery.audit.models import AuditRecord
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.organization.models import ClosureDay
from chancery.procedures.models import ProcedureVersion
from tests.appointments.helpers import make_schedule
from tests.factories import submit_case

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=PARIS)           # a Monday morning
SLOT = datetime(2026, 12, 9, 9, 0, tzinfo=PARIS)          # Wednesday 09:00, a working day


@pytest.fixture
def counter(org, catalog):
    return make_schedule(org.fr, capacity=2)


def _case(org, email: str = "an@example.org") -> Case:
    case, _key = submit_case(org.fr, "passport-issuance", email=email)
    return case


def _book(case, schedule, starts_at=SLOT, now=NOW):
    return services.book(case=case, schedule_id=schedule.pk, starts_at=starts_at, now=now)


@pytest.mark.parametrize("capacity", [1, 2, 3])
def test_a_slot_takes_exactly_its_capacity(org, catalog, capacity):
    schedule = make_schedule(org.fr, capacity=capacity)
    for i in range(capacity):
        _book(_case(org, f"p{i}@example.org"), schedule)
    late = _case(org, "late@example.org")
    with pytest.raises(services.SlotFull):
        _book(late, schedule)
    slot = Slot.objects.get()
    assert (slot.booked, slot.capacity) == (capacity, capacity)
    assert Appointment.objects.filter(status="booked").count() == capacity
    assert not Appointment.objects.filter(case=late).exists()
    offered = next(o for o in selectors.offers(late, now=NOW)[SLOT.date()] if o.starts_at == SLOT)
    assert offered.free == 0


def test_every_procedure_books_exactly_when_it_needs_a_visit(org, catalog):
    make_schedule(org.fr)
    versions = {v.code: v for v in ProcedureVersion.objects.all()}
    for code, version in versions.items():
        if "embassy" not in version.handled_by:
            continue
        case = Case(unit=org.fr, procedure_version=version, status=Status.SUBMITTED)
        assert selectors.may_book(case) == (version.online_level == "partial"), code


def test_only_open_cases_book(org, catalog, counter):
    case = _case(org)
    for status in sorted(Status.values):
        Case.objects.filter(pk=case.pk).update(status=status)
        case.refresh_from_db()
        if status in rules.BOOKABLE_STATUSES:
            booked = _book(case, counter)
            assert booked.status == "booked", status
            services.cancel(appointment=booked, now=NOW)
        else:
            with pytest.raises(services.NotBookable):
                _book(case, counter)
    assert not Appointment.objects.filter(status="booked").exists()


def test_closed_days_and_times_outside_the_counter_are_refused(org, catalog, counter):
    case = _case(org)
    ClosureDay.objects.create(unit=org.fr, date=SLOT.date(), reason="Strike")
    with pytest.raises(services.SlotUnavailable):
        _book(case, counter)
    assert SLOT.date() not in selectors.offers(case, now=NOW)
    for bad in (datetime(2026, 12, 10, 9, 10, tzinfo=PARIS),    # between two slots
                datetime(2026, 12, 10, 12, 0, tzinfo=PARIS),    # closing time
                datetime(2026, 12, 12, 9, 0, tzinfo=PARIS),     # Saturday
                datetime(2026, 12, 25, 9, 0, tzinfo=PARIS)):    # Christmas in France
        with pytest.raises(services.SlotUnavailable):
            _book(case, counter, bad)
    assert not Slot.objects.exists()


@pytest.mark.parametrize(("before", "allowed"), [
    (timedelta(hours=24, seconds=1), True),
    (timedelta(hours=24), True),
    (timedelta(hours=23, minutes=59, seconds=59), False),
    (timedelta(hours=1), False),
    (timedelta(0), False),
])
def test_booking_moving_and_cancelling_close_24_hours_before(org, catalog, counter, before, allowed):
    booker, mover, canceller = (_case(org, f"{n}@example.org") for n in "abc")
    now = SLOT - before
    if allowed:
        _book(booker, counter, now=now)
    else:
        with pytest.raises(services.SlotUnavailable):
            _book(booker, counter, now=now)
    later = SLOT + timedelta(days=1)
    moving = _book(mover, counter, now=NOW)
    cancelling = _book(canceller, counter, later, now=NOW)
    if allowed:
        moved = services.move(appointment=moving, schedule_id=counter.pk, starts_at=later, now=now)
        assert moved.slot.starts_at == later
        assert services.cancel(appointment=cancelling, now=later - before).status == "cancelled"
    else:
        with pytest.raises(services.TooLateToChange):
            services.move(appointment=moving, schedule_id=counter.pk, starts_at=later, now=now)
        with pytest.raises(services.TooLateToChange):
            services.cancel(appointment=cancelling, now=later - before)
        assert Appointment.objects.get(pk=moving.pk).slot.starts_at == SLOT
        assert Appointment.objects.get(pk=cancelling.pk).status == "booked"


def test_moving_frees_the_old_place_and_cancelling_frees_the_new(org, catalog, counter):
    case = _case(org)
    appointment = _book(case, counter)
    later = SLOT + timedelta(minutes=30)
    services.move(appointment=appointment, schedule_id=counter.pk, starts_at=later, now=NOW)
    assert Slot.objects.get(starts_at=SLOT).booked == 0
    assert Slot.objects.get(starts_at=later).booked == 1
    services.cancel(appointment=Appointment.objects.get(pk=appointment.pk), now=NOW)
    assert Slot.objects.get(starts_at=later).booked == 0
    # Booking again after a cancellation is a new appointment.
    again = _book(case, counter)
    assert again.pk != appointment.pk and Slot.objects.get(starts_at=SLOT).booked == 1
    actions = list(AuditRecord.objects.filter(object_type="appointments.appointment")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["appointment.booked", "appointment.moved", "appointment.cancelled",
                       "appointment.booked"]
    moved = AuditRecord.objects.get(action="appointment.moved")
    assert datetime.fromisoformat(moved.data["previous_starts_at"]) == SLOT
    assert datetime.fromisoformat(moved.data["starts_at"]) == later
    assert [e.action for e in appointment.events.all()] == ["booked", "moved", "cancelled"]


def _ics(email: AppointmentEmail) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(email.ics)


def test_the_email_carries_an_ics_that_reads_back(org, catalog, counter, django_capture_on_commit_callbacks):
    case = _case(org)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = _book(case, counter)
    sent = mail.outbox[-1]
    assert sent.to == [case.applicant_email]
    name, content, mimetype = sent.attachments[0]
    assert name == "appointment.ics" and mimetype.startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(content)
    assert str(cal["METHOD"]) == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == SLOT
    assert event.decoded("DTEND") == SLOT + timedelta(minutes=counter.slot_minutes)
    assert int(event["SEQUENCE"]) == 0
    assert case.tracking_code in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    uid = str(event["UID"])

    later = SLOT + timedelta(days=1, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.move(appointment=appointment, schedule_id=counter.pk, starts_at=later, now=NOW)
    moved = _ics(AppointmentEmail.objects.order_by("-pk").first()).walk("VEVENT")[0]
    assert str(moved["UID"]) == uid and int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == later

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(appointment=Appointment.objects.get(pk=appointment.pk), now=NOW)
    cancelled = _ics(AppointmentEmail.objects.order_by("-pk").first())
    assert str(cancelled["METHOD"]) == "CANCEL"
    event = cancelled.walk("VEVENT")[0]
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"
    assert len(mail.outbox) == 3 and AppointmentEmail.objects.filter(state="sent").count() == 3


def test_the_counter_marks_attended_on_the_day_and_no_show_once_started(org, catalog, counter):
    first, second = (_book(_case(org, f"{n}@example.org"), counter) for n in "ab")
    officer = org.officer
    with pytest.raises(services.SlotUnavailable):
        services.mark(appointment=first, outcome="attended", officer=officer, now=SLOT - timedelta(days=1))
    with pytest.raises(services.SlotUnavailable):
        services.mark(appointment=second, outcome="no_show", officer=officer, now=SLOT - timedelta(minutes=1))
    with pytest.raises(services.NotAllowed):
        services.mark(appointment=first, outcome="attended", officer=org.officer_jp, now=SLOT)
    assert services.mark(appointment=first, outcome="attended", officer=org.officer,
                         now=SLOT - timedelta(hours=1)).status == AppointmentStatus.ATTENDED
    assert services.mark(appointment=second, outcome="no_show", officer=org.officer,
                         now=SLOT).status == AppointmentStatus.NO_SHOW
    with pytest.raises(services.NotBookable):
        services.mark(appointment=first, outcome="no_show", officer=org.officer, now=SLOT)
    marks = AuditRecord.objects.filter(action__in=["appointment.attended", "appointment.no_show"])
    assert {(r.action, r.actor_label) for r in marks} == {
        ("appointment.attended", "officer.fr"), ("appointment.no_show", "officer.fr")}
    assert [a.case_id for a in selectors.day_list(org.fr, SLOT.date())] == [first.case_id, second.case_id]


def test_a_schedule_for_other_procedures_offers_nothing(org, catalog):
    make_schedule(org.fr, procedures=["birth-registration"])
    case = _case(org)
    assert not selectors.may_book(case)
    assert selectors.offers(case, now=NOW) == {}
