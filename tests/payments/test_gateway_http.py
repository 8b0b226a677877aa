"""The whole payment path over HTTP: Chancery on pytest-django's live server, the sandbox gateway
in its own process sending IPNs to it. Only a verified confirmation for the full amount marks a
case paid, once."""

from __future__ import annotations

import re
import time
import urllib.parse
import urllib.request

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from chancery.cases.lifecycle import Status
from chancery.cases.models import CaseEvent
from chancery.payments import services
from chancery.payments.models import Payment, PaymentStatus
from tests.payments.conftest import FEE, IPN_PATH, SECRET, TMN_CODE, open_no_redirect
from tests.payments.test_signature import independent_signed_query

pytestmark = pytest.mark.usefixtures("gateway_settings")


def start(case, live_server) -> Payment:
    return services.start_payment(
        case=case, amount=FEE, currency="VND", client_ip="203.0.113.9",
        return_url=live_server.url + reverse("portal:payment_return"),
    )


def pay_in_sandbox(sandbox, payment: Payment, *, decision: str = "pay", mode: str = "normal") -> str:
    """The citizen opens the gateway's page and pays (or cancels); returns where the gateway
    sends the browser back to."""
    status, _headers, page = open_no_redirect(payment.pay_url + f"&sandbox_mode={mode}")
    assert status == 200, page
    assert "50,000 VND" in page and payment.reference in page
    status, headers, body = open_no_redirect(sandbox.url + "/paymentv2/decide", {
        "ref": payment.reference, "decision": decision, "mode": mode, "bank": "NCB"})
    assert status == 302, body
    return headers["Location"]


def return_page(location: str) -> tuple[int, str]:
    status, _headers, page = open_no_redirect(location)
    state = re.search(r'data-state="(\w+)"', page)
    return status, state.group(1) if state else page


def payment_events(case) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case, action="record_payment"))


def answers(sandbox, payment: Payment) -> list[str]:
    log = sandbox.log(payment.reference)
    return [entry.get("answer", {}).get("RspCode", entry.get("error")) for entry in log]


def test_paid_with_the_ipn_before_the_return(fee_case, live_server, sandbox):
    case, _key = fee_case
    payment = start(case, live_server)
    location = pay_in_sandbox(sandbox, payment)
    assert location.startswith(live_server.url + reverse("portal:payment_return"))
    # The gateway's IPN reached Chancery before the browser comes back.
    assert answers(sandbox, payment) == ["00"]
    payment.refresh_from_db()
    case.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.gateway_transaction_no and payment.paid_at
    assert payment.bank_code == "NCB" and payment.last_response["vnp_ResponseCode"] == "00"
    assert case.status == Status.FEE_PAID and case.fee_paid_at is not None
    [event] = payment_events(case)
    assert event.actor_id is None and event.actor_label == "system"
    assert return_page(location) == (200, "paid")


def test_declined(fee_case, live_server, sandbox):
    case, _key = fee_case
    payment = start(case, live_server)
    location = pay_in_sandbox(sandbox, payment, decision="decline")
    assert answers(sandbox, payment) == ["00"]  # the gateway's news was received
    payment.refresh_from_db()
    case.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED and payment.response_code == "24"
    assert case.status == Status.FEE_REQUESTED and not payment_events(case)
    assert return_page(location) == (200, "declined")
    # The citizen may try again: a new order, paid this time.
    again = start(case, live_server)
    assert again.reference != payment.reference
    pay_in_sandbox(sandbox, again)
    case.refresh_from_db()
    assert case.status == Status.FEE_PAID and len(payment_events(case)) == 1


def test_ipn_after_the_return(fee_case, live_server, sandbox):
    case, _key = fee_case
    payment = start(case, live_server)
    location = pay_in_sandbox(sandbox, payment, mode="late")
    # Back before the gateway told Chancery: the page says "being confirmed", nothing is paid.
    assert return_page(location) == (200, "pending")
    case.refresh_from_db()
    assert case.status == Status.FEE_REQUESTED and not payment_events(case)
    assert [e["answer"]["RspCode"] for e in sandbox.wait_for_ipns(payment.reference, 1)] == ["00"]
    case.refresh_from_db()
    assert case.status == Status.FEE_PAID and len(payment_events(case)) == 1
    assert return_page(location) == (200, "paid")


def test_duplicate_ipn_is_answered_02_and_pays_once(fee_case, live_server, sandbox):
    case, _key = fee_case
    payment = start(case, live_server)
    pay_in_sandbox(sandbox, payment, mode="twice")
    assert answers(sandbox, payment) == ["00", "02"]
    case.refresh_from_db()
    assert case.status == Status.FEE_PAID and len(payment_events(case)) == 1


def test_forged_signature_is_refused_97(fee_case, live_server, sandbox):
    case, _key = fee_case
    payment = start(case, live_server)
    location = pay_in_sandbox(sandbox, payment, mode="bad_signature")
    assert answers(sandbox, payment) == ["97"]
    payment.refresh_from_db()
    case.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and case.status == Status.FEE_REQUESTED
    assert return_page(location) == (200, "pending")


def test_tampered_amount_is_refused_04(fee_case, live_server, sandbox):
    case, _key = fee_case
    payment = start(case, live_server)
    pay_in_sandbox(sandbox, payment, mode="wrong_amount")
    assert answers(sandbox, payment) == ["04"]
    payment.refresh_from_db()
    case.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and case.status == Status.FEE_REQUESTED
    assert not payment_events(case)


def test_unknown_order_is_answered_01(fee_case, live_server, sandbox):
    case, _key = fee_case
    params = {"vnp_TmnCode": TMN_CODE, "vnp_Amount": "5000000", "vnp_TxnRef": "NOSUCHORDER123",
              "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00", "vnp_TransactionNo": "99",
              "vnp_PayDate": "20261203120000", "vnp_BankCode": "NCB"}
    status, _headers, body = open_no_redirect(
        live_server.url + IPN_PATH + "?" + independent_signed_query(params, SECRET))
    assert status == 200 and '"RspCode": "01"' in body
    case.refresh_from_db()
    assert case.status == Status.FEE_REQUESTED


def test_a_forged_return_changes_nothing_and_says_so(fee_case, live_server, sandbox):
    case, _key = fee_case
    payment = start(case, live_server)
    params = {"vnp_TmnCode": TMN_CODE, "vnp_Amount": str(int(FEE) * 100), "vnp_TxnRef": payment.reference,
              "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00", "vnp_TransactionNo": "99"}
    forged = independent_signed_query(params, "not-the-secret")
    status, state = return_page(live_server.url + reverse("portal:payment_return") + "?" + forged)
    assert (status, state) == (200, "invalid")
    # A correctly signed "paid" return still marks nothing: only the IPN or a query does.
    genuine = independent_signed_query(params, SECRET)
    assert return_page(live_server.url + reverse("portal:payment_return") + "?" + genuine) == (200, "pending")
    payment.refresh_from_db()
    case.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and case.status == Status.FEE_REQUESTED


def test_lost_ipn_is_settled_by_reconciliation(fee_case, live_server, sandbox, capsys):
    case, _key = fee_case
    payment = start(case, live_server)
    location = pay_in_sandbox(sandbox, payment, mode="none")
    time.sleep(0.3)
    assert sandbox.log(payment.reference) == []
    assert return_page(location) == (200, "pending")
    call_command("payments", "reconcile", "--older-than", "5")  # too recent: not asked yet
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    call_command("payments", "reconcile", "--older-than", "0")
    assert f"{payment.reference} {case.tracking_code}" in capsys.readouterr().out
    payment.refresh_from_db()
    case.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.last_response["vnp_ResponseCode"] == "00"
    assert case.status == Status.FEE_PAID and len(payment_events(case)) == 1
    call_command("payments", "reconcile", "--older-than", "0")  # nothing left waiting
    assert "0 payment(s) checked" in capsys.readouterr().out


def test_reconciliation_expires_an_order_never_paid(fee_case, live_server, sandbox):
    from datetime import timedelta

    from django.utils import timezone

    case, _key = fee_case
    payment = start(case, live_server)
    services.reconcile(older_than=timedelta(0))  # the gateway has no such transaction yet (91)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    services.reconcile(older_than=timedelta(0), now=timezone.now() + timedelta(hours=1))
    payment.refresh_from_db()
    case.refresh_from_db()
    assert payment.status == PaymentStatus.EXPIRED and case.status == Status.FEE_REQUESTED


def test_the_citizen_pays_from_the_status_page(fee_case, live_server, sandbox):
    """Through the portal: the status page offers the catalogue's fee, the pay page's POST sends
    the browser to the gateway with a signed order for that amount."""
    case, key = fee_case
    browser = Client()
    browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    page = browser.get(reverse("portal:status", args=[case.tracking_code]), HTTP_ACCEPT_LANGUAGE="en")
    assert b'id="pay-now"' in page.content
    pay_page = browser.get(reverse("portal:pay", args=[case.tracking_code]))
    assert pay_page.status_code == 200
    assert urllib.parse.urlsplit(sandbox.url).netloc in pay_page["Content-Security-Policy"]
    response = browser.post(reverse("portal:pay", args=[case.tracking_code]))
    assert response.status_code == 302 and response["Location"].startswith(sandbox.url)
    payment = Payment.objects.get(case=case)
    assert payment.amount == case.procedure_version.fee_amount and payment.currency == "VND"
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(response["Location"]).query))
    assert query["vnp_Amount"] == str(int(payment.amount) * 100) and query["vnp_TxnRef"] == payment.reference
    # "Pay now" again while the order is open: the same order, not a second one.
    assert browser.post(reverse("portal:pay", args=[case.tracking_code]))["Location"] == response["Location"]
    assert Payment.objects.filter(case=case).count() == 1
    # Another browser, without the key, cannot start a payment.
    assert Client().post(reverse("portal:pay", args=[case.tracking_code])).status_code == 404
