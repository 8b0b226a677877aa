"""Official notices (Circular 03/2025/TT-VPCP forms): numbered per unit and year, frozen when
issued, verifiable online through an unguessable token printed as a QR code."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from chancery.audit.services import record
from chancery.cases.lifecycle import Status
from chancery.cases.models import STAFF_ONLY_ACTIONS, Case, Notice, NoticeCounter, NoticeKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

# Which transition issues which notice is declared with it: lifecycle.TRANSITIONS (Effects.notices).

# Parts of a notice's content that another app computes, by kind: payments gives the amount due
# on a payment notice (cases cannot import payments: ARCHITECTURE.md). Filled in AppConfig.ready.
_content_providers: dict[str, Callable[[Case], dict[str, Any]]] = {}


def register_content(kind: str, provider: Callable[[Case], dict[str, Any]]) -> None:
    """Let `provider(case)` add to the frozen content of every notice of this kind; one per kind."""
    if _content_providers.get(kind) not in (None, provider):
        raise ValueError(f"a content provider for {kind!r} notices is already registered")
    _content_providers[kind] = provider


def _next_number(case: Case, year: int) -> str:
    counter, _ = NoticeCounter.objects.get_or_create(unit_id=case.unit_id, year=year)
    counter = NoticeCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{case.unit.code}/{year}/{counter.last:06d}"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _document_groups(case: Case) -> list[dict[str, Any]]:
    """The documents received, under the requirement each answers (catalogue order, names in both
    languages), then the others (`code` ""), as the notice keeps them."""
    from chancery.cases.selectors import documents_by_requirement

    grouping = documents_by_requirement(case)
    groups = [
        {"code": r.code, "name": {"vi": r.name.get("vi", ""), "en": r.name.get("en", "")},
         "required": r.required, "documents": [{"name": d.original_name, "stage": d.stage}
                                               for d in r.documents]}
        for r in grouping.received
    ]
    if grouping.other:
        groups.append({"code": "", "name": None, "required": False,
                       "documents": [{"name": d.original_name, "stage": d.stage} for d in grouping.other]})
    return groups


def snapshot(case: Case, kind: str, **extra: Any) -> dict[str, Any]:
    """What the notice says, frozen: later changes to the case never alter an issued notice."""
    version = case.procedure_version
    content: dict[str, Any] = {
        "tracking_code": case.tracking_code,
        "procedure": version.definition["name"],
        "procedure_code": version.code,
        "legal_basis": version.definition.get("legal_basis", []),
        "processing_time": version.processing_time,
        "unit": {"code": case.unit.code, "vi": case.unit.name_vi, "en": case.unit.name_en,
                 "city": case.unit.city, "time_zone": case.unit.time_zone},
        "applicant_name": case.applicant_name,
        "submitted_at": _iso(case.submitted_at),
        "received_at": _iso(case.received_at),
        "due_at": _iso(case.due_at),
        "status": case.status,
        "reason": case.last_reason,
        "documents": [
            {"name": d.original_name, "stage": d.stage, "requirement": d.requirement}
            for d in case.documents.all()
        ],
        "document_groups": _document_groups(case),
    }
    if kind in (NoticeKind.CONTROL_SHEET, NoticeKind.RESULT_LETTER):
        content["events"] = [
            {"at": _iso(e.at), "action": e.action, "to": e.to_status, "by": e.actor_label,
             "note": e.note}
            for e in case.events.exclude(action__in=STAFF_ONLY_ACTIONS).order_by("at", "id")
        ]
        content["decision"] = case.status if case.status in (Status.APPROVED, Status.REFUSED) else (
            "approved" if case.events.filter(action="approve").exists() else
            "refused" if case.events.filter(action="refuse").exists() else ""
        )
    if kind in (NoticeKind.COMPLETION_REQUEST, NoticeKind.SUPPLEMENT_REQUEST):
        # The documents the request names, with their catalogue names in both languages.
        content["requirements"] = [
            {"code": doc["code"], "name": doc.get("name") or {}}
            for doc in case.requested_requirements()
        ]
    provider = _content_providers.get(kind)
    if provider is not None:
        content.update(provider(case))
    content.update(extra)
    return content


def issue_notice(case: Case, kind: str, *, actor: User | None = None, request: HttpRequest | None = None,
                 **extra: Any) -> Notice:
    """Issue one notice, in the caller's transaction (a transition or an apology)."""
    with transaction.atomic():
        now = timezone.now()
        notice = Notice.objects.create(
            case=case, unit_id=case.unit_id, kind=kind,
            number=_next_number(case, now.astimezone(ZoneInfo(case.unit.time_zone)).year),
            issued_at=now,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
            verification_token=secrets.token_urlsafe(18),
            content=snapshot(case, kind, **extra),
        )
        record("notice.issued", notice, actor=actor, unit=case.unit_id, request=request,
               kind=kind, number=notice.number, case=case.tracking_code)
    return notice
