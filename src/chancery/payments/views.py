"""The gateway's server-to-server endpoint; the officer's payment pages (counter payment,
refunds, receipts, bank statement import); the public receipt verification (the QR code's
target). The citizen's pages (pay, return, receipt) are in the portal."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from chancery.audit.services import record
from chancery.cases import selectors as case_selectors
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.cases.pdf import When
from chancery.core.downloads import content_download
from chancery.organization.decorators import staff_required
from chancery.organization.selectors import may_work_cases
from chancery.payments import fees, services, statements
from chancery.payments.forms import CounterPaymentForm, RefundForm, StatementForm
from chancery.payments.models import Payment, PaymentMethod, PaymentStatus, Receipt
from chancery.payments.receipts import render_receipt_pdf


@csrf_exempt  # the gateway, not a browser; every message is checked by its signature
@never_cache
@require_http_methods(["GET", "POST"])
def vnpay_ipn(request: HttpRequest) -> JsonResponse:
    """VNPAY's IPN (a GET with signed vnp_* parameters), answered with {"RspCode", "Message"}."""
    params = (request.GET if request.method == "GET" else request.POST).dict()
    body, status = services.handle_ipn(params, request=request)
    return JsonResponse(body, status=status)


# ---- The officer's pages -----------------------------------------------------------------------


def _payments_page(request: HttpRequest, case: Case, *, counter_form: CounterPaymentForm | None = None,
                   refund_forms: dict[int, RefundForm] | None = None, status: int = 200) -> HttpResponse:
    due = fees.amount_due(case)
    works = may_work_cases(request.user, case.unit_id)
    payments = list(case.payments.select_related("receipt", "recorded_by", "exemption")
                    .prefetch_related("refunds"))
    refund_forms = refund_forms or {}
    rows = []
    for p in payments:
        refunded = services.refunded_total(p)
        rows.append({
            "payment": p, "refunded": refunded, "refundable": p.amount - refunded,
            "receipt": getattr(p, "receipt", None),
            "refund_form": refund_forms.get(p.pk) or RefundForm(initial={"amount": p.amount - refunded}),
            "refund_open": p.pk in refund_forms,
        })
    waiting = case.status == Status.FEE_REQUESTED and due is not None
    return render(request, "payments/case_payments.html", {
        "case": case, "due": due, "rows": rows, "works": works,
        "counter_form": counter_form or CounterPaymentForm(initial={"amount": due.amount if due else None}),
        "may_record": works and waiting,
        "exempted": any(p.method == PaymentMethod.EXEMPT and p.status == PaymentStatus.PAID
                        for p in payments),
    }, status=status)


@staff_required
@never_cache
def case_payments(request: HttpRequest, code: str) -> HttpResponse:
    """A case's payments with their receipts and refunds; the counter payment form while its
    fee is requested."""
    case = case_selectors.case_for_staff(request.user, code)
    return _payments_page(request, case)


@staff_required
@require_POST
def counter_payment(request: HttpRequest, code: str) -> HttpResponse:
    case = case_selectors.case_for_staff(request.user, code)
    form = CounterPaymentForm(request.POST)
    if not form.is_valid():
        return _payments_page(request, case, counter_form=form, status=400)
    try:
        payment = services.record_counter_payment(
            case=case, method=form.cleaned_data["method"], amount=form.cleaned_data["amount"],
            receipt_no=form.cleaned_data["receipt_no"], actor=request.user, request=request)
    except services.PaymentInvalid as exc:
        form.add_error(exc.field or None, exc.message)
        return _payments_page(request, case, counter_form=form, status=400)
    except services.PaymentError as exc:
        messages.error(request, exc.message)
        return redirect("payments_staff:case", code=case.tracking_code)
    messages.success(request, _("Payment recorded. Receipt %(number)s issued.")
                     % {"number": payment.receipt.number})
    return redirect("payments_staff:case", code=case.tracking_code)


@staff_required
@require_POST
def refund(request: HttpRequest, code: str, payment_id: int) -> HttpResponse:
    case = case_selectors.case_for_staff(request.user, code)
    payment = get_object_or_404(Payment, pk=payment_id, case=case)
    form = RefundForm(request.POST)
    if form.is_valid():
        try:
            services.record_refund(payment=payment, amount=form.cleaned_data["amount"],
                                   reason=form.cleaned_data["reason"], actor=request.user, request=request)
        except services.PaymentInvalid as exc:
            form.add_error(exc.field or None, exc.message)
        except services.PaymentError as exc:
            messages.error(request, exc.message)
            return redirect("payments_staff:case", code=case.tracking_code)
        else:
            messages.success(request, _("Refund recorded."))
            return redirect("payments_staff:case", code=case.tracking_code)
    return _payments_page(request, case, refund_forms={payment.pk: form}, status=400)


def receipt_pdf_response(receipt: Receipt, request: HttpRequest, **who: Any) -> HttpResponse:
    body = render_receipt_pdf(receipt)
    record("receipt.downloaded", receipt, unit=receipt.payment.case.unit_id, request=request,
           number=receipt.number, case=receipt.payment.case.tracking_code, **who)
    return content_download(body, name=receipt.number.replace("/", "-"), content_type="application/pdf",
                            inline=True)


@staff_required
@require_safe
def staff_receipt_pdf(request: HttpRequest, code: str, receipt_id: int) -> HttpResponse:
    case = case_selectors.case_for_staff(request.user, code)
    receipt = get_object_or_404(Receipt.objects.select_related("payment__case"), pk=receipt_id,
                                payment__case=case)
    return receipt_pdf_response(receipt, request, actor=request.user)


@staff_required
@never_cache
def statement_import(request: HttpRequest) -> HttpResponse:
    """Upload a bank statement (CSV): what matched, what did not and why, what was imported before."""
    report = None
    error = ""
    form = StatementForm()
    status = 200
    if request.method == "POST":
        form = StatementForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["statement"].read(statements.MAX_BYTES + 1)
            try:
                report = statements.import_statement(data=data, actor=request.user, request=request)
            except statements.StatementError as exc:
                error = exc.message
                status = 400
        else:
            status = 400
    if error:
        form.add_error("statement", error)
    return render(request, "payments/statement_import.html", {"form": form, "report": report}, status=status)


# ---- Public: is this receipt genuine? ----------------------------------------------------------


@require_safe
def verify_receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt's number, date, amount, issuing unit and whether it was refunded: nothing about
    the payer or the case."""
    receipt = (Receipt.objects.select_related("payment").filter(verification_token=token).first()
               if token else None)
    context: dict[str, Any] = {"receipt": None}
    if receipt is not None:
        unit = (receipt.content or {}).get("unit") or {}
        tz_name = unit.get("time_zone") or "UTC"
        refunded = services.refunded_total(receipt.payment)
        context = {
            "receipt": receipt, "issued": When(receipt.issued_at.astimezone(ZoneInfo(tz_name))),
            "time_zone": tz_name, "unit_vi": unit.get("vi", ""), "unit_en": unit.get("en", ""),
            "amount": receipt.content.get("amount"), "currency": receipt.content.get("currency", ""),
            "refunded": refunded, "fully_refunded": refunded >= receipt.payment.amount,
            "paid": receipt.payment.status == PaymentStatus.PAID,
        }
    response = render(request, "payments/verify_receipt.html", context, status=200 if receipt else 404)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
