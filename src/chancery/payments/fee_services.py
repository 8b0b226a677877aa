"""Writes about a case's fee (the sub-domain of payments.services for the fee schedule): an
officer's adjustment of the computed amount, only with a reason, audited, an event on the case."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.audit.services import record
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case, CaseEvent, NoticeKind
from chancery.cases.notices import issue_notice
from chancery.core.errors import Conflict, DomainError, Forbidden
from chancery.organization.selectors import may_work_cases
from chancery.payments import fees
from chancery.payments.models import FeeAdjustment

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

# While the fee may still change: before it is requested, and while it waits to be paid.
ADJUSTABLE = frozenset({Status.RECEIVED, Status.IN_PROCESSING, Status.SUPPLEMENT_REQUESTED,
                        Status.SUPPLEMENT_PROVIDED, Status.FEE_REQUESTED})
REASON_MAX_LENGTH = 1000


class FeeError(DomainError):
    code = "fee_error"


class FeeReasonRequired(FeeError):
    code = "reason_required"


class FeeNotAdjustable(FeeError, Conflict):
    code = "fee_not_adjustable"


class FeeForbidden(FeeError, Forbidden):
    code = "forbidden"


def parse_amount(value: Any, currency: str) -> Decimal:
    """A positive amount in the currency's minor unit, or a FeeError saying what is wrong."""
    text = str(value or "").strip().replace(" ", "")
    if currency == "VND":  # "30.000" and "30,000" are both thirty thousand dong; no fractions
        if not re.fullmatch(r"\d+|\d{1,3}([.,]\d{3})+", text):
            raise FeeError(_("Enter a whole number of dong, such as 30000 or 30.000."))
        text = text.replace(".", "").replace(",", "")
    else:
        text = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise FeeError(_("Enter the amount as a number, such as 70 or 10.50.")) from None
    if not amount.is_finite() or amount <= 0:
        raise FeeError(_("The amount must be more than zero."))
    if amount != fees.quantize(amount, currency):
        raise FeeError(_("This currency does not have that many decimal places."))
    if amount >= Decimal("1e12"):
        raise FeeError(_("This amount is too large."))
    return amount


def adjust_fee(*, case: Case, amount: Any, reason: str, actor: User,
               request: HttpRequest | None = None) -> FeeAdjustment:
    """Set the amount a case owes to `amount` instead of the computed one, for `reason` (kept,
    audited, a staff event on the case). When the fee was already requested, a new payment
    notice with the new amount is issued: the citizen's notice always says what is due."""
    reason = (reason or "").strip()
    if not reason:
        raise FeeReasonRequired(_("Please give the reason for changing the amount."))
    if len(reason) > REASON_MAX_LENGTH:
        raise FeeError(_("A reason may be at most %(n)d characters long.") % {"n": REASON_MAX_LENGTH})
    if not getattr(actor, "is_authenticated", False) or not may_work_cases(actor, case.unit_id):
        raise FeeForbidden(_("You do not work on this office's cases."))
    with transaction.atomic():
        current = Case.objects.select_for_update().select_related("procedure_version", "unit").get(pk=case.pk)
        quote = fees.case_quote(current)
        if quote is None:
            raise FeeNotAdjustable(_("This procedure has no fee."))
        if current.fee_paid_at is not None or current.status not in ADJUSTABLE:
            raise FeeNotAdjustable(_("The fee can no longer be changed on this case."))
        value = parse_amount(amount, quote.currency)
        now = timezone.now()
        adjustment = FeeAdjustment.objects.create(
            case=current, computed_amount=quote.total, amount=value, currency=quote.currency,
            reason=reason, by=actor, at=now,
        )
        details = {"computed": str(quote.total), "amount": str(value), "currency": quote.currency}
        CaseEvent.objects.create(
            case=current, at=now, actor=actor, actor_label=actor.get_username(), action="adjust_fee",
            from_status=current.status, to_status=current.status, note=reason,
            details=details,
        )
        record("payment.fee_adjusted", current, actor=actor, unit=current.unit_id, request=request,
               case=current.tracking_code, reason=reason, **details)
        if current.status == Status.FEE_REQUESTED:
            issue_notice(current, NoticeKind.PAYMENT, actor=actor, request=request)
    return adjustment
