"""listAppointments: the counter's day through the API, with a staff token, scoped exactly as the
counter's day page (the caller's offices; another office is missing), cancelled visits with their
reason, one query count whatever the number of visits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chancery.appointments import selectors, services
from chancery.organization.services import unit_tz
from tests.appointments.helpers import first_offer, make_schedule
from tests.factories import advance, submit_case

URL = "/api/v1/appointments"


@pytest.fixture
def day_at_fr(org, catalog):
    """Three visits at one time at EMB-FR: two booked, one cancelled because its case was withdrawn."""
    schedule = make_schedule(org.fr, capacity=3)
    cases = [submit_case(org.fr, "passport-issuance", email=f"p{i}@example.org")[0] for i in range(3)]
    offer = first_offer(cases[0])
    booked = [services.book(case=c, schedule_id=schedule.pk, starts_at=offer.starts_at) for c in cases]
    advance(cases[2], ["withdraw"], officer=org.officer)
    return offer.starts_at.astimezone(unit_tz(org.fr)).date(), booked


def test_the_officer_lists_the_day_as_the_page_shows_it(org, day_at_fr, api_client, auth):
    day, booked = day_at_fr
    response = api_client.get(URL, {"unit": "EMB-FR", "date": day.isoformat()}, **auth("officer.fr"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["unit"], body["date"], body["time_zone"]) == ("EMB-FR", day.isoformat(), org.fr.time_zone)
    rows = {r["tracking_code"]: r for r in body["results"]}
    assert [r["id"] for r in body["results"]] == [a.pk for a in booked]
    assert [rows[a.case.tracking_code]["status"] for a in booked] == ["booked", "booked", "cancelled"]
    assert rows[booked[2].case.tracking_code]["cancelled_because"] == "withdrawn"
    assert rows[booked[0].case.tracking_code]["procedure"] == "passport-issuance"
    assert rows[booked[0].case.tracking_code]["applicant_name"] == booked[0].case.applicant_name
    # The same rows as the counter's day page.
    page = {a.pk for a in selectors.day_list(org.fr, day) + selectors.cancelled_on(org.fr, day)}
    assert {r["id"] for r in body["results"]} == page
    other_day = api_client.get(URL, {"unit": "EMB-FR", "date": "2030-01-01"}, **auth("officer.fr")).json()
    assert other_day["results"] == []


def test_another_office_is_missing_and_the_default_is_the_callers_own(org, day_at_fr, api_client, auth):
    day, _booked = day_at_fr
    refused = api_client.get(URL, {"unit": "EMB-FR", "date": day.isoformat()}, **auth("officer.jp"))
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    own = api_client.get(URL, {"date": day.isoformat()}, **auth("officer.jp")).json()
    assert own == {"unit": None, "date": None, "time_zone": None, "results": []}  # JP has no counter
    assert api_client.get(URL, {"date": day.isoformat()}, **auth("officer.fr")).json()["unit"] == "EMB-FR"
    assert api_client.get(URL, {"unit": "NOPE"}, **auth("officer.fr")).status_code == 404
    # The leadership sees every office, like the page.
    lead = api_client.get(URL, {"unit": "EMB-FR", "date": day.isoformat()}, **auth("leader"))
    assert len(lead.json()["results"]) == 3


def test_a_token_is_required_and_a_bad_date_is_a_clear_422(org, day_at_fr, api_client, auth):
    assert api_client.get(URL).status_code == 401
    bad = api_client.get(URL, {"date": "31/12/2026"}, **auth("officer.fr"))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert any(e["field"].endswith("date") for e in bad.json()["errors"])


def test_the_query_count_does_not_grow_with_the_visits(org, day_at_fr, api_client, auth,
                                                       django_assert_max_num_queries):
    day, _booked = day_at_fr
    headers = auth("officer.fr")
    with django_assert_max_num_queries(12):
        response = api_client.get(URL, {"unit": "EMB-FR", "date": day.isoformat()}, **headers)
    assert len(response.json()["results"]) == 3


def test_the_operation_is_in_the_served_document(api_client):
    document = api_client.get(reverse("api:openapi-json")).json()
    operation = document["paths"][URL]["get"]
    assert operation["operationId"] == "listAppointments" and operation["tags"] == ["appointments"]
