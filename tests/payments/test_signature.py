"""The signature against a known vector, computed from VNPAY's documented algorithm and checked
with an independent implementation written here with urllib and hmac only."""

from __future__ import annotations

import hashlib
import hmac
import urllib.parse
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from chancery.payments.providers import vnpay
from chancery.payments.providers.base import PaymentOrder


def independent_signed_query(params: dict[str, str], secret: str) -> str:
    """VNPAY's algorithm, written again: vnp_* fields with a value, sorted by name, each
    name=value form-encoded (spaces as +), joined by &, HMAC-SHA512 in lowercase hex."""
    pairs = sorted((k, v) for k, v in params.items() if k.startswith("vnp_") and v != "")
    data = "&".join(urllib.parse.quote_plus(k) + "=" + urllib.parse.quote_plus(v) for k, v in pairs)
    mac = hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()
    return f"{data}&vnp_SecureHash={mac}"


# A payment URL's parameters and the signature computed with the documented algorithm
# (`printf %s "$DATA" | openssl dgst -sha512 -hmac SECRETKEY`).
VECTOR_SECRET = "SECRETKEY0123456789ABCDEFGHIJKLM"
VECTOR_PARAMS = {
    "vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": "DEMOV210", "vnp_Amount": "1806000",
    "vnp_CurrCode": "VND", "vnp_TxnRef": "5", "vnp_OrderInfo": "Thanh toan don hang :5",
    "vnp_OrderType": "other", "vnp_Locale": "vn", "vnp_ReturnUrl": "https://domainmerchant.vn/ReturnUrl",
    "vnp_IpAddr": "127.0.0.1", "vnp_CreateDate": "20210801153333",
}
VECTOR_DATA = (
    "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND"
    "&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5"
    "&vnp_Version=2.1.0"
)
VECTOR_HASH = (
    "2c7d9d5725f4af3900451b201be533b69eb16fb91e00b7eb1d8161c046aab28a"
    "1f1bd9539d6c43a3d69fb1e894ea25ec170357c7a16844048f2dccfe4e6e642d"
)


def test_hash_data_is_the_documented_string():
    assert vnpay.hash_data(VECTOR_PARAMS) == VECTOR_DATA


def test_known_vector():
    assert vnpay.sign(VECTOR_PARAMS, VECTOR_SECRET) == VECTOR_HASH
    expected = f"{VECTOR_DATA}&vnp_SecureHash={VECTOR_HASH}"
    assert independent_signed_query(VECTOR_PARAMS, VECTOR_SECRET) == expected


def test_signature_checks_and_ignores_the_hash_fields_and_other_parameters():
    key = VECTOR_SECRET
    signed = dict(urllib.parse.parse_qsl(independent_signed_query(VECTOR_PARAMS, key)))
    assert vnpay.signature_matches(signed, key)
    assert vnpay.signature_matches({**signed, "vnp_SecureHashType": "HmacSHA512", "other": "x"}, key)
    assert vnpay.signature_matches({**signed, "vnp_SecureHash": signed["vnp_SecureHash"].upper()}, key)
    assert not vnpay.signature_matches({**signed, "vnp_Amount": "1806100"}, key)
    assert not vnpay.signature_matches(signed, key + "x")
    assert not vnpay.signature_matches({k: v for k, v in signed.items() if k != "vnp_SecureHash"}, key)


@pytest.mark.parametrize("text", ["Le phi ho so K7QM-4XTR-9PB", "a+b&c=d/é ~*'()", "100% sure"])
def test_payment_url_is_signed_as_the_independent_implementation_signs(settings, text):
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = "TESTCHAN", "s3cret"
    settings.VNPAY_PAY_URL = "https://gateway.example/paymentv2/vpcpay.html"
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    url = vnpay.VnpayProvider().build_payment_url(PaymentOrder(
        reference="K7QM4XTR9PBA1B2C3D4", amount=Decimal("30000"), currency="VND", description=text,
        return_url="https://chancery.example/payment/return/?x=1", client_ip="203.0.113.9",
        created_at=datetime(2026, 12, 3, 19, 0, tzinfo=tz),
        expires_at=datetime(2026, 12, 3, 19, 15, tzinfo=tz),
    ))
    base, query = url.split("?", 1)
    assert base == settings.VNPAY_PAY_URL
    params = dict(urllib.parse.parse_qsl(query))
    assert params["vnp_Amount"] == "3000000" and params["vnp_CreateDate"] == "20261203190000"
    assert params["vnp_ExpireDate"] == "20261203191500" and params["vnp_OrderInfo"] == text
    unsigned = {k: v for k, v in params.items() if k != "vnp_SecureHash"}
    assert query == independent_signed_query(unsigned, "s3cret")


def test_amounts_are_whole_dong_times_100():
    assert vnpay.to_gateway_amount(Decimal("30000")) == "3000000"
    assert vnpay.from_gateway_amount("3000000") == Decimal("30000")
    for bad in (Decimal("0"), Decimal("-5"), Decimal("10.5")):
        with pytest.raises(ValueError):
            vnpay.to_gateway_amount(bad)
    assert vnpay.from_gateway_amount("abc") is None and vnpay.from_gateway_amount("3000000.5") is None
