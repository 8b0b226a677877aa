"""A case's documents shown by the requirement they answer (cases.selectors.documents_by_requirement),
generated over the whole catalogue: every requirement of every procedure appears in the grouping,
on the staff case page, on the receipt (form 01) and on the applicant's status page, in the
catalogue's order and with its own files; a document whose requirement the version does not know
lands under "Other documents". Also: the case page lists only the questions that apply and were
answered (the catalogue's `show_if`)."""

from __future__ import annotations

import html
import io
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from chancery.cases.models import Case, Document, NoticeKind
from chancery.cases.notices import issue_notice
from chancery.cases.pdf import render_notice_html, render_notice_pdf
from chancery.cases.selectors import display_answers, documents_by_requirement
from chancery.cases.services import save_application
from chancery.core.uploads import check_upload
from chancery.organization.models import Role
from chancery.procedures.selectors import current_version
from chancery.procedures.services import validate_catalog
from tests.api.conftest import bearer, make_token
from tests.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES, make_unit, make_user, submit_case
from tests.portal.helpers import Browser

PROCEDURES = [d.code for d in validate_catalog(Path(settings.CATALOG_DIR))]
CONTENT = {"pdf": PDF_BYTES, "jpeg": JPEG_BYTES, "png": PNG_BYTES}
LEGACY = "an_old_requirement"  # a code no procedure version has



def file_name(code: str, kind: str) -> str:
    return f"{code}-scan.{kind}"


def case_with_every_document(procedure: str, *, answers: dict | None = None) -> Case:
    """A sent application with one file for each of the procedure's requirements (conditional and
    optional ones too), at an office that handles it, plus one file under a code the version does
    not know (as older cases and loose supplements have)."""
    version = current_version(procedure)
    unit = make_unit(f"U-{procedure[:12]}", kind=version.handled_by[0])
    uploads = {}
    for doc in version.documents:
        kind = doc["accepted_types"][0]
        upload = SimpleUploadedFile(file_name(doc["code"], kind), CONTENT[kind])
        uploads[doc["code"]] = (upload, check_upload(upload, [kind], doc["max_size_mb"]))
    case, _key = save_application(
        version=version, unit=unit, applicant={"name": "Nguyễn Văn An", "email": "an@example.org"},
        answers=answers or {}, uploads=uploads, submit=True)
    legacy = Document(case=case, requirement=LEGACY, stage=Document.Stage.SUPPLEMENT,
                      original_name="old-letter.pdf", content_type="application/pdf",
                      size=len(PDF_BYTES), sha256="0" * 64)
    legacy.file.save("old.pdf", ContentFile(PDF_BYTES), save=True)
    return Case.objects.select_related("procedure_version", "unit").get(pk=case.pk)


def staff_browser(case: Case, language: str = "en") -> Browser:
    officer = make_user(f"officer-{case.unit.code.lower()}", case.unit, Role.OFFICER)
    browser = Browser(language)
    browser.force_login(officer)
    return browser


def blocks(page: str, marker: str = "data-requirement") -> dict[str, str]:
    """Each requirement's part of a page, by its code ("" for Other documents)."""
    parts = re.split(rf'{marker}="([^"]*)"', page)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# ---- The grouping, from the catalogue -------------------------------------------------------------


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_every_requirement_is_grouped_in_the_catalogues_order(procedure, db, catalog):
    case = case_with_every_document(procedure)
    version = case.procedure_version
    with translation.override("vi"):
        assert [r.label for r in documents_by_requirement(case).requirements] == [
            d["name"]["vi"] for d in version.documents]
    with translation.override("en"):
        grouping = documents_by_requirement(case)

    assert [r.code for r in grouping.requirements] == [d["code"] for d in version.documents]
    for requirement, doc in zip(grouping.requirements, version.documents, strict=True):
        assert requirement.label == doc["name"]["en"]
        assert [d.original_name for d in requirement.documents] == [
            file_name(doc["code"], doc["accepted_types"][0])]
        # Without answers, a requirement with a `show_if` rule does not apply, hence is not required.
        assert requirement.applies == (not doc.get("show_if"))
        assert requirement.required == (doc["required"] and not doc.get("show_if"))
    assert [d.original_name for d in grouping.other] == ["old-letter.pdf"]
    assert grouping.count == len(version.documents) + 1
    assert grouping.missing_required == []


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_a_requirement_without_a_document_is_not_provided(procedure, db, catalog):
    version = current_version(procedure)
    unit = make_unit("U-EMPTY", kind=version.handled_by[0])
    case, _key = save_application(version=version, unit=unit, answers={}, uploads={}, submit=True,
                                  applicant={"name": "Nguyễn Văn An", "email": "an@example.org"})
    grouping = documents_by_requirement(case)
    must = [d["code"] for d in version.documents if d["required"] and not d.get("show_if")]
    assert [r.code for r in grouping.missing_required] == must
    assert all(r.missing for r in grouping.requirements)

    page = html.unescape(staff_browser(case).get(reverse("cases:detail", args=[case.tracking_code]))
                         .content.decode())
    parts = blocks(page)
    classes = {code: css for css, code in re.findall(r'<li class="([^"]*)" id="requirement-([^"]*)"', page)}
    assert list(classes) == [d["code"] for d in version.documents]
    for doc in version.documents:
        assert "Not provided" in parts[doc["code"]]
        # Highlighted exactly when this application must have it.
        assert ("is-missing" in classes[doc["code"]]) == (doc["code"] in must)
    assert ("required document" in page) == bool(must)


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_staff_case_page_shows_each_requirement_with_its_files(procedure, db, catalog):
    case = case_with_every_document(procedure)
    version = case.procedure_version
    page = html.unescape(staff_browser(case).get(reverse("cases:detail", args=[case.tracking_code]))
                         .content.decode())
    section = page[page.index('id="documents"'):page.index('id="notices"')]
    parts = blocks(section)
    assert list(parts) == [d["code"] for d in version.documents] + [""], "not in the catalogue's order"
    for doc in version.documents:
        part = parts[doc["code"]]
        assert doc["name"]["en"] in part
        assert file_name(doc["code"], doc["accepted_types"][0]) in part
        assert "Not provided" not in part
        document = case.documents.get(requirement=doc["code"])
        assert reverse("cases:viewer", args=[case.tracking_code, document.pk]) in part
        assert reverse("cases:document", args=[case.tracking_code, document.pk]) in part
    assert "Other documents" in parts[""]
    assert "old-letter.pdf" in parts[""]


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_receipt_lists_the_documents_by_requirement(procedure, db, catalog):
    case = case_with_every_document(procedure)
    version = case.procedure_version
    notice = issue_notice(case, NoticeKind.RECEIPT)
    groups = notice.content["document_groups"]
    assert [g["code"] for g in groups] == [d["code"] for d in version.documents] + [""]
    text = flat(re.sub(r"<[^>]+>", " ", html.unescape(render_notice_html(notice))))
    table = text[text.index("Thành phần hồ sơ"):]
    positions = []
    for doc in version.documents:
        positions.append(table.index(flat(doc["name"]["vi"])))
        assert flat(doc["name"]["en"]) in table
        assert file_name(doc["code"], doc["accepted_types"][0]) in table
    assert positions == sorted(positions)
    assert table.index("Giấy tờ khác") > max(positions)
    assert "old-letter.pdf" in table


def test_the_receipt_pdf_carries_the_requirement_labels(org, catalog):
    case, _key = submit_case(org.fr, "passport-issuance")
    notice = issue_notice(case, NoticeKind.RECEIPT)
    reader = PdfReader(io.BytesIO(render_notice_pdf(notice)))
    text = flat("\n".join(page.extract_text() or "" for page in reader.pages))
    received = [d for d in case.procedure_version.documents if case.documents.filter(requirement=d["code"])]
    assert received
    for doc in received:
        assert flat(doc["name"]["vi"]) in text
        assert flat(doc["name"]["en"]) in text
        assert case.documents.get(requirement=doc["code"]).original_name in text


def test_an_older_receipt_without_groups_still_lists_its_documents(org, catalog):
    case, _key = submit_case(org.fr, "passport-issuance")
    notice = issue_notice(case, NoticeKind.RECEIPT)
    notice.content.pop("document_groups")
    page = render_notice_html(notice)
    for document in case.documents.all():
        assert document.original_name in page


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_status_page_lists_what_was_received_by_requirement(procedure, db, catalog):
    version = current_version(procedure)
    unit = make_unit("U-STATUS", kind=version.handled_by[0])
    browser = Browser("en")
    # One requirement answered: only it is listed, under its name.
    doc = version.documents[0]
    kind = doc["accepted_types"][0]
    upload = SimpleUploadedFile(file_name(doc["code"], kind), CONTENT[kind])
    case, key = save_application(
        version=version, unit=unit, applicant={"name": "Nguyễn Văn An", "email": "an@example.org"},
        answers={}, uploads={doc["code"]: (upload, check_upload(upload, [kind], doc["max_size_mb"]))},
        submit=True)
    response = browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key},
                            follow=True)
    page = html.unescape(response.content.decode())
    listed = page[page.index('id="documents"'):]
    parts = blocks(listed)
    assert list(parts) == [doc["code"]]
    assert doc["name"]["en"] in parts[doc["code"]]
    assert file_name(doc["code"], kind) in parts[doc["code"]]
    for other in version.documents[1:]:
        assert f'data-requirement="{other["code"]}"' not in listed


# ---- The staff API ---------------------------------------------------------------------------------


def test_the_api_gives_each_document_its_requirement_label(org, catalog, client):
    case = case_with_every_document("passport-issuance")
    officer = make_user("api.officer", case.unit, Role.OFFICER)
    response = client.get(f"/api/v1/cases/{case.tracking_code}",
                          HTTP_ACCEPT_LANGUAGE="en", **bearer(make_token(officer.username)))
    assert response.status_code == 200
    documents = response.json()["documents"]
    names = {d["code"]: d["name"]["en"] for d in case.procedure_version.documents}
    assert {d["requirement"] for d in documents} == set(names) | {LEGACY}
    for entry in documents:
        assert set(entry) >= {"id", "requirement", "stage", "name", "content_type", "size",
                              "requirement_label"}
        assert entry["requirement_label"] == names.get(entry["requirement"], "")


# ---- Answers: only the questions that apply, answered ---------------------------------------------


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_unanswered_questions_are_not_listed(procedure, db, catalog):
    version = current_version(procedure)
    unit = make_unit("U-ANS", kind=version.handled_by[0])
    case, _key = save_application(
        version=version, unit=unit, applicant={"name": "Nguyễn Văn An", "email": "an@example.org"},
        answers={spec["name"]: "" for spec in version.form_fields}, uploads={}, submit=True)
    assert display_answers(case) == []


def test_questions_for_a_child_show_only_for_a_child(org, catalog):
    version = current_version("passport-issuance")
    child_only = [s for s in version.form_fields
                  if (s.get("show_if") or {}).get("age_from") == "date_of_birth"]
    assert child_only, "the catalogue no longer has questions for a child: pick another rule"
    answers = {s["name"]: "Trần Văn Bố" for s in child_only if s["type"] == "text"}
    answers.update({s["name"]: s["choices"][0]["value"] for s in child_only if s["type"] == "choice"})
    today = timezone.localdate()

    def labels(born: date) -> list[str]:
        case, _key = save_application(
            version=version, unit=org.fr, applicant={"name": "Nguyễn Văn An", "email": "an@example.org"},
            answers={**answers, "date_of_birth": born.isoformat()}, uploads={}, submit=True)
        return [label for label, _value in display_answers(case)]

    child_labels = {version.text(s["label"]) for s in child_only}
    adult = labels(today - timedelta(days=365 * 30))
    child = labels(today - timedelta(days=365 * 5))
    assert not child_labels & set(adult)
    assert child_labels <= set(child)
