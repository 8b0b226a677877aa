"""Payments at the counter and by bank transfer, receipts and refunds (issue 15, must-haves 5, 6)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from chancery.audit.models import AuditRecord
from chancery.cases.lifecycle import Status
from chancery.organization.models import Role
from chancery.payments import fees, services, statements
from chancery.payments.models import Payment, PaymentStatus, Receipt, Refund, StatementLine, StatementOutcome
from chancery.procedures.services import load_catalog
from tests.factories import make_user
from tests.payments.conftest import fee_requested_case


@pytest.fixture
def paying(db, offline_gateway_settings):
    load_catalog(settings.CATALOG_DIR)
    case, _key = fee_requested_case()
    officer = case.unit.memberships.get(role=Role.OFFICER).user
    return case, officer


def _due(case):
    due = fees.amount_due(case)
    assert due is not None
    return due


def test_a_counter_payment_marks_the_case_paid_once_with_exactly_one_receipt(paying):
    case, officer = paying
    due = _due(case)
    payment = services.record_counter_payment(case=case, method="cash", amount=due.amount,
                                              receipt_no="QUAY-0001", actor=officer)
    case.refresh_from_db()
    assert case.status == Status.FEE_PAID and case.fee_paid_at is not None
    assert payment.status == PaymentStatus.PAID and payment.method == "cash"
    assert Receipt.objects.filter(payment__case=case).count() == 1
    assert AuditRecord.objects.filter(action="payment.paid", object_id=str(payment.pk)).exists()
    assert case.events.filter(action="record_payment").count() == 1
    with pytest.raises(services.PaymentNotPossible):
        services.record_counter_payment(case=case, method="card", amount=due.amount,
                                        receipt_no="QUAY-0002", actor=officer)
    assert Payment.objects.filter(case=case, status=PaymentStatus.PAID).count() == 1
    assert Receipt.objects.filter(payment__case=case).count() == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"amount": Decimal("1")}, "amount"),
    ({"receipt_no": "  "}, "receipt_no"),
    ({"method": "online"}, "method"),
    ({"method": "transfer"}, "method"),
])
def test_a_counter_payment_refuses_bad_input_and_records_nothing(paying, change, field):
    case, officer = paying
    args = {"case": case, "method": "card", "amount": _due(case).amount, "receipt_no": "R1",
            "actor": officer, **change}
    with pytest.raises(services.PaymentInvalid) as caught:
        services.record_counter_payment(**args)
    assert caught.value.field == field
    case.refresh_from_db()
    assert case.status == Status.FEE_REQUESTED
    assert not Payment.objects.filter(case=case).exists()


def test_only_the_offices_officers_record_a_counter_payment(paying):
    case, _officer = paying
    stranger = make_user("officer.other", role=None)
    with pytest.raises(services.PaymentForbidden):
        services.record_counter_payment(case=case, method="cash", amount=_due(case).amount,
                                        receipt_no="R1", actor=stranger)


def test_refunds_need_a_reason_and_never_exceed_the_payment(paying):
    case, officer = paying
    payment = services.record_counter_payment(case=case, method="cash", amount=_due(case).amount,
                                              receipt_no="R1", actor=officer)
    with pytest.raises(services.PaymentInvalid) as caught:
        services.record_refund(payment=payment, amount=Decimal("1"), reason="  ", actor=officer)
    assert caught.value.field == "reason"
    with pytest.raises(services.PaymentInvalid):
        services.record_refund(payment=payment, amount=payment.amount + 1, reason="x", actor=officer)
    half = (payment.amount / 2).quantize(Decimal("0.01"))
    services.record_refund(payment=payment, amount=half, reason="Refused before processing", actor=officer)
    with pytest.raises(services.PaymentInvalid):
        services.record_refund(payment=payment, amount=payment.amount - half + Decimal("0.01"),
                               reason="x", actor=officer)
    services.record_refund(payment=payment, amount=payment.amount - half, reason="The rest", actor=officer)
    assert sum(r.amount for r in Refund.objects.filter(payment=payment)) == payment.amount
    assert AuditRecord.objects.filter(action="payment.refunded", object_id=str(payment.pk)).count() == 2
    with pytest.raises(services.PaymentInvalid):
        services.record_refund(payment=payment, amount=Decimal("0.01"), reason="x", actor=officer)


HEADER = "date,amount,currency,description,transaction id"


def _csv(rows: list[tuple[str, str, str, str, str]], header: str = HEADER) -> bytes:
    lines = [header] + [",".join(f'"{cell}"' for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def test_bank_statement_import_matches_lists_and_is_idempotent(paying):
    case, officer = paying
    due = _due(case)
    other, _key = fee_requested_case_in(case.unit)
    amount = f"{due.amount:,.0f}"  # "30,000": a thousands separator
    data = _csv([
        ("2026-03-02", amount, due.currency,
         f"CK LE PHI {case.tracking_code.replace('-', ' ')} NGUYEN VAN AN", "FT001"),
        ("02/03/2026", str(due.amount + 1), due.currency, f"phi {other.tracking_code}", "FT002"),
        ("2026-03-02", amount, due.currency, "CHUYEN TIEN KHONG RO NOI DUNG", "FT003"),
        ("2026-03-02", "abc", due.currency, "x", "FT004"),
    ])
    report = statements.import_statement(data=data, actor=officer)
    assert [line.bank_transaction_id for line in report.matched] == ["FT001"]
    assert {line.bank_transaction_id: line.outcome for line in report.unmatched} == {
        "FT002": StatementOutcome.WRONG_AMOUNT, "FT003": StatementOutcome.UNKNOWN_REFERENCE}
    assert [line for line, _problem in report.invalid] == [5]
    case.refresh_from_db()
    other.refresh_from_db()
    assert case.status == Status.FEE_PAID and other.status == Status.FEE_REQUESTED
    payment = Payment.objects.get(case=case)
    assert payment.method == "transfer" and payment.bank_transaction_id == "FT001"
    assert Receipt.objects.filter(payment=payment).count() == 1
    # The same statement again: nothing recorded twice, every line listed as imported before.
    again = statements.import_statement(data=data, actor=officer)
    assert not again.matched and not again.unmatched
    assert sorted(line.bank_transaction_id for line in again.duplicates) == ["FT001", "FT002", "FT003"]
    assert Payment.objects.filter(case__in=[case, other]).count() == 1
    assert StatementLine.objects.count() == 3


def test_a_transfer_for_a_case_already_paid_is_not_waiting(paying):
    case, officer = paying
    due = _due(case)
    services.record_counter_payment(case=case, method="cash", amount=due.amount, receipt_no="R",
                                    actor=officer)
    report = statements.import_statement(
        data=_csv([("2026-03-02", str(due.amount), due.currency, case.tracking_code, "FT9")]), actor=officer)
    assert [line.outcome for line in report.unmatched] == [StatementOutcome.NOT_WAITING]
    assert Payment.objects.filter(case=case).count() == 1


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (b"when,how much\n2026-01-01,5\n", "Missing"),
])
def test_a_bad_statement_file_gives_a_clear_message(paying, data, words):
    _case, officer = paying
    with pytest.raises(statements.StatementError) as caught:
        statements.import_statement(data=data, actor=officer)
    assert words in caught.value.message
    assert not StatementLine.objects.exists()


def test_amounts_are_read_the_ways_banks_write_them():
    for text, value in [("1500000", "1500000"), ("1,500,000", "1500000"), ("1.500.000", "1500000"),
                        ("1 500 000,50", "1500000.50"), ("70.00", "70.00"), ("30.000 VND", "30000")]:
        assert statements.parse_amount(text) == Decimal(value)


def fee_requested_case_in(unit):
    from tests.factories import advance, submit_case

    officer = unit.memberships.get(role=Role.OFFICER).user
    case, key = submit_case(unit, "consular-certification")
    return advance(case, ["receive", "start_processing", "request_fee"], officer=officer), key


# ---- Over HTTP: the officer's pages, the receipt PDF and its verification ----------------------


def _signed_in(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def test_the_officer_records_a_counter_payment_and_a_refund_over_http(paying):
    case, officer = paying
    client = _signed_in(officer)
    page = client.get(reverse("payments_staff:case", args=[case.tracking_code]))
    assert page.status_code == 200 and b"counter-payment" in page.content
    bad = client.post(reverse("payments_staff:counter", args=[case.tracking_code]),
                      {"method": "cash", "amount": "1", "receipt_no": "R-77"})
    assert bad.status_code == 400 and "The amount must be the full fee due" in bad.content.decode()
    ok = client.post(reverse("payments_staff:counter", args=[case.tracking_code]),
                     {"method": "cash", "amount": str(_due(case).amount), "receipt_no": "R-77"})
    assert ok.status_code == 302
    receipt = Receipt.objects.get(payment__case=case)
    pdf = client.get(reverse("payments_staff:receipt_pdf", args=[case.tracking_code, receipt.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    no_reason = client.post(reverse("payments_staff:refund", args=[case.tracking_code, receipt.payment.pk]),
                            {"amount": "1", "reason": ""})
    assert no_reason.status_code == 400
    assert "Please give the reason for the refund." in no_reason.content.decode()
    client.post(reverse("payments_staff:refund", args=[case.tracking_code, receipt.payment.pk]),
                {"amount": "1000", "reason": "Partly refused"})
    verify = Client().get(reverse("payments:verify_receipt", args=[receipt.verification_token]))
    assert verify.status_code == 200 and receipt.number in verify.content.decode()
    assert case.applicant_name not in verify.content.decode()
    assert "1,000" in verify.content.decode() or "1.000" in verify.content.decode()
    assert Client().get(reverse("payments:verify_receipt", args=["forged"])).status_code == 404


def test_the_case_page_sends_the_officer_to_the_payments_page(paying):
    case, officer = paying
    client = _signed_in(officer)
    response = client.post(reverse("cases:action", args=[case.tracking_code, "record_payment"]),
                           {"version": case.version, "reason": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("payments_staff:case", args=[case.tracking_code])
    case.refresh_from_db()
    assert case.status == Status.FEE_REQUESTED


def test_the_statement_page_reports_a_bad_file_next_to_the_field(paying):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _case, officer = paying
    client = _signed_in(officer)
    response = client.post(reverse("payments_staff:statement"),
                           {"statement": SimpleUploadedFile("s.csv", b"a,b\n1,2\n", content_type="text/csv")})
    assert response.status_code == 400 and "Missing" in response.content.decode()


def test_the_citizen_sees_the_receipt_and_the_refund_on_the_status_page(db, offline_gateway_settings):
    load_catalog(settings.CATALOG_DIR)
    case, key = fee_requested_case()
    officer = case.unit.memberships.get(role=Role.OFFICER).user
    payment = services.record_counter_payment(case=case, method="card", amount=_due(case).amount,
                                              receipt_no="R-9", actor=officer)
    services.record_refund(payment=payment, amount=Decimal("1000"), reason="Refused in part", actor=officer)
    citizen = Client()
    citizen.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    citizen.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    page = citizen.get(reverse("portal:status", args=[case.tracking_code])).content.decode()
    receipt = payment.receipt
    assert receipt.number in page and "Refused in part" in page
    pdf = citizen.get(reverse("portal:receipt_pdf", args=[case.tracking_code, receipt.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Another browser, without the access key, gets nothing.
    stranger = Client().get(reverse("portal:receipt_pdf", args=[case.tracking_code, receipt.pk]))
    assert stranger.status_code in (302, 403, 404)


def test_money_the_gateway_takes_after_a_counter_payment_is_to_be_refunded_not_paid_twice(paying):
    """A race the services otherwise refuse: the citizen pays online while the officer records
    cash. The gateway's confirmation then never makes a second paid payment."""
    from django.utils import timezone

    from chancery.payments.providers.base import GatewayResult

    case, officer = paying
    due = _due(case)
    online = services.start_payment(case=case, amount=due.amount, currency=due.currency,
                                    return_url="http://testserver/payment/return/")
    now = timezone.now()
    Payment.objects.create(case=case, reference="CASH1", amount=due.amount, currency=due.currency,
                           provider="cash", method="cash", status="paid", paid_at=now, created_at=now,
                           counter_receipt_no="Q")
    services.settle(GatewayResult(verified=True, reference=online.reference, outcome="paid",
                                  amount=due.amount, currency=due.currency, transaction_no="T9"),
                    source="ipn")
    online.refresh_from_db()
    assert online.status == PaymentStatus.REFUND_DUE
    assert Payment.objects.filter(case=case, status=PaymentStatus.PAID).count() == 1
    assert AuditRecord.objects.filter(action="payment.paid_twice", object_id=str(online.pk)).exists()
    services.record_refund(payment=online, amount=due.amount, reason="Paid twice", actor=officer)
