"""The head of unit keeps their office's counter hours and capacity on a staff page, through the
whole HTTP stack (URL, middleware, CSRF, sessions, templates): officers may not, another office's
counter is missing, a bad value is refused next to its field in Vietnamese and English with
nothing saved, every change is audited with old and new values, and appointments already booked
keep their time (the page says so)."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client
from django.urls import reverse

from chancery.appointments import selectors, services
from chancery.appointments.models import Appointment, CounterSchedule, Slot
from chancery.audit.models import AuditRecord
from tests.appointments.helpers import first_offer, make_schedule
from tests.factories import submit_case

GOOD = {"name": "Passports", "weekdays": ["0", "2", "4"], "opens_at": "08:30", "closes_at": "11:30",
        "slot_minutes": "20", "capacity": "3", "procedures": ["passport-issuance"],
        "valid_from": "", "valid_until": "", "is_active": "on"}


def _client(user, language: str = "en") -> Client:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _post(client: Client, url: str, data: dict, *, read_form: bool = True):
    """A POST as a browser sends it: with the CSRF token of the form page it read first (or, for
    a page the person may not open, of a staff page they may)."""
    page = client.get(url if read_form else reverse("appointments:day"))
    assert page.status_code == 200
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def counter(org, catalog):
    return make_schedule(org.fr, name="Counter", capacity=1)


def test_the_head_sees_the_counters_and_that_bookings_stay(org, counter):
    page = _client(org.head).get(reverse("appointments:counters"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="booked-stay"' in html and "Appointments already booked keep their time" in html
    assert f'data-counter="{counter.pk}"' in html
    assert reverse("appointments:counter_edit", args=[counter.pk]) in html
    day = _client(org.head).get(reverse("appointments:day")).content.decode()
    assert 'id="counters-link"' in day
    assert 'id="counters-link"' not in _client(org.officer).get(reverse("appointments:day")).content.decode()


@pytest.mark.parametrize("who", ["officer", "leader", "admin", "officer_jp"])
def test_only_a_head_of_unit_keeps_counters(org, counter, who):
    client = _client(getattr(org, who))
    assert client.get(reverse("appointments:counters")).status_code == 403
    assert client.get(reverse("appointments:counter_new")).status_code == 403
    edit = reverse("appointments:counter_edit", args=[counter.pk])
    assert client.get(edit).status_code == 403
    assert _post(client, edit, GOOD, read_form=False).status_code == 403
    assert CounterSchedule.objects.get(pk=counter.pk).capacity == 1


def test_another_offices_head_finds_no_such_counter(org, counter):
    client = _client(org.head_jp)
    edit = reverse("appointments:counter_edit", args=[counter.pk])
    assert client.get(edit).status_code == 404
    assert _post(client, edit, GOOD, read_form=False).status_code == 404
    assert f'data-counter="{counter.pk}"' not in client.get(reverse("appointments:counters")).content.decode()
    with pytest.raises(services.NotAllowed):
        services.save_counter(unit=org.fr, schedule=counter, values={"capacity": 9}, actor=org.head_jp)


def test_the_head_changes_a_counter_and_booked_visits_keep_their_time(org, counter):
    case, _key = submit_case(org.fr, "passport-issuance")
    offer = first_offer(case)
    booked = services.book(case=case, schedule_id=counter.pk, starts_at=offer.starts_at)
    response = _post(_client(org.head), reverse("appointments:counter_edit", args=[counter.pk]), GOOD)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('appointments:counters')}?unit=EMB-FR"
    saved = CounterSchedule.objects.get(pk=counter.pk)
    assert (saved.name, saved.weekdays, saved.opens_at, saved.closes_at, saved.slot_minutes,
            saved.capacity, saved.procedures) == ("Passports", [0, 2, 4], time(8, 30), time(11, 30), 20, 3,
                                                  ["passport-issuance"])
    # The booked visit is untouched; its slot now has the new capacity for the places not taken.
    kept = Appointment.objects.select_related("slot").get(pk=booked.pk)
    assert (kept.status, kept.slot.starts_at, kept.version) == ("booked", offer.starts_at, 0)
    slot = Slot.objects.get(pk=kept.slot_id)
    assert (slot.capacity, slot.booked, slot.ends_at) == (3, 1, offer.ends_at)
    audit = AuditRecord.objects.get(action="counter_schedule.changed")
    assert audit.actor_label == "head.fr" and audit.unit_id == org.fr.pk
    assert audit.data["changes"]["capacity"] == [1, 3]
    assert audit.data["changes"]["opens_at"] == ["09:00:00", "08:30:00"]
    assert set(audit.data["changes"]) == {"name", "weekdays", "opens_at", "closes_at", "slot_minutes",
                                          "capacity", "procedures"}
    listing = _client(org.head).get(reverse("appointments:counters")).content.decode()
    assert "08:30–11:30" in listing


def test_a_smaller_capacity_never_takes_a_booked_place(org, catalog):
    schedule = make_schedule(org.fr, capacity=2)
    cases = [submit_case(org.fr, "passport-issuance", email=f"p{i}@example.org")[0] for i in range(2)]
    offer = first_offer(cases[0])
    for case in cases:
        services.book(case=case, schedule_id=schedule.pk, starts_at=offer.starts_at)
    services.save_counter(unit=org.fr, schedule=schedule, values={"capacity": 1}, actor=org.head)
    slot = Slot.objects.get()
    assert (slot.capacity, slot.booked) == (2, 2)
    assert Appointment.objects.filter(status="booked").count() == 2
    fresh = submit_case(org.fr, "passport-issuance", email="new@example.org")[0]
    assert all(o.capacity == 1 for day in selectors.offers(fresh).values() for o in day
               if o.starts_at != offer.starts_at)


def test_the_head_adds_a_counter(org, catalog):
    client = _client(org.head)
    response = _post(client, reverse("appointments:counter_new"), {**GOOD, "name": "Visas"})
    assert response.status_code == 302
    added = CounterSchedule.objects.get(name="Visas")
    assert added.unit == org.fr and added.capacity == 3
    assert AuditRecord.objects.filter(action="counter_schedule.created", object_id=str(added.pk)).exists()


BAD = [
    ({"closes_at": "08:00"}, "closes_at", "The counter must close after it opens.",
     "Giờ đóng quầy phải sau giờ mở."),
    ({"slot_minutes": "3"}, "slot_minutes", "A slot lasts between 5 and 240 minutes.",
     "Mỗi lượt kéo dài từ 5 đến 240 phút."),
    ({"capacity": "0"}, "capacity", "At least one person per slot.", "Mỗi lượt ít nhất một người."),
    ({"weekdays": []}, "weekdays", "Choose at least one day the counter opens.",
     "Hãy chọn ít nhất một ngày quầy mở cửa."),
    ({"opens_at": ""}, "opens_at", "Say when the counter opens.", "Hãy cho biết giờ quầy mở cửa."),
    ({"opens_at": "9h"}, "opens_at", "Enter a valid time.", "Nhập một thời gian hợp lệ."),
    ({"valid_from": "2027-02-01", "valid_until": "2027-01-01"}, "valid_until",
     "The end date is before the start date.", "Ngày kết thúc trước ngày bắt đầu."),
    ({"procedures": ["no-such-procedure"]}, "procedures", "Select a valid choice.",
     "Hãy chọn một lựa chọn hợp lệ."),
]


@pytest.mark.parametrize(("change", "field", "english", "vietnamese"), BAD, ids=[b[1] for b in BAD])
def test_a_bad_value_is_refused_next_to_its_field_in_the_readers_language(
        org, counter, change, field, english, vietnamese):
    url = reverse("appointments:counter_edit", args=[counter.pk])
    for language, message in (("en", english), ("vi", vietnamese)):
        response = _post(_client(org.head, language), url, {**GOOD, **change})
        assert response.status_code == 400
        html = response.content.decode()
        start = html.index(f'id="field-{field}"')
        assert message in html[start:html.index("</div>", html.index("errorlist", start))], (language, field)
        # What was typed is still in the form.
        assert 'value="Passports"' in html
    assert CounterSchedule.objects.get(pk=counter.pk).capacity == 1
    assert not AuditRecord.objects.filter(action__startswith="counter_schedule.").exists()
