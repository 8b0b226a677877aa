"""Exemption from the fee (Circular 264/2016/TT-BTC as amended): decided by the head of the unit
or a delegated officer, on a legal ground, with a reason; the case then goes on exactly as if paid
(the clock that starts at payment starts), with a paid payment of 0 and no receipt; audited;
shown to the citizen without "Pay now"; counted as exempted, not as unpaid, on the dashboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.audit.models import AuditRecord
from chancery.cases.deadlines import clock_state
from chancery.cases.lifecycle import TRANSITIONS, Status
from chancery.cases.models import Case, CaseEvent
from chancery.organization.models import Role
from chancery.payments import fee_services, fees, services, statements
from chancery.payments.models import ExemptionGround, FeeExemption, Payment, PaymentStatus, Receipt
from chancery.payments.providers.base import GatewayResult
from chancery.payments.selectors import monthly_totals, payment_measures
from chancery.procedures.services import load_catalog
from tests.factories import advance, make_unit, make_user, submit_case
from tests.payments.conftest import fee_requested_case

REASON = "Công dân bị mất giấy tờ, đang được Đại sứ quán bảo hộ."


@pytest.fixture
def waiting(db, offline_gateway_settings):
    load_catalog(settings.CATALOG_DIR)
    case, key = fee_requested_case()
    officer = case.unit.memberships.get(role=Role.OFFICER).user
    head = make_user("head.cd", case.unit, Role.HEAD)
    return case, key, officer, head


def test_every_ground_cites_its_source():
    assert set(fees.EXEMPTION_GROUNDS) == set(ExemptionGround.values)
    assert all("264/2016/TT-BTC" in source for source in fees.EXEMPTION_GROUNDS.values())


@pytest.mark.parametrize("ground", ExemptionGround.values)
def test_the_head_exempts_and_the_case_goes_on_as_if_paid(waiting, ground):
    case, _key, _officer, head = waiting
    assert clock_state(case).state == "not_started"  # consular certification: clock starts at payment
    exemption = fee_services.exempt_fee(case=case, ground=ground, reason=REASON, actor=head)
    case.refresh_from_db()
    assert case.status == Status.FEE_PAID and case.fee_paid_at is not None
    assert case.clock_started_at is not None and clock_state(case).state == "running"
    payment = exemption.payment
    assert (payment.amount, payment.method, payment.status) == (Decimal("0"), "exempt", PaymentStatus.PAID)
    assert payment.recorded_by == head and exemption.ground == ground and exemption.reason == REASON
    assert not Receipt.objects.filter(payment__case=case).exists()  # nothing paid, no receipt
    event = case.events.get(action="record_payment")
    assert event.actor == head and event.internal_note == REASON and event.note == ""
    audit = AuditRecord.objects.get(action="payment.exempted")
    assert audit.data["ground"] == ground and audit.data["reason"] == REASON
    assert audit.data["waived"] == str(fees.amount_due(case).amount if fees.amount_due(case) else "0")
    # The decision needs the fee settled: an exempted case may be approved.
    assert TRANSITIONS["approve"].condition(case) is None


def test_a_delegated_officer_may_exempt_a_plain_officer_may_not(waiting):
    case, _key, officer, _head = waiting
    with pytest.raises(fee_services.FeeForbidden):
        fee_services.exempt_fee(case=case, ground="protection", reason=REASON, actor=officer)
    stranger_head = make_user("head.fr", make_unit("EMB-FR"), Role.HEAD)
    with pytest.raises(fee_services.FeeForbidden):
        fee_services.exempt_fee(case=case, ground="protection", reason=REASON, actor=stranger_head)
    assert not FeeExemption.objects.exists() and not Payment.objects.exists()
    delegated = make_user("deputy.cd", case.unit, Role.OFFICER, may_decide=True)
    fee_services.exempt_fee(case=case, ground="trafficking", reason=REASON, actor=delegated)
    assert Case.objects.get(pk=case.pk).status == Status.FEE_PAID


@pytest.mark.parametrize(("ground", "reason", "error"), [
    ("", REASON, fee_services.FeeError),
    ("friend_of_the_consul", REASON, fee_services.FeeError),
    ("protection", "   ", fee_services.FeeReasonRequired),
    ("protection", "x" * 1001, fee_services.FeeError),
])
def test_an_exemption_needs_a_known_ground_and_a_reason(waiting, ground, reason, error):
    case, _key, _officer, head = waiting
    with pytest.raises(error):
        fee_services.exempt_fee(case=case, ground=ground, reason=reason, actor=head)
    case.refresh_from_db()
    assert case.status == Status.FEE_REQUESTED and not Payment.objects.exists()


def test_only_a_case_waiting_for_its_fee_is_exempted_and_only_once(waiting):
    case, _key, officer, head = waiting
    due = fees.amount_due(case)
    services.record_counter_payment(case=case, method="cash", amount=due.amount, receipt_no="Q1",
                                    actor=officer)
    with pytest.raises(fee_services.FeeNotAdjustable):
        fee_services.exempt_fee(case=case, ground="protection", reason=REASON, actor=head)
    other, _key = submit_case(case.unit, "consular-certification")
    other = advance(other, ["receive", "start_processing"], officer=officer)
    with pytest.raises(fee_services.FeeNotAdjustable):  # the fee is not requested yet
        fee_services.exempt_fee(case=other, ground="protection", reason=REASON, actor=head)
    other = advance(other, ["request_fee"], officer=officer)
    fee_services.exempt_fee(case=other, ground="protection", reason=REASON, actor=head)
    with pytest.raises(fee_services.FeeNotAdjustable):
        fee_services.exempt_fee(case=other, ground="protection", reason=REASON, actor=head)
    assert FeeExemption.objects.filter(case=other).count() == 1


def test_money_arriving_after_an_exemption_is_never_a_second_paid_payment(waiting):
    case, _key, officer, head = waiting
    due = fees.amount_due(case)
    online = services.start_payment(case=case, amount=due.amount, currency=due.currency,
                                    return_url="http://testserver/payment/return/")
    Payment.objects.filter(pk=online.pk).update(expires_at=timezone.now() + timezone.timedelta(minutes=15))
    with pytest.raises(fee_services.FeeNotAdjustable):  # an online attempt may still be paid
        fee_services.exempt_fee(case=case, ground="protection", reason=REASON, actor=head)
    Payment.objects.filter(pk=online.pk).update(status=PaymentStatus.EXPIRED)
    exemption = fee_services.exempt_fee(case=case, ground="protection", reason=REASON, actor=head)
    with pytest.raises(services.PaymentNotPossible):
        services.record_counter_payment(case=case, method="cash", amount=due.amount, receipt_no="Q1",
                                        actor=officer)
    csv = (f"date,amount,currency,description,transaction id\n2026-03-02,{due.amount},{due.currency},"
           f"CK {case.tracking_code},FT1\n").encode()
    report = statements.import_statement(data=csv, actor=officer)
    assert [line.outcome for line in report.unmatched] == ["not_waiting"]
    with pytest.raises(services.PaymentNotPossible):
        services.record_refund(payment=exemption.payment, amount=Decimal("1"), reason="r", actor=officer)
    assert list(Payment.objects.filter(case=case, status=PaymentStatus.PAID)) == [exemption.payment]


def test_a_bare_record_payment_is_still_refused_on_the_case_page(waiting):
    case, _key, _officer, head = waiting
    staff = Client()
    staff.force_login(head)
    answer = staff.post(reverse("cases:action", args=[case.tracking_code, "record_payment"]),
                        {"version": case.version})
    assert answer.status_code == 302 and answer["Location"].endswith(
        reverse("payments_staff:case", args=[case.tracking_code]))
    assert Case.objects.get(pk=case.pk).status == Status.FEE_REQUESTED


def _page(client: Client, url: str) -> str:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_exemption_on_the_staff_page_and_the_citizen_status_page(waiting):
    case, key, officer, head = waiting
    staff = Client()
    staff.force_login(officer)
    page = _page(staff, reverse("cases:detail", args=[case.tracking_code]))
    assert 'data-open="exempt_fee"' not in page  # a plain officer is not offered the form
    staff.force_login(head)
    page = _page(staff, reverse("cases:detail", args=[case.tracking_code]))
    assert 'data-open="exempt_fee"' in page and "264/2016/TT-BTC" in page
    url = reverse("payments:exempt_fee", args=[case.tracking_code])
    refused = staff.post(url, {"ground": "protection", "reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    text = refused.content.decode()
    assert refused.status_code == 422 and 'id="error-exempt-fee"' in text
    assert "Please give the reason for the exemption." in text and 'value="protection" selected' in text
    # The message is beside the reason field (after the ground's list, the reason marked invalid).
    assert text.index('id="fee-exempt-ground"') < text.index('id="error-exempt-fee"') < text.index(
        'id="fee-exempt-reason"')
    assert 'name="reason" rows="2" maxlength="1000" required aria-invalid="true"' in text
    no_ground = staff.post(url, {"ground": "", "reason": REASON}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Choose the legal ground for the exemption." in no_ground and REASON in no_ground
    assert no_ground.index('id="error-exempt-fee"') < no_ground.index('id="fee-exempt-ground"')
    assert not FeeExemption.objects.exists()
    assert staff.post(url, {"ground": "protection", "reason": REASON}).status_code == 302
    page = _page(staff, reverse("cases:detail", args=[case.tracking_code]))
    assert 'id="fee-exemption"' in page and REASON in page and 'data-open="exempt_fee"' not in page
    payments_page = staff.get(reverse("payments_staff:case", args=[case.tracking_code]),
                              HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<strong id="fee-due">Exempted from the fee</strong>' in payments_page and REASON in payments_page
    assert 'data-action="refund"' not in payments_page

    browser = Client()
    browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    status = browser.get(reverse("portal:status", args=[case.tracking_code]), HTTP_ACCEPT_LANGUAGE="en")
    text = status.content.decode()
    assert status.status_code == 200 and 'id="fee-exempted"' in text and "Exempted from the fee" in text
    assert 'id="pay-now"' not in text and 'id="fee-due"' not in text
    assert REASON not in text  # the reason (which may tell why the person is protected) stays inside
    vi = browser.get(reverse("portal:status", args=[case.tracking_code]), HTTP_ACCEPT_LANGUAGE="vi")
    assert "Được miễn phí, lệ phí" in vi.content.decode()


def test_the_dashboard_counts_an_exemption_as_exempted_not_paid_nor_unpaid(waiting):
    case, _key, officer, head = waiting
    other, _key = submit_case(case.unit, "consular-certification")
    other = advance(other, ["receive", "start_processing", "request_fee"], officer=officer)
    due = fees.amount_due(other)
    services.record_counter_payment(case=other, method="cash", amount=due.amount, receipt_no="Q1",
                                    actor=officer)
    fee_services.exempt_fee(case=case, ground="head_decision", reason=REASON, actor=head)
    today = timezone.localdate()
    month = date(today.year, today.month, 1)
    [row] = monthly_totals(month, month)
    assert (row.paid.count, row.paid.amount) == (1, due.amount)
    assert (row.exempted.count, row.exempted.amount) == (1, Decimal("0"))
    assert (row.unpaid.count, row.unpaid.amount) == (0, Decimal("0"))
    measures = payment_measures(month, month, {}, [case.unit])
    assert measures[None].dossiers_paid == 1  # an exemption is not a dossier paid


def test_the_event_timeline_shows_the_payment_step_to_the_citizen(waiting):
    case, _key, _officer, head = waiting
    fee_services.exempt_fee(case=case, ground="protection", reason=REASON, actor=head)
    event = CaseEvent.objects.get(case=case, action="record_payment")
    assert not event.staff_only and event.to_status == Status.FEE_PAID


def test_a_settled_gateway_payment_after_an_exemption_is_flagged_for_refund(waiting):
    case, _key, _officer, head = waiting
    due = fees.amount_due(case)
    online = services.start_payment(case=case, amount=due.amount, currency=due.currency,
                                    return_url="http://testserver/payment/return/")
    Payment.objects.filter(pk=online.pk).update(status=PaymentStatus.EXPIRED)
    fee_services.exempt_fee(case=case, ground="protection", reason=REASON, actor=head)
    Payment.objects.filter(pk=online.pk).update(status=PaymentStatus.PENDING)  # a late confirmation
    services.settle(GatewayResult(verified=True, reference=online.reference, outcome="paid",
                                  amount=due.amount, currency=due.currency, transaction_no="1",
                                  response_code="00"), source="ipn")
    online.refresh_from_db()
    assert online.status == PaymentStatus.REFUND_DUE
    assert Payment.objects.filter(case=case, status=PaymentStatus.PAID).count() == 1
