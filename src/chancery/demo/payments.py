"""Demo payments: a case the demo moves past "fee requested" pays its fee through the payments
services, as a real one does: cash or card at the counter (with the counter's receipt number),
a bank transfer from an imported statement line, or, now and then, an exemption decided by the
head of the unit. So each such case has one paid payment, its numbered receipt (none for an
exemption, which pays nothing), the lifecycle's `record_payment`, and the dashboard's fee totals
match the cases."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from chancery.cases.models import Case
from chancery.organization.models import Unit
from chancery.payments import fee_services, fees, services, statements
from chancery.payments.models import ExemptionGround

# The ways the demo's fees are settled, in turn.
WAYS = ("cash", "transfer", "card", "cash", "exempt")


def settle_fee(case: Case, *, unit: Unit, turn: int) -> bool:
    """Settle the fee of a case waiting for it, the `turn`-th way of WAYS. False when there is
    nothing that could be paid (no amount due): the case then stays waiting."""
    users = get_user_model().objects
    officer = users.get(username=f"{unit.code.lower()}.officer")
    way = WAYS[turn % len(WAYS)]
    due = fees.amount_due(case)
    if due is None:
        return False
    if way == "exempt":
        head = users.get(username=f"{unit.code.lower()}.head")
        fee_services.exempt_fee(
            case=case, ground=ExemptionGround.PROTECTION, actor=head,
            reason="Demo: công dân bị mất toàn bộ giấy tờ, đang được cơ quan đại diện bảo hộ.")
    elif way == "transfer":
        line = (f"date,amount,currency,description,transaction id\n"
                f"{timezone.now().date().isoformat()},{due.amount},{due.currency},"
                f"CK {fees.transfer_reference(case)} le phi,DEMO-FT-{case.tracking_code}\n")
        statements.import_statement(data=line.encode(), actor=officer)
    else:
        services.record_counter_payment(case=case, method=way, amount=due.amount,
                                        receipt_no=f"DEMO-{turn + 1:05d}", actor=officer)
    case.refresh_from_db()
    return case.fee_paid_at is not None
