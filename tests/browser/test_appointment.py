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


def test_the_head_changes_the_counter_hours_in_the_browser(new_page, catalog, org, shot):
    """The head of unit opens the counters from the day list, types a closing time before the
    opening and a zero capacity (told next to each field, in Vietnamese, nothing saved), then
    corrects them: saved, audited, and the booked visit keeps its time."""
    from chancery.appointments import services
    from chancery.audit.models import AuditRecord
    from tests.appointments.helpers import first_offer

    counter = CounterSchedule.objects.create(unit=org.fr, name="Passports", weekdays=list(range(5)),
                                             opens_at=time(9), closes_at=time(11), slot_minutes=30,
                                             capacity=1)
    case, _key = submit_case(org.fr, "passport-issuance")
    offer = first_offer(case)
    booked = services.book(case=case, schedule_id=counter.pk, starts_at=offer.starts_at)
    page = new_page()
    login(page, "head.fr")
    page.goto("/staff/appointments/")
    page.locator("#counters-link").click()
    expect(page.locator("#booked-stay")).to_be_visible()
    page.locator(f'tr[data-counter="{counter.pk}"] a').click()
    page.locator("#id_closes_at").fill("08:00")
    page.locator("#id_capacity").fill("0")
    page.locator("#save-counter").click()
    expect(page.locator("#field-closes_at .errorlist")).to_have_text("Giờ đóng quầy phải sau giờ mở.")
    expect(page.locator("#field-capacity .errorlist")).to_have_text("Mỗi lượt ít nhất một người.")
    shot(page, "counter-1-refused")
    assert CounterSchedule.objects.get(pk=counter.pk).closes_at == time(11)

    page.locator("#id_closes_at").fill("12:30")
    page.locator("#id_capacity").fill("4")
    page.locator("#save-counter").click()
    row = page.locator(f'tr[data-counter="{counter.pk}"]')
    expect(row).to_contain_text("09:00–12:30")
    shot(page, "counter-2-saved")
    saved = CounterSchedule.objects.get(pk=counter.pk)
    assert (saved.closes_at, saved.capacity) == (time(12, 30), 4)
    assert AuditRecord.objects.get(action="counter_schedule.changed").data["changes"]["capacity"] == [1, 4]
    kept = Appointment.objects.select_related("slot").get(pk=booked.pk)
    assert (kept.status, kept.slot.starts_at) == ("booked", offer.starts_at)
