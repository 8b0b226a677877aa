"""A payment of a case's fee through an online gateway (VNPAY first).

One row per attempt: the citizen may start again after a declined or expired attempt, but a case
has at most one attempt waiting for the gateway and at most one paid (database constraints)."""

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


class Payment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="payments")
    # The order id sent to the gateway (vnp_TxnRef): unique for ever, not only for the day.
    reference = models.CharField(_("payment reference"), max_length=40, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    provider = models.CharField(_("payment gateway"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
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
    expires_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=PaymentStatus.values), name="payment_status_known"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="payment_currency_iso"),
            models.CheckConstraint(
                condition=~Q(status=PaymentStatus.PAID)
                | (Q(paid_at__isnull=False) & ~Q(gateway_transaction_no="")),
                name="payment_paid_has_time_and_transaction",
            ),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")),
                                   name="payment_expires_after_creation"),
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
