"""The public catalogue in the API (/api/v1/procedures, /api/v1/procedures/{code}): the published
procedures as clients generate code from them, from the same selectors as the catalogue pages.
Mounted by api/urls.py; public (no token)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from chancery.core.api_errors import ApiError, Error
from chancery.core.countries import is_country
from chancery.organization.selectors import competent_units, handling_units
from chancery.procedures.selectors import published_procedure, published_procedures

router = Router()


class ProcedureOut(Schema):
    code: str
    version: int
    name: str
    field: str
    online_level: str
    urgent: bool
    processing_time: dict
    fee: dict | None
    legal_basis: list[str]
    handled_by: list[str]


class ProcedureDetailOut(ProcedureOut):
    fields: list[dict]
    documents: list[dict]
    units: list[dict]


def procedure_out(procedure: Any) -> dict:
    version = procedure.current
    return {
        "code": procedure.code, "version": version.version, "name": version.name,
        "field": version.field, "online_level": version.online_level, "urgent": version.urgent,
        "processing_time": version.processing_time, "fee": version.fee,
        "legal_basis": version.definition["legal_basis"], "handled_by": version.handled_by,
    }


@router.get("/procedures", response=list[ProcedureOut], auth=None, operation_id="listProcedures")
def list_procedures(request: HttpRequest) -> list[dict]:
    return [procedure_out(p) for p in published_procedures()]


@router.get(
    "/procedures/{code}", response={200: ProcedureDetailOut, 400: Error, 404: Error}, auth=None,
    operation_id="getProcedure",
    description=(
        "`units` are the offices handling the procedure; with `country` (ISO 3166 alpha-2, where "
        "the applicant lives) and optionally `city`, only those competent for that country, "
        "which may be none."
    ),
)
def get_procedure(request: HttpRequest, code: str, country: str = "", city: str = "") -> dict:
    procedure = published_procedure(code)
    version = procedure.current if procedure is not None else None
    if procedure is None or version is None:
        raise Http404
    if country and not is_country(country):
        raise ApiError(400, "invalid_country", _("This is not an ISO 3166 country code."))
    units = (competent_units(version, country.upper(), city or None) if country
             else handling_units(version))
    return {
        **procedure_out(procedure),
        "fields": version.form_fields, "documents": version.documents,
        "units": [{"code": u.code, "name": u.name, "city": u.city, "country": u.host_country}
                  for u in units],
    }
