from typing import Any

from django.http import HttpRequest

from chancery.organization.selectors import is_staff_member


def chancery(request: HttpRequest) -> dict[str, Any]:
    return {"is_staff_member": is_staff_member(getattr(request, "user", None))}
