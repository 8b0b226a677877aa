"""The visit on the staff case page: when the applicant comes and at which counter, what happened
to earlier visits, and the day's marks made from the case itself (and only when services.mark
would accept them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chancery.appointments import services
from chancery.appointments.models import Appointment, Slot
from chancery.organization.services import unit_tz
from tests.appointments.helpers import first_offer, make_schedule
from tests.factories import submit_case


@pytest.fixture
def visit_case(org, catalog):
    schedule = make_schedule(org.fr, name="Passports", capacity=1)
    case, _key = submit_case(org.fr, "passport-issuance")
    return schedule, case


def _page(client, case) -> str:
    response = client.get(reverse("cases:detail", args=[case.tracking_code]))
    assert response.status_code == 200
    return response.content.decode()


def _visit(html: str) -> str:
    start = html.index('id="visit"')
    return html[start:html.index("</section>", start)]


def test_a_case_that_needs_a_visit_says_none_is_booked_yet(visit_case, org, client):
    _schedule, case = visit_case
    client.force_login(org.officer)
    visit = _visit(_page(client, case))
    assert 'id="visit-none" data-bookable="yes"' in visit
    assert 'id="visit-mark"' not in visit


def test_a_fully_online_case_has_no_visit_part(org, catalog, client):
    make_schedule(org.fr)
    case, _key = submit_case(org.fr, "consular-legalisation")
    client.force_login(org.officer)
    assert 'id="visit"' not in _page(client, case)


def test_the_booked_visit_shows_its_time_counter_and_day_link_but_no_marks_before_its_day(
        visit_case, org, client):
    schedule, case = visit_case
    offer = first_offer(case)
    services.book(case=case, schedule_id=schedule.pk, starts_at=offer.starts_at)
    client.force_login(org.officer)
    visit = _visit(_page(client, case))
    local = offer.starts_at.astimezone(unit_tz(org.fr))
    assert "Passports" in visit and local.strftime("%H:%M") in visit
    assert f"date={local.date().isoformat()}" in visit
    # A visit is booked at least a day ahead (rules.CHANGE_DEADLINE): nothing to mark yet.
    assert 'id="visit-mark"' not in visit


def test_on_its_day_the_officer_marks_the_visit_from_the_case_and_stays_there(visit_case, org, client):
    schedule, case = visit_case
    offer = first_offer(case)
    appointment = services.book(case=case, schedule_id=schedule.pk, starts_at=offer.starts_at)
    started = timezone.now() - timedelta(minutes=5)
    Slot.objects.filter(pk=appointment.slot_id).update(starts_at=started,
                                                       ends_at=started + timedelta(minutes=30))
    client.force_login(org.officer)
    visit = _visit(_page(client, case))
    assert 'value="attended"' in visit and 'value="no_show"' in visit
    response = client.post(reverse("appointments:mark", args=[appointment.pk]),
                           {"outcome": "attended", "back": "case"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.tracking_code])
    assert Appointment.objects.get(pk=appointment.pk).status == "attended"
    visit = _visit(_page(client, case))
    assert 'id="visit-mark"' not in visit and 'data-status="attended"' in visit
    assert 'id="visit-none"' not in visit  # an attended visit is not "none booked yet"


def test_a_cancelled_visit_stays_in_the_history_with_who_ended_it(visit_case, org, client):
    schedule, case = visit_case
    offer = first_offer(case)
    appointment = services.book(case=case, schedule_id=schedule.pk, starts_at=offer.starts_at)
    services.cancel(appointment=appointment, now=offer.starts_at - timedelta(days=2))
    client.force_login(org.officer)
    visit = _visit(_page(client, case))
    assert 'data-status="cancelled" data-ended-by="applicant"' in visit
    assert 'id="visit-booked"' not in visit
