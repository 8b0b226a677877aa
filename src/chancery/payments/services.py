"""Every write to a payment: in one transaction, with an audit record.

A payment is paid in one of three ways, each for the full amount due and each moving its case
from "fee requested" to "fee paid" (the lifecycle's `record_payment`) exactly once:
* online: only a verified confirmation from the gateway (its IPN, or its answer to a query);
  the citizen's return from the gateway only shows what happened;
* at the counter (cash or card): recorded by an officer with the counter's receipt number;
* by bank transfer: a line of an imported bank statement (`statements.py`) naming the case.
Every paid payment issues one numbered receipt; refunds are recorded against it by an officer,
with a reason, never above what was paid.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.audit.services import record
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.cases.services import apply_transition
from chancery.core.errors import Conflict, DomainError, Forbidden
from chancery.organization.selectors import may_work_cases
from chancery.payments import fees, providers
from chancery.payments.models import (
    COUNTER_METHODS,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Receipt,
    ReceiptCounter,
    Refund,
)
from chancery.payments.providers.base import (
    GatewayResult,
    GatewayUnavailable,
    PaymentOrder,
    PaymentProvider,
    Settlement,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

logger = logging.getLogger(__name__)


class PaymentError(DomainError):
    code = "payment_error"


class PaymentNotPossible(PaymentError, Conflict):
    code = "payment_not_possible"


class PaymentForbidden(PaymentError, Forbidden):
    code = "payment_forbidden"


class PaymentInvalid(PaymentError):
    """Bad input from an officer (amount, method, receipt number, reason): shown by the field."""

    code = "payment_invalid"

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class PaymentUnavailable(PaymentError):
    code = "payment_unavailable"
    http_status = 503


def _new_reference(case: Case) -> str:
    # The tracking code (so an officer recognises it) and 8 random characters: unique for ever.
    return case.tracking_code.replace("-", "") + secrets.token_hex(4).upper()


def description_for(case: Case) -> str:
    """The order information sent to the gateway: ASCII only (gateways refuse diacritics)."""
    return f"Le phi ho so {case.tracking_code}"


def _audit(action: str, payment: Payment, *, actor_label: str = "system",
           request: HttpRequest | None = None, actor: User | None = None, **data: Any) -> None:
    if actor is not None:
        actor_label = ""
    record(action, payment, actor=actor, actor_label=actor_label, unit=payment.case.unit_id,
           request=request, case=payment.case.tracking_code, reference=payment.reference, **data)


def pending_payment(case: Case) -> Payment | None:
    return case.payments.filter(status=PaymentStatus.PENDING).first()


def start_payment(
    *,
    case: Case,
    amount: Decimal,
    currency: str,
    return_url: str,
    client_ip: str = "",
    language: str = "vi",
    provider: PaymentProvider | None = None,
    request: HttpRequest | None = None,
) -> Payment:
    """A payment of `amount` for a case whose fee is requested, and the gateway address to send
    the citizen to (`payment.pay_url`).

    `amount` is the full amount due: the caller gives it (today `fees.amount_due`, later the fee
    schedule). A payment still waiting for the gateway is reused while it has not expired; an
    expired one is first asked about with the gateway, so that an attempt paid without our
    knowing is never followed by a second one."""
    provider = provider or providers.for_currency(currency)
    if provider is None or currency not in provider.currencies or not provider.is_configured():
        raise PaymentUnavailable(_("Online payment is not available for this fee. Please pay at the office."))
    if amount is None or amount <= 0:
        raise PaymentNotPossible(_("There is no amount to pay."))
    case.refresh_from_db(fields=["status", "version"])
    if case.status != Status.FEE_REQUESTED:
        raise PaymentNotPossible(_("This application is not waiting for a payment."))
    waiting = pending_payment(case)
    if waiting is not None and waiting.expires_at is not None and waiting.expires_at <= timezone.now():
        try:
            waiting = reconcile_payment(waiting)
        except GatewayUnavailable:
            raise PaymentUnavailable(
                _("The payment gateway cannot be reached. Please try again in a few minutes.")
            ) from None
        case.refresh_from_db()
        if case.status != Status.FEE_REQUESTED:
            raise PaymentNotPossible(_("This application is not waiting for a payment."))
        waiting = pending_payment(case)
    if waiting is not None:
        if waiting.amount == amount and waiting.currency == currency:
            return waiting
        _expire(waiting, why="amount_changed")
    now = timezone.now()
    expires_at = now + timedelta(minutes=settings.PAYMENT_EXPIRE_MINUTES)
    with transaction.atomic():
        payment = Payment(
            case=case, reference=_new_reference(case), amount=amount, currency=currency,
            provider=provider.name, created_at=now, client_ip=client_ip[:45], expires_at=expires_at,
        )
        payment.pay_url = provider.build_payment_url(PaymentOrder(
            reference=payment.reference, amount=amount, currency=currency,
            description=description_for(case), return_url=return_url, client_ip=client_ip,
            created_at=now, expires_at=expires_at, language=language,
        ))
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError:  # another tab started one a moment ago: use that one
            started = pending_payment(case)
            if started is None:
                raise PaymentNotPossible(_("This application is not waiting for a payment.")) from None
            return started
        _audit("payment.started", payment, actor_label="applicant", request=request,
               amount=str(amount), currency=currency, provider=provider.name)
    return payment


def _expire(payment: Payment, *, why: str) -> None:
    with transaction.atomic():
        updated = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
            status=PaymentStatus.EXPIRED, version=F("version") + 1)
        if updated:
            _audit("payment.expired", payment, why=why)


def settle(result: GatewayResult, *, source: str, request: HttpRequest | None = None) -> Settlement:
    """Act on a verified message from the gateway (source: "ipn" or "query").

    Checks in the gateway's order: the order exists, the amount is the payment's full amount,
    the payment was not settled before; then it is marked paid (and its case's fee paid) or
    failed. Never called with an unverified result."""
    if not result.verified:
        raise ValueError("settle() takes verified gateway results only")
    with transaction.atomic():
        payment = (Payment.objects.select_for_update().select_related("case")
                   .filter(reference=result.reference).first())
        if payment is None:
            logger.warning("payment %s: the gateway confirmed an order we do not know", result.reference)
            return Settlement.NOT_FOUND
        if result.amount is None or result.amount != payment.amount or result.currency != payment.currency:
            _audit("payment.wrong_amount", payment, source=source, request=request,
                   expected=str(payment.amount), received=str(result.amount))
            return Settlement.WRONG_AMOUNT
        if payment.status != PaymentStatus.PENDING:
            return Settlement.ALREADY_CONFIRMED
        if result.outcome == "paid":
            _mark_paid(payment, result, source=source, request=request)
            return Settlement.CONFIRMED
        if result.outcome == "failed":
            Payment.objects.filter(pk=payment.pk).update(
                status=PaymentStatus.FAILED, response_code=result.response_code,
                bank_code=result.bank_code, last_response=result.raw, version=F("version") + 1)
            _audit("payment.failed", payment, source=source, request=request,
                   response_code=result.response_code)
            return Settlement.CONFIRMED
        return Settlement.PENDING


def _mark_paid(payment: Payment, result: GatewayResult, *, source: str, request: HttpRequest | None) -> None:
    """Inside settle()'s transaction, the payment row locked."""
    now = timezone.now()
    if Payment.objects.filter(case_id=payment.case_id, status=PaymentStatus.PAID).exists():
        # The fee was paid another way meanwhile (at the counter, by transfer): never a second
        # paid payment; the money the gateway took is to be refunded.
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
            status=PaymentStatus.REFUND_DUE, paid_at=result.paid_at or now,
            gateway_transaction_no=result.transaction_no or "-", bank_code=result.bank_code,
            response_code=result.response_code, last_response=result.raw, version=F("version") + 1)
        _audit("payment.paid_twice", payment, source=source, request=request, amount=str(payment.amount),
               currency=payment.currency, transaction_no=result.transaction_no)
        return
    Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
        status=PaymentStatus.PAID, paid_at=result.paid_at or now,
        gateway_transaction_no=result.transaction_no or "-", bank_code=result.bank_code,
        response_code=result.response_code, last_response=result.raw, version=F("version") + 1)
    _audit("payment.paid", payment, source=source, request=request, amount=str(payment.amount),
           currency=payment.currency, transaction_no=result.transaction_no)
    payment.refresh_from_db()
    issue_receipt(payment)
    case = Case.objects.select_for_update().get(pk=payment.case_id)
    if case.status == Status.FEE_REQUESTED:
        apply_transition(case, "record_payment", actor=None, system=True,
                         expected_version=case.version, request=None)
    else:
        # Paid after the office recorded a payment at the counter, or after the case ended:
        # the money was taken, so the payment stays paid and is flagged for a refund.
        _audit("payment.paid_case_not_waiting", payment, case_status=case.status)


def handle_ipn(params: dict[str, str], *, request: HttpRequest | None = None) -> tuple[dict[str, Any], int]:
    """The gateway's notification: verified by the adapter, settled here."""
    provider = providers.get("vnpay")
    return provider.handle_ipn(params, lambda result: settle(result, source="ipn", request=request))


def reconcile_payment(payment: Payment, *, now: Any = None) -> Payment:
    """Ask the gateway about one waiting payment and settle it with a verified answer; a payment
    the gateway never took (or still waits for) expires once past its expiry time.
    Raises GatewayUnavailable when the gateway cannot be asked."""
    now = now or timezone.now()
    provider = providers.get(payment.provider)
    result = provider.query(reference=payment.reference, description=description_for(payment.case),
                            created_at=payment.created_at, client_ip="127.0.0.1")
    if not result.verified:
        logger.warning("payment %s: the gateway's answer to a query failed its check (%s)",
                       payment.reference, result.problem)
        raise GatewayUnavailable(f"unverified answer ({result.problem})")
    outcome = Settlement.PENDING
    if result.outcome in ("paid", "failed"):
        outcome = settle(result, source="query")
    if outcome == Settlement.PENDING and result.outcome != "unknown" and payment.expires_at <= now:
        # Not paid, and the gateway no longer accepts it (vnp_ExpireDate has passed).
        _expire(payment, why="not_paid_at_gateway")
    payment.refresh_from_db()
    return payment


def reconcile(*, older_than: timedelta, now: Any = None) -> list[tuple[Payment, str]]:
    """Every payment still waiting for the gateway, started more than `older_than` ago, asked
    about and settled. Returns (payment, what happened) pairs."""
    now = now or timezone.now()
    done = []
    waiting = Payment.objects.select_related("case").filter(
        status=PaymentStatus.PENDING, created_at__lte=now - older_than).order_by("created_at")
    for payment in waiting:
        try:
            payment = reconcile_payment(payment, now=now)
        except GatewayUnavailable as exc:
            done.append((payment, f"unavailable: {exc}"))
            continue
        done.append((payment, payment.status))
    return done


# ---- Receipts ----------------------------------------------------------------------------------


def _next_receipt_number(case: Case, year: int) -> str:
    counter, _created = ReceiptCounter.objects.get_or_create(unit_id=case.unit_id, year=year)
    counter = ReceiptCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{case.unit.code}/{year}/BL{counter.last:06d}"


def receipt_content(payment: Payment) -> dict[str, Any]:
    """What the receipt says, frozen when issued."""
    case = payment.case
    version = case.procedure_version
    return {
        "tracking_code": case.tracking_code,
        "procedure": version.definition["name"],
        "procedure_code": version.code,
        "unit": {"code": case.unit.code, "vi": case.unit.name_vi, "en": case.unit.name_en,
                 "city": case.unit.city, "time_zone": case.unit.time_zone},
        "payer": case.applicant_name,
        "amount": str(payment.amount),
        "currency": payment.currency,
        "method": payment.method,
        "reference": payment.reference,
        "paid_at": payment.paid_at.isoformat() if payment.paid_at else None,
        "gateway_transaction_no": payment.gateway_transaction_no,
        "counter_receipt_no": payment.counter_receipt_no,
        "bank_transaction_id": payment.bank_transaction_id,
    }


def issue_receipt(payment: Payment) -> Receipt:
    """The payment's receipt, numbered per unit and year; issued once (a second call returns it)."""
    from zoneinfo import ZoneInfo

    with transaction.atomic():
        existing = Receipt.objects.filter(payment=payment).first()
        if existing is not None:
            return existing
        now = timezone.now()
        case = Case.objects.select_related("unit", "procedure_version").get(pk=payment.case_id)
        payment.case = case
        receipt = Receipt.objects.create(
            payment=payment, issued_at=now,
            number=_next_receipt_number(case, now.astimezone(ZoneInfo(case.unit.time_zone)).year),
            verification_token=secrets.token_urlsafe(18), content=receipt_content(payment),
        )
        record("receipt.issued", receipt, actor_label="system", unit=case.unit_id,
               number=receipt.number, case=case.tracking_code, reference=payment.reference)
    return receipt


# ---- At the counter and by transfer ------------------------------------------------------------


def _check_full_amount(case: Case, amount: Decimal, currency: str) -> None:
    due = fees.amount_due(case)
    if due is None:
        raise PaymentNotPossible(_("This application has no fee to pay."))
    if amount != due.amount or currency != due.currency:
        from chancery.core.display import format_money

        raise PaymentInvalid(
            _("The amount must be the full fee due: %(due)s.")
            % {"due": format_money(due.amount, due.currency)}, field="amount")


def _settle_waiting_online(case: Case) -> None:
    """Before a payment at the counter or by transfer: an online attempt still open at the gateway
    could be paid there too. While it may still be paid, refuse; once expired, ask the gateway."""
    waiting = pending_payment(case)
    if waiting is None:
        return
    if waiting.expires_at and waiting.expires_at > timezone.now():
        raise PaymentNotPossible(_(
            "The applicant has an online payment in progress. Wait until it ends (at most "
            "%(minutes)d minutes), then record the payment.") % {"minutes": settings.PAYMENT_EXPIRE_MINUTES})
    try:
        reconcile_payment(waiting)
    except GatewayUnavailable:
        raise PaymentUnavailable(_(
            "The applicant started an online payment and the payment gateway cannot be reached to "
            "check it. Please try again in a few minutes.")) from None


def _record_paid(case: Case, *, method: str, amount: Decimal, currency: str, actor: User,
                 request: HttpRequest | None, counter_receipt_no: str = "",
                 bank_transaction_id: str = "") -> Payment:
    """Inside the caller's transaction, the case locked and waiting for its fee: the payment,
    its receipt, and the case's `record_payment`."""
    now = timezone.now()
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                case=case, reference=_new_reference(case), amount=amount, currency=currency,
                provider=method, method=method, status=PaymentStatus.PAID, paid_at=now,
                created_at=now, counter_receipt_no=counter_receipt_no,
                bank_transaction_id=bank_transaction_id,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # paid a moment ago by another path, or this bank line used already
        raise PaymentNotPossible(_("This application's fee has already been paid.")) from None
    _audit("payment.paid", payment, actor=actor, request=request, method=method,
           amount=str(amount), currency=currency, counter_receipt_no=counter_receipt_no,
           bank_transaction_id=bank_transaction_id)
    issue_receipt(payment)
    apply_transition(case, "record_payment", actor=actor, expected_version=case.version,
                     request=request)
    return payment


def record_counter_payment(
    *, case: Case, method: str, amount: Decimal, receipt_no: str, actor: User,
    request: HttpRequest | None = None,
) -> Payment:
    """Cash or card taken at the counter for a case whose fee is requested, for the full amount
    due, with the counter's receipt number: the payment, its receipt and "fee paid", at once."""
    receipt_no = (receipt_no or "").strip()
    if method not in COUNTER_METHODS:
        raise PaymentInvalid(_("Choose cash or card."), field="method")
    if amount is None or amount <= 0:
        raise PaymentInvalid(_("Enter the amount received."), field="amount")
    if not receipt_no:
        raise PaymentInvalid(_("Enter the number of the receipt handed to the payer."), field="receipt_no")
    if len(receipt_no) > 40:
        raise PaymentInvalid(_("A receipt number may be at most 40 characters long."), field="receipt_no")
    if not may_work_cases(actor, case.unit_id):
        raise PaymentForbidden(_("You do not work on this office's cases."))
    with transaction.atomic():
        current = Case.objects.select_for_update().select_related("unit", "procedure_version").get(pk=case.pk)
        if current.status != Status.FEE_REQUESTED:
            raise PaymentNotPossible(_("This application is not waiting for a payment."))
        due = fees.amount_due(current)
        if due is None:
            raise PaymentNotPossible(_("This application has no fee to pay."))
        _check_full_amount(current, amount, due.currency)
        _settle_waiting_online(current)
        current.refresh_from_db()
        if current.status != Status.FEE_REQUESTED:
            raise PaymentNotPossible(_("This application's fee has already been paid."))
        return _record_paid(current, method=method, amount=amount, currency=due.currency, actor=actor,
                            request=request, counter_receipt_no=receipt_no)


def record_transfer_payment(
    *, case: Case, amount: Decimal, currency: str, bank_transaction_id: str, actor: User,
    request: HttpRequest | None = None,
) -> Payment:
    """A bank transfer for the full amount due, from one bank statement line (statements.py)."""
    with transaction.atomic():
        current = Case.objects.select_for_update().select_related("unit", "procedure_version").get(pk=case.pk)
        if current.status != Status.FEE_REQUESTED:
            raise PaymentNotPossible(_("This application is not waiting for a payment."))
        _check_full_amount(current, amount, currency)
        _settle_waiting_online(current)
        current.refresh_from_db()
        if current.status != Status.FEE_REQUESTED:
            raise PaymentNotPossible(_("This application's fee has already been paid."))
        return _record_paid(current, method=PaymentMethod.TRANSFER, amount=amount, currency=currency,
                            actor=actor, request=request, bank_transaction_id=bank_transaction_id)


# ---- Refunds -----------------------------------------------------------------------------------


def refunded_total(payment: Payment) -> Decimal:
    return sum((r.amount for r in payment.refunds.all()), Decimal("0"))


def record_refund(
    *, payment: Payment, amount: Decimal, reason: str, actor: User, request: HttpRequest | None = None,
) -> Refund:
    """Money given back against a paid payment (e.g. an application refused before processing
    where the law requires the fee back). Never more than was paid, all refunds together."""
    reason = (reason or "").strip()
    if not reason:
        raise PaymentInvalid(_("Please give the reason for the refund."), field="reason")
    if amount is None or amount <= 0:
        raise PaymentInvalid(_("Enter the amount to refund."), field="amount")
    if not may_work_cases(actor, payment.case.unit_id):
        raise PaymentForbidden(_("You do not work on this office's cases."))
    with transaction.atomic():
        locked = Payment.objects.select_for_update().select_related("case").get(pk=payment.pk)
        if locked.status not in (PaymentStatus.PAID, PaymentStatus.REFUND_DUE):
            raise PaymentNotPossible(_("Only a paid payment can be refunded."))
        if locked.method == PaymentMethod.EXEMPT:
            raise PaymentNotPossible(_("Nothing was paid on an exemption from the fee."))
        already = refunded_total(locked)
        if already + amount > locked.amount:
            from chancery.core.display import format_money

            raise PaymentInvalid(
                _("At most %(left)s can still be refunded on this payment.")
                % {"left": format_money(locked.amount - already, locked.currency)}, field="amount")
        refund = Refund.objects.create(
            payment=locked, amount=amount, reason=reason, recorded_at=timezone.now(),
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _audit("payment.refunded", locked, actor=actor, request=request, amount=str(amount),
               currency=locked.currency, reason=reason, refund=refund.pk)
    return refund
