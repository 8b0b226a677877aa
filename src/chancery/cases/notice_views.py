"""Notice PDFs for staff and applicants, and the public verification page (QR code target)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def staff_notice_pdf(request: HttpRequest, code: str, notice_id: int) -> HttpResponse:
    raise NotImplementedError


def applicant_notice_pdf(request: HttpRequest, code: str, notice_id: int) -> HttpResponse:
    raise NotImplementedError


def verify(request: HttpRequest, token: str) -> HttpResponse:
    raise NotImplementedError
