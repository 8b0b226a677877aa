"""Finding a procedure by keywords: with or without diacritics, all words required, with the field
filter; generated over the catalogue."""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from chancery.core.text import fold
from chancery.procedures.selectors import published_procedures, search_procedures

CATALOG = sorted(settings.CATALOG_DIR.glob("*.yaml"))


def _definition(path) -> dict:
    return yaml.safe_load(path.read_text())


def _strip_marks(text: str) -> str:
    """What a person types on a keyboard without Vietnamese input: marks gone, đ -> d."""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in text if not unicodedata.combining(c))


def _found(query: str, field: str = "") -> list[str]:
    found = search_procedures(list(published_procedures()), query)
    return [p.code for p in found if not field or p.current.field == field]


@pytest.mark.parametrize("path", CATALOG, ids=lambda p: p.stem)
def test_every_procedure_is_found_by_its_names_with_and_without_diacritics(catalog, path):
    definition = _definition(path)
    vi, en = definition["name"]["vi"], definition["name"]["en"]
    for query in (vi, _strip_marks(vi), vi.upper(), _strip_marks(vi).lower(), en):
        assert definition["code"] in _found(query), query


@pytest.mark.parametrize("path", CATALOG, ids=lambda p: p.stem)
def test_a_word_no_procedure_has_finds_nothing_even_with_its_name(catalog, path):
    """All words are required: the procedure's own name plus a stray word finds nothing."""
    assert _found(_definition(path)["name"]["vi"] + " zzyzx") == []


@pytest.mark.parametrize(("query", "expected"), [
    ("hop phap hoa", {"consular-legalisation"}),
    ("Hợp pháp hóa lãnh sự", {"consular-legalisation"}),
    ("TK05", {"passport-reissue"}),                       # an official form's code
    ("dang ky khai sinh", {"birth-registration"}),         # đ typed as d
    ("ĐĂNG KÝ KHAI SINH", {"birth-registration"}),
    ("hop phap ho", {"consular-legalisation"}),            # the last word half typed
])
def test_known_searches(catalog, query, expected):
    assert set(_found(query)) == expected


@pytest.mark.parametrize("query", ["hộ chiếu", "HO CHIEU", "passport"])
def test_passports_come_first_then_procedures_that_mention_one(catalog, query):
    found = _found(query)
    assert found[:2] == ["passport-issuance", "passport-reissue"]
    assert "visa-exemption-certificate" in found  # its description: "hold a foreign passport"
    assert "birth-registration" not in found


def test_folding_maps_d_with_stroke_and_every_vietnamese_mark():
    assert fold("Đăng ký hộ tịch Ở NƯỚC NGOÀI") == "dang ky ho tich o nuoc ngoai"


# ---- HTTP ---------------------------------------------------------------------------------------


def _codes(response) -> list[str]:
    return re.findall(r'href="/procedures/([a-z0-9-]+)/"', response.content.decode())


def test_the_catalogue_page_searches(catalog, browser):
    response = browser.get(reverse("portal:procedures"), {"q": "hop phap hoa"})
    assert response.status_code == 200
    assert _codes(response) == ["consular-legalisation"]
    assert 'value="hop phap hoa"' in response.content.decode()


def test_search_combines_with_the_field_filter(catalog, browser):
    url = reverse("portal:procedures")
    consular = _codes(browser.get(url, {"q": "ho chieu", "field": "consular"}))
    assert consular[:2] == ["passport-issuance", "passport-reissue"]
    assert "visa-exemption-certificate" in _codes(browser.get(url, {"q": "ho chieu"}))
    assert "visa-exemption-certificate" not in consular  # field "visa"
    empty = browser.get(url, {"q": "hop phap hoa", "field": "consular"})
    assert _codes(empty) == []
    assert 'id="no-match"' in empty.content.decode()


def test_no_match_says_so_with_a_way_back(catalog, browser):
    response = browser.get(reverse("portal:procedures"), {"q": "visa <b>mars</b>"})
    page = response.content.decode()
    assert response.status_code == 200 and _codes(response) == []
    assert "No procedure matches “visa &lt;b&gt;mars&lt;/b&gt;”." in page
    back = page.split('id="no-match"')[1]
    assert f'href="{reverse("portal:procedures")}"' in back


def test_the_home_page_searches_the_catalogue(catalog, browser):
    page = browser.get(reverse("portal:home")).content.decode()
    form = page.split('role="search"')[0].rsplit("<form", 1)[1]
    assert f'action="{reverse("portal:procedures")}"' in form and 'name="q"' in page.split('role="search"')[1]
