from __future__ import annotations

from django.db.models import QuerySet

from chancery.procedures.models import Procedure, ProcedureVersion


def published_procedures() -> QuerySet[Procedure]:
    return Procedure.objects.filter(is_active=True, current__isnull=False).select_related("current")


def current_version(code: str) -> ProcedureVersion | None:
    procedure = published_procedures().filter(code=code).first()
    return procedure.current if procedure else None
