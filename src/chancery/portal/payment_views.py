"""The citizen's side of an online payment: the "Pay the fee" page of a case whose fee is
requested, and the page the gateway sends the citizen back to. Neither marks anything paid:
only the gateway's signed notification (or its answer to a query) does (payments.services)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from chancery.audit.client_address import client_address
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case, Notice, NoticeKind
from chancery.payments import fees, providers, services
from chancery.payments.models import Payment, PaymentStatus, Receipt
from chancery.payments.providers.base import PaymentProvider
from chancery.payments.views import receipt_pdf_response
from chancery.portal.session import applicant_case, opened_case


@dataclass(frozen=True)
class Offer:
    amount: Any
    currency: str
    provider: PaymentProvider | None
    # How the amount was computed (lines, reductions), the officer's adjustment if any, the
    # reference for a bank transfer, and the payment notice the fee request issued.
    quote: fees.FeeQuote | None = None
    adjustment: Any = None
    reference: str = ""
    notice: Notice | None = None

    @property
    def online(self) -> bool:
        return self.provider is not None


def payment_offer(case: Case) -> Offer | None:
    """What the status page offers a case whose fee is requested (None otherwise)."""
    if case.status != Status.FEE_REQUESTED:
        return None
    due = fees.amount_due(case)
    if due is None:
        return None
    notice = case.notices.filter(kind=NoticeKind.PAYMENT).order_by("-issued_at", "-id").first()
    return Offer(due.amount, due.currency, providers.for_currency(due.currency),
                 quote=fees.case_quote(case), adjustment=due.adjustment,
                 reference=fees.transfer_reference(case), notice=notice)


def _gateway_origin(provider: PaymentProvider, payment: Payment | None = None) -> str:
    from django.conf import settings

    parts = urllib.parse.urlsplit(payment.pay_url if payment else settings.VNPAY_PAY_URL)
    return f"{parts.scheme}://{parts.netloc}"


@never_cache
def pay(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the amount and the gateway, with one button; POST: the payment is started and the
    browser sent to the gateway's page."""
    case = applicant_case(request, code)
    offer = payment_offer(case)
    if offer is None or not offer.online:
        messages.error(request, _("Online payment is not available for this fee. Please pay at the office."))
        return redirect("portal:status", code=case.tracking_code)
    if request.method == "POST":
        try:
            payment = services.start_payment(
                case=case, amount=offer.amount, currency=offer.currency,
                return_url=request.build_absolute_uri(reverse("portal:payment_return")),
                client_ip=client_address(request) or "", language=get_language() or "vi",
                provider=offer.provider, request=request,
            )
        except services.PaymentError as exc:
            messages.error(request, exc.message)
            return redirect("portal:status", code=case.tracking_code)
        return HttpResponseRedirect(payment.pay_url)
    response = render(request, "portal/pay.html", {"case": case, "offer": offer})
    # The form's POST is answered with a redirect to the gateway: form-action must allow it.
    response._csp_update = {"form-action": [_gateway_origin(offer.provider)]}
    return response


@never_cache
def payment_return(request: HttpRequest) -> HttpResponse:
    """Where the gateway sends the citizen back: shows paid, declined or still confirming, from
    the signed parameters and our own record; changes nothing."""
    params = request.GET.dict()
    provider = providers.get("vnpay")
    result = provider.verify_return(params)
    payment = None
    if result.verified:
        payment = Payment.objects.select_related("case").filter(reference=result.reference).first()
    if payment is None:
        state = "invalid"
    elif payment.status == PaymentStatus.PAID:
        state = "paid"
    elif result.outcome == "failed" or payment.status in (PaymentStatus.FAILED, PaymentStatus.EXPIRED):
        state = "declined"
    else:
        state = "pending"  # the gateway said paid; its confirmation to us has not arrived yet
    case = opened_case(request, payment.case.tracking_code) if payment else None
    return render(request, "portal/payment_return.html", {
        "state": state, "payment": payment, "case": case,
    })  # 200 even when unrecognised: a page for a person, who reads what happened


def paid_payments(case: Case) -> list[Payment]:
    """The case's paid payments, with their receipts and refunds, for the status page."""
    return list(case.payments.filter(status=PaymentStatus.PAID).select_related("receipt")
                .prefetch_related("refunds"))


@require_safe
def applicant_receipt_pdf(request: HttpRequest, code: str, receipt_id: int) -> HttpResponse:
    case = applicant_case(request, code)  # only a case this browser unlocked with its key
    receipt = get_object_or_404(Receipt.objects.select_related("payment__case"), pk=receipt_id,
                                payment__case=case)
    return receipt_pdf_response(receipt, request, actor_label="applicant")
