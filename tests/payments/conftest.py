"""The sandbox gateway as a separate process (chancery/payments/sandbox.py) on a free port,
sending its IPNs over HTTP to pytest-django's live server, and cases whose fee is requested."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from chancery.organization.models import Role, UnitKind
from chancery.procedures.services import load_catalog
from tests.factories import advance, make_unit, make_user, submit_case
from tests.ops.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
TMN_CODE = "TESTCHAN"
SECRET = "test-secret-" + "k" * 20
IPN_PATH = "/payments/vnpay/ipn/"


@dataclass
class Sandbox:
    url: str
    process: subprocess.Popen

    def log(self, reference: str) -> list[dict]:
        with urllib.request.urlopen(f"{self.url}/sandbox/log?ref={reference}", timeout=10) as response:
            return json.loads(response.read())

    def wait_for_ipns(self, reference: str, count: int, timeout: float = 20) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            entries = self.log(reference)
            if len(entries) >= count or time.monotonic() > deadline:
                return entries
            time.sleep(0.2)


@pytest.fixture(scope="session")
def sandbox(live_server) -> Iterator[Sandbox]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "chancery.payments.sandbox", "--port", str(port), "--tmn-code", TMN_CODE,
         "--secret", SECRET, "--ipn-url", live_server.url + IPN_PATH, "--late-seconds", "1.5"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                break
        except OSError:
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "the sandbox gateway did not start within 30 s"
            time.sleep(0.2)
    yield Sandbox(url=url, process=process)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def gateway_settings(settings, sandbox):
    settings.VNPAY_TMN_CODE = TMN_CODE
    settings.VNPAY_HASH_SECRET = SECRET
    settings.VNPAY_PAY_URL = sandbox.url + "/paymentv2/vpcpay.html"
    settings.VNPAY_QUERY_URL = sandbox.url + "/merchant_webapi/api/transaction"
    return settings


@pytest.fixture
def offline_gateway_settings(settings):
    """The same credentials, no process: for tests that sign messages themselves."""
    settings.VNPAY_TMN_CODE = TMN_CODE
    settings.VNPAY_HASH_SECRET = SECRET
    settings.VNPAY_PAY_URL = "http://127.0.0.1:9/paymentv2/vpcpay.html"
    settings.VNPAY_QUERY_URL = "http://127.0.0.1:9/merchant_webapi/api/transaction"
    return settings


FEE = Decimal("50000")  # the consular certification's catalogue fee is 30,000 VND; any amount is given


def fee_requested_case(procedure: str = "consular-certification"):
    unit = make_unit("CD-HN", kind=UnitKind.MINISTRY_DEPARTMENT, country="VN", tz="Asia/Ho_Chi_Minh")
    officer = make_user("officer.cd", unit, Role.OFFICER)
    case, key = submit_case(unit, procedure)
    case = advance(case, ["receive", "start_processing", "request_fee"], officer=officer)
    return case, key


@pytest.fixture
def fee_case(transactional_db):
    load_catalog(django_settings.CATALOG_DIR)
    return fee_requested_case()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def open_no_redirect(url: str, data: dict | None = None):
    """urlopen without following redirects: returns (status, headers, body)."""
    opener = urllib.request.build_opener(NoRedirect)
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()
