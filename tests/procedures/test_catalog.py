"""The catalogue: the shipped files are valid; each kind of bad file is refused with file, field
and reason; nothing is half-loaded; a published version never changes under a case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from chancery.procedures.models import Procedure, ProcedureVersion
from chancery.procedures.services import CatalogError, load_catalog, validate_catalog

GOOD = {
    "code": "test-procedure",
    "version": 1,
    "name": {"vi": "Thủ tục thử", "en": "Test procedure"},
    "description": {"vi": "Mô tả.", "en": "Description."},
    "field": "consular",
    "online_level": "full",
    "processing_time": {"amount": 5, "unit": "working_days"},
    "fee": {"amount": "70", "currency": "USD", "source": "Circular 264/2016/TT-BTC, tariff"},
    "legal_basis": ["Law 49/2019/QH14, Art. 16"],
    "handled_by": ["embassy"],
    "fields": [
        {"name": "full_name", "type": "text", "label": {"vi": "Họ tên", "en": "Full name"}},
        {"name": "sex", "type": "choice", "label": {"vi": "Giới tính", "en": "Sex"},
         "choices": [{"value": "M", "label": {"vi": "Nam", "en": "Male"}},
                     {"value": "F", "label": {"vi": "Nữ", "en": "Female"}}]},
    ],
    "documents": [
        {"code": "photo", "name": {"vi": "Ảnh", "en": "Photo"}, "required": True,
         "accepted_types": ["jpeg", "png"], "max_size_mb": 2},
    ],
}


def write(directory: Path, data: dict | str, name: str | None = None) -> Path:
    name = name or f"{data['code']}.yaml"
    path = directory / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True),
                    encoding="utf-8")
    return path


def variant(**changes) -> dict:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return data


def test_shipped_catalogue_is_valid_and_has_the_required_procedures():
    definitions = {d.code: d for d in validate_catalog(settings.CATALOG_DIR)}
    assert len(definitions) >= 10
    for code in ("passport-issuance", "consular-legalisation", "consular-certification",
                 "birth-registration", "marriage-registration", "death-registration",
                 "visa-exemption-certificate", "nationality-confirmation", "citizen-protection"):
        assert code in definitions, code
    protection = definitions["citizen-protection"]
    assert protection.fee is None and protection.urgent
    assert all(d.legal_basis for d in definitions.values())


@pytest.mark.parametrize(("name", "data", "field", "reason"), [
    ("missing key", variant(fee=KeyError), "fee", "Field required"),
    ("unknown key", variant(colour="red"), "colour", "Extra inputs"),
    ("bad field type", variant(fields__0__type="signature"), "fields[0].type", "Input should be"),
    ("choice without choices", variant(fields__1__choices=KeyError), "fields[1]", "at least 2 choices"),
    ("choices on text", variant(fields__0__choices=[{"value": "a", "label": {"vi": "a", "en": "a"}}]),
     "fields[0]", "only allowed on choice"),
    ("reserved name", variant(fields__0__name="applicant_name"), "fields[0].name", "reserved"),
    ("bad document type", variant(documents__0__accepted_types=["exe"]),
     "documents[0].accepted_types[0]", "Input should be"),
    ("oversized cap", variant(documents__0__max_size_mb=500), "documents[0].max_size_mb", "less than"),
    ("negative fee", variant(fee__amount="-5"), "fee.amount", "positive"),
    ("not a number fee", variant(fee__amount="seventy"), "fee.amount", "decimal"),
    ("missing English", variant(name={"vi": "Chỉ tiếng Việt"}), "name.en", "Field required"),
    ("bad time unit", variant(processing_time__unit="fortnights"), "processing_time.unit", "Input should be"),
    ("unknown unit kind", variant(handled_by=["palace"]), "handled_by[0]", "Input should be"),
    ("no legal basis", variant(legal_basis=[]), "legal_basis", "at least 1"),
    ("bounds on text", variant(fields__0__min=1), "fields[0]", "only allowed on number"),
    ("decimals on text", variant(fields__0__decimals=2), "fields[0]", "only allowed on number"),
    ("min over max", variant(fields__0__type="number", fields__0__min=5, fields__0__max=1),
     "fields[0]", "min is greater than max"),
    ("fractional bound on a whole number", variant(fields__0__type="number", fields__0__min="0.5"),
     "fields[0]", "whole bounds"),
    ("duplicate field", variant(fields__1__name="full_name", fields__1__type="text",
                                fields__1__choices=KeyError), "(file)", "appears twice"),
])
def test_each_kind_of_bad_file_is_refused_with_file_field_and_reason(tmp_path, name, data, field, reason):
    write(tmp_path, data)
    with pytest.raises(CatalogError) as refused:
        validate_catalog(tmp_path)
    problems = refused.value.problems
    assert any(p.file == "test-procedure.yaml" and p.field == field and reason in p.reason
               for p in problems), (name, [str(p) for p in problems])


def test_not_yaml_not_a_mapping_and_wrong_file_name(tmp_path):
    write(tmp_path, "code: [unclosed", name="broken.yaml")
    write(tmp_path, "- just\n- a list\n", name="listy.yaml")
    write(tmp_path, variant(), name="other-name.yaml")
    with pytest.raises(CatalogError) as refused:
        validate_catalog(tmp_path)
    by_file = {p.file: p for p in refused.value.problems}
    assert "not valid YAML" in by_file["broken.yaml"].reason
    assert "one mapping" in by_file["listy.yaml"].reason
    assert by_file["other-name.yaml"].field == "code"


@pytest.mark.django_db
def test_nothing_is_half_loaded(tmp_path):
    write(tmp_path, variant())
    write(tmp_path, variant(code="second", fee="free"), name="second.yaml")
    with pytest.raises(CatalogError):
        load_catalog(tmp_path)
    assert not Procedure.objects.exists()
    assert not ProcedureVersion.objects.exists()


@pytest.mark.django_db
def test_command_reports_problems_and_loads_good_catalogue(tmp_path, capsys):
    write(tmp_path, variant(version=0))
    with pytest.raises(CommandError) as refused:
        call_command("catalog", "load", "--dir", str(tmp_path))
    assert "test-procedure.yaml: version:" in str(refused.value)
    write(tmp_path, variant())
    call_command("catalog", "load", "--dir", str(tmp_path))
    assert "published 1" in capsys.readouterr().out
    call_command("catalog", "load", "--dir", str(tmp_path))
    assert "unchanged 1" in capsys.readouterr().out


@pytest.mark.django_db
def test_published_versions_are_frozen_and_cases_keep_theirs(tmp_path):
    write(tmp_path, variant())
    load_catalog(tmp_path)
    first = Procedure.objects.get(code="test-procedure").current
    # Same version, other content: refused, nothing changes.
    write(tmp_path, variant(processing_time__amount=3))
    with pytest.raises(CatalogError) as refused:
        load_catalog(tmp_path)
    assert "raise the version" in str(refused.value)
    assert Procedure.objects.get(code="test-procedure").current == first
    # A new version becomes current; the old one is still there, unchanged.
    write(tmp_path, variant(version=2, processing_time__amount=3))
    load_catalog(tmp_path)
    procedure = Procedure.objects.get(code="test-procedure")
    assert procedure.current.version == 2
    first.refresh_from_db()
    assert first.processing_time["amount"] == 5
    with pytest.raises(PermissionError):
        first.save()


@pytest.mark.django_db
def test_shipped_catalogue_loads(tmp_path):
    shutil.copytree(settings.CATALOG_DIR, tmp_path / "catalog")
    report = load_catalog(tmp_path / "catalog")
    assert len(report.created) == Procedure.objects.count() >= 10


NUMBER = {"name": "copies", "type": "number", "label": {"vi": "Số bản", "en": "Copies"}, "min": 1, "max": 50}


def test_number_bounds_are_published_as_numbers(tmp_path, db):
    """Forms and API clients compare bounds with numbers: "1" was a server error on every
    procedure with a number field."""
    write(tmp_path, variant(fields=[*GOOD["fields"], NUMBER,
                                    {**NUMBER, "name": "weight", "min": "0.25", "decimals": 2}]))
    load_catalog(tmp_path)
    fields = {f["name"]: f for f in ProcedureVersion.objects.get().definition["fields"]}
    assert fields["copies"]["min"] == 1 and type(fields["copies"]["min"]) is int
    assert fields["copies"]["max"] == 50 and type(fields["copies"]["max"]) is int
    assert fields["weight"]["min"] == 0.25 and fields["weight"]["decimals"] == 2


def test_versions_published_with_text_bounds_are_repaired_and_stay_unchanged(tmp_path, db):
    """The migration that rewrites bounds published as text leaves versions the loader still
    recognises as already published (same checksum), so `catalog load` goes on working."""
    from importlib import import_module

    from django.apps import apps

    from chancery.procedures.services import definition_checksum

    write(tmp_path, variant(fields=[*GOOD["fields"], NUMBER]))
    load_catalog(tmp_path)
    published = ProcedureVersion.objects.get()
    old = published.definition
    old["fields"][-1].update(min="1", max="50")  # as the loader wrote it before
    ProcedureVersion.objects.filter(pk=published.pk).update(definition=old, checksum=definition_checksum(old))

    migration = import_module("chancery.procedures.migrations.0002_number_bounds_as_numbers")
    migration.bounds_as_numbers(apps, None)

    repaired = ProcedureVersion.objects.get()
    assert repaired.definition["fields"][-1]["min"] == 1
    assert load_catalog(tmp_path).unchanged == ["test-procedure"]
