"""Writes about a case's fee (the sub-domain of payments.services for the fee schedule): an
officer's adjustment of the computed amount, only with a reason, audited, an event on the case;
and an exemption from the fee, decided by the head (or a delegated officer) on a legal ground."""

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
from chancery.cases.services import apply_transition
from chancery.core.errors import Conflict, DomainError, Forbidden
from chancery.organization.selectors import may_decide, may_work_cases
from chancery.payments import fees
from chancery.payments.models import (
    ExemptionGround,
    FeeAdjustment,
    FeeExemption,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from chancery.payments.services import PaymentError, _audit, _new_reference, _settle_waiting_online

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

# While the fee may still change: before it is requested, and while it waits to be paid.
ADJUSTABLE = frozenset({Status.RECEIVED, Status.IN_PROCESSING, Status.SUPPLEMENT_REQUESTED,
                        Status.SUPPLEMENT_PROVIDED, Status.FEE_REQUESTED})
REASON_MAX_LENGTH = 1000


class FeeError(DomainError):
    code = "fee_error"

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field  # the form field the message belongs beside ("" for the whole form)


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


def exempt_fee(*, case: Case, ground: str, reason: str, actor: User,
               request: HttpRequest | None = None) -> FeeExemption:
    """Waive the whole fee of a case waiting for it, on a legal ground (fees.EXEMPTION_GROUNDS),
    with the reason kept in the record. Decided by the head of the unit or an officer the head
    delegated decisions to (organization.selectors.may_decide), like the case's decision.

    The case then goes on exactly as if paid: a paid payment of 0 (method "exempt", no receipt:
    no money) and the lifecycle's `record_payment`, so the clock that starts at payment starts,
    the receipt notice is issued, and a payment arriving later by another path is flagged for
    a refund (never a second paid payment)."""
    reason = (reason or "").strip()
    if ground not in ExemptionGround.values:
        raise FeeError(_("Choose the legal ground for the exemption."), field="ground")
    if not reason:
        raise FeeReasonRequired(_("Please give the reason for the exemption."), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise FeeError(_("A reason may be at most %(n)d characters long.") % {"n": REASON_MAX_LENGTH},
                       field="reason")
    if not getattr(actor, "is_authenticated", False) or not may_decide(actor, case.unit_id):
        raise FeeForbidden(_("Only the head of the office, or an officer the head delegated "
                             "decisions to, may exempt an application from the fee."))
    with transaction.atomic():
        current = Case.objects.select_for_update().select_related("procedure_version", "unit").get(pk=case.pk)
        quote = fees.case_quote(current)
        if quote is None:
            raise FeeNotAdjustable(_("This procedure has no fee."))
        if current.status != Status.FEE_REQUESTED or current.fee_paid_at is not None:
            raise FeeNotAdjustable(_("Only an application waiting for its fee can be exempted."))
        try:
            _settle_waiting_online(current)
        except PaymentError as exc:
            raise FeeNotAdjustable(exc.message) from None
        current.refresh_from_db()
        if current.status != Status.FEE_REQUESTED:
            raise FeeNotAdjustable(_("This application's fee has already been paid."))
        due = fees.amount_due(current)
        currency = due.currency if due is not None else quote.currency
        now = timezone.now()
        payment = Payment.objects.create(
            case=current, reference=_new_reference(current), amount=0, currency=currency,
            provider=PaymentMethod.EXEMPT, method=PaymentMethod.EXEMPT, status=PaymentStatus.PAID,
            paid_at=now, created_at=now, recorded_by=actor,
        )
        exemption = FeeExemption.objects.create(payment=payment, case=current, ground=ground,
                                                reason=reason, by=actor, at=now)
        _audit("payment.exempted", payment, actor=actor, request=request, ground=ground, reason=reason,
               waived=str(due.amount) if due is not None else "0", currency=currency,
               source=fees.EXEMPTION_GROUNDS[ground])
        apply_transition(current, "record_payment", actor=actor, expected_version=current.version,
                         note=reason, request=request)
    return exemption
