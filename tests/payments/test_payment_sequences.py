"""Any sequence of online attempts (confirmed, declined, for a wrong amount, twice), payments at
the counter, bank statement lines (full, wrong amount, the same line again), exemptions from the
fee (by the head, or refused to a plain officer) and refunds, on real cases: a case is paid only
with a paid payment for the full amount due, or exempted with one paid payment of 0; never two
paid payments; each paid payment of money has exactly one receipt, an exemption none; refunds
never exceed what was paid."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.organization.models import Role
from chancery.payments import fee_services, fees, services, statements
from chancery.payments.models import FeeExemption, Payment, PaymentMethod, PaymentStatus, Receipt, Refund
from chancery.payments.providers.base import GatewayResult
from chancery.procedures.services import load_catalog
from tests.factories import advance, make_user, submit_case
from tests.payments.conftest import fee_requested_case

RETURN_URL = "http://testserver/payment/return/"


@pytest.mark.django_db(transaction=False)
def test_payment_invariants_hold_whatever_the_sequence(offline_gateway_settings):
    load_catalog(django_settings.CATALOG_DIR)
    first, _key = fee_requested_case()
    unit = first.unit
    officer = unit.memberships.get(role=Role.OFFICER).user
    head = make_user("head.cd", unit, Role.HEAD)
    line_ids = iter(range(1, 10**9))

    class Payments(RuleBasedStateMachine):
        @initialize()
        def new_case(self) -> None:
            case, _key = submit_case(unit, "consular-certification")
            self.case = advance(case, ["receive", "start_processing", "request_fee"], officer=officer)
            due = fees.amount_due(self.case)
            assert due is not None
            self.due = due
            self.references: list[str] = []
            self.lines: list[str] = []

        @rule()
        def start_online(self) -> None:
            try:
                payment = services.start_payment(case=self.case, amount=self.due.amount,
                                                  currency=self.due.currency, return_url=RETURN_URL)
            except services.PaymentError:
                return
            self.references.append(payment.reference)

        @rule(data=st.data(), outcome=st.sampled_from(["paid", "failed"]),
              wrong=st.sampled_from([Decimal("0"), Decimal("0"), Decimal("-1"), Decimal("1")]))
        def gateway_confirms(self, data: st.DataObject, outcome: str, wrong: Decimal) -> None:
            if not self.references:
                return
            reference = data.draw(st.sampled_from(self.references))  # the same one again: a duplicate
            services.settle(GatewayResult(
                verified=True, reference=reference, outcome=outcome, amount=self.due.amount + wrong,
                currency=self.due.currency, transaction_no="14000042", response_code="00"), source="ipn")

        @rule(method=st.sampled_from(["cash", "card"]), wrong=st.sampled_from([Decimal("0"), Decimal("5")]))
        def at_the_counter(self, method: str, wrong: Decimal) -> None:
            with contextlib.suppress(services.PaymentError):
                services.record_counter_payment(case=self.case, method=method, amount=self.due.amount + wrong,
                                                receipt_no="Q-1", actor=officer)

        @rule(data=st.data(), wrong=st.sampled_from([Decimal("0"), Decimal("1000")]),
              again=st.booleans())
        def bank_line(self, data: st.DataObject, wrong: Decimal, again: bool) -> None:
            if again and self.lines:
                line_id = data.draw(st.sampled_from(self.lines))
            else:
                line_id = f"FT{next(line_ids)}"
                self.lines.append(line_id)
            csv = (f"date,amount,currency,description,transaction id\n"
                   f"2026-03-02,{self.due.amount + wrong},{self.due.currency},"
                   f"CK {self.case.tracking_code},{line_id}\n").encode()
            report = statements.import_statement(data=csv, actor=officer)
            assert report.total == 1

        @rule(by_head=st.booleans(), reason=st.sampled_from(["", "Victim of trafficking, protected"]))
        def exempt(self, by_head: bool, reason: str) -> None:
            with contextlib.suppress(fee_services.FeeError):
                fee_services.exempt_fee(case=self.case, ground="trafficking", reason=reason,
                                        actor=head if by_head else officer)

        @rule(data=st.data(), reason=st.sampled_from(["", "Refused before processing"]))
        def refund(self, data: st.DataObject, reason: str) -> None:
            paid = list(Payment.objects.filter(case=self.case,
                                               status__in=[PaymentStatus.PAID, PaymentStatus.REFUND_DUE]))
            if not paid:
                return
            amount = data.draw(st.sampled_from([Decimal("1"), self.due.amount / 2, self.due.amount,
                                                self.due.amount + 1]))
            with contextlib.suppress(services.PaymentError):
                services.record_refund(payment=paid[0], amount=amount, reason=reason, actor=officer)

        @invariant()
        def paid_only_with_one_full_payment(self) -> None:
            case = Case.objects.get(pk=self.case.pk)
            paid = list(Payment.objects.filter(case=case, status=PaymentStatus.PAID))
            assert len(paid) <= 1
            if case.status == Status.FEE_PAID:
                assert case.fee_paid_at is not None
                assert len(paid) == 1
                if paid[0].method == PaymentMethod.EXEMPT:  # by the head, with a reason
                    exemption = FeeExemption.objects.get(case=case)
                    assert exemption.payment == paid[0] and exemption.by == head and exemption.reason
                    assert (paid[0].amount, paid[0].currency) == (0, self.due.currency)
                else:
                    assert (paid[0].amount, paid[0].currency) == (self.due.amount, self.due.currency)
            else:
                assert case.status == Status.FEE_REQUESTED and not paid
            assert case.events.filter(action="record_payment").count() == len(paid)

        @invariant()
        def one_receipt_per_paid_payment(self) -> None:
            payments = Payment.objects.filter(case_id=self.case.pk)
            receipts = Receipt.objects.filter(payment__case_id=self.case.pk)
            assert receipts.count() == payments.filter(status=PaymentStatus.PAID).exclude(
                method=PaymentMethod.EXEMPT).count()
            assert not receipts.filter(payment__method=PaymentMethod.EXEMPT).exists()
            assert not receipts.exclude(payment__status=PaymentStatus.PAID).exists()

        @invariant()
        def refunds_never_exceed_what_was_paid(self) -> None:
            for payment in Payment.objects.filter(case_id=self.case.pk):
                refunded = sum((r.amount for r in Refund.objects.filter(payment=payment)), Decimal("0"))
                refundable = payment.status in (PaymentStatus.PAID, PaymentStatus.REFUND_DUE)
                assert refunded <= (payment.amount if refundable else 0)
                assert not Refund.objects.filter(payment=payment, reason="").exists()

    run_state_machine_as_test(Payments, settings=settings(max_examples=20, stateful_step_count=10,
                                                           deadline=None))
