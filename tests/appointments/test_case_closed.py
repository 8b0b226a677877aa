"""A case that ends keeps no appointment. Generated over the transition table: every transition
applied to a case with a visit booked (through cases.services.apply_transition, as the pages and
the API do) cancels the visit exactly when its target is one of lifecycle.CLOSED_STATUSES, in the
same transaction (the place freed, an event, an audit record), and the applicant gets the .ics
CANCEL after commit; the counter's day list and the applicant's status page say why."""

from __future__ import annotations

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from chancery.appointments import services
from chancery.appointments.models import Appointment, AppointmentEmail, Slot
from chancery.audit.models import AuditRecord
from chancery.cases.lifecycle import CLOSED_STATUSES, CLOSING_COUNTER, TRANSITIONS, Status
from chancery.cases.services import apply_transition
from chancery.organization.services import unit_tz
from tests.appointments.helpers import first_offer, make_schedule
from tests.appointments.test_http import _applicant
from tests.cases.test_transition_effects import way_to
from tests.factories import advance, submit_case

PROCEDURE = "passport-issuance"  # partly online: ends with a visit; has a fee
ACTIONS = [action for action in TRANSITIONS if action != "submit"  # a draft books nothing
           and way_to(action, PROCEDURE) is not None]
ENDING = [a for a in ACTIONS if TRANSITIONS[a].target in CLOSED_STATUSES]


def test_the_ending_transitions_are_read_from_the_table():
    # Every status a transition closes the case in (closed_at) is a closed status, and each has
    # a transition here: a new way to end a case is picked up without editing this file.
    assert set(CLOSING_COUNTER) == CLOSED_STATUSES
    assert {TRANSITIONS[a].target for a in ENDING} == CLOSED_STATUSES
    assert {"withdraw", "not_accept", "stop", "return_result"} <= set(ENDING)


def _booked_case(org):
    case, key = submit_case(org.fr, PROCEDURE)
    offer = first_offer(case)
    appointment = services.book(case=case, schedule_id=offer.schedule_id, starts_at=offer.starts_at)
    return case, key, appointment


@pytest.mark.parametrize("action", ACTIONS)
def test_a_transition_cancels_the_visit_exactly_when_it_ends_the_case(
        org, catalog, action, django_capture_on_commit_callbacks):
    make_schedule(org.fr, capacity=1)
    case, _key, appointment = _booked_case(org)
    case = advance(case, way_to(action, PROCEDURE), officer=org.officer, decider=org.head)
    # The visit is kept on the way (a refused case still has its result to collect).
    assert Appointment.objects.get(pk=appointment.pk).status == "booked"
    mail.outbox.clear()
    AppointmentEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        case = advance(case, [action], officer=org.officer, decider=org.head)
    after = Appointment.objects.select_related("slot").get(pk=appointment.pk)
    ends = TRANSITIONS[action].target in CLOSED_STATUSES
    assert case.status == TRANSITIONS[action].target
    if not ends:
        assert (after.status, after.slot.booked, after.version) == ("booked", 1, 0)
        assert not AppointmentEmail.objects.exists()
        assert not AuditRecord.objects.filter(action="appointment.cancelled").exists()
        return
    assert after.status == "cancelled" and after.cancelled_because == case.status
    assert after.version == 1
    assert Slot.objects.get(pk=after.slot_id).booked == 0  # the place is free for someone else
    assert [e.action for e in after.events.all()] == ["booked", "cancelled"]
    audit = AuditRecord.objects.get(action="appointment.cancelled")
    assert audit.data["because"] == f"case.{action}" and audit.data["case_status"] == case.status
    assert audit.actor_label == "system"
    # The e-mail with the .ics CANCEL went out once the transition committed.
    email = AppointmentEmail.objects.get()
    assert email.state == "sent" and email.to == case.applicant_email
    calendar_mail = next(m for m in mail.outbox if m.attachments)
    cal = icalendar.Calendar.from_ical(calendar_mail.attachments[0][1])
    assert str(cal["METHOD"]) == "CANCEL"
    event = cal.walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert "need not come" in calendar_mail.body and "không cần đến" in calendar_mail.body


def test_the_cancellation_rolls_back_with_the_transition(org, catalog, monkeypatch):
    """Same transaction: when the transition fails after the signal (here its e-mail step),
    the visit is booked again, its place taken, no audit record, no e-mail queued."""
    from chancery.cases import services as case_services

    make_schedule(org.fr, capacity=1)
    case, _key, appointment = _booked_case(org)

    def broken(*args, **kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(case_services.notifications, "status_changed", broken)
    with pytest.raises(RuntimeError):
        apply_transition(case, "withdraw", actor=None, applicant=True, expected_version=case.version)
    assert Appointment.objects.get(pk=appointment.pk).status == "booked"
    assert Slot.objects.get().booked == 1
    assert not AuditRecord.objects.filter(action="appointment.cancelled").exists()
    assert AppointmentEmail.objects.count() == 1  # the booking's only


def test_the_counter_and_the_applicant_see_why_it_was_cancelled(org, catalog, client):
    make_schedule(org.fr, capacity=1)
    case, key, appointment = _booked_case(org)
    advance(case, ["withdraw"], officer=org.officer)
    day = appointment.slot.starts_at.astimezone(unit_tz(org.fr)).date()
    client.force_login(org.officer)
    page = client.get(reverse("appointments:day"), {"unit": "EMB-FR", "date": day.isoformat()},
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="cancelled-appointments"' in page and 'id="no-appointments"' in page
    assert case.tracking_code in page
    assert f"The application ended: {Status.WITHDRAWN.label}." in page

    browser = _applicant(case, key)
    status = browser.get(reverse("portal:status", args=[case.tracking_code])).content.decode()
    assert 'id="visit-cancelled-closed"' in status and 'id="book-visit"' not in status
    assert "Last appointment: Cancelled." in status
    vi = _applicant(case, key, language=None)
    status_vi = vi.get(reverse("portal:status", args=[case.tracking_code])).content.decode()
    assert 'id="visit-cancelled-closed"' in status_vi and "không cần đến" in status_vi
