"""The queue's search box: names without marks or case, tracking-code prefixes, e-mail addresses,
and "All statuses" so closed cases are found; the same on the staff page and in the API, on
SQLite and PostgreSQL (the folded name is computed in Python, stored, and compared as is)."""

from __future__ import annotations

import re
import string

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.api.services import create_token
from chancery.cases import codes, selectors
from chancery.cases.lifecycle import OPEN_STATUSES, Status
from chancery.cases.models import Case, fold_name
from chancery.core.text import fold
from tests.factories import advance, submit_case
from tests.portal.helpers import Browser

QUEUE = reverse("cases:queue")

# Vietnamese letters, with every tone mark on every vowel, in both cases, and đ.
_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
_LETTERS = sorted({
    *("bcdghklmnpqrstvx"), "đ",
    *(__import__("unicodedata").normalize("NFC", v + t) for v in _VOWELS for t in _TONES),
})
vietnamese_word = st.text(alphabet=_LETTERS, min_size=1, max_size=7).map(
    lambda w: w if len(w) == 1 else w[0].upper() + w[1:]
)
vietnamese_name = st.lists(vietnamese_word, min_size=1, max_size=4).map(" ".join)


def codes_on(page: str) -> list[str]:
    return re.findall(r'<a href="/staff/cases/([0-9A-Z-]+)/">', page)


def logged_in(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.fixture
def people(org, catalog):
    """Cases of Paris with names in Vietnamese, one closed (not accepted), one in Tokyo."""
    binh, _ = submit_case(org.fr, name="Trần Thị Bình", email="Binh.Tran@Example.org")
    dung, _ = submit_case(org.fr, name="Đặng Văn Dũng", email="dung@example.org")
    closed, _ = submit_case(org.fr, name="Trần Thị Bích", email="bich@example.org")
    closed = advance(closed, ["not_accept"], officer=org.officer)
    tokyo, _ = submit_case(org.jp, name="Trần Thị Bình", email="tokyo@example.org")
    return {"binh": binh, "dung": dung, "closed": closed, "tokyo": tokyo}


def found(user, **filters) -> set[str]:
    return set(selectors.queue(user, **filters).values_list("tracking_code", flat=True))


# ---- The rule -------------------------------------------------------------------------------------


def test_the_folded_name_is_kept_by_save(people):
    binh = Case.objects.get(pk=people["binh"].pk)
    assert binh.applicant_name_folded == "tran thi binh"
    binh.applicant_name = "Đỗ  Thị-Hà"
    binh.save(update_fields=["applicant_name"])
    assert Case.objects.get(pk=binh.pk).applicant_name_folded == "do thi ha"


@pytest.mark.parametrize("typed", ["tran thi binh", "TRAN THI BINH", "Trần Thị Bình", "binh tran",
                                   "tr th bi", "  tran   thi  "])
def test_names_are_found_without_marks_case_or_order(people, org, typed):
    hits = found(org.officer, search=typed, open_only=True)
    assert people["binh"].tracking_code in hits
    assert people["dung"].tracking_code not in hits
    assert people["tokyo"].tracking_code not in hits  # another unit's case is never found


def test_d_with_stroke_is_d(people, org):
    assert found(org.officer, search="dang van dung") == {people["dung"].tracking_code}
    assert found(org.officer, search="Đặng") == {people["dung"].tracking_code}


def test_a_word_must_begin_a_word_of_the_name(people, org):
    assert found(org.officer, search="inh") == set()  # inside "binh": not a word's start


def test_closed_cases_are_found_with_all_statuses_only(people, org):
    assert people["closed"].tracking_code not in found(org.officer, search="tran thi", open_only=True)
    every = found(org.officer, search="tran thi", status="all")
    assert every == {people["binh"].tracking_code, people["closed"].tracking_code}


def test_all_statuses_lists_every_closed_status(org, catalog):
    closings = {"not_accept": Status.NOT_ACCEPTED, "withdraw": Status.WITHDRAWN}
    made = {}
    for action in closings:
        case, _ = submit_case(org.fr, name="Lê Văn Đóng")
        made[action] = advance(case, [action], officer=org.officer)
    stopped, _ = submit_case(org.fr, name="Lê Văn Đóng")
    made["stop"] = advance(stopped, ["receive", "stop"], officer=org.officer)
    returned, _ = submit_case(org.fr, name="Lê Văn Đóng")
    made["return"] = advance(returned, ["receive", "start_processing", "refuse", "return_result"],
                             officer=org.officer, decider=org.head)
    assert all(c.status not in OPEN_STATUSES for c in made.values())
    every = found(org.officer, search="le van dong", status="all")
    assert every == {c.tracking_code for c in made.values()}
    assert found(org.officer, search="le van dong", open_only=True) == set()


def test_code_prefixes_ignore_case_spaces_and_dashes(people, org):
    code = people["binh"].tracking_code  # e.g. K7QM-4XTR-9PB
    raw = code.replace("-", "")
    for typed in (raw[:3].lower(), raw[:5], f"{raw[:4]}-{raw[4:6]}", " ".join(raw[:7]), code.lower()):
        assert code in found(org.officer, search=typed, open_only=True), typed


def test_e_mail_addresses_are_found_whatever_their_case(people, org):
    binh = {people["binh"].tracking_code}
    assert found(org.officer, search="binh.tran@example.org", open_only=True) == binh
    assert found(org.officer, search="BINH.TRAN@", open_only=True) == binh
    assert found(org.officer, search="tokyo@example.org", status="all") == set()


def test_the_search_reads_one_page_in_few_queries(people, org, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        list(selectors.queue(org.officer, search="tran thi", status="all")[:50])


# ---- Properties -----------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=vietnamese_name, data=st.data())
def test_any_name_is_found_by_its_folded_words(people, org, name, data):
    case = people["dung"]
    case.applicant_name = name
    case.save()
    words = fold(name).split()
    # Any subset of its words, each cut to any prefix, in any order, in any case.
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=len(words)))
    typed = [w[: data.draw(st.integers(1, len(w)))] for w in chosen]
    typed = [w.upper() if data.draw(st.booleans()) else w for w in typed]
    assert case.tracking_code in found(org.officer, search=" ".join(typed), status="all")
    assert case.tracking_code in found(org.officer, search=name, status="all")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(selectors.CODE_PREFIX_MIN, codes.RANDOM_LENGTH + 1), data=st.data())
def test_any_prefix_of_a_code_finds_its_case(people, org, cut, data):
    case = people["binh"]
    raw = case.tracking_code.replace("-", "")[:cut]
    separators = st.sampled_from(["", "", "-", " "])
    typed = "".join(ch + data.draw(separators) for ch in raw)
    typed = typed.lower() if data.draw(st.booleans()) else typed
    assert case.tracking_code in found(org.officer, search=typed, status="all")


@given(text=st.text(alphabet=string.ascii_letters + string.digits + " -", max_size=20))
def test_a_code_prefix_is_made_only_of_code_characters(text):
    prefix = selectors.code_prefix(text)
    if prefix is not None:
        assert set(prefix) <= set(codes.ALPHABET) | {"-"}
        assert codes.normalize(prefix) == codes.normalize(text)


@given(name=vietnamese_name)
def test_folding_a_name_leaves_plain_ascii_words(name):
    folded = fold_name(name)
    assert folded == folded.strip() and "  " not in folded
    assert all(ch in string.ascii_lowercase + " " for ch in folded)


# ---- Through HTTP ---------------------------------------------------------------------------------


def test_the_queue_page_searches_and_offers_all_statuses(people, org):
    browser = logged_in(org.officer)
    page = browser.get(QUEUE, {"q": "tran thi"}).content.decode()
    assert codes_on(page) == [people["binh"].tracking_code]
    assert 'value="all"' in page and "All statuses" in page
    every = browser.get(QUEUE, {"q": "tran thi", "status": "all"}).content.decode()
    assert set(codes_on(every)) == {people["binh"].tracking_code, people["closed"].tracking_code}
    prefix = people["closed"].tracking_code.replace("-", "")[:5].lower()
    assert people["closed"].tracking_code in codes_on(
        browser.get(QUEUE, {"q": prefix, "status": "all"}).content.decode())


def test_an_empty_search_offers_closed_cases(people, org):
    page = logged_in(org.officer).get(QUEUE, {"q": "tran thi bich"}).content.decode()
    assert codes_on(page) == []
    link = re.search(r'id="search-all-statuses" href="\?([^"]+)"', page)
    assert link and "status=all" in link.group(1)


def test_the_api_queue_searches_the_same_way(people, org):
    token = create_token(org.officer.username)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    browser = Browser()
    body = browser.get("/api/v1/cases", {"q": "TRAN THI"}, **headers).json()
    assert {r["tracking_code"] for r in body["results"]} == {people["binh"].tracking_code}
    body = browser.get("/api/v1/cases", {"q": "tran thi", "status": "all"}, **headers).json()
    assert body["count"] == 2
    prefix = people["dung"].tracking_code[:6].lower()
    body = browser.get("/api/v1/cases", {"q": prefix}, **headers).json()
    assert people["dung"].tracking_code in {r["tracking_code"] for r in body["results"]}


def test_the_migration_folds_the_names_of_cases_already_stored(people):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("chancery.cases.migrations.0009_case_applicant_name_folded")
    Case.objects.update(applicant_name_folded="")  # as the column is when first added
    migration.fill_folded_names(apps, None)
    assert Case.objects.get(pk=people["dung"].pk).applicant_name_folded == "dang van dung"
    assert not Case.objects.filter(applicant_name_folded="").exists()
