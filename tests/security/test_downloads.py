"""Stored files go back with the type detected at upload, never with the uploader's name and
extension (security test, finding 4): a file that is both PDF and HTML, uploaded as ``.html``,
must download as ``.pdf``, as an attachment, with ``nosniff`` and ``no-store``.

Every download view of the project is listed in DOWNLOADS; a test fails when the URL
configuration has a download-looking view that is not in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chancery.core.downloads import download_name, file_download
from chancery.core.uploads import check_upload
from chancery.procedures.selectors import current_version
from tests.factories import PDF_BYTES
from tests.security.endpoints import all_url_patterns

# filetype sees %PDF at the start; a browser that sniffs, or opens the saved .html, sees a page.
POLYGLOT = PDF_BYTES + b"\n<html><body><script>alert(document.cookie)</script></body></html>\n"
EVIL_NAME = "b\u00e1o c\u00e1o\u202egpj.html"  # "báo cáo", a right-to-left override, then .html


def _upload(name: str = EVIL_NAME) -> tuple[SimpleUploadedFile, Any]:
    upload = SimpleUploadedFile(name, POLYGLOT, content_type="text/html")
    return upload, check_upload(upload, ["pdf", "jpeg", "png"], 5)


def _polyglot_case_document(org: Any) -> Any:
    from chancery.cases.services import save_application

    version = current_version("passport-issuance")
    uploads = {doc["code"]: _upload() for doc in version.documents if doc["required"]}
    case, _key = save_application(
        version=version, unit=org.fr, applicant={"name": "Nguyễn Văn An", "email": "an@example.org",
                                                 "phone": "+33 612345678"},
        answers={}, uploads=uploads, submit=True)
    return case.documents.first()


def _case_document(org: Any) -> tuple[str, Any]:
    document = _polyglot_case_document(org)
    return reverse("cases:document", args=[document.case.tracking_code, document.pk]), org.officer


def _directive(org: Any, **extra: Any) -> Any:
    from chancery.directives import services as directives

    return directives.create_directive(
        actor=org.leader, issuing_unit=org.cd, title="Chỉ đạo", issued_by="Bộ trưởng",
        source_text="Giao Đại sứ quán", tasks=[directives.TaskSpec(
            text="Nhiệm vụ", lead_unit=org.fr, coordinating_units=[],
            deadline=timezone.localdate() + timedelta(days=30))], **extra)


def _task_attachment(org: Any) -> tuple[str, Any]:
    from chancery.directives import services as directives

    task = _directive(org).tasks.get()
    task = directives.report_progress(task, actor=org.officer, expected_version=task.version,
                                      text="Đã triển khai", percent=10, uploads=[_upload()])
    attachment = task.entries.filter(attachments__isnull=False).first().attachments.first()
    return reverse("directives:attachment", args=[task.pk, attachment.pk]), org.officer


def _note_attachment(org: Any) -> tuple[str, Any]:
    from chancery.briefings import services as briefings

    note = briefings.create_note(unit=org.fr, author=org.officer, title="Ghi chép", body="<p>Tình hình</p>",
                                 countries=["FR"], uploads=[_upload()])
    return reverse("briefings:attachment", args=[note.pk, note.attachments.first().pk]), org.officer


def _directive_source(org: Any) -> tuple[str, Any]:
    directive = _directive(org, source_file=(EVIL_NAME, b"<html><script>alert(1)</script></html>"))
    return reverse("directives:source", args=[directive.pk]), org.leader


# url name -> (how to make one stored file and a reader, the type it must be served as)
DOWNLOADS: dict[str, tuple[Callable[[Any], tuple[str, Any]], str]] = {
    "cases:document": (_case_document, "application/pdf"),
    "directives:attachment": (_task_attachment, "application/pdf"),
    "briefings:attachment": (_note_attachment, "application/pdf"),
    "directives:source": (_directive_source, "text/plain"),
}
EXTENSION = {"application/pdf": ".pdf", "text/plain": ".txt"}


def _case_document_inline(org: Any) -> tuple[str, Any]:
    document = _polyglot_case_document(org)
    return reverse("cases:document_inline", args=[document.case.tracking_code, document.pk]), org.officer


# Views that show a stored file in the browser (the staff's document viewer): a PDF or an image
# goes inline, with the same type, name and headers as a download; anything else downloads.
INLINE: dict[str, tuple[Callable[[Any], tuple[str, Any]], str]] = {
    "cases:document_inline": (_case_document_inline, "application/pdf"),
}


def _filename(disposition: str) -> str:
    match = (re.search(r"filename\*=utf-8''([^;]+)", disposition)
             or re.search(r'filename="([^"]+)"', disposition))
    assert match, disposition
    return unquote(match.group(1))


def _check_headers(headers: Any, mime: str, disposition_type: str = "attachment") -> list[str]:
    problems = []
    disposition = headers.get("Content-Disposition", "")
    if not disposition.startswith(f"{disposition_type};"):
        problems.append(f"not {disposition_type}: {disposition!r}")
    else:
        name = _filename(disposition)
        if not name.endswith(EXTENSION[mime]) or ".html" in name or "\u202e" in name:
            problems.append(f"file name {name!r}")
    if headers.get("Content-Type", "").split(";")[0] != mime:
        problems.append(f"Content-Type {headers.get('Content-Type')!r}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if "no-store" not in headers.get("Cache-Control", ""):
        problems.append(f"Cache-Control {headers.get('Cache-Control')!r}")
    return problems


@pytest.mark.parametrize("url_name", sorted(DOWNLOADS))
def test_a_polyglot_uploaded_as_html_downloads_as_its_detected_type(url_name, org, catalog, client):
    make, mime = DOWNLOADS[url_name]
    url, reader = make(org)
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert _check_headers(response, mime) == []


@pytest.mark.parametrize("url_name", sorted(INLINE))
def test_a_polyglot_shown_inline_is_its_detected_type(url_name, org, catalog, client):
    """The polyglot goes to the browser's PDF viewer, never as a page: application/pdf, nosniff."""
    make, mime = INLINE[url_name]
    url, reader = make(org)
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert _check_headers(response, mime, "inline") == []


def test_every_download_view_is_checked():
    """A view that streams a stored file is named *attachment*, *document*, *source* or *file*."""
    names = {name for _path, name, _entry in all_url_patterns()
             if re.search(r"attachment|document|source|file", name.split(":")[-1])}
    checked = set(DOWNLOADS) | set(INLINE)
    assert names == checked, f"add the new download view(s) to DOWNLOADS or INLINE: {names - checked}"


@pytest.mark.parametrize(("name", "mime", "expected"), [
    ("passport.html", "application/pdf", "passport.pdf"),
    ("../../etc/passwd", "application/pdf", "passwd.pdf"),
    ("C:\\Users\\an\\ảnh hộ chiếu.PNG", "image/png", "ảnh hộ chiếu.png"),
    ("x\u202egpj.exe", "image/jpeg", "x_gpj.jpg"),
    ("a\r\nSet-Cookie: x=1.pdf", "application/pdf", "a Set-Cookie_ x_1.pdf"),
    (".html", "application/pdf", "html.pdf"),
    ("...", "application/pdf", "document.pdf"),
    ("", "text/html", "document.bin"),
    ("report.pdf.html", "application/pdf", "report.pdf.pdf"),
])
def test_download_names(name, mime, expected):
    assert download_name(name, mime) == expected


def test_only_pdf_and_images_may_be_inline(org, catalog, client):
    from chancery.core.downloads import content_download

    assert content_download(b"x", name="n", content_type="application/pdf", inline=True)[
        "Content-Disposition"].startswith("inline;")
    for mime in ("text/html", "text/plain", "image/svg+xml"):
        response = content_download(b"x", name="n", content_type=mime, inline=True)
        assert response["Content-Disposition"].startswith("attachment;"), mime
        assert response["Content-Type"] in ("application/octet-stream", "text/plain; charset=utf-8")


def test_notice_pdfs_and_exports_carry_the_same_headers(org, catalog, client):
    from chancery.cases.models import NoticeKind
    from chancery.cases.notices import issue_notice
    from tests.factories import submit_case

    case, _key = submit_case(org.fr)
    notice = issue_notice(case, NoticeKind.RECEIPT)
    client.force_login(org.officer)
    response = client.get(reverse("cases:notice_pdf", args=[case.tracking_code, notice.pk]))
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    for url, mime in ((reverse("directives:export", args=["csv"]), "text/csv"),
                      (reverse("directives:export", args=["xlsx"]), "application/vnd.openxmlformats-"
                       "officedocument.spreadsheetml.sheet")):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].split(";")[0] == mime
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]


def test_on_s3_the_signed_url_carries_the_disposition_and_type():
    """The object store answers with what the signed URL says (checked against moto in
    tests/ops/test_s3_storage.py); here: what the helper asks it to say."""
    from storages.backends.s3 import S3Storage

    class File:
        name = "documents/2026/01/abc.html"
        storage = S3Storage(bucket_name="b", endpoint_url="https://s3.example.org", access_key="k",
                            secret_key="s", querystring_auth=True, region_name="us-east-1")

    response = file_download(File(), name=EVIL_NAME, content_type="application/pdf")  # type: ignore[arg-type]
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["response-content-type"] == ["application/pdf"]
    assert query["response-content-disposition"][0].startswith("attachment;")
    assert _filename(query["response-content-disposition"][0]).endswith(".pdf")
    assert query["response-cache-control"] == ["private, no-store"]
