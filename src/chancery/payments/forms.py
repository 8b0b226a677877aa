"""The officer's forms: a payment at the counter, a refund, a bank statement to import."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.payments.models import PaymentMethod


class CounterPaymentForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Paid by"), widget=forms.RadioSelect,
        choices=[(PaymentMethod.CASH, PaymentMethod.CASH.label),
                 (PaymentMethod.CARD, PaymentMethod.CARD.label)],
        initial=PaymentMethod.CASH,
    )
    amount = forms.DecimalField(label=_("Amount received"), min_value=Decimal("0.01"), max_digits=14,
                                decimal_places=2, localize=False)
    receipt_no = forms.CharField(
        label=_("Number of the receipt handed to the payer"), max_length=40,
        error_messages={"required": _("Enter the number of the receipt handed to the payer.")})


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount to refund"), min_value=Decimal("0.01"), max_digits=14,
                                decimal_places=2, localize=False)
    reason = forms.CharField(label=_("Reason for the refund"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000,
                             error_messages={"required": _("Please give the reason for the refund.")})


class StatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement (CSV)"),
        help_text=_("Columns: date, amount, currency, reference or description, bank transaction id. "
                    "The first line names the columns."),
        error_messages={"required": _("Choose the statement file to import."),
                        "empty": _("The file is empty.")},
    )
