from typing import Any

from django.http import HttpRequest

from chancery.organization.selectors import is_leadership, is_staff_member


def chancery(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # Both read the same cached memberships: one query per request at most.
    return {"is_staff_member": is_staff_member(user), "is_leadership": is_leadership(user)}
