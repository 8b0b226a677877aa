"""Property: no path marks a case paid without a valid signed confirmation for the full amount.

Hypothesis tampers with a genuine IPN (a wrong or missing signature, a field changed after
signing, another secret, another merchant, another amount or order, a field left out) and sends
it to the IPN endpoint and to the return URL: the case stays unpaid every time. The genuine
message then pays it, so the property is not true for want of a working path."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chancery.cases.lifecycle import Status
from chancery.cases.models import CaseEvent
from chancery.payments import services
from chancery.payments.models import PaymentStatus
from chancery.procedures.services import load_catalog
from tests.payments.conftest import IPN_PATH, SECRET, TMN_CODE, fee_requested_case
from tests.payments.test_signature import independent_signed_query

FULL = Decimal("30000")
SIGNED_FIELDS = ("vnp_Amount", "vnp_BankCode", "vnp_OrderInfo", "vnp_PayDate", "vnp_ResponseCode",
                 "vnp_TmnCode", "vnp_TransactionNo", "vnp_TransactionStatus", "vnp_TxnRef")


def genuine(reference: str) -> dict[str, str]:
    return {"vnp_Amount": str(int(FULL) * 100), "vnp_BankCode": "NCB", "vnp_OrderInfo": "Le phi ho so",
            "vnp_PayDate": "20261203120000", "vnp_ResponseCode": "00", "vnp_TmnCode": TMN_CODE,
            "vnp_TransactionNo": "14000042", "vnp_TransactionStatus": "00", "vnp_TxnRef": reference}


def signed(params: dict[str, str], secret: str = SECRET) -> str:
    return independent_signed_query(params, secret)


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               min_size=1, max_size=12)


@st.composite
def tampered(draw, reference: str) -> str:
    """A query string that is NOT a valid signed confirmation of `reference` for the full amount."""
    params = genuine(reference)
    kind = draw(st.sampled_from(["hash", "changed_after_signing", "other_secret", "amount", "merchant",
                                 "order", "dropped", "no_hash"]))
    if kind == "hash":
        return signed(params).rsplit("=", 1)[0] + "=" + draw(st.text("0123456789abcdef", min_size=1,
                                                                         max_size=128))
    if kind == "changed_after_signing":
        query = signed(params)
        field = draw(st.sampled_from(SIGNED_FIELDS))
        value = draw(text.filter(lambda v: v != params[field]))
        changed = dict(params, **{field: value})
        return signed(changed).rsplit("&vnp_SecureHash=", 1)[0] + "&vnp_SecureHash=" + query.rsplit("=", 1)[1]
    if kind == "other_secret":
        return signed(params, draw(text.filter(lambda s: s != SECRET)))
    if kind == "amount":
        hundredths = draw(st.integers(min_value=0, max_value=10**12).filter(lambda n: n != int(FULL) * 100))
        return signed(dict(params, vnp_Amount=str(hundredths)))
    if kind == "merchant":
        return signed(dict(params, vnp_TmnCode=draw(text.filter(lambda t: t != TMN_CODE))))
    if kind == "order":
        return signed(dict(params, vnp_TxnRef=draw(text.filter(lambda t: t != reference))))
    if kind == "dropped":
        field = draw(st.sampled_from(["vnp_Amount", "vnp_TxnRef", "vnp_TmnCode"]))
        return signed({k: v for k, v in params.items() if k != field})
    return signed(params).rsplit("&vnp_SecureHash=", 1)[0]


@pytest.fixture
def waiting_payment(db, offline_gateway_settings):
    load_catalog(settings.CATALOG_DIR)
    case, _key = fee_requested_case()
    payment = services.start_payment(case=case, amount=FULL, currency="VND",
                                     return_url="http://testserver/payment/return/")
    return case, payment


def test_no_tampered_confirmation_marks_a_case_paid(waiting_payment):
    case, payment = waiting_payment
    client = Client()

    @hypothesis_settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(query=tampered(payment.reference))
    def never_paid(query: str) -> None:
        answer = client.get(IPN_PATH + "?" + query).json()
        assert answer["RspCode"] in {"01", "04", "97"}, answer
        client.get(reverse("portal:payment_return") + "?" + query)
        case.refresh_from_db()
        payment.refresh_from_db()
        assert case.status == Status.FEE_REQUESTED and case.fee_paid_at is None
        assert payment.status == PaymentStatus.PENDING

    never_paid()
    # Even the genuine message, brought back by the browser, pays nothing ...
    client.get(reverse("portal:payment_return") + "?" + signed(genuine(payment.reference)))
    case.refresh_from_db()
    assert case.status == Status.FEE_REQUESTED
    # ... while the gateway's own notification does, once.
    assert client.get(IPN_PATH + "?" + signed(genuine(payment.reference))).json()["RspCode"] == "00"
    assert client.get(IPN_PATH + "?" + signed(genuine(payment.reference))).json()["RspCode"] == "02"
    case.refresh_from_db()
    assert case.status == Status.FEE_PAID
    assert CaseEvent.objects.filter(case=case, action="record_payment").count() == 1


def test_a_signed_partial_amount_never_pays_even_as_the_only_message(waiting_payment):
    case, payment = waiting_payment
    client = Client()
    for hundredths in (int(FULL) * 100 - 100, int(FULL) * 100 // 2, 1, int(FULL) * 100 + 100):
        query = signed(dict(genuine(payment.reference), vnp_Amount=str(hundredths)))
        assert client.get(IPN_PATH + "?" + query).json()["RspCode"] == "04"
    case.refresh_from_db()
    assert case.status == Status.FEE_REQUESTED
