"""A sandbox payment gateway speaking VNPAY's protocol (payment URL 2.1.0, return, IPN, querydr),
for the demo and the tests: a separate process, no Django, no real money.

    python -m chancery.payments.sandbox --port 8117 --ipn-url http://127.0.0.1:8107/payments/vnpay/ipn/
    chancery payments sandbox --port 8117          (the same, with Chancery's settings)

It checks the merchant's signature like the gateway, shows a page where the "customer" pays or
declines, redirects the browser to the merchant's return URL with signed parameters, and sends
the IPN to the configured IPN URL over HTTP. The IPN can be made to misbehave, chosen on the page
or with `sandbox_mode=` on the payment URL (outside the signed vnp_* parameters):

    normal         the IPN before the redirect (as the gateway usually does)
    late           the IPN `late_seconds` (default 3) after the redirect, from another thread
    twice          the IPN sent twice
    bad_signature  the IPN with a wrong signature
    wrong_amount   the IPN signed, for 1,000 VND more than the order
    none           no IPN at all (lost): only querydr tells the merchant

`GET /sandbox/log?ref=...` answers, as JSON, the IPNs sent for an order and what the merchant
answered (for tests). Signing is written here again, apart from the merchant's adapter, so the
two check each other.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import html
import itertools
import json
import os
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

MODES = ("normal", "late", "twice", "bad_signature", "wrong_amount", "none")
GMT7 = timezone(timedelta(hours=7))
QUERY_REQUEST = ("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
                 "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo")
QUERY_RESPONSE = ("vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
                  "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
                  "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode",
                  "vnp_PromotionAmount")


def _mac(secret: str, data: str) -> str:
    return hmac.new(secret.encode("utf-8"), data.encode("utf-8"), hashlib.sha512).hexdigest()


def _signed_query(params: dict[str, str], secret: str) -> str:
    """`a=1&b=2...&vnp_SecureHash=...`: vnp_* fields with a value, sorted, form-encoded."""
    fields = sorted((k, v) for k, v in params.items()
                    if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType") and v)
    data = urllib.parse.urlencode(fields)  # quote_plus on names and values
    return data + "&vnp_SecureHash=" + _mac(secret, data)


def _now7() -> str:
    return datetime.now(GMT7).strftime("%Y%m%d%H%M%S")


class Gateway:
    def __init__(self, *, tmn_code: str, secret: str, ipn_url: str, late_seconds: float = 3.0) -> None:
        self.tmn_code = tmn_code
        self.secret = secret
        self.ipn_url = ipn_url
        self.late_seconds = late_seconds
        self.orders: dict[str, dict[str, Any]] = {}
        self.log: dict[str, list[dict[str, Any]]] = {}
        self.lock = threading.Lock()
        self.numbers = itertools.count(14000001)

    # ---- WSGI -------------------------------------------------------------------------------
    def __call__(self, environ: dict, start_response: Any) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        try:
            if path == "/paymentv2/vpcpay.html" and method == "GET":
                status, headers, body = self.payment_page(query)
            elif path == "/paymentv2/decide" and method == "POST":
                status, headers, body = self.decide(self._form(environ))
            elif path == "/merchant_webapi/api/transaction" and method == "POST":
                status, headers, body = self.querydr(self._body(environ))
            elif path == "/sandbox/log":
                with self.lock:
                    entries = list(self.log.get(query.get("ref", ""), []))
                status, headers, body = "200 OK", [("Content-Type", "application/json")], json.dumps(entries)
            elif path == "/healthz":
                status, headers, body = "200 OK", [("Content-Type", "text/plain")], "ok"
            else:
                status, headers, body = "404 Not Found", [("Content-Type", "text/plain")], "not found"
        except ValueError as exc:
            status, headers, body = "400 Bad Request", [("Content-Type", "text/plain")], str(exc)
        data = body.encode("utf-8")
        start_response(status, [*headers, ("Content-Length", str(len(data))), ("Cache-Control", "no-store")])
        return [data]

    @staticmethod
    def _body(environ: dict) -> bytes:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        return environ["wsgi.input"].read(min(length, 65536)) if length else b""

    def _form(self, environ: dict) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self._body(environ).decode("utf-8")))

    # ---- the customer's page ------------------------------------------------------------------
    def _check_order(self, params: dict[str, str]) -> str | None:
        given = params.get("vnp_SecureHash", "").lower()
        expected = _signed_query(params, self.secret).rsplit("=", 1)[1]
        if not given or not hmac.compare_digest(given, expected):
            return "97: sai chữ ký / invalid signature"
        if params.get("vnp_TmnCode") != self.tmn_code:
            return "02: merchant không tồn tại / unknown merchant"
        if params.get("vnp_Version") != "2.1.0" or params.get("vnp_Command") != "pay":
            return "03: sai định dạng / wrong version or command"
        if params.get("vnp_CurrCode") != "VND" or not params.get("vnp_Amount", "").isdigit():
            return "03: sai định dạng / wrong currency or amount"
        expires = params.get("vnp_ExpireDate", "")
        if not expires or expires < _now7():
            return "11: giao dịch hết hạn / the payment has expired"
        return None

    def payment_page(self, params: dict[str, str]) -> tuple[str, list, str]:
        problem = self._check_order(params)
        if problem:
            return "400 Bad Request", [("Content-Type", "text/html; charset=utf-8")], _page(
                "Lỗi / Error", f"<p class='bad'>{html.escape(problem)}</p>")
        ref = params["vnp_TxnRef"]
        with self.lock:
            order = self.orders.get(ref)
            if order is None:
                order = self.orders[ref] = {"params": dict(params), "state": "open"}
        if order["state"] != "open":
            return "200 OK", [("Content-Type", "text/html; charset=utf-8")], _page(
                "Đã xử lý / Already done",
                "<p>Giao dịch này đã được xử lý. / This order was already handled.</p>")
        amount = int(params["vnp_Amount"]) // 100
        chosen = params.get("sandbox_mode", "normal")
        options = "".join(
            f"<option value='{m}'{' selected' if m == chosen else ''}>{m}</option>" for m in MODES)
        body = f"""
<p class="tag">SANDBOX — không có tiền thật / no real money</p>
<dl>
  <dt>Đơn vị / Merchant</dt><dd>{html.escape(params['vnp_TmnCode'])}</dd>
  <dt>Đơn hàng / Order</dt><dd>{html.escape(ref)}</dd>
  <dt>Nội dung / Description</dt><dd>{html.escape(params.get('vnp_OrderInfo', ''))}</dd>
  <dt>Số tiền / Amount</dt><dd id="amount">{amount:,} VND</dd>
</dl>
<form method="post" action="/paymentv2/decide">
  <input type="hidden" name="ref" value="{html.escape(ref)}">
  <label for="bank">Ngân hàng / Bank</label>
  <select id="bank" name="bank"><option>NCB</option><option>VCB</option><option>VNPAYQR</option></select>
  <label for="mode">IPN (sandbox)</label>
  <select id="mode" name="mode">{options}</select>
  <button type="submit" name="decision" value="pay" id="sandbox-pay">Thanh toán / Pay</button>
  <button type="submit" name="decision" value="decline" id="sandbox-decline" class="no">Hủy / Cancel</button>
</form>"""
        return "200 OK", [("Content-Type", "text/html; charset=utf-8")], _page("VNPAY sandbox", body)

    def decide(self, form: dict[str, str]) -> tuple[str, list, str]:
        ref = form.get("ref", "")
        mode = form.get("mode", "normal")
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        with self.lock:
            order = self.orders.get(ref)
            if order is None or order["state"] != "open":
                raise ValueError("unknown or already handled order")
            paid = form.get("decision") == "pay"
            order["state"] = "paid" if paid else "declined"
            order["result"] = {
                "vnp_TmnCode": self.tmn_code,
                "vnp_Amount": order["params"]["vnp_Amount"],
                "vnp_BankCode": form.get("bank", "NCB")[:20],
                "vnp_BankTranNo": f"VNP{next(self.numbers)}" if paid else "",
                "vnp_CardType": "ATM",
                "vnp_OrderInfo": order["params"].get("vnp_OrderInfo", ""),
                "vnp_PayDate": _now7(),
                "vnp_ResponseCode": "00" if paid else "24",
                "vnp_TransactionNo": str(next(self.numbers)) if paid else "0",
                "vnp_TransactionStatus": "00" if paid else "02",
                "vnp_TxnRef": ref,
            }
            result = dict(order["result"])
        return_query = _signed_query(result, self.secret)
        if mode == "late":
            threading.Thread(target=self._send_ipn_later, args=(ref, result, mode), daemon=True).start()
        else:
            for _ in range(2 if mode == "twice" else 1 if mode != "none" else 0):
                self.send_ipn(ref, result, mode)
        target = order["params"]["vnp_ReturnUrl"]
        separator = "&" if "?" in target else "?"
        return "302 Found", [("Location", f"{target}{separator}{return_query}"),
                             ("Content-Type", "text/plain")], ""

    # ---- the merchant's server ----------------------------------------------------------------
    def _send_ipn_later(self, ref: str, result: dict[str, str], mode: str) -> None:
        time.sleep(self.late_seconds)
        self.send_ipn(ref, result, mode)

    def send_ipn(self, ref: str, result: dict[str, str], mode: str) -> None:
        params = dict(result)
        if mode == "wrong_amount":
            params["vnp_Amount"] = str(int(params["vnp_Amount"]) + 100_000)
        query = _signed_query(params, self.secret)
        if mode == "bad_signature":
            head, mac = query.rsplit("=", 1)
            query = head + "=" + ("0" if mac[0] != "0" else "1") + mac[1:]
        entry: dict[str, Any] = {"mode": mode, "sent_at": time.time()}
        try:
            url = self.ipn_url + ("&" if "?" in self.ipn_url else "?") + query
            with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310  (configured http URL)
                entry["answer"] = json.loads(response.read().decode("utf-8"))
                entry["http_status"] = response.status
        except Exception as exc:  # the real gateway would retry; the log says what happened
            entry["error"] = repr(exc)
        with self.lock:
            self.log.setdefault(ref, []).append(entry)

    def querydr(self, raw: bytes) -> tuple[str, list, str]:
        request = json.loads(raw.decode("utf-8") or "{}")
        request = {k: str(v) for k, v in request.items()}
        answer = {"vnp_ResponseId": os.urandom(8).hex(), "vnp_Command": "querydr",
                  "vnp_TmnCode": self.tmn_code, "vnp_TxnRef": request.get("vnp_TxnRef", "")}
        expected = _mac(self.secret, "|".join(request.get(f, "") for f in QUERY_REQUEST))
        if not hmac.compare_digest(request.get("vnp_SecureHash", "").lower(), expected):
            answer.update(vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
        elif request.get("vnp_TmnCode") != self.tmn_code:
            answer.update(vnp_ResponseCode="02", vnp_Message="Merchant is not valid")
        else:
            with self.lock:
                order = self.orders.get(request.get("vnp_TxnRef", ""))
                order = json.loads(json.dumps(order)) if order else None
            if order is None:
                answer.update(vnp_ResponseCode="91", vnp_Message="Transaction not found")
            else:
                result = order.get("result", {})
                status = {"paid": "00", "declined": "02"}.get(order["state"], "01")
                answer.update(
                    vnp_ResponseCode="00", vnp_Message="QueryDR Success",
                    vnp_Amount=order["params"]["vnp_Amount"], vnp_BankCode=result.get("vnp_BankCode", ""),
                    vnp_PayDate=result.get("vnp_PayDate", ""),
                    vnp_TransactionNo=result.get("vnp_TransactionNo", ""), vnp_TransactionType="01",
                    vnp_TransactionStatus=status, vnp_OrderInfo=order["params"].get("vnp_OrderInfo", ""),
                    vnp_PromotionCode="", vnp_PromotionAmount="",
                )
        answer["vnp_SecureHash"] = _mac(self.secret, "|".join(answer.get(f, "") for f in QUERY_RESPONSE))
        return "200 OK", [("Content-Type", "application/json")], json.dumps(answer)


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; background: #f3f6fa; color: #1b2430; }}
header {{ background: #005baa; color: #fff; padding: .8rem 1rem; font-weight: 700; }}
main {{ max-width: 32rem; margin: 0 auto; padding: 1rem; }}
.tag {{ background: #fff4d6; border-left: 4px solid #c98a00; padding: .5rem .75rem; }}
dl {{ background: #fff; border: 1px solid #d5dce5; border-radius: 6px; padding: .75rem 1rem; }}
dt {{ color: #5b6675; font-size: .9rem; }} dd {{ margin: 0 0 .6rem; font-weight: 600; }}
label {{ display: block; margin-top: .8rem; }} select {{ width: 100%; padding: .5rem; font: inherit; }}
button {{ display: block; width: 100%; margin-top: 1rem; padding: .8rem; font: inherit; border: 0;
  border-radius: 4px; background: #005baa; color: #fff; }}
button.no {{ background: #fff; color: #a3261b; border: 1px solid #a3261b; }} .bad {{ color: #a3261b; }}
</style></head><body><header>VNPAY · sandbox</header>
<main><h1>{html.escape(title)}</h1>{body}</main></body></html>"""


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("SANDBOX_VERBOSE"):
            super().log_message(format, *args)


def serve(*, port: int, tmn_code: str, secret: str, ipn_url: str, host: str = "127.0.0.1",
          late_seconds: float = 3.0) -> None:
    gateway = Gateway(tmn_code=tmn_code, secret=secret, ipn_url=ipn_url, late_seconds=late_seconds)
    with make_server(host, port, gateway, server_class=_ThreadingServer,
                     handler_class=_QuietHandler) as server:
        print(f"VNPAY sandbox on http://{host}:{port}/ (IPN to {ipn_url})", flush=True)
        server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A sandbox gateway speaking VNPAY's protocol.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("VNPAY_SANDBOX_PORT", "8010")))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--tmn-code", default=os.environ.get("VNPAY_TMN_CODE", "CHANCERY"))
    parser.add_argument("--secret", default=os.environ.get(
        "VNPAY_HASH_SECRET", "chancery-sandbox-secret-not-for-production"))
    parser.add_argument("--ipn-url", required=True, help="the merchant's IPN address")
    parser.add_argument("--late-seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    try:
        serve(port=args.port, host=args.host, tmn_code=args.tmn_code, secret=args.secret,
              ipn_url=args.ipn_url, late_seconds=args.late_seconds)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
