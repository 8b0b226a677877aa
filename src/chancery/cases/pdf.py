"""Official notices as PDF (forms of Circular 03/2025/TT-VPCP), Vietnamese first, English below.

Rendered only from what the notice froze when it was issued (`Notice.content`) and the notice's
own fields, never from the live case: an issued notice reads the same every time it is opened.
Dates are shown in the issuing unit's time zone. WeasyPrint fetches nothing: the only resource,
the QR code, is an inline `data:` URI, and every other URL is refused.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from chancery.cases.models import Notice, NoticeKind
from chancery.core.pdf import offline_url_fetcher

CIRCULAR_VI = "Thông tư số 03/2025/TT-VPCP"
CIRCULAR_EN = "Circular 03/2025/TT-VPCP"


@dataclass(frozen=True)
class NoticeForm:
    form: str  # the form's number in Annex I of the Circular; "" for a letter outside it
    vi: str
    en: str


# Titles of the Circular's forms (Annex I): 01 receipt and appointment, 02 supplement request,
# 03 refusal to accept, 04 apology and new appointment, 05 stopped processing, 06 control sheet.
FORMS: dict[str, NoticeForm] = {
    NoticeKind.RECEIPT: NoticeForm(
        "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "Receipt of the application and appointment for the result"),
    NoticeKind.SUPPLEMENT_REQUEST: NoticeForm(
        "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "Request to supplement and complete the application"),
    # Form 02 is the reception's: the dossier is not received until it is complete.
    NoticeKind.COMPLETION_REQUEST: NoticeForm(
        "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "Request to complete the application before it can be received"),
    NoticeKind.REFUSAL_TO_ACCEPT: NoticeForm(
        "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Refusal to accept the application"),
    NoticeKind.APOLOGY: NoticeForm(
        "04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        "Apology and new appointment for the result"),
    NoticeKind.STOPPED: NoticeForm(
        "05", "Thông báo dừng giải quyết hồ sơ", "Notice that processing of the application has stopped"),
    NoticeKind.CONTROL_SHEET: NoticeForm(
        "06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "Processing control sheet"),
    NoticeKind.RESULT_LETTER: NoticeForm(
        "", "Thông báo trả kết quả giải quyết hồ sơ", "Cover letter: the result of your application"),
    NoticeKind.PAYMENT: NoticeForm("", "Thông báo nộp phí, lệ phí", "Payment notice: the fee to pay"),
}
UNITS_OF_CHARGE: dict[str, tuple[str, str]] = {
    "application": ("hồ sơ", "application"),
    "document": ("giấy tờ", "document"),
    "copy": ("bản", "copy"),
    "person": ("người", "person"),
}


def _fee(content: dict[str, Any]) -> dict[str, Any] | None:
    """The money on a payment notice, written in both languages' number formats."""
    from chancery.core.display import format_money

    fee = content.get("fee")
    if not fee:
        return None
    currency = fee.get("currency", "")

    def both(amount: Any) -> dict[str, str]:
        return {"vi": format_money(amount, currency, "vi"), "en": format_money(amount, currency, "en")}

    quote = fee.get("quote") or {}
    return {
        **fee,
        "total": both(fee.get("amount")),
        "lines": [{**line, "unit_amount_fmt": both(line["unit_amount"]), "amount_fmt": both(line["amount"]),
                   "unit_label": _pair(UNITS_OF_CHARGE, line.get("unit", ""))}
                  for line in quote.get("lines", [])],
        "reductions": [{**r, "amount_fmt": both(r["amount"])} for r in quote.get("reductions", [])],
        "computed": both((fee.get("adjustment") or {}).get("computed")) if fee.get("adjustment") else None,
    }

ACTIONS: dict[str, tuple[str, str]] = {
    "submit": ("Nộp hồ sơ", "Application submitted"),
    "receive": ("Tiếp nhận hồ sơ", "Received as complete"),
    "not_accept": ("Từ chối tiếp nhận hồ sơ", "Not accepted at reception"),
    "request_completion": ("Hướng dẫn bổ sung, hoàn thiện hồ sơ khi tiếp nhận",
                           "Asked to complete the dossier at reception"),
    "complete_dossier": ("Nộp hồ sơ đã bổ sung, hoàn thiện", "Completed dossier sent"),
    "start_processing": ("Chuyển giải quyết", "Processing started"),
    "request_supplement": ("Yêu cầu bổ sung, hoàn thiện hồ sơ", "Supplement requested"),
    "provide_supplement": ("Nộp bổ sung hồ sơ", "Supplement provided"),
    "request_fee": ("Yêu cầu nộp phí, lệ phí", "Fee requested"),
    "record_payment": ("Xác nhận đã nộp phí, lệ phí", "Fee payment recorded"),
    "approve": ("Phê duyệt", "Approved"),
    "refuse": ("Từ chối giải quyết", "Refused"),
    "return_result": ("Trả kết quả", "Result returned"),
    "withdraw": ("Rút hồ sơ", "Withdrawn by the applicant"),
    "stop": ("Dừng giải quyết hồ sơ", "Processing stopped"),
    "reschedule": ("Xin lỗi, hẹn lại ngày trả kết quả", "Apology, new appointment"),
}
ACTORS: dict[str, tuple[str, str]] = {
    "applicant": ("Người nộp hồ sơ", "Applicant"),
    "system": ("Hệ thống", "System"),
}
STAGES: dict[str, tuple[str, str]] = {
    "application": ("Nộp kèm hồ sơ", "With the application"),
    "completion": ("Bổ sung, hoàn thiện khi tiếp nhận", "To complete the dossier at reception"),
    "supplement": ("Nộp bổ sung", "Supplement"),
    "result": ("Kết quả", "Result"),
}
TIME_UNITS: dict[str, tuple[str, str]] = {
    "working_days": ("ngày làm việc", "working days"),
    "calendar_days": ("ngày", "days"),
    "working_hours": ("giờ làm việc", "working hours"),
    "hours": ("giờ", "hours"),
}
DECISIONS: dict[str, tuple[str, str]] = {
    "approved": ("Chấp thuận (giải quyết xong)", "Approved"),
    "refused": ("Từ chối giải quyết", "Refused"),
}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


@dataclass(frozen=True)
class When:
    """One moment, in the issuing unit's time zone, written the ways a notice needs it."""

    at: datetime

    @property
    def vi_date(self) -> str:
        # Decree 30/2020/NĐ-CP: a leading zero for days below 10 and for months 1 and 2.
        month = f"{self.at.month:02d}" if self.at.month < 3 else str(self.at.month)
        return f"ngày {self.at.day:02d} tháng {month} năm {self.at.year}"

    @property
    def en_date(self) -> str:
        return f"{self.at.day} {MONTHS_EN[self.at.month - 1]} {self.at.year}"

    @property
    def vi(self) -> str:
        return f"{self.at:%H} giờ {self.at:%M}, {self.vi_date}"

    @property
    def en(self) -> str:
        return f"{self.at:%H:%M}, {self.en_date}"

    @property
    def short(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M}"


def notice_form(kind: str) -> NoticeForm:
    return FORMS.get(kind) or NoticeForm("", kind, kind)


def verification_url(notice: Notice) -> str:
    return settings.SITE_URL + reverse("portal:verify_notice", args=[notice.verification_token])


def qr_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    svg = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _when(value: str | None, tz: ZoneInfo) -> When | None:
    return When(datetime.fromisoformat(value).astimezone(tz)) if value else None


def _pair(table: dict[str, tuple[str, str]], key: str) -> dict[str, str]:
    vi, en = table.get(key, (key, key))
    return {"vi": vi, "en": en}


def _control_rows(events: list[dict[str, Any]], tz: ZoneInfo) -> list[dict[str, Any]]:
    """Who held the case, from when to when: each step is done by its actor, who held the case
    from the end of the previous step until this one was done."""
    rows = []
    previous: When | None = None
    for number, event in enumerate(events, start=1):
        done = _when(event.get("at"), tz)
        by = event.get("by") or "system"
        rows.append({
            "number": number,
            "action": _pair(ACTIONS, event.get("action", "")),
            "by": {"vi": ACTORS[by][0], "en": ACTORS[by][1]} if by in ACTORS else {"vi": by, "en": ""},
            "start": previous or done,
            "end": done,
            "note": event.get("note") or "",
        })
        previous = done
    return rows


OTHER_DOCUMENTS = {"vi": "Giấy tờ khác", "en": "Other documents"}


def _document_groups(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The documents under the requirement each answers, as the notice froze them; a notice issued
    before requirements were kept lists its documents as one group without a name."""
    groups = content.get("document_groups")
    if groups is None:
        documents = content.get("documents") or []
        groups = [{"name": None, "documents": documents}] if documents else []
    return [
        {"name": g.get("name") or (OTHER_DOCUMENTS if g.get("code") == "" else {"vi": "", "en": ""}),
         "documents": [{"name": d.get("name", ""), "stage": _pair(STAGES, d.get("stage", ""))}
                       for d in g.get("documents", [])]}
        for g in groups
    ]


def notice_context(notice: Notice) -> dict[str, Any]:
    content = notice.content or {}
    unit = content.get("unit") or {}
    tz = ZoneInfo(unit.get("time_zone") or settings.TIME_ZONE)
    issued = When(notice.issued_at.astimezone(tz))
    city = unit.get("city") or ""
    procedure = content.get("procedure") or {}
    if isinstance(procedure, str):
        procedure = {"vi": procedure, "en": procedure}
    period = content.get("processing_time") or {}
    unit_vi, unit_en = TIME_UNITS.get(period.get("unit", ""), ("", ""))
    url = verification_url(notice)
    decision = content.get("decision") or ""
    return {
        "notice": notice,
        "document_groups": _document_groups(content),
        "form": notice_form(notice.kind),
        "kind": notice.kind,
        "c": content,
        "unit": unit,
        "procedure": {"vi": procedure.get("vi") or procedure.get("en", ""),
                      "en": procedure.get("en") or procedure.get("vi", "")},
        "processing_time": {
            "vi": f"{period.get('amount', '')} {unit_vi}".strip(),
            "en": f"{period.get('amount', '')} {unit_en}".strip(),
            "note": period.get("note") or {},
        },
        "issued": issued,
        "place_date": {
            "vi": f"{city}, {issued.vi_date}" if city else issued.vi_date.capitalize(),
            "en": f"{city}, {issued.en_date}" if city else issued.en_date,
        },
        "submitted": _when(content.get("submitted_at"), tz),
        "received": _when(content.get("received_at"), tz),
        "due": _when(content.get("due_at"), tz),
        "previous_due": _when(content.get("previous_due_at"), tz),
        "new_due": _when(content.get("new_due_at"), tz),
        "documents": [
            {"name": d.get("name", ""), "stage": _pair(STAGES, d.get("stage", ""))}
            for d in content.get("documents", [])
        ],
        "requirements": [
            {"vi": (r.get("name") or {}).get("vi") or r.get("code", ""),
             "en": (r.get("name") or {}).get("en") or r.get("code", "")}
            for r in content.get("requirements") or []
        ],
        "rows": _control_rows(content.get("events") or [], tz),
        "decision": decision,
        "decision_label": _pair(DECISIONS, decision) if decision else None,
        "verify_url": url,
        "qr": qr_data_uri(url),
        "fee": _fee(content),
    }


def render_notice_html(notice: Notice) -> str:
    return render_to_string(f"cases/notices/{notice.kind}.html", notice_context(notice))


def render_notice_pdf(notice: Notice) -> bytes:
    """The notice as an A4 PDF, in the DejaVu Sans family (every Vietnamese letter)."""
    from weasyprint import HTML

    html = render_notice_html(notice)
    return HTML(string=html, base_url=None, url_fetcher=offline_url_fetcher()).write_pdf()
