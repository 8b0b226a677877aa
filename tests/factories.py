"""Building blocks for tests: units, staff in each role, cases moved along the lifecycle."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.cases.models import Case
from chancery.cases.services import apply_transition, save_application
from chancery.core.uploads import check_upload
from chancery.organization.models import Membership, Unit, UnitKind
from chancery.procedures.selectors import current_version

PASSWORD = "correct-horse-battery-9"

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 64 + b"\xff\xd9"
)
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def pdf(name: str = "passport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_unit(code: str, kind: str = UnitKind.EMBASSY, country: str = "FR",
              tz: str = "Europe/Paris", weekend: tuple[int, ...] = (5, 6)) -> Unit:
    return Unit.objects.create(
        code=code, kind=kind, name_vi=f"Đơn vị {code}", name_en=f"Unit {code}",
        host_country=country, city="City", time_zone=tz, weekend_days=list(weekend),
        jurisdiction_countries=[country],
    )


def make_user(username: str, unit: Unit | None = None, role: str | None = None,
              may_decide: bool = False, **extra: Any):
    extra.setdefault("email", f"{username}@mofa.example")
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if unit is not None and role is not None:
        Membership.objects.create(user=user, unit=unit, role=role, may_decide=may_decide)
    return user


def applicant_uploads(version) -> dict:
    uploads = {}
    for doc in version.documents:
        if doc["required"] and not doc.get("show_if"):  # conditional ones apply to no empty answers
            kind = "pdf" if "pdf" in doc["accepted_types"] else doc["accepted_types"][0]
            content = {"pdf": PDF_BYTES, "png": PNG_BYTES, "jpeg": JPEG_BYTES}[kind]
            upload = SimpleUploadedFile(f"{doc['code']}.{kind}", content)
            uploads[doc["code"]] = (upload, check_upload(upload, [kind], doc["max_size_mb"]))
    return uploads


def submit_case(unit: Unit, procedure_code: str = "passport-issuance", **applicant: str) -> tuple[Case, str]:
    version = current_version(procedure_code)
    assert version is not None, f"catalogue has no {procedure_code}"
    case, key = save_application(
        version=version, unit=unit,
        applicant={"name": applicant.get("name", "Nguyễn Văn An"),
                   "email": applicant.get("email", "an@example.org"), "phone": "+33 612345678"},
        answers={}, uploads=applicant_uploads(version), submit=True,
    )
    return case, key


def advance(case: Case, actions: list[str], *, officer, decider=None,
            requirements: list[str] | None = None) -> Case:
    """Walk a case through actions, each by the right kind of actor. A request for documents
    names `requirements`; the applicant's answer sends one file for each document named (or one
    free file when none was)."""
    for action in actions:
        case.refresh_from_db()
        applicant = action in ("provide_supplement", "complete_dossier", "withdraw", "submit")
        actor = None if applicant else (decider or officer) if action in ("approve", "refuse") else officer
        uploads = documents = None
        if action in ("provide_supplement", "complete_dossier"):
            if case.requested_documents:
                documents = {}
                for code in case.requested_documents:
                    upload = pdf(f"{code}.pdf")
                    documents[code] = (upload, check_upload(upload, ["pdf"], 5))
            else:
                upload = pdf("extra.pdf")
                uploads = [(upload, check_upload(upload, ["pdf"], 5))]
        case = apply_transition(
            case, action, actor=actor, applicant=applicant, expected_version=case.version,
            reason="Because the rules say so." if action in (
                "not_accept", "refuse", "stop", "request_supplement", "request_completion") else "",
            uploads=uploads, documents=documents,
            requirements=requirements if action in ("request_completion", "request_supplement") else None,
        )
    return case
