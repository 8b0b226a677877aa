"""A payment of a case's fee: online through a gateway (VNPAY first), at the counter (cash or
card, recorded by an officer) or by bank transfer (matched from an imported bank statement).

One row per attempt: the citizen may start again after a declined or expired attempt, but a case
has at most one attempt waiting for the gateway and at most one paid (database constraints).
Each paid payment has one numbered receipt; refunds are recorded against it, never above it.
A case exempted from its fee has one paid payment of 0 (method "exempt") with its FeeExemption
instead of a receipt: nothing was paid, nothing can be refunded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the payment gateway")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Not paid")
    EXPIRED = "expired", _("Expired")
    # The gateway took the money after the fee was paid another way (at the counter, say): never
    # a second paid payment; this money is to be given back (recorded as a refund).
    REFUND_DUE = "refund_due", _("Paid twice: to be refunded")


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Online (payment gateway)")
    CASH = "cash", _("Cash at the counter")
    CARD = "card", _("Card at the counter")
    TRANSFER = "transfer", _("Bank transfer")
    # No money: the fee is waived by law (a FeeExemption says on which ground and who decided).
    # Recorded as a paid payment of 0 so that "one paid payment per case" stays the one rule.
    EXEMPT = "exempt", _("Exempted from the fee")


COUNTER_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD)


class Payment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="payments")
    # The order id sent to the gateway (vnp_TxnRef): unique for ever, not only for the day.
    reference = models.CharField(_("payment reference"), max_length=40, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    provider = models.CharField(_("payment gateway"), max_length=20)
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices,
                              default=PaymentMethod.ONLINE)
    # At the counter: the number of the office's own receipt (biên lai) handed to the payer.
    counter_receipt_no = models.CharField(_("counter receipt number"), max_length=40, blank=True)
    # By transfer: the bank's id of the statement line (unique: a line pays once).
    bank_transaction_id = models.CharField(_("bank transaction id"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    # What the gateway tells us: its transaction number, the bank, when the money was taken.
    gateway_transaction_no = models.CharField(max_length=40, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)
    response_code = models.CharField(max_length=4, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    # The parameters of the last verified message about this payment (IPN, query), as received.
    last_response = models.JSONField(default=dict, blank=True)
    # The address the citizen was sent to, kept so that "Pay now" again reuses the same order.
    pay_url = models.TextField(blank=True)
    client_ip = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField()
    # Online only: when the gateway stops accepting the order (vnp_ExpireDate).
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0) | Q(method=PaymentMethod.EXEMPT),
                                   name="payment_amount_positive_unless_exempt"),
            # An exemption: 0, recorded paid at once, never at a gateway, never with a receipt number.
            models.CheckConstraint(
                condition=~Q(method=PaymentMethod.EXEMPT)
                | (Q(amount=0) & Q(status=PaymentStatus.PAID) & Q(expires_at__isnull=True)
                   & Q(counter_receipt_no="") & Q(bank_transaction_id="")),
                name="payment_exempt_is_zero_and_paid",
            ),
            models.CheckConstraint(condition=Q(status__in=PaymentStatus.values), name="payment_status_known"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="payment_currency_iso"),
            models.CheckConstraint(condition=Q(method__in=PaymentMethod.values), name="payment_method_known"),
            models.CheckConstraint(condition=~Q(status=PaymentStatus.PAID) | Q(paid_at__isnull=False),
                                   name="payment_paid_has_time"),
            # Online: paid only with the gateway's transaction number, and an expiry after creation.
            models.CheckConstraint(
                condition=~Q(method=PaymentMethod.ONLINE)
                | ((~Q(status=PaymentStatus.PAID) | ~Q(gateway_transaction_no=""))
                   & Q(expires_at__gt=models.F("created_at"))),
                name="payment_online_has_transaction_and_expiry",
            ),
            # At the counter: recorded paid at once, with the counter's receipt number.
            models.CheckConstraint(
                condition=~Q(method__in=COUNTER_METHODS)
                | (Q(status=PaymentStatus.PAID) & ~Q(counter_receipt_no="") & Q(expires_at__isnull=True)),
                name="payment_counter_paid_with_receipt_no",
            ),
            # By transfer: recorded paid at once, from one bank statement line.
            models.CheckConstraint(
                condition=~Q(method=PaymentMethod.TRANSFER)
                | (Q(status=PaymentStatus.PAID) & ~Q(bank_transaction_id="") & Q(expires_at__isnull=True)),
                name="payment_transfer_paid_with_bank_id",
            ),
            models.UniqueConstraint(fields=["bank_transaction_id"], condition=~Q(bank_transaction_id=""),
                                    name="payment_bank_transaction_once"),
            models.UniqueConstraint(fields=["case"], condition=Q(status=PaymentStatus.PAID),
                                    name="payment_one_paid_per_case"),
            models.UniqueConstraint(fields=["case"], condition=Q(status=PaymentStatus.PENDING),
                                    name="payment_one_pending_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} {self.currency} {self.status}"


class FeeAdjustment(models.Model):
    """An officer's change to the computed fee of one case, with the reason (audited, an event
    on the case). The last adjustment of a case is what it owes (payments.fees.amount_due)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="fee_adjustments")
    # The amount the catalogue gave when the officer adjusted it, kept beside the new one.
    computed_amount = models.DecimalField(_("computed amount"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("fee adjustment")
        verbose_name_plural = _("fee adjustments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_adjustment_amount_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="fee_adjustment_has_reason"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"),
                                   name="fee_adjustment_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.computed_amount} -> {self.amount} {self.currency}"


class ExemptionGround(models.TextChoices):
    """Why a case pays no fee: the grounds payments.fees.EXEMPTION_GROUNDS cites."""

    PROTECTION = "protection", _("Citizen in difficulty receiving citizen protection")
    TRAFFICKING = "trafficking", _("Victim of human trafficking")
    HEAD_DECISION = "head_decision", _("Other case the head of the mission decides to exempt")


class FeeExemption(models.Model):
    """A case exempted from its fee: the legal ground, the reason, who decided (the head of the
    unit, or an officer the head delegated decisions to) and the payment of 0 that stands for
    the fee in the lifecycle (`record_payment`), so the case goes on exactly as if paid."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="exemption")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="fee_exemption")
    ground = models.CharField(_("legal ground"), max_length=20, choices=ExemptionGround.choices)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("fee exemption")
        verbose_name_plural = _("fee exemptions")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="fee_exemption_has_reason"),
            models.CheckConstraint(condition=Q(ground__in=ExemptionGround.values),
                                   name="fee_exemption_ground_known"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.ground}"


class Receipt(models.Model):
    """The numbered electronic receipt of one paid payment (online, counter or transfer): frozen
    when issued, verifiable online through an unguessable token printed as a QR code."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    number = models.CharField(_("receipt number"), max_length=40, unique=True)
    issued_at = models.DateTimeField()
    verification_token = models.CharField(max_length=32, unique=True)
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return self.number


class ReceiptCounter(models.Model):
    """Receipt numbers per unit per year, unique under concurrency (row lock on this counter)."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_receipt_counter")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class Refund(models.Model):
    """Money given back against a paid payment, with the officer's reason. The refunds of a
    payment never add up to more than it (checked under the payment's row lock)."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="refund_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} -{self.amount}"


class StatementOutcome(models.TextChoices):
    MATCHED = "matched", _("Matched: payment recorded")
    UNKNOWN_REFERENCE = "unknown_reference", _("No application found for this reference")
    WRONG_AMOUNT = "wrong_amount", _("Amount or currency differs from the fee due")
    NOT_WAITING = "not_waiting", _("The application is not waiting for a payment")


class StatementLine(models.Model):
    """One line of an imported bank statement, kept once per bank transaction id: importing the
    same statement again records nothing twice."""

    bank_transaction_id = models.CharField(_("bank transaction id"), max_length=60, unique=True)
    booked_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    description = models.TextField(_("reference / description"), blank=True)
    outcome = models.CharField(max_length=20, choices=StatementOutcome.choices)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="statement_line")
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-imported_at", "id"]

    def __str__(self) -> str:
        return f"{self.bank_transaction_id} {self.amount} {self.currency} {self.outcome}"
