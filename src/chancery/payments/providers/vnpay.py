"""VNPAY, the payment gateway of Vietnamese public services: payment URL API 2.1.0.

Protocol (VNPAY's integration guide, sandbox.vnpayment.vn/apis/docs):
- Payment URL: GET to the gateway with vnp_Version=2.1.0, vnp_Command=pay, vnp_TmnCode,
  vnp_Amount (the amount x 100, no separators), vnp_CurrCode=VND, vnp_TxnRef (the merchant's
  order id), vnp_OrderInfo (no diacritics), vnp_OrderType, vnp_Locale, vnp_ReturnUrl, vnp_IpAddr,
  vnp_CreateDate and vnp_ExpireDate (yyyyMMddHHmmss, GMT+7) and vnp_SecureHash: HMAC-SHA512 with
  the merchant's secret over the parameters sorted by name, each value URL-encoded
  (application/x-www-form-urlencoded: space as "+"), joined as `name=value&...`.
- Return URL and IPN URL: the gateway sends vnp_* parameters signed the same way (the hash itself
  and vnp_SecureHashType left out). Success is vnp_ResponseCode=00 and vnp_TransactionStatus=00.
  The IPN (server to server, GET) is answered with JSON {"RspCode", "Message"}: 00 confirmed,
  01 order not found, 02 order already confirmed, 04 invalid amount, 97 invalid signature,
  99 other error; the gateway retries an IPN that did not get an answer.
- querydr: POST JSON to the query API; its hash is HMAC-SHA512 over fixed fields joined by "|"
  (request: RequestId|Version|Command|TmnCode|TxnRef|TransactionDate|CreateDate|IpAddr|OrderInfo;
  response: ResponseId|Command|ResponseCode|Message|TmnCode|TxnRef|Amount|BankCode|PayDate|
  TransactionNo|TransactionType|TransactionStatus|OrderInfo|PromotionCode|PromotionAmount).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from chancery.payments.providers import register
from chancery.payments.providers.base import (
    GatewayResult,
    GatewayUnavailable,
    Outcome,
    PaymentOrder,
    PaymentProvider,
    Settlement,
)

logger = logging.getLogger(__name__)

VERSION = "2.1.0"
GMT7 = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"
HASH_FIELDS = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})
QUERY_REQUEST_FIELDS = ("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
                        "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo")
QUERY_RESPONSE_FIELDS = ("vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
                         "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
                         "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo",
                         "vnp_PromotionCode", "vnp_PromotionAmount")
# The IPN's answers, in the gateway's words.
IPN_ANSWERS: dict[Settlement | str, tuple[str, str]] = {
    Settlement.CONFIRMED: ("00", "Confirm Success"),
    Settlement.PENDING: ("00", "Confirm Success"),
    Settlement.NOT_FOUND: ("01", "Order not found"),
    Settlement.ALREADY_CONFIRMED: ("02", "Order already confirmed"),
    Settlement.WRONG_AMOUNT: ("04", "invalid amount"),
    "signature": ("97", "Invalid signature"),
    Settlement.ERROR: ("99", "Unknown error"),
}


def hash_data(params: Mapping[str, Any]) -> str:
    """The string a payment URL's or a return's signature is computed over: vnp_* parameters
    with a value, sorted by name, URL-encoded, joined by "&" (the hash fields left out)."""
    return "&".join(
        f"{urllib.parse.quote_plus(name)}={urllib.parse.quote_plus(str(value))}"
        for name, value in sorted(params.items())
        if name.startswith("vnp_") and name not in HASH_FIELDS and value not in (None, "")
    )


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def sign(params: Mapping[str, Any], secret: str) -> str:
    return hmac_sha512(secret, hash_data(params))


def signature_matches(params: Mapping[str, Any], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign(params, secret))


def to_gateway_amount(amount: Decimal) -> str:
    """VND amount -> vnp_Amount (x 100). VND has no minor unit: a fraction is refused."""
    if amount != amount.to_integral_value() or amount <= 0:
        raise ValueError(f"not a whole, positive VND amount: {amount}")
    return str(int(amount) * 100)


def from_gateway_amount(value: Any) -> Decimal | None:
    try:
        hundredths = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if hundredths != hundredths.to_integral_value() or hundredths < 0:
        return None
    return hundredths / 100


def gmt7(moment: datetime) -> str:
    return moment.astimezone(GMT7).strftime(DATE_FORMAT)


def parse_gmt7(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=GMT7)
    except (TypeError, ValueError):
        return None


def _outcome(response_code: str, transaction_status: str) -> Outcome:
    if response_code == "00" and transaction_status == "00":
        return "paid"
    if transaction_status == "01":
        return "pending"
    return "failed"


@register
class VnpayProvider(PaymentProvider):
    name = "vnpay"
    label = "VNPAY"
    currencies = frozenset({"VND"})

    # Credentials are read at each call, so a test (or a reload) can change them.
    @property
    def tmn_code(self) -> str:
        return settings.VNPAY_TMN_CODE

    @property
    def secret(self) -> str:
        return settings.VNPAY_HASH_SECRET

    def is_configured(self) -> bool:
        return bool(self.tmn_code and self.secret and settings.VNPAY_PAY_URL)

    def build_payment_url(self, order: PaymentOrder) -> str:
        if order.currency not in self.currencies:
            raise ValueError(f"VNPAY takes VND only, not {order.currency}")
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": to_gateway_amount(order.amount),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": order.reference,
            "vnp_OrderInfo": order.description,
            "vnp_OrderType": "other",
            "vnp_Locale": "vn" if order.language == "vi" else "en",
            "vnp_ReturnUrl": order.return_url,
            "vnp_IpAddr": order.client_ip or "127.0.0.1",
            "vnp_CreateDate": gmt7(order.created_at),
            "vnp_ExpireDate": gmt7(order.expires_at),
        }
        query = hash_data(params)
        return f"{settings.VNPAY_PAY_URL}?{query}&vnp_SecureHash={hmac_sha512(self.secret, query)}"

    def _result(self, params: Mapping[str, str]) -> GatewayResult:
        """A return's or an IPN's parameters, signature and merchant checked."""
        raw = {k: str(v) for k, v in params.items() if k.startswith("vnp_")}
        if not signature_matches(params, self.secret):
            return GatewayResult(verified=False, reference=raw.get("vnp_TxnRef", "")[:40],
                                 problem="signature", raw=raw)
        if raw.get("vnp_TmnCode") != self.tmn_code:
            return GatewayResult(verified=False, reference=raw.get("vnp_TxnRef", "")[:40],
                                 problem="merchant", raw=raw)
        response_code = raw.get("vnp_ResponseCode", "")
        outcome = _outcome(response_code, raw.get("vnp_TransactionStatus", ""))
        return GatewayResult(
            verified=True, reference=raw.get("vnp_TxnRef", ""), outcome=outcome,
            amount=from_gateway_amount(raw.get("vnp_Amount")), currency="VND",
            transaction_no=raw.get("vnp_TransactionNo", "")[:40], bank_code=raw.get("vnp_BankCode", "")[:20],
            response_code=response_code[:4], paid_at=parse_gmt7(raw.get("vnp_PayDate", "")), raw=raw,
        )

    def verify_return(self, params: Mapping[str, str]) -> GatewayResult:
        return self._result(params)

    def handle_ipn(
        self, params: Mapping[str, str], settle: Callable[[GatewayResult], Settlement]
    ) -> tuple[dict[str, Any], int]:
        result = self._result(params)
        if not result.verified:
            # A wrong merchant code cannot come from the gateway with our secret: treated alike.
            logger.warning("VNPAY IPN refused (%s) for order %r", result.problem, result.reference)
            answer = IPN_ANSWERS["signature"]
        else:
            try:
                answer = IPN_ANSWERS[settle(result)]
            except Exception:  # the gateway retries on 99; the error is logged for us
                logger.exception("VNPAY IPN for order %r could not be settled", result.reference)
                answer = IPN_ANSWERS[Settlement.ERROR]
        return {"RspCode": answer[0], "Message": answer[1]}, 200

    def query(self, *, reference: str, description: str, created_at: datetime,
              client_ip: str) -> GatewayResult:
        from django.utils import timezone

        if not settings.VNPAY_QUERY_URL:
            raise GatewayUnavailable("VNPAY_QUERY_URL is not set")
        body = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": reference,
            "vnp_OrderInfo": description,
            "vnp_TransactionDate": gmt7(created_at),
            "vnp_CreateDate": gmt7(timezone.now()),
            "vnp_IpAddr": client_ip or "127.0.0.1",
        }
        body["vnp_SecureHash"] = hmac_sha512(self.secret, "|".join(body[f] for f in QUERY_REQUEST_FIELDS))
        url = settings.VNPAY_QUERY_URL
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise GatewayUnavailable("VNPAY_QUERY_URL must be an http(s) address")
        request = urllib.request.Request(  # noqa: S310  (scheme checked above)
            url, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
                answer = json.loads(response.read().decode())
        except (OSError, ValueError) as exc:
            raise GatewayUnavailable(f"VNPAY query failed: {exc}") from exc
        if not isinstance(answer, dict):
            raise GatewayUnavailable("VNPAY query answered something else than a JSON object")
        raw = {k: "" if v is None else str(v) for k, v in answer.items()}
        expected = hmac_sha512(self.secret, "|".join(raw.get(f, "") for f in QUERY_RESPONSE_FIELDS))
        if not hmac.compare_digest(raw.get("vnp_SecureHash", "").lower(), expected):
            return GatewayResult(verified=False, reference=reference, problem="signature", raw=raw)
        if raw.get("vnp_TmnCode") != self.tmn_code or raw.get("vnp_TxnRef") != reference:
            return GatewayResult(verified=False, reference=reference, problem="merchant", raw=raw)
        response_code = raw.get("vnp_ResponseCode", "")
        if response_code == "91":  # the gateway has no such transaction: the citizen never paid
            return GatewayResult(verified=True, reference=reference, outcome="pending",
                                 response_code=response_code, problem="not_found", raw=raw)
        if response_code != "00":
            raise GatewayUnavailable(f"VNPAY query refused: {response_code} {raw.get('vnp_Message', '')}")
        return GatewayResult(
            verified=True, reference=reference,
            outcome=_outcome("00", raw.get("vnp_TransactionStatus", "")),
            amount=from_gateway_amount(raw.get("vnp_Amount")), currency="VND",
            transaction_no=raw.get("vnp_TransactionNo", "")[:40], bank_code=raw.get("vnp_BankCode", "")[:20],
            response_code=raw.get("vnp_TransactionStatus", "")[:4],
            paid_at=parse_gmt7(raw.get("vnp_PayDate", "")), raw=raw,
        )
