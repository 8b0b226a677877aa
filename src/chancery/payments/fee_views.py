"""The fee on the staff case page (a part payments adds through core.contributions) and the
officer's adjustment of it. Thin: the amount comes from fees, the write from fee_services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.cases.selectors import case_for_staff
from chancery.organization.decorators import staff_required
from chancery.organization.selectors import may_decide, may_work_cases
from chancery.payments import fee_services, fees
from chancery.payments.models import ExemptionGround, FeeAdjustment, FeeExemption


def fee_panel(*, request: HttpRequest, case: Case, **_context: Any) -> SafeString | None:
    """The case's fee: how it is computed, what is due, earlier adjustments, and (while it may
    change) the form to set another amount with a reason. None for a procedure without fee."""
    quote = fees.case_quote(case)
    if quote is None:
        return None
    failed = getattr(request, "fee_adjust_failed", None) or {}
    exempt_failed = getattr(request, "fee_exempt_failed", None) or {}
    html = render_to_string("payments/fee_panel.html", {
        "case": case, "quote": quote, "due": fees.amount_due(case),
        "adjustments": FeeAdjustment.objects.filter(case=case).select_related("by"),
        "may_adjust": case.status in fee_services.ADJUSTABLE and case.fee_paid_at is None
        and may_work_cases(request.user, case.unit_id),
        "failed": failed,
        "exemption": FeeExemption.objects.filter(case=case).select_related("by").first(),
        "may_exempt": case.status == Status.FEE_REQUESTED and may_decide(request.user, case.unit_id),
        "grounds": ExemptionGround.choices, "exempt_failed": exempt_failed,
        "exemption_source": fees.EXEMPTION_SOURCE,
    }, request=request)
    return mark_safe(html)  # noqa: S308 (a template rendered with autoescape)


@staff_required
@require_POST
def adjust_fee(request: HttpRequest, code: str) -> HttpResponse:
    case = case_for_staff(request.user, code)
    try:
        fee_services.adjust_fee(case=case, amount=request.POST.get("amount", ""),
                                reason=request.POST.get("reason", ""), actor=request.user,
                                request=request)
    except fee_services.FeeError as exc:
        from chancery.cases.views import _case_page

        # The case page again, the typed amount and reason kept, the message beside the form.
        request.fee_adjust_failed = {"error": exc.message, "amount": request.POST.get("amount", ""),
                                     "reason": request.POST.get("reason", "")}
        return _case_page(request, case, status=409 if isinstance(exc, fee_services.FeeNotAdjustable)
                          else 403 if isinstance(exc, fee_services.FeeForbidden) else 422)
    return redirect("cases:detail", code=case.tracking_code)


@staff_required
@require_POST
def exempt_fee(request: HttpRequest, code: str) -> HttpResponse:
    case = case_for_staff(request.user, code)
    try:
        fee_services.exempt_fee(case=case, ground=request.POST.get("ground", ""),
                                reason=request.POST.get("reason", ""), actor=request.user, request=request)
    except fee_services.FeeError as exc:
        from chancery.cases.views import _case_page

        # The case page again, the chosen ground and reason kept, the message beside the form.
        request.fee_exempt_failed = {"error": exc.message, "field": exc.field,
                                     "ground": request.POST.get("ground", ""),
                                     "reason": request.POST.get("reason", "")}
        return _case_page(request, case, status=409 if isinstance(exc, fee_services.FeeNotAdjustable)
                          else 403 if isinstance(exc, fee_services.FeeForbidden) else 422)
    return redirect("cases:detail", code=case.tracking_code)
