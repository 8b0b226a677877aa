"""The applicant's notice PDFs and the public verification page (the QR code's target)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from chancery.cases.models import Notice
from chancery.cases.notice_views import notice_pdf_response
from chancery.cases.pdf import When, notice_form
from chancery.portal.session import applicant_case


@require_safe
def applicant_notice_pdf(request: HttpRequest, code: str, notice_id: int) -> HttpResponse:
    case = applicant_case(request, code)  # only a case this browser unlocked with its key
    notice = get_object_or_404(Notice, pk=notice_id, case=case)
    return notice_pdf_response(notice, case, request, actor_label="applicant")


@require_safe
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Says whether a notice is genuine: its number, type, date and issuing unit. Nothing about the
    applicant or the case (no name, no tracking code, no reason) is shown to whoever holds the link."""
    notice = Notice.objects.filter(verification_token=token).first() if token else None
    context: dict[str, Any] = {"notice": None}
    if notice is not None:
        unit = (notice.content or {}).get("unit") or {}
        tz_name = unit.get("time_zone") or "UTC"
        context = {
            "notice": notice,
            "form": notice_form(notice.kind),
            "issued": When(notice.issued_at.astimezone(ZoneInfo(tz_name))),
            "time_zone": tz_name,
            "local_time": _local_time_labels(unit.get("city") or tz_name.rsplit("/", 1)[-1]),
            "unit_vi": unit.get("vi", ""),
            "unit_en": unit.get("en", ""),
        }
    response = render(request, "portal/verify_notice.html", context, status=200 if notice else 404)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # No "Referrer-Policy: no-referrer" here: with it the browser sends `Origin: null` with the
    # page's own forms, and the CSRF check refused the language switch (403). The site-wide
    # "same-origin" already keeps the token in this address away from every other site.
    return response


def _local_time_labels(city: str) -> dict[str, str]:
    """"giờ Paris" and "Paris time": the page is read in both languages at once."""
    from django.utils import translation

    labels = {}
    for language in ("vi", "en"):
        with translation.override(language):
            labels[language] = translation.gettext("%(city)s time") % {"city": city}
    return labels
