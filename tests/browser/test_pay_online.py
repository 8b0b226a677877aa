"""The fee paid online, end to end in a browser: the officer requests the fee the catalogue
computes, the citizen sees that amount on a phone, pays on the sandbox gateway's page (a separate
process speaking VNPAY's protocol), comes back, and finds the case paid with its receipt."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.core.display import format_money
from chancery.organization.models import Role
from chancery.payments.fees import amount_due
from chancery.payments.models import Payment, PaymentStatus
from tests.browser.test_citizen_and_officer import act, login, look_up, open_case_from_queue
from tests.factories import advance, make_user, submit_case
from tests.payments.conftest import gateway_settings, sandbox  # noqa: F401 - fixtures, used by name

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("gateway_settings")]

PHONE = {"width": 390, "height": 844}


def test_fee_requested_with_the_computed_amount_paid_in_the_sandbox_with_a_receipt(
    new_page, catalog, org, shot,
):
    officer_user = make_user("officer.cd", org.cd, Role.OFFICER)
    case, key = submit_case(org.cd, "consular-certification")
    case = advance(case, ["receive", "start_processing"], officer=officer_user)

    officer = new_page()
    login(officer, "officer.cd")
    open_case_from_queue(officer, case.tracking_code)
    act(officer, "request_fee", then="Fee requested")
    due = amount_due(Case.objects.get(pk=case.pk))
    assert due is not None, "consular certification at the department has a fee in the catalogue"

    citizen = new_page(viewport=PHONE, locale="en-GB")
    look_up(citizen, case.tracking_code, key)
    expect(citizen.locator("#fee-amount")).to_have_text(format_money(due.amount, due.currency, "en"))
    expect(citizen.locator("#payment-notice")).to_be_visible()
    shot(citizen, "pay-online-status")
    citizen.locator("#pay-now").click()
    citizen.locator("#pay-go").click()

    # The gateway's own page (another origin), then back to Chancery.
    expect(citizen.locator("#sandbox-pay")).to_be_visible()
    citizen.locator("#sandbox-pay").click()
    state = citizen.locator("#payment-state")
    expect(state).to_be_visible()
    for _attempt in range(10):  # the signed IPN may arrive a moment after the browser
        if state.get_attribute("data-state") == "paid":
            break
        citizen.wait_for_timeout(500)
        citizen.reload()
    expect(state).to_have_attribute("data-state", "paid")
    citizen.locator("#back-to-case").click()
    expect(citizen.locator("#status")).to_have_text("Fee paid")
    expect(citizen.locator("#payments .receipt-link")).to_have_count(1)
    shot(citizen, "pay-online-paid")

    payment = Payment.objects.get(case=case, status=PaymentStatus.PAID)
    assert (payment.amount, payment.currency) == (due.amount, due.currency)
    assert Case.objects.get(pk=case.pk).status == Status.FEE_PAID
