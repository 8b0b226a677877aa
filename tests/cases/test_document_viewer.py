"""The staff's document viewer through the HTTP stack: a PDF in a frame and an image shown inline,
any other stored type downloaded; the file endpoint answers only the case's unit (another unit's
staff get 404, a citizen the login page), is audited, and relaxes the framing headers for its own
response only (same origin), with nosniff and no-store."""

from __future__ import annotations

import html

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from chancery.audit.models import AuditRecord
from chancery.cases.models import Case, Document
from tests.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES, submit_case
from tests.portal.helpers import Browser


def add_document(case: Case, *, name: str, content: bytes, content_type: str,
                 requirement: str) -> Document:
    document = Document(case=case, requirement=requirement, original_name=name, content_type=content_type,
                        size=len(content), sha256="0" * 64)
    document.file.save("upload.bin", ContentFile(content), save=True)
    return document


@pytest.fixture
def case(org, catalog):
    case, _key = submit_case(org.fr, "passport-issuance")
    return case


def logged_in(user) -> Browser:
    browser = Browser("en")
    browser.force_login(user)
    return browser


def viewer_url(case: Case, document: Document) -> str:
    return reverse("cases:viewer", args=[case.tracking_code, document.pk])


def inline_url(case: Case, document: Document) -> str:
    return reverse("cases:document_inline", args=[case.tracking_code, document.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csp(response) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";") if p.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


def test_a_pdf_is_shown_in_a_frame_from_a_same_origin_inline_response(org, case):
    document = case.documents.get(requirement="nationality_proof")
    browser = logged_in(org.officer)
    page = browser.get(viewer_url(case, document))
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert f'<iframe class="viewer-frame" src="{inline_url(case, document)}"' in text
    assert f'title="PDF document: {document.original_name}"' in text
    assert reverse("cases:document", args=[case.tracking_code, document.pk]) in text  # Download stays
    label = case.procedure_version.document("nationality_proof")["name"]["en"]
    assert label in text
    # The viewer page itself may not be framed.
    assert page["X-Frame-Options"] == "DENY"
    assert csp(page)["frame-ancestors"] == "'none'"

    response = browser.get(inline_url(case, document))
    assert response.status_code == 200
    assert body(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert csp(response)["frame-ancestors"] == "'self'"

    viewed = AuditRecord.objects.get(action="document.viewed")
    assert (viewed.actor, viewed.object_type, viewed.object_id, viewed.unit_id) == (
        org.officer, "cases.document", str(document.pk), org.fr.pk)


@pytest.mark.parametrize(("content", "content_type"), [(PNG_BYTES, "image/png"), (JPEG_BYTES, "image/jpeg")],
                         ids=["png", "jpeg"])
def test_an_image_is_shown_as_an_image(org, case, content, content_type):
    requirement = case.procedure_version.documents[0]
    document = add_document(case, name="ảnh chân dung.png", content=content, content_type=content_type,
                            requirement=requirement["code"])
    browser = logged_in(org.officer)
    text = html.unescape(browser.get(viewer_url(case, document)).content.decode())
    assert f'<img class="viewer-image" src="{inline_url(case, document)}"' in text
    assert f'alt="Scan sent for “{requirement["name"]["en"]}”: ảnh chân dung.png"' in text
    assert "<iframe" not in text

    response = browser.get(inline_url(case, document))
    assert body(response) == content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("content_type", ["text/html", "image/svg+xml", "application/octet-stream", ""])
def test_any_other_type_is_only_downloaded(org, case, content_type):
    document = add_document(case, name="page.html", content=b"<script>alert(1)</script>",
                            content_type=content_type, requirement="an_old_code")
    browser = logged_in(org.officer)
    text = html.unescape(browser.get(viewer_url(case, document)).content.decode())
    assert "<iframe" not in text and "<img" not in text
    assert 'id="not-shown"' in text
    assert "Other documents" in text  # its code is not in the version
    assert reverse("cases:document", args=[case.tracking_code, document.pk]) in text

    response = browser.get(inline_url(case, document))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", [viewer_url, inline_url])
def test_another_units_staff_get_404_and_a_citizen_the_login_page(org, case, url):
    document = case.documents.first()
    address = url(case, document)
    assert logged_in(org.officer_jp).get(address).status_code == 404
    assert logged_in(org.outsider).get(address).status_code == 403
    citizen = Browser("en")
    citizen.get(reverse("portal:status", args=[case.tracking_code]))
    response = citizen.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert not AuditRecord.objects.filter(action="document.viewed").exists()


def test_a_document_of_another_case_is_404_under_this_case(org, case):
    other, _key = submit_case(org.fr, "passport-issuance", name="Phạm Thị Hai")
    foreign = other.documents.first()
    browser = logged_in(org.officer)
    for url in (reverse("cases:viewer", args=[case.tracking_code, foreign.pk]),
                reverse("cases:document_inline", args=[case.tracking_code, foreign.pk])):
        assert browser.get(url).status_code == 404


def test_the_viewer_steps_through_the_cases_documents_in_requirement_order(org, case):
    documents = list(case.documents.all())
    order = [d["code"] for d in case.procedure_version.documents]
    documents.sort(key=lambda d: order.index(d.requirement))
    browser = logged_in(org.officer)
    first = browser.get(viewer_url(case, documents[0])).content.decode()
    assert 'rel="prev"' not in first
    if len(documents) > 1:
        assert f'href="{viewer_url(case, documents[1])}" rel="next"' in first
    last = browser.get(viewer_url(case, documents[-1])).content.decode()
    assert 'rel="next"' not in last
    assert f"Document {len(documents)} of {len(documents)}" in last
