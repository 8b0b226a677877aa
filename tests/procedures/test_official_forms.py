"""The catalogue's optional `official_forms`: cited, https links only, shown on the procedure page."""

from __future__ import annotations

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from pydantic import ValidationError

from chancery.procedures.schema import ProcedureDefinition

PASSPORT = settings.CATALOG_DIR / "passport-issuance.yaml"


def _with_forms(forms: list[dict]) -> dict:
    data = yaml.safe_load(PASSPORT.read_text())
    data["official_forms"] = forms
    return data


FORM = {"code": "TK02", "name": {"vi": "Tờ khai", "en": "Declaration"},
        "url": "https://example.gov.vn/tk02.pdf", "source": "Thông tư số 31/2023/TT-BCA"}


@pytest.mark.parametrize("url", ["http://example.gov.vn/tk02.pdf", "javascript:alert(1)",
                                 "https://", "https://exa mple.vn/x", "ftp://example.vn/x"])
def test_a_form_link_must_be_https(url):
    with pytest.raises(ValidationError, match="https://"):
        ProcedureDefinition.model_validate(_with_forms([{**FORM, "url": url}]))


def test_a_form_needs_its_source_and_both_names():
    for missing in ("source", "name", "code"):
        with pytest.raises(ValidationError, match=missing):
            ProcedureDefinition.model_validate(_with_forms([{k: v for k, v in FORM.items() if k != missing}]))
    assert ProcedureDefinition.model_validate(_with_forms([{**FORM, "url": None}]))


def test_a_procedure_without_forms_keeps_its_stored_definition_unchanged():
    """No `official_forms` key is stored when the file names none: published checksums hold."""
    data = yaml.safe_load((settings.CATALOG_DIR / "birth-registration.yaml").read_text())
    dumped = ProcedureDefinition.model_validate(data).model_dump(mode="json", exclude_none=True)
    assert "official_forms" not in dumped


def test_every_form_in_the_catalogue_is_cited_and_linked_over_https():
    seen = 0
    for path in sorted(settings.CATALOG_DIR.glob("*.yaml")):
        for form in yaml.safe_load(path.read_text()).get("official_forms") or []:
            assert form["source"].strip() and form["url"].startswith("https://"), path.name
            seen += 1
    assert seen >= 5


def test_the_procedure_page_links_its_official_forms(catalog, client):
    page = client.get(reverse("portal:procedure", args=["passport-reissue"]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    forms = page.split('id="official-forms"')[1].split("</ul>")[0]
    for code in ("TK02", "TK02a", "TK05"):
        assert f"({code})" in forms
    assert 'href="https://' in forms and "31/2023/TT-BCA" in forms
