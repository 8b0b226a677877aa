"""The appointment pages through HTTP, as a phone's browser uses them: the status page offers a
visit, the booking page lists free times (a full one cannot be chosen), booking and moving answer
with the status page, a taken time or a bad choice is said next to the times, a visit less than
24 hours away cannot be changed; the counter's day list and its marks."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chancery.appointments import rules, selectors
from chancery.appointments.models import Appointment, Slot
from chancery.organization.models import Role
from tests.appointments.helpers import first_offer, make_schedule
from tests.factories import make_user, submit_case
from tests.portal.helpers import Browser

PHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")


def _applicant(case, key: str, language: str | None = "en") -> Browser:
    browser = Browser(language=language, HTTP_USER_AGENT=PHONE_UA)
    opened = browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    assert opened.status_code == 302
    return browser


@pytest.fixture
def booked_setup(org, catalog):
    schedule = make_schedule(org.fr, capacity=1)
    case, key = submit_case(org.fr, "passport-issuance")
    return schedule, case, key


def test_status_page_offers_the_visit_and_the_booking_page_lists_times(booked_setup):
    schedule, case, key = booked_setup
    browser = _applicant(case, key)
    status = browser.get(reverse("portal:status", args=[case.tracking_code])).content.decode()
    assert 'id="book-visit"' in status
    page = browser.get(reverse("portal:appointment", args=[case.tracking_code]))
    assert page.status_code == 200
    html = page.content.decode()
    offer = first_offer(case)
    assert f'value="{offer.key}"' in html
    assert html.count('class="slot-day"') == 5  # five days a page on a phone
    assert 'id="later"' in html


def test_book_then_move_through_the_pages(booked_setup, django_capture_on_commit_callbacks):
    schedule, case, key = booked_setup
    browser = _applicant(case, key)
    url = reverse("portal:appointment", args=[case.tracking_code])
    first = first_offer(case)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url, {"slot": first.key})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:status", args=[case.tracking_code])
    status = browser.get(response["Location"]).content.decode()
    assert 'id="visit-time"' in status and "Your appointment is booked" in status
    ics = browser.get(reverse("portal:appointment_ics", args=[case.tracking_code]))
    assert ics["Content-Type"] == "text/calendar" and b"BEGIN:VEVENT" in ics.content

    page = browser.get(url).content.decode()
    assert "Move it to another time" in page and 'id="cancel-form"' in page
    second = [o for day in selectors.offers(case).values() for o in day if o.free][0]
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post(url, {"slot": second.key}).status_code == 302
    appointment = Appointment.objects.get(case=case, status="booked")
    assert appointment.slot.starts_at == second.starts_at and appointment.version == 1
    assert Slot.objects.get(starts_at=first.starts_at).booked == 0


def test_a_full_time_is_shown_full_and_refused_next_to_the_times(booked_setup, org):
    schedule, case, key = booked_setup
    other, _k = submit_case(org.fr, "passport-issuance", email="other@example.org")
    offer = first_offer(case)
    from chancery.appointments import services

    services.book(case=other, schedule_id=schedule.pk, starts_at=offer.starts_at)
    browser = _applicant(case, key)
    url = reverse("portal:appointment", args=[case.tracking_code])
    html = browser.get(url).content.decode()
    assert re.search(rf'value="{offer.key}" disabled', html)
    refused = browser.post(url, {"slot": offer.key})
    assert refused.status_code == 409
    text = refused.content.decode()
    assert 'id="slot-error"' in text and "This time has just been taken" in text
    assert not Appointment.objects.filter(case=case).exists()
    vi = _applicant(case, key, language=None).post(url, {"slot": offer.key}).content.decode()
    assert "Giờ này vừa có người đặt" in vi


@pytest.mark.parametrize("slot", ["", "nonsense", "999-1", "1-99999999999999999999"])
def test_a_bad_choice_is_a_message_not_a_500(booked_setup, slot):
    schedule, case, key = booked_setup
    url = reverse("portal:appointment", args=[case.tracking_code])
    response = _applicant(case, key).post(url, {"slot": slot})
    assert response.status_code in (400, 409)
    assert 'id="slot-error"' in response.content.decode()
    assert not Appointment.objects.exists()


def test_less_than_24_hours_before_the_page_says_call_the_office(booked_setup, monkeypatch):
    schedule, case, key = booked_setup
    from chancery.appointments import services

    offer = first_offer(case)
    appointment = services.book(case=case, schedule_id=schedule.pk, starts_at=offer.starts_at)
    # The visit is now 23 hours away.
    later_now = offer.starts_at - rules.CHANGE_DEADLINE + timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later_now)
    browser = _applicant(case, key)
    page = browser.get(reverse("portal:appointment", args=[case.tracking_code])).content.decode()
    assert 'id="visit-locked"' in page and 'id="cancel-form"' not in page and 'id="slot-form"' not in page
    response = browser.post(reverse("portal:cancel_appointment", args=[case.tracking_code]), follow=True)
    assert "less than 24 hours away" in response.content.decode()
    assert Appointment.objects.get(pk=appointment.pk).status == "booked"


def test_a_fully_online_procedure_has_no_booking_page(org, catalog):
    make_schedule(org.fr)
    case, key = submit_case(org.fr, "consular-legalisation")
    browser = _applicant(case, key)
    status = browser.get(reverse("portal:status", args=[case.tracking_code])).content.decode()
    assert 'id="visit"' not in status and "passport" not in case.procedure_version.code
    assert browser.get(reverse("portal:appointment", args=[case.tracking_code])).status_code == 302


def test_someone_elses_case_is_404(booked_setup):
    schedule, case, key = booked_setup
    stranger = Browser()
    assert stranger.get(reverse("portal:appointment", args=[case.tracking_code])).status_code == 404
    assert stranger.post(reverse("portal:appointment", args=[case.tracking_code]),
                         {"slot": first_offer(case).key}).status_code == 404


def test_the_counter_sees_the_day_and_marks_attended(booked_setup, org, client):
    schedule, case, key = booked_setup
    from chancery.appointments import services

    offer = first_offer(case)
    appointment = services.book(case=case, schedule_id=schedule.pk, starts_at=offer.starts_at)
    day = offer.starts_at.date().isoformat()
    client.force_login(org.officer)
    page = client.get(reverse("appointments:day"), {"unit": "EMB-FR", "date": day}).content.decode()
    assert case.tracking_code in page and case.applicant_name in page
    # Marking before the day is refused with a message; on the day it is kept.
    client.post(reverse("appointments:mark", args=[appointment.pk]), {"outcome": "attended"})
    assert Appointment.objects.get(pk=appointment.pk).status == "booked"
    outsider = make_user("clerk.jp", org.jp, Role.OFFICER)
    client.force_login(outsider)
    mark_url = reverse("appointments:mark", args=[appointment.pk])
    assert client.post(mark_url, {"outcome": "attended"}).status_code == 404
    assert case.tracking_code not in client.get(reverse("appointments:day"), {"date": day}).content.decode()


def test_the_receipt_offers_to_book_right_after_applying(booked_setup, org):
    schedule, case, key = booked_setup
    browser = _applicant(case, key)
    receipt = browser.get(reverse("portal:receipt", args=[case.tracking_code])).content.decode()
    assert reverse("portal:appointment", args=[case.tracking_code]) in receipt
    assert 'id="book-visit"' in receipt
    schedule.is_active = False
    schedule.save()
    receipt = browser.get(reverse("portal:receipt", args=[case.tracking_code])).content.decode()
    assert 'id="book-visit"' not in receipt and "come to the office once" in receipt
