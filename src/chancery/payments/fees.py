"""The amount a case owes, for now.

PLACEHOLDER until the fee schedule (issue 15, must-have 1) computes the amount from the
application: the amount due is the flat fee of the procedure version the case was filed under.
`services.start_payment` takes the amount as an argument, so the fee schedule replaces this one
function and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chancery.cases.models import Case


@dataclass(frozen=True)
class AmountDue:
    amount: Decimal
    currency: str


def amount_due(case: Case) -> AmountDue | None:
    fee = case.procedure_version.fee
    if not fee or not fee.get("amount"):
        return None
    return AmountDue(Decimal(str(fee["amount"])), str(fee.get("currency", "VND")).upper())
