"""The payment receipt as PDF (Vietnamese first, English below), rendered only from what the
receipt froze when issued and the refunds recorded against its payment since: the refunds are
shown because a receipt must not let a refunded fee pass for paid."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from chancery.cases.pdf import When, qr_data_uri
from chancery.core.display import format_money
from chancery.core.pdf import offline_url_fetcher
from chancery.payments.models import Receipt

METHODS: dict[str, tuple[str, str]] = {
    "online": ("Thanh toán trực tuyến qua cổng thanh toán", "Online, through the payment gateway"),
    "cash": ("Tiền mặt tại bộ phận một cửa", "Cash at the counter"),
    "card": ("Thẻ tại bộ phận một cửa", "Card at the counter"),
    "transfer": ("Chuyển khoản ngân hàng", "Bank transfer"),
}


def verification_url(receipt: Receipt) -> str:
    return settings.SITE_URL + reverse("payments:verify_receipt", args=[receipt.verification_token])


def receipt_context(receipt: Receipt) -> dict[str, Any]:
    c = receipt.content or {}
    unit = c.get("unit") or {}
    tz = ZoneInfo(unit.get("time_zone") or settings.TIME_ZONE)
    issued = When(receipt.issued_at.astimezone(tz))
    paid = When(datetime.fromisoformat(c["paid_at"]).astimezone(tz)) if c.get("paid_at") else None
    procedure = c.get("procedure") or {}
    if isinstance(procedure, str):
        procedure = {"vi": procedure, "en": procedure}
    method_vi, method_en = METHODS.get(c.get("method", ""), (c.get("method", ""), c.get("method", "")))
    refunds = [
        {"amount": format_money(r.amount, c.get("currency", ""), "vi"),
         "amount_en": format_money(r.amount, c.get("currency", ""), "en"),
         "at": When(r.recorded_at.astimezone(tz)), "reason": r.reason}
        for r in receipt.payment.refunds.all()
    ]
    url = verification_url(receipt)
    city = unit.get("city") or ""
    return {
        "receipt": receipt, "c": c, "unit": unit, "issued": issued, "paid": paid,
        "procedure": {"vi": procedure.get("vi") or procedure.get("en", ""),
                      "en": procedure.get("en") or procedure.get("vi", "")},
        "amount": {"vi": format_money(c.get("amount"), c.get("currency", ""), "vi"),
                   "en": format_money(c.get("amount"), c.get("currency", ""), "en")},
        "method": {"vi": method_vi, "en": method_en},
        "place_date": {
            "vi": f"{city}, {issued.vi_date}" if city else issued.vi_date.capitalize(),
            "en": f"{city}, {issued.en_date}" if city else issued.en_date,
        },
        "refunds": refunds,
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def render_receipt_html(receipt: Receipt) -> str:
    return render_to_string("payments/receipts/receipt.html", receipt_context(receipt))


def render_receipt_pdf(receipt: Receipt) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_receipt_html(receipt), base_url=None,
                url_fetcher=offline_url_fetcher()).write_pdf()
