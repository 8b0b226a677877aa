"""Uploaded documents are judged by their content, within the catalogue's size caps, and stored
under random names."""

from __future__ import annotations

import io
import re
from pathlib import PurePosixPath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from chancery.cases.forms import ApplicationForm
from chancery.cases.services import save_application
from chancery.core.uploads import UploadRejected, check_upload
from chancery.organization.models import Unit
from chancery.procedures.selectors import current_version
from tests.factories import HTML_BYTES, JPEG_BYTES, PDF_BYTES, PNG_BYTES, submit_case

MB = 1024 * 1024



@pytest.fixture(autouse=True)
def _in_english():
    """The messages are compared word for word, in English (the default language is Vietnamese)."""
    with translation.override("en"):
        yield


def real_image(kind: str) -> bytes:
    """An image as a camera or scanner would save it, made by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def rejection(file: SimpleUploadedFile, accepted: list[str], max_size_mb: int = 5) -> str:
    with pytest.raises(UploadRejected) as refused:
        check_upload(file, accepted, max_size_mb)
    return str(refused.value)


def is_a_sentence(message: str) -> bool:
    return message[:1].isupper() and message.endswith(".") and len(message.split()) >= 4


# ---- What is accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "accepted", "mime", "suffix"), [
    ("passport.pdf", PDF_BYTES, ["pdf"], "application/pdf", ".pdf"),
    ("photo.png", PNG_BYTES, ["jpeg", "png"], "image/png", ".png"),
    ("photo.jpg", JPEG_BYTES, ["jpeg"], "image/jpeg", ".jpg"),
    ("scan.png", real_image("PNG"), ["pdf", "jpeg", "png"], "image/png", ".png"),
    ("camera.jpeg", real_image("JPEG"), ["pdf", "jpeg", "png"], "image/jpeg", ".jpg"),
    ("scan.pdf", real_image("PDF"), ["pdf", "jpeg", "png"], "application/pdf", ".pdf"),
])
def test_real_pdf_png_and_jpeg_files_are_accepted(name, content, accepted, mime, suffix):
    checked = check_upload(upload(name, content), accepted, 5)
    assert checked.content_type == mime
    assert checked.suffix == suffix
    assert checked.size == len(content)
    assert re.fullmatch(r"[0-9a-f]{64}", checked.sha256)


def test_the_type_comes_from_the_content_not_the_name():
    checked = check_upload(upload("photo.pdf", JPEG_BYTES), ["jpeg", "pdf"], 5)
    assert checked.content_type == "image/jpeg"
    assert checked.suffix == ".jpg"


def test_a_file_exactly_at_the_size_cap_is_accepted():
    content = JPEG_BYTES + b"\x00" * (1 * MB - len(JPEG_BYTES))
    assert check_upload(upload("photo.jpg", content), ["jpeg"], 1).size == 1 * MB


def test_the_file_can_be_read_again_after_the_check():
    file = upload("passport.pdf", PDF_BYTES)
    check_upload(file, ["pdf"], 5)
    assert file.read() == PDF_BYTES


# ---- What is refused, and how it is said ---------------------------------------------------------


def test_a_pdf_renamed_jpg_is_refused_where_only_jpeg_is_accepted():
    message = rejection(upload("photo.jpg", PDF_BYTES), ["jpeg"])
    assert message == "This file is not a JPEG file (whatever its name says). Please upload a JPEG."
    assert is_a_sentence(message)


def test_an_html_page_renamed_pdf_is_refused():
    message = rejection(SimpleUploadedFile("invoice.pdf", HTML_BYTES, content_type="application/pdf"),
                        ["pdf", "jpeg", "png"])
    assert "not a PDF, JPEG, PNG file" in message
    assert is_a_sentence(message)


@pytest.mark.parametrize("content", [b"just some text\n", b"\x00" * 100, b"GIF89a\x01\x00\x01\x00"])
def test_other_content_is_refused(content):
    assert "is not a PDF file" in rejection(upload("doc.pdf", content), ["pdf"])


def test_an_empty_file_is_refused():
    message = rejection(upload("passport.pdf", b""), ["pdf"])
    assert message == "The file is empty."


def test_a_file_over_the_cap_is_refused_with_its_size_and_the_limit():
    content = PDF_BYTES + b"\x00" * (2 * MB)
    message = rejection(upload("passport.pdf", content), ["pdf"], max_size_mb=2)
    assert message == "The file is 2.0 MB; the limit for this document is 2 MB."
    assert is_a_sentence(message)


# ---- The catalogue's caps, through the application form --------------------------------------------


@pytest.fixture
def passport(catalog):
    return current_version("passport-issuance")


def form_with(version, **files: SimpleUploadedFile) -> ApplicationForm:
    return ApplicationForm(
        {}, files, version=version, units=Unit.objects.none(), draft=True,
    )


def test_the_size_cap_comes_from_the_catalogue(passport):
    photo_cap = passport.document("portrait_photo")["max_size_mb"]
    proof_cap = passport.document("nationality_proof")["max_size_mb"]
    assert photo_cap < proof_cap  # the passport catalogue gives documents different caps
    size = photo_cap * MB + 1
    photo = JPEG_BYTES + b"\x00" * (size - len(JPEG_BYTES))
    form = form_with(
        passport,
        doc_portrait_photo=upload("photo.jpg", photo),
        doc_nationality_proof=upload("proof.jpg", photo),
    )
    form.is_valid()
    assert form.errors["doc_portrait_photo"] == [
        f"The file is {size / MB:.1f} MB; the limit for this document is {photo_cap} MB."
    ]
    assert "doc_nationality_proof" not in form.errors
    assert "nationality_proof" in form.checked_uploads


def test_the_accepted_types_come_from_the_catalogue(passport):
    assert passport.document("portrait_photo")["accepted_types"] == ["jpeg", "png"]
    form = form_with(passport, doc_portrait_photo=upload("photo.jpg", PDF_BYTES),
                     doc_nationality_proof=upload("proof.jpg", PDF_BYTES))
    form.is_valid()
    assert form.errors["doc_portrait_photo"] == [
        "This file is not a JPEG, PNG file (whatever its name says). Please upload a JPEG, PNG."
    ]
    assert "doc_nationality_proof" not in form.errors


# ---- Storage -------------------------------------------------------------------------------------


def test_stored_file_names_are_random_and_keep_nothing_of_the_original(org, catalog):
    case, _key = submit_case(org.fr)
    document = case.documents.get(requirement="nationality_proof")
    assert document.original_name == "nationality_proof.pdf"
    assert re.fullmatch(r"documents/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", document.file.name)
    assert "nationality" not in document.file.name
    with document.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_a_personal_file_name_does_not_reach_the_storage_path(org, catalog, passport):
    name = "Nguyen Van An - passport 1990.05.17.PDF"
    file = upload(name, PDF_BYTES)
    photo = upload("Nguyen Van An.jpg", JPEG_BYTES)
    case, _key = save_application(
        version=passport, unit=org.fr, applicant={"name": "Nguyễn Văn An", "email": "an@example.org"},
        answers={}, submit=False,
        uploads={"nationality_proof": (file, check_upload(file, ["pdf"], 10)),
                 "portrait_photo": (photo, check_upload(photo, ["jpeg"], 5))},
    )
    stored = {d.requirement: d for d in case.documents.all()}
    assert stored["nationality_proof"].original_name == name
    for document in stored.values():
        assert "nguyen" not in document.file.name.lower()
        assert "1990" not in document.file.name
    assert stored["nationality_proof"].file.name.endswith(".pdf")
    assert stored["portrait_photo"].file.name.endswith(".jpg")
    assert len({PurePosixPath(d.file.name).stem for d in stored.values()}) == 2


def test_the_suffix_is_the_detected_type_not_the_one_in_the_name(org, catalog, passport):
    file = upload("proof.exe", PDF_BYTES)
    case, _key = save_application(
        version=passport, unit=org.fr, applicant={"name": "An", "email": "an@example.org"},
        answers={}, submit=False,
        uploads={"nationality_proof": (file, check_upload(file, ["pdf"], 10))},
    )
    assert case.documents.get().file.name.endswith(".pdf")
