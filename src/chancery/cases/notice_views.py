"""Notice PDFs: one response for staff and applicants (the applicant's pages are the portal's)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from chancery.audit.services import record
from chancery.cases import selectors
from chancery.cases.models import Case, Notice
from chancery.cases.pdf import render_notice_pdf
from chancery.core.downloads import content_download
from chancery.organization.decorators import staff_required


def notice_pdf_response(notice: Notice, case: Case, request: HttpRequest, **who: Any) -> HttpResponse:
    body = render_notice_pdf(notice)
    record("notice.downloaded", notice, unit=case.unit_id, request=request,
           number=notice.number, kind=notice.kind, case=case.tracking_code, **who)
    # Opened in the browser's PDF viewer; a notice names the applicant: no cache keeps it.
    return content_download(body, name=notice.number.replace("/", "-"), content_type="application/pdf",
                            inline=True)


@staff_required
@require_safe
def staff_notice_pdf(request: HttpRequest, code: str, notice_id: int) -> HttpResponse:
    case = selectors.case_for_staff(request.user, code)  # another unit's case: 404
    notice = get_object_or_404(Notice, pk=notice_id, case=case)
    return notice_pdf_response(notice, case, request, actor=request.user)
