"""The whole catalogue, tested as data: every procedure in `catalog/*.yaml` is applied for through
the HTML form and through `POST /api/v1/applications`, and every form field and document rule is
pushed to its boundaries. Nothing here names a procedure: a new YAML file, field or document is
covered by adding it. A refused value must be explained next to its field; no value is a 500.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.procedures.selectors import current_version
from chancery.procedures.services import validate_catalog
from tests.factories import HTML_BYTES, make_unit
from tests.portal.helpers import (
    CONTENT,
    SUFFIX,
    Browser,
    application_data,
    apply_url,
    applying,
    document_files,
    required_documents,
    send_application,
)

DEFINITIONS = validate_catalog(Path(settings.CATALOG_DIR))
PROCEDURES = [d.code for d in DEFINITIONS]
FIELDS = [(d.code, f.name) for d in DEFINITIONS for f in d.fields]
DOCUMENTS = [(d.code, doc.code) for d in DEFINITIONS for doc in d.documents]

# Defaults of the form built from the catalogue when a text field states no max_length.
TEXT_DEFAULT_MAX = {"text": 255, "long_text": 5000}
PHONE_MAX = 30


@dataclass(frozen=True)
class Probe:
    """One value to send for a field, and whether the form must take it."""

    label: str
    value: Any
    accepted: bool


def probes(spec: dict) -> list[Probe]:
    """Boundary values for a field, from its definition alone."""
    kind, required = spec["type"], spec.get("required", True)
    found = [Probe("empty", "", not required)]
    if kind in TEXT_DEFAULT_MAX:
        longest = spec.get("max_length", TEXT_DEFAULT_MAX[kind])
        found += [
            Probe("one letter with diacritics", "Đ", True),
            Probe("at max_length", "ộ" * longest, True),
            Probe("one over max_length", "ộ" * (longest + 1), False),
            Probe("only spaces", "   ", not required),
        ]
    elif kind == "number":
        whole = spec.get("decimals") is None
        step = Decimal(1) if whole else Decimal(1).scaleb(-spec["decimals"])
        if "min" in spec:
            found += [Probe("at min", str(spec["min"]), True),
                      Probe("below min", str(Decimal(str(spec["min"])) - step), False)]
        if "max" in spec:
            found += [Probe("at max", str(spec["max"]), True),
                      Probe("above max", str(Decimal(str(spec["max"])) + step), False)]
        found += [Probe("not a number", "two", False), Probe("with a unit", "3 pages", False)]
        if whole:
            found.append(Probe("a fraction of a whole number", "1.5", False))
    elif kind == "date":
        found += [Probe("a real date", "1990-05-17", True), Probe("a leap day", "2024-02-29", True),
                  Probe("a day that does not exist", "2023-02-29", False),
                  Probe("not a date", "soon", False)]
    elif kind == "choice":
        found += [Probe(f"choice {c['value']}", c["value"], True) for c in spec["choices"]]
        found.append(Probe("a value not offered", "not-offered", False))
    elif kind == "country":
        found += [Probe("France", "FR", True), Probe("Viet Nam", "VN", True),
                  Probe("an unknown code", "ZZ", False)]
    elif kind == "email":
        found += [Probe("an address", "an.nguyen@example.org", True),
                  Probe("no domain", "an.nguyen@", False)]
    elif kind == "phone":
        found += [Probe("international", "+84 98 184 84 84", True),
                  Probe("letters", "call me", False),
                  Probe("too long", "+" + "1" * PHONE_MAX, False)]
    else:  # pragma: no cover - the schema lists every type
        pytest.fail(f"no boundary values for field type {kind}: add them here")
    return found


def error_id(field: str) -> str:
    """The id Django gives the error list shown next to a form field."""
    return f'id="id_{field}_error"'


@pytest.fixture(autouse=True)
def _no_hourly_limits(settings):
    """These tests send far more than a person would; the limits have their own tests."""
    settings.APPLICATIONS_PER_CLIENT_HOUR = settings.UPLOAD_MB_PER_CLIENT_HOUR = 1_000_000


@pytest.fixture
def offices(catalog, db):
    """One active office of every kind the catalogue names, so every procedure has a handler."""
    kinds = sorted({kind for d in DEFINITIONS for kind in d.handled_by})
    return {kind: make_unit(f"U-{i}", kind=kind) for i, kind in enumerate(kinds)}


def handler(version, offices):
    return offices[version.handled_by[0]]


def test_the_generated_tests_cover_every_field_type_and_file():
    """Fails when the schema gains a field type these tests do not know yet."""
    from typing import get_args

    from chancery.procedures.schema import FieldType

    for kind in get_args(FieldType):
        assert probes({"type": kind, "name": "x", "choices": [{"value": "a"}, {"value": "b"}]})
    files = sorted(Path(settings.CATALOG_DIR).glob("*.y*ml"))
    assert [f.stem for f in files] == sorted(PROCEDURES)


# ---- Every procedure, end to end ----------------------------------------------------------------


def submit_html(browser: Browser, code: str, data: dict) -> Any:
    """Send the application form as the citizen's browser does, through any confirmation step."""
    response = send_application(browser, apply_url(code), data, follow=True)
    assert response.status_code == 200, response.content.decode()[:3000]
    return response


@pytest.mark.parametrize("code", PROCEDURES)
def test_every_procedure_can_be_applied_for_through_the_form(
    code, offices, django_capture_on_commit_callbacks
):
    version = current_version(code)
    browser = Browser()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_html(browser, code, application_data(version, handler(version, offices)))
    case = Case.objects.get()
    assert case.procedure_version == version
    assert case.status == Status.SUBMITTED
    assert response.redirect_chain[-1][0] == reverse("portal:receipt", args=[case.tracking_code])
    assert case.tracking_code in response.content.decode()
    stored = {d.requirement for d in case.documents.all()}
    assert stored == required_documents(version)  # those asked only in some cases: tests/procedures


def api_parts(version, unit, answers: dict, files: dict | None = None) -> dict:
    parts = {
        "procedure": version.code, "unit": unit.code, "applicant_name": "Nguyễn Văn An",
        "applicant_email": "an@example.org", "applicant_phone": "+33 6 12 34 56 78",
        "answers": json.dumps(answers), "consent": "true",
    }
    if files is None:
        files = {name: upload for name, upload in application_data(version, unit).items()
                 if name.startswith("doc_")}
    return {**parts, **files}


def api_answers(version) -> dict:
    """Valid answers as a JSON client would send them (numbers as numbers)."""
    return {spec["name"]: sample(spec, json_types=True) for spec in version.form_fields}


def sample(spec: dict, *, json_types: bool = False) -> Any:
    """The first accepted, non-empty boundary value of a field."""
    value = next(p.value for p in probes(spec) if p.accepted and p.value.strip())
    if json_types and spec["type"] == "number":
        return int(value) if spec.get("decimals") is None else float(value)
    return value


@pytest.mark.parametrize("code", PROCEDURES)
def test_every_procedure_can_be_applied_for_through_the_api(code, offices):
    version = current_version(code)
    unit = handler(version, offices)
    response = Client().post("/api/v1/applications", api_parts(version, unit, api_answers(version)))
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(tracking_code=body["tracking_code"])
    assert case.procedure_version == version and case.unit == unit
    for spec in version.form_fields:
        if not spec.get("show_if"):  # conditional questions: tests/procedures/test_conditions.py
            assert str(case.data[spec["name"]]) == str(sample(spec))


# ---- Every field at its boundaries --------------------------------------------------------------


def spec_of(version, name: str) -> dict:
    return next(s for s in version.form_fields if s["name"] == name)


@pytest.mark.parametrize(("code", "name"), FIELDS)
def test_every_field_takes_or_explains_each_boundary_value_on_the_form(code, name, offices):
    version = current_version(code)
    unit = handler(version, offices)
    browser = Browser()
    wrong = []
    for probe in probes(spec_of(version, name)):
        before = Case.objects.count()
        data = application_data(version, unit, **{**applying(version, name), f"f_{name}": probe.value})
        response = browser.post(apply_url(code), data)
        page = response.content.decode()
        if response.status_code >= 500:
            wrong.append(f"{probe.label} ({probe.value!r}): HTTP {response.status_code}")
        elif probe.accepted and error_id(f"f_{name}") in page:
            wrong.append(f"{probe.label} ({probe.value!r}): refused")
        elif not probe.accepted and (error_id(f"f_{name}") not in page or Case.objects.count() != before):
            wrong.append(f"{probe.label} ({probe.value!r}): not refused next to the field")
    assert not wrong, f"{code}.{name}: " + "; ".join(wrong)


@pytest.mark.parametrize(("code", "name"), FIELDS)
def test_every_field_takes_or_explains_each_boundary_value_in_the_api(code, name, offices):
    version = current_version(code)
    unit = handler(version, offices)
    spec = spec_of(version, name)
    sent = [(p, p.value) for p in probes(spec)]
    # What only a JSON client can send: other JSON types where the form expects text.
    sent += [(Probe("a list", None, False), ["a", "b"]), (Probe("an object", None, False), {"a": 1}),
             (Probe("true", None, False), True)]
    if spec["type"] in ("text", "long_text"):
        sent.append((Probe("a number", None, True), 12345))
    if spec["type"] == "number" and "min" in spec:
        sent.append((Probe("the minimum as a JSON number", None, True), spec["min"]))
    wrong = []
    condition = applying(version, name)
    for probe, value in sent:
        answers = {**api_answers(version), **{k.removeprefix("f_"): v for k, v in condition.items()
                                              if k.startswith("f_")}, name: value}
        # Every document, those asked only in some cases too: a probe may make them apply.
        files = {**api_parts(version, unit, {}), **document_files(version, only_required=False,
                                                                  conditional=True)}
        files = {k: v for k, v in files.items() if k.startswith("doc_")}
        response = Client().post("/api/v1/applications", api_parts(version, unit, answers, files))
        if response.status_code >= 500 or not response["Content-Type"].startswith("application/json"):
            wrong.append(f"{probe.label} ({value!r}): HTTP {response.status_code}")
            continue
        fields = {e["field"] for e in response.json().get("errors") or []}
        if probe.accepted and response.status_code != 201:
            wrong.append(f"{probe.label} ({value!r}): refused {response.content[:200]!r}")
        elif not probe.accepted and (response.status_code != 422 or name not in fields):
            wrong.append(f"{probe.label} ({value!r}): HTTP {response.status_code}, errors on {fields}")
    assert not wrong, f"{code}.{name}: " + "; ".join(wrong)


# ---- Every document rule ------------------------------------------------------------------------


def sized(kind: str, size: int) -> bytes:
    """A file of exactly `size` bytes whose content is of this kind."""
    head = CONTENT[kind]
    return head + b"\0" * (size - len(head))


@pytest.mark.parametrize(("code", "doc_code"), DOCUMENTS)
def test_every_document_rule_is_kept_on_the_form(code, doc_code, offices):
    version = current_version(code)
    unit = handler(version, offices)
    doc = version.document(doc_code)
    kind = doc["accepted_types"][-1]
    limit = doc["max_size_mb"] * 1024 * 1024
    field = f"doc_{doc_code}"
    cases = [
        ("missing", None, not doc["required"]),
        ("each accepted type", "types", True),
        ("at the size limit", SimpleUploadedFile(f"a.{SUFFIX[kind]}", sized(kind, limit)), True),
        ("one byte over the size limit",
         SimpleUploadedFile(f"a.{SUFFIX[kind]}", sized(kind, limit + 1)), False),
        ("HTML named as an accepted type", SimpleUploadedFile(f"a.{SUFFIX[kind]}", HTML_BYTES), False),
        ("empty", SimpleUploadedFile(f"a.{SUFFIX[kind]}", b""), False),
    ]
    wrong = []
    for label, upload, accepted in cases:
        uploads = [None] if upload is None else [upload]
        if upload == "types":
            uploads = [SimpleUploadedFile(f"a.{SUFFIX[t]}", CONTENT[t]) for t in doc["accepted_types"]]
        for one in uploads:
            before = Case.objects.count()
            # A fresh browser each time: files kept from an earlier try would count as sent.
            data = {k: v for k, v in application_data(version, unit, **applying(version, doc_code)).items()
                    if k != field}
            if one is not None:
                data[field] = one
            response = Browser().post(apply_url(code), data)
            page = response.content.decode()
            if response.status_code >= 500:
                wrong.append(f"{label}: HTTP {response.status_code}")
            elif accepted and error_id(field) in page:
                wrong.append(f"{label}: refused")
            elif not accepted and (error_id(field) not in page or Case.objects.count() != before):
                wrong.append(f"{label}: not refused next to the field")
    assert not wrong, f"{code}.{doc_code}: " + "; ".join(wrong)
