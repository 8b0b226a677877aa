"""The fee schedule: computed from the catalogue for every procedure with a fee (generated from the
files: amounts per office, units of charge, rates, reductions), refused when badly written, adjusted
by an officer only with a reason (audited, an event), and the fee request's payment notice."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.urls import reverse

from chancery.audit.models import AuditRecord
from chancery.cases.models import CaseEvent, Notice, NoticeKind
from chancery.cases.pdf import render_notice_html
from chancery.organization.models import Role, UnitKind
from chancery.payments import fee_services, fees
from chancery.payments.models import FeeAdjustment
from chancery.procedures.schema import CURRENCY_BY_OFFICE
from chancery.procedures.selectors import current_version
from chancery.procedures.services import CatalogError, validate_catalog
from tests.factories import advance, make_unit, make_user, submit_case

CATALOG = Path(settings.CATALOG_DIR)
FEE_FILES = sorted(p for p in CATALOG.glob("*.yaml") if yaml.safe_load(p.read_text())["fee"])
SCHEDULES = [(p.stem, yaml.safe_load(p.read_text())) for p in FEE_FILES]


def _fields(definition: dict) -> dict[str, dict]:
    return {f["name"]: f for f in definition["fields"]}


def meeting(rule: dict) -> dict:
    """Answers that meet a `when` rule."""
    return {rule["field"]: rule["equals"] if "equals" in rule else rule["in"][0]}


def missing(rule: dict, definition: dict) -> dict:
    """Answers that do not meet it: another choice, or a country the rule does not name."""
    named = {rule["equals"]} if "equals" in rule else set(rule["in"])
    spec = _fields(definition)[rule["field"]]
    if spec["type"] == "choice":
        other = next(c["value"] for c in spec["choices"] if c["value"] not in named)
    else:
        other = next(c for c in ("FR", "JP", "US") if c not in named)
    return {rule["field"]: other}


def offices(definition: dict) -> list[tuple[str, Decimal, str]]:
    """(office kind, amount per unit, currency) for every office that handles the procedure."""
    fee = definition["fee"]
    result = []
    for kind in definition["handled_by"]:
        entry = next((e for e in fee.get("by_office") or [] if kind in e["offices"]), fee)
        result.append((kind, Decimal(entry["amount"]), entry["currency"]))
    return result


def test_the_catalogue_has_fees_of_every_unit_and_a_reduction():
    assert len(FEE_FILES) >= 10
    units = {d["fee"].get("unit", "application") for _c, d in SCHEDULES}
    assert {"application", "document", "copy"} <= units
    assert any(d["fee"].get("reductions") for _c, d in SCHEDULES)
    assert any(d["fee"].get("by_office") for _c, d in SCHEDULES)


@pytest.mark.parametrize(("code", "definition"), SCHEDULES, ids=[c for c, _d in SCHEDULES])
def test_every_fee_is_amount_times_count_in_the_office_currency_with_a_source(code, definition):
    fee = definition["fee"]
    assert fee["source"].strip()
    for kind, amount, currency in offices(definition):
        assert currency == CURRENCY_BY_OFFICE[kind], (code, kind)
        for count in (1, 3, 12):
            answers = {fee["count_field"]: str(count)} if fee.get("count_field") else {}
            quote = fees.compute_fee(fee, answers, kind)
            expected_count = count if fee.get("unit", "application") != "application" else 1
            assert quote.currency == currency
            assert [line.count for line in quote.lines] == [expected_count]
            assert quote.total == amount * expected_count, (code, kind, count)
            assert quote.lines[0].source and not quote.reductions


@pytest.mark.parametrize(("code", "definition"),
                         [(c, d) for c, d in SCHEDULES if d["fee"].get("rates")],
                         ids=[c for c, d in SCHEDULES if d["fee"].get("rates")])
def test_every_rate_replaces_the_amount_only_when_its_answer_is_given(code, definition):
    fee = definition["fee"]
    kind = definition["handled_by"][0]
    base = offices(definition)[0][1]
    for rate in fee["rates"]:
        quote = fees.compute_fee(fee, meeting(rate["when"]), kind)
        assert quote.total == Decimal(rate["amount"]) and quote.lines[0].source == rate["source"]
        assert quote.lines[0].label == rate["label"]
        assert fees.compute_fee(fee, missing(rate["when"], definition), kind).total == base


@pytest.mark.parametrize(("code", "definition"),
                         [(c, d) for c, d in SCHEDULES if d["fee"].get("reductions")],
                         ids=[c for c, d in SCHEDULES if d["fee"].get("reductions")])
def test_every_reduction_applies_its_share_only_when_its_answer_is_given(code, definition):
    fee = definition["fee"]
    for kind, amount, currency in offices(definition):
        for rule in fee["reductions"]:
            quote = fees.compute_fee(fee, meeting(rule["when"]), kind)
            assert quote.subtotal == amount
            assert quote.total == fees.quantize(amount * rule["pay_percent"] / 100, currency)
            assert [(r.pay_percent, r.source) for r in quote.reductions] == [
                (rule["pay_percent"], rule["source"])]
            assert quote.reductions[0].amount == amount - quote.total
            unmet = fees.compute_fee(fee, missing(rule["when"], definition), kind)
            assert unmet.total == amount and not unmet.reductions


def test_the_figures_the_law_gives():
    by_code = dict(SCHEDULES)
    passport = by_code["passport-issuance"]["fee"]
    assert fees.compute_fee(passport, {}, UnitKind.EMBASSY).total == Decimal("70")
    assert fees.compute_fee(passport, {"residence_country": "LA"}, UnitKind.EMBASSY).total == Decimal("14")
    reissue = by_code["passport-reissue"]["fee"]
    assert fees.compute_fee(reissue, {"reason": "lost"}, UnitKind.EMBASSY).total == Decimal("150")
    assert fees.compute_fee(reissue, {"reason": "damaged", "residence_country": "KH"},
                            UnitKind.CONSULATE_GENERAL).total == Decimal("30")
    legalisation = by_code["consular-legalisation"]["fee"]
    assert fees.compute_fee(legalisation, {"document_count": "3"}, UnitKind.EMBASSY).total == Decimal("30")
    home = fees.compute_fee(legalisation, {"document_count": 3}, UnitKind.MINISTRY_DEPARTMENT)
    assert (home.total, home.currency) == (Decimal("90000"), "VND")
    assert fees.compute_fee(None, {}, UnitKind.EMBASSY) is None


def test_an_exemption_and_the_largest_reduction_win():
    label = {"vi": "a", "en": "a"}
    fee = {"amount": "70", "currency": "USD", "source": "s", "reductions": [
        {"when": {"field": "a", "equals": "y"}, "pay_percent": 50, "label": label, "source": "x"},
        {"when": {"field": "b", "equals": "y"}, "pay_percent": 0, "label": label, "source": "z"},
    ]}
    assert fees.compute_fee(fee, {"a": "y"}, "embassy").total == Decimal("35")
    both = fees.compute_fee(fee, {"a": "y", "b": "y"}, "embassy")
    assert both.total == 0 and [r.source for r in both.reductions] == ["z"]


# ---- Bad fee blocks are refused by `chancery catalog check` ---------------------------------------

LABEL = {"vi": "a", "en": "a"}


def _bad(tmp_path: Path, edit) -> list[str]:
    data = yaml.safe_load((CATALOG / "consular-legalisation.yaml").read_text())
    edit(data)
    (tmp_path / "consular-legalisation.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(CatalogError) as refused:
        validate_catalog(tmp_path)
    return [f"{p.field}: {p.reason}" for p in refused.value.problems]


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda d: d["fee"].pop("count_field"), "needs `count_field`"),
    (lambda d: d["fee"].update(count_field="purpose"), "fee.count_field: 'purpose' must be a whole-number"),
    (lambda d: d["fee"].update(count_field="nothing_here"), "must be a whole-number field"),
    (lambda d: d["fee"].update(unit="application"), "count_field is for a fee per"),
    (lambda d: d["fee"].update(unit="page"), "fee.unit: Input should be"),
    (lambda d: d["fee"].pop("source"), "fee.source: Field required"),
    (lambda d: d["fee"].update(currency="VND", amount="30000"),
     "fee.currency: a fee at embassy is charged in USD"),
    (lambda d: d["fee"]["by_office"][0].update(currency="USD"),
     "fee.by_office[0].currency: a fee at ministry_department is charged in VND"),
    (lambda d: d["fee"]["by_office"][0].update(amount="-1"), "fee.by_office[0].amount"),
    (lambda d: d.update(handled_by=["embassy"]), "'ministry_department' does not handle"),
    (lambda d: d["fee"].update(reductions=[{"when": {"field": "issuing_country", "in": ["China"]},
                                            "pay_percent": 20, "label": LABEL, "source": "x y"}]),
     "fee.reductions[0].when: a country is written as its two-letter ISO code"),
    (lambda d: d["fee"].update(reductions=[{"when": {"field": "purpose", "equals": "x"},
                                            "pay_percent": 20, "label": LABEL, "source": "x y"}]),
     "fee.reductions[0].when: a fee rule reads a choice or country field"),
    (lambda d: d["fee"].update(reductions=[{"when": {"field": "issuing_country", "in": ["CN"]},
                                            "pay_percent": 100, "label": LABEL, "source": "x y"}]),
     "pay_percent: Input should be less than or equal to 99"),
    (lambda d: d["fee"].update(rates=[{"when": {"field": "ghost", "equals": "x"}, "amount": "5",
                                       "label": {"vi": "a", "en": "a"}, "source": "x y"}]),
     "fee.rates[0].when: 'ghost' is not a field"),
])
def test_bad_fee_blocks_are_refused_with_the_place_and_the_reason(tmp_path, edit, expected):
    problems = _bad(tmp_path, edit)
    assert any(expected in p for p in problems), problems


# ---- Adjustments, the payment notice, the status page ----------------------------------------------

@pytest.fixture
def home_case(catalog):
    unit = make_unit("CD-HN", kind=UnitKind.MINISTRY_DEPARTMENT, country="VN", tz="Asia/Ho_Chi_Minh")
    officer = make_user("officer.cd", unit, Role.OFFICER)
    case, key = submit_case(unit, "consular-certification")
    case.data = {**case.data, "document_count": 4}
    case.save(update_fields=["data"])
    return advance(case, ["receive", "start_processing"], officer=officer), key, officer


def test_an_adjustment_needs_a_reason_and_is_audited_and_an_event(home_case):
    case, _key, officer = home_case
    assert fees.amount_due(case).amount == Decimal("120000")
    for reason in ("", "   "):
        with pytest.raises(fee_services.FeeReasonRequired):
            fee_services.adjust_fee(case=case, amount="90000", reason=reason, actor=officer)
    assert not FeeAdjustment.objects.exists() and fees.amount_due(case).amount == Decimal("120000")
    with pytest.raises(fee_services.FeeError):
        fee_services.adjust_fee(case=case, amount="0", reason="typo", actor=officer)
    with pytest.raises(fee_services.FeeError):
        fee_services.adjust_fee(case=case, amount="12.5", reason="VND has no cents", actor=officer)
    stranger = make_user("officer.fr", make_unit("EMB-FR"), Role.OFFICER)
    with pytest.raises(fee_services.FeeForbidden):
        fee_services.adjust_fee(case=case, amount="90000", reason="one is a duplicate", actor=stranger)
    assert not FeeAdjustment.objects.exists()

    fee_services.adjust_fee(case=case, amount="90.000", reason="One document is a duplicate.", actor=officer)
    due = fees.amount_due(case)
    assert (due.amount, due.currency) == (Decimal("90000"), "VND")
    event = CaseEvent.objects.get(case=case, action="adjust_fee")
    assert event.note == "One document is a duplicate." and event.staff_only
    assert event.details == {"computed": "120000", "amount": "90000", "currency": "VND"}
    audit = AuditRecord.objects.get(action="payment.fee_adjusted")
    assert audit.data["reason"] == "One document is a duplicate." and audit.data["amount"] == "90000"


def test_the_fee_request_issues_one_payment_notice_with_the_computed_amount(home_case):
    case, _key, officer = home_case
    case = advance(case, ["request_fee"], officer=officer)
    notices = Notice.objects.filter(case=case, kind=NoticeKind.PAYMENT)
    assert notices.count() == 1
    fee = notices.get().content["fee"]
    reference = case.tracking_code.replace("-", "")
    assert (fee["amount"], fee["currency"], fee["reference"]) == ("120000", "VND", reference)
    assert fee["quote"]["lines"][0]["count"] == 4 and fee["quote"]["lines"][0]["unit"] == "document"
    html = render_notice_html(notices.get())
    assert "120.000 VND" in html and "120,000 VND" in html and fee["reference"] in html
    assert '<img src="data:image/' in html  # the QR code to the verification page
    # An adjustment while the fee waits issues a new notice with the new amount; paying issues none.
    fee_services.adjust_fee(case=case, amount="60000", reason="Two documents withdrawn.", actor=officer)
    latest = Notice.objects.filter(case=case, kind=NoticeKind.PAYMENT).order_by("-id").first()
    assert latest.content["fee"]["amount"] == "60000"
    assert latest.content["fee"]["adjustment"] == {"computed": "120000", "reason": "Two documents withdrawn."}
    advance(case, ["record_payment"], officer=officer)
    assert Notice.objects.filter(case=case, kind=NoticeKind.PAYMENT).count() == 2
    with pytest.raises(fee_services.FeeNotAdjustable):
        fee_services.adjust_fee(case=case, amount="1000", reason="too late", actor=officer)


def test_the_status_page_shows_the_amount_the_notice_and_pay_now(home_case, offline_gateway_settings):
    case, key, officer = home_case
    case = advance(case, ["request_fee"], officer=officer)
    browser = Client()
    browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    page = browser.get(reverse("portal:status", args=[case.tracking_code]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="pay-now"' in text and reverse("portal:pay", args=[case.tracking_code]) in text
    assert "120,000 VND" in text and "4 × 30,000 VND" in text
    notice = Notice.objects.get(case=case, kind=NoticeKind.PAYMENT)
    assert notice.number in text and case.tracking_code.replace("-", "") in text
    assert reverse("portal:notice_pdf", args=[case.tracking_code, notice.pk]) in text
    pdf = browser.get(reverse("portal:notice_pdf", args=[case.tracking_code, notice.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # The pay page charges the same amount.
    pay = browser.get(reverse("portal:pay", args=[case.tracking_code]), HTTP_ACCEPT_LANGUAGE="en")
    assert b"120,000 VND" in pay.content


def test_the_procedure_page_shows_the_schedule_with_its_sources(catalog):
    page = Client().get(reverse("portal:procedure", args=["consular-legalisation"]),
                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "10 USD</strong> per document — Embassy, Consulate general" in page
    assert "30,000 VND</strong> per document" in page and "157/2016/TT-BTC" in page
    passport = Client().get(reverse("portal:procedure", args=["passport-reissue"]),
                            HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Re-issue after loss or damage: <strong>150 USD</strong>" in passport
    assert "Living in China, Laos, Thailand or Cambodia: 20% of the fee" in passport


def test_the_officer_adjusts_on_the_case_page_only_with_a_reason(home_case):
    case, _key, officer = home_case
    staff = Client()
    staff.force_login(officer)
    page = staff.get(reverse("cases:detail", args=[case.tracking_code]), HTTP_ACCEPT_LANGUAGE="en")
    assert 'id="fee-panel"' in page.content.decode() and "120,000 VND" in page.content.decode()
    url = reverse("payments:adjust_fee", args=[case.tracking_code])
    refused = staff.post(url, {"amount": "90000", "reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    text = refused.content.decode()
    assert refused.status_code == 422 and 'id="error-adjust-fee"' in text
    assert "Please give the reason for changing the amount." in text and 'value="90000"' in text
    assert not FeeAdjustment.objects.exists()
    done = staff.post(url, {"amount": "90000", "reason": "One document is a duplicate."})
    assert done.status_code == 302
    page = staff.get(reverse("cases:detail", args=[case.tracking_code]), HTTP_ACCEPT_LANGUAGE="en")
    assert "One document is a duplicate." in page.content.decode()
    assert fees.amount_due(case).amount == Decimal("90000")


@pytest.mark.parametrize(("country", "amount"), [("FR", "70 USD"), ("TH", "14 USD")])
def test_check_answers_shows_the_fee_of_these_answers_at_the_chosen_office(org, catalog, country, amount):
    from tests.portal.helpers import application_data, apply_url

    browser = Client()
    version = current_version("passport-issuance")
    data = application_data(version, org.fr, f_residence_country=country)
    response = browser.post(apply_url(), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    page = browser.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    estimate = page[page.index('id="fee-estimate"'):]
    assert f'<p class="code">{amount}</p>' in estimate
    assert ("Living in China, Laos, Thailand or Cambodia" in estimate) is (country == "TH")
