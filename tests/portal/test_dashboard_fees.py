"""The dashboard's fee totals (paid, of which online, refunded, unpaid, exempted, per unit, month
and currency) are the same on the page, in the CSV and XLSX exports and in the API: each takes
them from payments.selectors.monthly_totals through one mapping (dashboard_exports.fee_values)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from chancery.organization.models import Role, UnitKind
from chancery.payments import fee_services, fees, services
from chancery.payments.providers.base import GatewayResult
from chancery.payments.selectors import monthly_totals
from chancery.portal.dashboard_exports import fee_columns, fee_values
from chancery.procedures.services import load_catalog
from tests.factories import advance, make_unit, make_user, submit_case
from tests.payments.conftest import SECRET, TMN_CODE

CELLS = {"paid": "paid", "online": "paid_online", "refunded": "refunded", "unpaid": "unpaid"}


@pytest.fixture
def gateway(settings):
    """Online payment configured (no gateway process: the test signs nothing, settle() is told)."""
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = TMN_CODE, SECRET
    settings.VNPAY_PAY_URL = "http://127.0.0.1:9/paymentv2/vpcpay.html"
    settings.VNPAY_QUERY_URL = "http://127.0.0.1:9/merchant_webapi/api/transaction"


@pytest.fixture
def fee_world(db, gateway):
    """At an office in Viet Nam (VND, online payment possible) and an embassy (USD): a fee paid
    at the counter and partly refunded, one paid online, one by transfer, one waiting, one
    exempted, this month."""
    load_catalog(settings.CATALOG_DIR)
    home = make_unit("CD-HN", kind=UnitKind.MINISTRY_DEPARTMENT, country="VN", tz="Asia/Ho_Chi_Minh")
    embassy = make_unit("EMB-FR")
    made = {}
    for unit, procedure in ((home, "consular-certification"), (embassy, "consular-legalisation")):
        officer = make_user(f"officer.{unit.code}", unit, Role.OFFICER)
        head = make_user(f"head.{unit.code}", unit, Role.HEAD)

        def waiting(unit=unit, procedure=procedure, officer=officer):
            case, _key = submit_case(unit, procedure)
            return advance(case, ["receive", "start_processing", "request_fee"], officer=officer)

        cash = waiting()
        due = fees.amount_due(cash)
        payment = services.record_counter_payment(case=cash, method="cash", amount=due.amount,
                                                  receipt_no="Q-1", actor=officer)
        services.record_refund(payment=payment, amount=(due.amount / 2).quantize(Decimal("1")),
                               reason="One document withdrawn", actor=officer)
        if due.currency == "VND":
            online = waiting()
            started = services.start_payment(case=online, amount=due.amount, currency=due.currency,
                                             return_url="http://testserver/payment/return/")
            services.settle(GatewayResult(verified=True, reference=started.reference, outcome="paid",
                                          amount=due.amount, currency=due.currency, transaction_no="1",
                                          response_code="00"), source="ipn")
        transfer = waiting()
        services.record_transfer_payment(case=transfer, amount=due.amount, currency=due.currency,
                                         bank_transaction_id=f"FT-{unit.code}", actor=officer)
        waiting()
        fee_services.exempt_fee(case=waiting(), ground="protection", reason="Protected citizen", actor=head)
        made[unit.code] = due
    return made


def _page_rows(html: str) -> list[dict]:
    rows = []
    row_pattern = r'<tr data-unit="([^"]+)" data-month="([^"]+)" data-currency="([^"]+)">(.*?)</tr>'
    for match in re.finditer(row_pattern, html, re.S):
        unit, month, currency, body = match.groups()
        row = {"unit": unit, "month": month, "currency": currency}
        for cls, key in CELLS.items():
            cell = re.search(rf'class="{cls}" data-amount="([^"]*)" data-count="(\d+)"', body)
            row[key], row[f"{key}_count"] = cell.group(1), int(cell.group(2))
        row["exempted_count"] = int(re.search(r'class="exempted" data-count="(\d+)"', body).group(1))
        rows.append(row)
    return rows


def test_the_page_the_exports_and_the_api_give_the_same_fee_totals(fee_world):
    today = timezone.localdate()
    month = date(today.year, today.month, 1)
    value = month.strftime("%Y-%m")
    expected = [fee_values(t) for t in monthly_totals(month, month)]
    by_unit = {row["unit"]: row for row in expected}
    # What was made, added up by hand: the selector is right before the three outputs are compared.
    home, embassy = by_unit["CD-HN"], by_unit["EMB-FR"]
    vnd, usd = fee_world["CD-HN"].amount, fee_world["EMB-FR"].amount
    assert (home["paid"], home["paid_count"], home["paid_online"], home["paid_online_count"]) == (
        str(3 * vnd), 3, str(vnd), 1)
    assert (home["refunded"], home["unpaid"], home["unpaid_count"], home["exempted_count"]) == (
        str((vnd / 2).quantize(Decimal("1"))), str(vnd), 1, 1)
    assert (embassy["currency"], embassy["paid"], embassy["paid_count"], embassy["paid_online_count"]) == (
        "USD", str(2 * usd), 2, 0)
    assert embassy["unpaid_count"] == 1 and embassy["exempted_count"] == 1
    assert Decimal(home["net"]) == Decimal(home["paid"]) - Decimal(home["refunded"])

    client = Client()
    page = client.get(f"/dashboard/?period=month&value={value}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    on_page = _page_rows(page)
    keys = [k for k in expected[0] if k not in ("unit_name", "net")]
    assert [{k: str(r[k]) for k in keys} for r in on_page] == [{k: str(r[k]) for k in keys} for r in expected]

    exported = client.get(f"/dashboard/?period=month&value={value}&format=csv&table=fees",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == [label for _key, label in fee_columns()]
    assert rows[1:] == [[str(r[key]) for key, _label in fee_columns()] for r in expected]

    workbook = load_workbook(io.BytesIO(client.get(f"/dashboard/?period=month&value={value}&format=xlsx",
                                                   HTTP_ACCEPT_LANGUAGE="en").content))
    sheet = workbook["Fees"]
    cells = [[str(c) for c in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == [[str(r[key]) for key, _label in fee_columns()] for r in expected]

    api = json.loads(client.get(f"/api/v1/dashboard?period=month&value={value}",
                                HTTP_ACCEPT_LANGUAGE="en").content)
    assert api["fees"] == expected
    one = json.loads(client.get(f"/api/v1/dashboard?unit=EMB-FR&period=month&value={value}",
                                HTTP_ACCEPT_LANGUAGE="en").content)
    assert one["fees"] == [embassy]


def test_the_page_offers_the_fee_table_for_download(fee_world):
    page = Client().get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en", follow=True).content.decode()
    assert 'data-table="fees"' in page and "table=fees" in page
