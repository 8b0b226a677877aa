"""Pages that let a citizen trust the site: who runs it (offices and how to reach them), what is
done with their data (the privacy notice), how accessible it is. Public, read-only, no personal data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from chancery.core.privacy import HOTLINE, PRIVACY_NOTICE_VERSION
from chancery.organization.models import Unit, UnitKind


def _offices():
    return Unit.objects.filter(is_active=True).exclude(public_slug__isnull=True).exclude(public_slug="")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    consular = _offices().filter(kind=UnitKind.MINISTRY_DEPARTMENT).order_by("pk").first()
    return render(request, "portal/privacy.html", {
        "notice_version": PRIVACY_NOTICE_VERSION, "hotline": HOTLINE, "consular": consular,
    })


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    consular = _offices().filter(kind=UnitKind.MINISTRY_DEPARTMENT).order_by("pk").first()
    return render(request, "portal/accessibility.html", {"consular": consular})


@require_safe
def office_list(request: HttpRequest) -> HttpResponse:
    offices = sorted(_offices(), key=lambda unit: (unit.host_country != "VN", unit.name))
    return render(request, "portal/office_list.html", {"offices": offices, "hotline": HOTLINE})


@require_safe
def office_detail(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(_offices(), public_slug=slug)
    return render(request, "portal/office_detail.html", {"office": office, "hotline": HOTLINE})
