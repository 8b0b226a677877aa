"""Loading the catalogue: validate every file first, then publish all of it in one transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from pydantic import ValidationError

from chancery.audit.services import record
from chancery.procedures.models import Procedure, ProcedureVersion
from chancery.procedures.schema import ProcedureDefinition, condition_problems, fee_problems


@dataclass(frozen=True)
class CatalogProblem:
    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}"


class CatalogError(Exception):
    def __init__(self, problems: list[CatalogProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _location(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(file)"


# libyaml's safe loader when PyYAML was built with it (the wheels are): the same documents, about
# ten times faster than the pure-Python one, which the tests' catalogue loads spend most time in.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_file(path: Path) -> tuple[ProcedureDefinition | None, list[CatalogProblem]]:
    name = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [CatalogProblem(name, "(file)", f"not valid YAML: {exc}")]
    if not isinstance(raw, dict):
        return None, [CatalogProblem(name, "(file)", "the file must hold one mapping")]
    try:
        definition = ProcedureDefinition.model_validate(raw)
    except ValidationError as exc:
        return None, [
            CatalogProblem(name, _location(err["loc"]), err["msg"]) for err in exc.errors()
        ]
    conditions = condition_problems(definition) + fee_problems(definition)
    if conditions:
        return None, [CatalogProblem(name, loc, reason) for loc, reason in conditions]
    if definition.code != path.stem:
        return None, [
            CatalogProblem(name, "code", f"'{definition.code}' must equal the file name '{path.stem}'")
        ]
    return definition, []


def validate_catalog(directory: Path) -> list[ProcedureDefinition]:
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        raise CatalogError([CatalogProblem(str(directory), "(directory)", "no .yaml files found")])
    problems: list[CatalogProblem] = []
    definitions: list[ProcedureDefinition] = []
    for path in files:
        definition, found = parse_file(path)
        problems.extend(found)
        if definition:
            definitions.append(definition)
    if problems:
        raise CatalogError(problems)
    return definitions


def definition_checksum(data: dict) -> str:
    """What tells a republished file from the published version (migrations use it too)."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def load_catalog(directory: Path) -> LoadReport:
    """Publish the catalogue. A changed file must raise its version: published versions are frozen."""
    definitions = validate_catalog(directory)
    report = LoadReport()
    with transaction.atomic():
        problems: list[CatalogProblem] = []
        for definition in definitions:
            data = definition.model_dump(mode="json", exclude_none=True)
            checksum = definition_checksum(data)
            procedure, _ = Procedure.objects.get_or_create(code=definition.code)
            existing = procedure.versions.filter(version=definition.version).first()
            if existing:
                if existing.checksum != checksum:
                    problems.append(CatalogProblem(
                        f"{definition.code}.yaml", "version",
                        f"version {definition.version} is already published with other content; "
                        "raise the version number to publish a change",
                    ))
                else:
                    report.unchanged.append(definition.code)
                continue
            version = ProcedureVersion.objects.create(
                procedure=procedure, version=definition.version, definition=data,
                checksum=checksum, source_file=f"{definition.code}.yaml",
            )
            latest = procedure.versions.order_by("-version").first()
            procedure.current = latest
            procedure.save(update_fields=["current"])
            record("procedure.published", version, actor_label="system", version=definition.version)
            report.created.append(f"{definition.code} v{definition.version}")
        if problems:
            transaction.set_rollback(True)
            raise CatalogError(problems)
    return report
