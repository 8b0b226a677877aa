"""Language and format: every public page read in Vietnamese shows no English interface text and
no internal unit code (and the reverse in English); plurals, dates, money and country names
follow the reader's language."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from chancery.cases.models import NoticeKind
from chancery.core.display import country_choices, country_name, format_money
from chancery.organization.models import Unit
from chancery.procedures.models import Procedure, time_amount_label
from chancery.procedures.selectors import published_procedures
from tests.factories import advance, submit_case
from tests.portal.helpers import Browser
from tests.test_translations import MAIN_PO, read_po

# ---- Formatting, unit by unit ---------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "currency", "language", "shown"), [
    ("30000", "VND", "vi", "30.000 VND"), ("30000", "VND", "en", "30,000 VND"),
    ("70", "USD", "vi", "70 USD"), ("70", "USD", "en", "70 USD"),
    ("200000", "VND", "vi", "200.000 VND"), ("12.5", "USD", "vi", "12,50 USD"),
    ("12.5", "USD", "en", "12.50 USD"), (Decimal("1500000"), "VND", "en", "1,500,000 VND"),
])
def test_money_is_written_the_readers_way(amount, currency, language, shown):
    assert format_money(amount, currency, language) == shown


@pytest.mark.parametrize(("language", "shown"), [("vi", "30.000 VND"), ("en", "30,000 VND")])
def test_the_money_filter_takes_a_catalogue_fee_or_an_amount(language, shown):
    template = Template('{% load chancery %}{{ fee|money }}|{{ amount|money:"VND" }}|{{ none|money }}')
    with translation.override(language):
        out = template.render(Context({"fee": {"amount": 30000, "currency": "VND"}, "amount": 30000}))
    assert out == f"{shown}|{shown}|"


@pytest.mark.parametrize(("amount", "unit", "en", "vi"), [
    (1, "working_days", "1 working day", "1 ngày làm việc"),
    (3, "working_days", "3 working days", "3 ngày làm việc"),
    (1, "calendar_days", "1 day", "1 ngày"),
    (15, "calendar_days", "15 days", "15 ngày"),
    (24, "hours", "24 hours", "24 giờ"),
    (1, "working_hours", "1 working hour", "1 giờ làm việc"),
    (0, "working_days", "the same day", "trong ngày"),
])
def test_processing_times_have_proper_plurals(amount, unit, en, vi):
    with translation.override("en"):
        assert time_amount_label(amount, unit) == en
    with translation.override("vi"):
        assert time_amount_label(amount, unit) == vi


def test_every_procedure_of_the_catalogue_has_a_grammatical_time_in_english(catalog):
    with translation.override("en"):
        for procedure in published_procedures():
            label = procedure.current.processing_time_label
            time = procedure.current.processing_time
            steps = (time.get("grows_with") or {}).get("steps") or []
            if time["amount"] == 0:
                assert label == "the same day"
                continue
            top = steps[-1]["amount"] if steps else time["amount"]
            assert label.startswith(f"{time['amount']}{'–' if steps else ' '}"), label
            assert label.endswith("s") == (top != 1), label


@pytest.mark.parametrize(("code", "vi", "en"), [
    ("FR", "Pháp", "France"), ("JP", "Nhật Bản", "Japan"), ("SA", "Ả Rập Xê-út", "Saudi Arabia"),
    ("US", "Hoa Kỳ", "United States"), ("DE", "Đức", "Germany"),
])
def test_country_names_come_in_the_readers_language(code, vi, en):
    assert country_name(code, "vi") == vi
    assert country_name(code, "en") == en
    template = Template("{% load chancery %}{{ code|country }}")
    with translation.override("vi"):
        assert template.render(Context({"code": code})) == vi


def test_the_country_list_of_the_form_is_vietnamese_and_in_vietnamese_order():
    with translation.override("vi"):
        from chancery.cases.forms import country_choices as form_choices

        choices = dict(form_choices())
    assert choices["DE"] == "Đức" and choices["GB"] == "Vương quốc Anh"
    names = [name for _code, name in country_choices("vi")]
    assert names.index("Đức") < names.index("Hà Lan") < names.index("Pháp")  # Đ sorts as D


@pytest.mark.parametrize(("language", "shown"), [("vi", "05/03/2026 14:07"), ("en", "05/03/2026 14:07")])
def test_one_short_date_format_per_language(language, shown):
    moment = datetime(2026, 3, 5, 14, 7, tzinfo=ZoneInfo("Europe/Paris"))
    template = Template('{% load tz %}{% timezone "Europe/Paris" %}{{ m|date:"SHORT_DATETIME_FORMAT" }}'
                        '|{{ m|date }}{% endtimezone %}')
    with translation.override(language):
        short, long = template.render(Context({"m": moment})).split("|")
    assert short == shown
    assert long == ("05/03/2026" if language == "vi" else "5 March 2026")


@pytest.mark.parametrize(("language", "label"), [("vi", "giờ Paris"), ("en", "Paris time")])
def test_an_office_time_zone_is_its_city(language, label, db):
    unit = Unit.objects.create(code="EMB-FR", kind="embassy", name_vi="Đại sứ quán", name_en="Embassy",
                               host_country="FR", city="Paris", time_zone="Europe/Paris")
    with translation.override(language):
        assert unit.local_time_label == label


# ---- Every public page, crawled ----------------------------------------------------------------------


class _Text(HTMLParser):
    """The text a reader sees (and hears: alt, title, aria-label, placeholder), scripts aside."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder") and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and ("type", "submit") in attrs and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    # Passages marked as another language (lang="vi" legal texts on an English page, the product
    # name) are that language on purpose; the <html> element itself is the page's language.
    html = re.sub(r'<(?!html\b)(\w+)[^>]*\blang="[a-z]+"[^>]*>.*?</\1>', " ", html, flags=re.S)
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", text))


def _catalogue() -> list:
    return [e for e in read_po(MAIN_PO) if not e.is_header and e.msgstr.get(0)]


def english_interface_texts() -> set[str]:
    """English msgids (two words or more, placeholders cut away) whose Vietnamese differs."""
    texts = set()
    for entry in _catalogue():
        if entry.msgstr[0] == entry.msgid:
            continue
        for piece in re.split(r"%\(\w+\)\w|%\w|\{[^}]*\}|\n|<[^>]*>", entry.msgid):
            piece = piece.strip(" .,:;—–-()*")
            if _words(piece) >= 2 and len(piece) >= 10:
                texts.add(piece)
    return texts


def vietnamese_interface_texts() -> set[str]:
    texts = set()
    for entry in _catalogue():
        for piece in re.split(r"%\(\w+\)\w|%\w|\{[^}]*\}|\n|<[^>]*>", entry.msgstr[0]):
            piece = piece.strip(" .,:;—–-()*")
            if _words(piece) >= 3 and len(piece) >= 12 and piece != entry.msgid:
                texts.add(piece)
    return texts


@pytest.fixture
def public_pages(org, catalog):
    """Every page a citizen can reach, with a case this browser unlocked and a notice to verify."""
    for unit in Unit.objects.all():  # the factory's names carry the code: real names do not
        Unit.objects.filter(pk=unit.pk).update(name_vi=f"Cơ quan lãnh sự số {unit.pk}",
                                               name_en=f"Consular office number {unit.pk}")
    Unit.objects.filter(pk=org.fr.pk).update(public_slug="embassy-france", city="Paris",
                                             address="61 rue de Miromesnil, Paris",
                                             opening_hours_vi="Thứ Hai – Thứ Sáu",
                                             opening_hours_en="Monday – Friday")
    case, key = submit_case(org.fr)
    received = advance(case, ["receive"], officer=org.officer)
    notice = received.notices.get(kind=NoticeKind.RECEIPT)
    paths = [reverse(name) for name in ("portal:home", "portal:procedures", "portal:status_lookup",
                                        "portal:lost_key", "portal:my_applications",
                                        "portal:dashboard", "portal:offices", "portal:privacy",
                                        "portal:accessibility")]
    for procedure in Procedure.objects.filter(current__isnull=False):
        paths += [reverse("portal:procedure", args=[procedure.code]),
                  reverse("portal:apply", args=[procedure.code])]
    for unit in Unit.objects.all():
        paths += [reverse("portal:office", args=[unit.public_slug]),
                  reverse("portal:dashboard_unit", args=[unit.code])]
    from tests.appointments.helpers import make_schedule

    make_schedule(org.fr)  # the passport case needs a visit: the status page offers it
    paths += [reverse("portal:status", args=[case.tracking_code]), "/no-such-page/",
              reverse("portal:appointment", args=[case.tracking_code])]
    # The verification page is bilingual on purpose (whoever scans the QR code reads it), and the
    # notice number it confirms is the official UNIT/YEAR/N: it is checked in cases/test_notices.
    return {"paths": paths, "case": case, "key": key, "notice": notice}


def crawl(public_pages: dict, language: str) -> dict[str, str]:
    browser = Browser(language=language)
    unlocked = browser.post(reverse("portal:status_lookup"),
                            {"code": public_pages["case"].tracking_code, "key": public_pages["key"]})
    assert unlocked.status_code == 302
    texts = {}
    for path in public_pages["paths"]:
        response = browser.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert f'<html lang="{language}">' in response.content.decode(), path
        texts[path] = visible_text(response.content.decode())
    return texts


def test_no_english_interface_text_and_no_unit_code_on_vietnamese_pages(public_pages):
    english = english_interface_texts()
    assert len(english) > 300  # the catalogue was read
    codes = set(Unit.objects.values_list("code", flat=True))
    found = []
    for path, text in crawl(public_pages, "vi").items():
        found += [f"{path}: English {phrase!r}" for phrase in english if phrase in text]
        # A notice's official number (EMB-FR/2026/000001, Circular 03/2025) is the one exception.
        found += [f"{path}: unit code {code}" for code in codes
                  if re.search(rf"\b{re.escape(code)}\b(?!/\d{{4}}/)", text)]
    assert not found, "\n".join(sorted(found))


def test_no_vietnamese_interface_text_on_english_pages(public_pages):
    vietnamese = vietnamese_interface_texts()
    found = []
    for path, text in crawl(public_pages, "en").items():
        found += [f"{path}: Vietnamese {phrase!r}" for phrase in vietnamese if phrase in text]
    assert not found, "\n".join(sorted(found))


def test_the_crawl_would_catch_an_untranslated_string(public_pages):
    """The check above is not vacuous: an English msgid on a page is found."""
    english = english_interface_texts()
    text = visible_text("<p>Track an application</p>")
    assert any(phrase in text for phrase in english)
    assert not visible_text('<p>Ok</p><dd lang="vi">Luật số 49/2019/QH14</dd>').count("Luật")
