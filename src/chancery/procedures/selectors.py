from __future__ import annotations

from collections.abc import Iterable

from chancery.procedures.models import Procedure, ProcedureVersion

_VERSIONS: dict[int, ProcedureVersion] = {}


def frozen_versions(pks: Iterable[int]) -> dict[int, ProcedureVersion]:
    """Published versions never change (their save() refuses): each is read once per process,
    all missing ones in one query, so pages do not decode the same definition row after row."""
    wanted = set(pks)
    missing = wanted - _VERSIONS.keys()
    if missing:
        for version in ProcedureVersion.objects.filter(pk__in=missing).select_related("procedure"):
            _VERSIONS[version.pk] = version
    return {pk: _VERSIONS[pk] for pk in wanted if pk in _VERSIONS}


def frozen_version(pk: int) -> ProcedureVersion:
    return frozen_versions([pk])[pk]


def forget_frozen_versions() -> None:
    """For tests, whose rolled-back rows may see their ids reused."""
    _VERSIONS.clear()


def _with_current(procedures: list[Procedure]) -> list[Procedure]:
    versions = frozen_versions(p.current_id for p in procedures)
    for procedure in procedures:
        procedure.current = versions[procedure.current_id]
    return procedures


def published_procedures() -> list[Procedure]:
    """The catalogue as the public sees it; the procedure rows are read each time (a new version
    may have been published), their current versions come from the memo."""
    return _with_current(list(Procedure.objects.filter(is_active=True, current__isnull=False)))


def published_procedure(code: str) -> Procedure | None:
    found = list(Procedure.objects.filter(code=code, is_active=True, current__isnull=False))
    return _with_current(found)[0] if found else None


def current_version(code: str) -> ProcedureVersion | None:
    procedure = published_procedure(code)
    return procedure.current if procedure else None
