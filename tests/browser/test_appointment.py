"""A citizen whose passport application needs a visit books a time at the counter on a phone,
then moves it: the status page shows the new time, the slot counts follow, and the counter's
day list shows the visit."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from chancery.appointments.models import Appointment, CounterSchedule, Slot
from tests.browser.conftest import login
from tests.browser.test_citizen_and_officer import PHONE, assert_no_horizontal_scroll
from tests.factories import submit_case

pytestmark = pytest.mark.browser


def test_book_and_move_an_appointment_on_a_phone(new_page, catalog, org, shot):
    CounterSchedule.objects.create(unit=org.fr, name="Passports", weekdays=list(range(7)),
                                   opens_at=time(9), closes_at=time(11), slot_minutes=30, capacity=2)
    case, key = submit_case(org.fr, "passport-issuance")
    page = new_page(viewport=PHONE)
    page.goto("/status/")
    page.locator("#code").fill(case.tracking_code)
    page.locator("#key").fill(key)
    page.locator("main form button[type=submit]").click()
    page.locator("#book-visit").click()
    expect(page.locator("#slot-form")).to_be_visible()
    assert_no_horizontal_scroll(page)
    shot(page, "appointment-1-choose")

    # Sending without a time says so next to the times.
    page.locator("#book-slot").click()
    expect(page.locator("#slot-error")).to_be_visible()

    first = page.locator(".slots input:not([disabled])").first
    first_key = first.get_attribute("value")
    first.locator("xpath=..").click()  # the whole label is the tap target
    page.locator("#book-slot").click()
    expect(page.locator("#visit-time")).to_be_visible()
    booked = Appointment.objects.get(case=case, status="booked")
    assert f"{booked.slot.schedule_id}-{int(booked.slot.starts_at.timestamp())}" == first_key
    first_text = page.locator("#visit-time").inner_text()
    shot(page, "appointment-2-booked")

    page.locator("#change-visit").click()
    expect(page.locator("#cancel-form")).to_be_visible()
    page.locator("#later").click()
    page.locator(".slots input:not([disabled])").nth(1).locator("xpath=..").click()
    page.locator("#book-slot").click()
    expect(page.locator("#visit-time")).not_to_have_text(first_text)
    assert_no_horizontal_scroll(page)
    shot(page, "appointment-3-moved")
    moved = Appointment.objects.get(case=case, status="booked")
    assert moved.pk == booked.pk and moved.slot_id != booked.slot_id and moved.version == 1
    assert Slot.objects.get(pk=booked.slot_id).booked == 0 and Slot.objects.get(pk=moved.slot_id).booked == 1

    # The counter sees the visit on its day.
    staff = new_page()
    login(staff, "officer.fr")
    day = moved.slot.starts_at.astimezone(ZoneInfo("Europe/Paris")).date().isoformat()
    staff.goto(f"/staff/appointments/?unit=EMB-FR&date={day}")
    expect(staff.locator(f"tr[data-code='{case.tracking_code}']")).to_be_visible()
