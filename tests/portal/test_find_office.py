"""Which office serves me: the rule (organization.selectors.competent_units) tested from the data,
and the procedure page, the application form and the API that use it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from chancery.core.countries import country_choices, country_name
from chancery.demo.seed import UNITS, create_units_and_staff
from chancery.organization.models import Unit
from chancery.organization.selectors import competent_units, handling_units, serves_country
from chancery.procedures.selectors import published_procedures
from tests.portal.helpers import application_data, apply_url


@pytest.fixture
def demo_units(db):
    create_units_and_staff()
    return {u.code: u for u in Unit.objects.all()}


def _covered(units) -> set[str]:
    return {c for u in units for c in [u.host_country, *u.jurisdiction_countries]}


def test_every_country_an_office_covers_gets_a_competent_office_that_handles_it(catalog, demo_units):
    """Generated over the catalogue x every country any active unit covers."""
    checked = 0
    everyone = list(Unit.objects.filter(is_active=True))
    for procedure in published_procedures():
        version = procedure.current
        handling = list(handling_units(version))
        for country in sorted(_covered(everyone)):
            found = competent_units(version, country)
            serving = [u for u in handling if serves_country(u, country)]
            assert {u.pk for u in found} == {u.pk for u in serving}, (version.code, country)
            for unit in found:
                assert unit.kind in version.handled_by and unit.is_active
                assert country == unit.host_country or country in unit.jurisdiction_countries
            if any(serves_country(u, country) for u in handling):
                assert found, (version.code, country)
            checked += 1
    assert checked >= 14 * 9


@pytest.mark.parametrize(("procedure", "country", "city", "expected"), [
    ("passport-issuance", "FR", None, ["EMB-FR"]),
    ("passport-issuance", "MC", None, ["EMB-FR"]),          # Monaco, from the embassy in Paris
    ("passport-issuance", "US", None, ["CG-SF"]),
    ("passport-issuance", "NZ", None, ["EMB-AU"]),
    ("passport-issuance", "YE", None, ["EMB-SA"]),
    ("passport-issuance", "VN", None, []),                  # passports in Viet Nam: not a mission's
    ("passport-issuance", "DE", None, []),                  # no office covers Germany in the demo
    ("consular-legalisation", "VN", None, ["CD-HN", "DFA-HCM"]),
    ("consular-legalisation", "VN", "Hà Nội", ["CD-HN"]),
    ("consular-legalisation", "VN", "tp. ho chi minh", ["DFA-HCM"]),
    ("consular-legalisation", "VN", "Đà Nẵng", ["CD-HN", "DFA-HCM"]),  # no office there: both
    ("consular-legalisation", "JP", None, ["EMB-JP"]),
    ("citizen-protection", "VN", None, ["CD-HN"]),          # handled by the ministry, not the city
])
def test_real_cases_in_the_demo_data(catalog, demo_units, procedure, country, city, expected):
    version = next(p.current for p in published_procedures() if p.code == procedure)
    assert sorted(u.code for u in competent_units(version, country, city)) == expected


def test_the_demo_units_cover_what_their_specs_say(demo_units):
    for spec in UNITS:
        assert set(spec.jurisdiction) | {spec.country} == _covered([demo_units[spec.code]])


def test_country_names_are_in_the_readers_language():
    assert country_name("FR", "vi") == "Pháp" and country_name("FR", "en") == "France"
    assert country_name("SA", "vi") == "Ả Rập Xê-út"
    vi = dict(country_choices("vi"))
    assert vi["DE"] == "Đức" and len(vi) >= 249


# ---- the pages ----------------------------------------------------------------------------------


def test_the_procedure_page_names_the_office_for_the_country_picked(catalog, demo_units, browser):
    url = reverse("portal:procedure", args=["passport-issuance"])
    page = browser.get(url, {"country": "FR"}).content.decode()
    assert "Embassy of Viet Nam in France" in page
    assert 'id="office-answer"' in page and "For people living in France" in page
    assert "EMB-FR" not in page  # never the internal code
    assert f'href="{apply_url()}?country=FR"' in page
    vi = browser.__class__(language="vi").get(url, {"country": "FR"}).content.decode()
    assert "Đại sứ quán Việt Nam tại Pháp" in vi and "Pháp" in vi


def test_a_country_no_office_serves_gets_a_way_forward(catalog, demo_units, browser):
    page = browser.get(reverse("portal:procedure", args=["passport-issuance"]),
                       {"country": "DE"}).content.decode()
    assert "No office of ours serves people living in Germany" in page
    assert "ask the Consular Department in Hanoi" in page  # the English page names the city in English
    form = browser.get(apply_url(), {"country": "DE"}).content.decode()
    for code in ("EMB-FR", "EMB-JP", "CG-SF", "EMB-SA", "EMB-AU"):  # every office still offered
        assert f'value="{demo_units[code].pk}"' in form


def test_a_bad_country_is_told_not_a_500(catalog, demo_units, browser):
    response = browser.get(reverse("portal:procedure", args=["passport-issuance"]),
                           {"country": "ZZ<script>"})
    assert response.status_code == 200
    assert "We do not know this country" in response.content.decode()
    assert "<script>" not in response.content.decode().split('id="office"')[1]


def test_the_city_picker_appears_where_a_country_has_several_offices(catalog, demo_units, browser):
    url = reverse("portal:procedure", args=["consular-legalisation"])
    page = browser.get(url, {"country": "VN"}).content.decode()
    assert 'name="city"' in page and "Consular Department" in page and "Ho Chi Minh City" in page
    page = browser.get(url, {"country": "VN", "city": "TP. Hồ Chí Minh"}).content.decode()
    answer = page.split('id="office-answer"')[1].split("</div>")[0]
    assert "Ho Chi Minh City Department of Foreign Affairs" in answer
    assert "Consular Department" not in answer


def test_the_form_offers_only_the_competent_office_and_selects_it(catalog, demo_units, browser):
    page = browser.get(apply_url(), {"country": "FR"}).content.decode()
    select = page.split('name="unit"')[1].split("</select>")[0]
    assert f'value="{demo_units["EMB-FR"].pk}" selected' in select
    assert select.count("<option") == 1
    assert "Embassy of Viet Nam in France — Paris" in select and "EMB-FR" not in select


def test_an_application_to_an_office_not_serving_the_country_is_refused(catalog, demo_units, browser,
                                                                       passport):
    data = application_data(passport, demo_units["EMB-JP"])
    response = browser.post(apply_url() + "?country=FR", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = browser.post(apply_url() + "?country=FR", application_data(passport, demo_units["EMB-FR"]))
    assert response.status_code == 302


def test_without_a_country_the_form_offers_every_office_handling_it(catalog, demo_units, browser):
    select = browser.get(apply_url()).content.decode().split('name="unit"')[1].split("</select>")[0]
    assert select.count("<option") == 1 + 5  # "—" and the five missions


def test_the_api_answers_with_the_competent_offices(catalog, demo_units, client):
    base = "/api/v1/procedures/passport-issuance"
    units = json.loads(client.get(base, {"country": "fr"}).content)["units"]
    assert [u["code"] for u in units] == ["EMB-FR"]
    assert json.loads(client.get(base, {"country": "DE"}).content)["units"] == []
    assert len(json.loads(client.get(base).content)["units"]) == 5
    bad = client.get(base, {"country": "XX"})
    assert bad.status_code == 400 and json.loads(bad.content)["code"] == "invalid_country"


# ---- the rule on any set of units (hypothesis) ---------------------------------------------------

KINDS = ["ministry_department", "embassy", "consulate_general", "city_foreign_affairs"]
COUNTRIES = ["VN", "FR", "MC", "JP", "US", "DE"]
CITIES = ["Hà Nội", "Paris", "Tokyo", "San Francisco"]


@dataclass
class _Version:
    handled_by: list[str]


unit_specs = st.lists(st.tuples(
    st.sampled_from(KINDS), st.sampled_from(COUNTRIES), st.sets(st.sampled_from(COUNTRIES), max_size=3),
    st.sampled_from(CITIES), st.booleans(),
), max_size=6)


class CompetentUnitsRule(HypothesisTestCase):
    @hsettings(max_examples=60, deadline=None)
    @given(specs=unit_specs, handled_by=st.sets(st.sampled_from(KINDS), min_size=1),
           country=st.sampled_from(COUNTRIES), city=st.none() | st.sampled_from(CITIES))
    def test_the_rule(self, specs, handled_by, country, city):
        Unit.objects.all().delete()
        for i, (kind, host, jurisdiction, unit_city, active) in enumerate(specs):
            Unit.objects.create(
                code=f"U{i}", kind=kind, name_vi=f"Đơn vị {i}", name_en=f"Unit {i}",
                host_country=host, city=unit_city, time_zone="UTC", weekend_days=[5, 6],
                jurisdiction_countries=sorted(jurisdiction), is_active=active,
            )
        version = _Version(sorted(handled_by))
        serving = {u.pk for u in Unit.objects.filter(is_active=True, kind__in=version.handled_by)
                   if serves_country(u, country)}
        found = competent_units(version, country, city)
        ids = {u.pk for u in found}
        assert ids <= serving                                  # only offices that handle and serve
        assert bool(ids) == bool(serving)                      # none left out when one serves
        in_city = {u.pk for u in Unit.objects.filter(pk__in=serving, city=city)} if city else set()
        assert ids == (in_city or serving)                     # the city narrows, never empties
        hosted = [u.host_country == country for u in found]
        assert hosted == sorted(hosted, reverse=True)          # offices in the country first
