from __future__ import annotations

from collections.abc import Iterable

from chancery.core.text import words
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
    versions = frozen_versions(p.current_id for p in procedures if p.current_id is not None)
    for procedure in procedures:
        if procedure.current_id is not None:
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


def _search_words(version: ProcedureVersion) -> tuple[frozenset[str], frozenset[str]]:
    """The folded words a procedure is found by: (its names in both languages, everything:
    names, code, national code, descriptions, and the codes and names of its official forms)."""
    definition = version.definition
    names = " ".join(definition["name"].values())
    texts = [names, definition["code"], definition.get("national_code") or ""]
    texts.extend((definition.get("description") or {}).values())
    for form in definition.get("official_forms") or []:
        texts.append(form["code"])
        texts.extend(form["name"].values())
    return frozenset(words(names)), frozenset(words(" ".join(texts)))


def _has_all(have: frozenset[str], wanted: list[str]) -> bool:
    return all(any(word.startswith(w) for word in have) for w in wanted)


def search_procedures(procedures: list[Procedure], query: str) -> list[Procedure]:
    """The procedures matching every word of `query`, with or without diacritics ("hop phap hoa"
    finds "Hợp pháp hóa lãnh sự"; đ is folded to d): each word typed must begin a word of the
    procedure, so a half-typed last word still finds it. Those whose name holds every word come
    first ("hộ chiếu": the passport procedures before those that mention a passport). An empty
    query keeps them all, in their order."""
    wanted = words(query)
    if not wanted:
        return procedures
    by_name, elsewhere = [], []
    for procedure in procedures:
        if procedure.current is None:  # not published yet
            continue
        names, everything = _search_words(procedure.current)
        if _has_all(names, wanted):
            by_name.append(procedure)
        elif _has_all(everything, wanted):
            elsewhere.append(procedure)
    return by_name + elsewhere
