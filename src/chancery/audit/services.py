"""Writing audit records. Callers are already inside their own transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from chancery.audit.client_address import client_address
from chancery.audit.models import AuditRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor: User | None = None,
    actor_label: str = "",
    unit: Any = None,
    request: HttpRequest | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    **data: Any,
) -> AuditRecord:
    """Append one audit record. `actor` may be an anonymous user: then `actor_label` says who."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    if not actor_label:
        actor_label = user.get_username() if user else "anonymous"
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if unit is None and hasattr(obj, "unit_id"):
            unit = obj.unit_id
    unit_id = unit if isinstance(unit, int) or unit is None else unit.pk
    return AuditRecord.objects.create(
        actor=user,
        actor_label=actor_label[:120],
        action=action,
        object_type=object_type or "",
        object_id=object_id or "",
        unit_id=unit_id,
        ip_address=client_address(request),
        data=data,
    )
