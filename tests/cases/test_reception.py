"""Reception per Decree 118/2025/NĐ-CP: an incomplete dossier is sent back to be completed (form 02,
naming the missing or wrong documents) without being received; the legal clock does not start and
no receipt is issued until the office receives it complete, however many rounds it takes. The
processing supplement names documents too, and the applicant answers with one file for each."""

from __future__ import annotations

import pytest
import yaml
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chancery.audit.models import AuditRecord
from chancery.cases.lifecycle import ASKS_FOR_DOCUMENTS, SENDS_DOCUMENTS, TRANSITIONS, Status
from chancery.cases.models import Case, Document, Notice, NoticeKind, Notification
from chancery.cases.pdf import render_notice_html
from chancery.cases.services import (
    DocumentsMissing,
    InvalidRequirements,
    TransitionNotAllowed,
    apply_transition,
)
from chancery.core.uploads import check_upload
from chancery.procedures.selectors import current_version
from tests.cases.test_workbench_http import action_url, detail_url, logged_in
from tests.factories import HTML_BYTES, PNG_BYTES, advance, pdf, submit_case
from tests.portal.helpers import Browser

# Every procedure of the catalogue, with when its clock starts (read from the catalogue itself).
CATALOGUE = {
    path.stem: yaml.safe_load(path.read_text())
    for path in sorted(settings.CATALOG_DIR.glob("*.yaml"))
}
NOT_URGENT = sorted(code for code, d in CATALOGUE.items() if not d.get("urgent"))
GUIDANCE = "Ảnh phải có nền trắng; bản sao giấy khai sinh phải rõ nét."



def first_documents(case: Case, n: int = 2) -> list[str]:
    return [doc["code"] for doc in case.procedure_version.documents[:n]]


def notices(case: Case, kind: str) -> int:
    return Notice.objects.filter(case=case, kind=kind).count()


def test_the_table_asks_and_answers_in_pairs():
    """Each request for documents has its answer by the applicant, from the status it makes."""
    asks = {TRANSITIONS[a].target: a for a in ASKS_FOR_DOCUMENTS}
    answers = {next(iter(TRANSITIONS[a].sources)): a for a in SENDS_DOCUMENTS}
    assert set(asks) == set(answers) == {Status.COMPLETION_REQUESTED, Status.SUPPLEMENT_REQUESTED}
    for action in SENDS_DOCUMENTS:
        assert TRANSITIONS[action].actor == "applicant"
    for action in ASKS_FOR_DOCUMENTS:
        assert TRANSITIONS[action].actor == "officer" and TRANSITIONS[action].reason_required
    # Completing goes back to reception: the office then receives it (or asks again).
    assert TRANSITIONS["complete_dossier"].target == Status.SUBMITTED
    assert TRANSITIONS["request_completion"].sources == {Status.SUBMITTED}


@pytest.mark.parametrize("code", NOT_URGENT)
@pytest.mark.parametrize("rounds", [1, 3])
def test_completion_rounds_never_start_the_clock_and_the_receipt_comes_once(org, catalog, code, rounds):
    case, _key = submit_case(org.fr, code)
    named = first_documents(case)
    for n in range(1, rounds + 1):
        case = advance(case, ["request_completion"], officer=org.officer, requirements=named)
        assert case.status == Status.COMPLETION_REQUESTED
        assert case.national_status_code == 5
        assert case.requested_documents == named
        assert case.reason_for_applicant == "Because the rules say so."
        case = advance(case, ["complete_dossier"], officer=org.officer)
        assert case.status == Status.SUBMITTED
        assert (case.clock_started_at, case.due_at, case.received_at) == (None, None, None)
        assert notices(case, NoticeKind.COMPLETION_REQUEST) == n
        assert notices(case, NoticeKind.RECEIPT) == 0
        assert case.supplement_count == 0  # not the once-only processing supplement
        assert set(case.documents.filter(stage=Document.Stage.COMPLETION)
                   .values_list("requirement", flat=True)) == set(named)
    case = advance(case, ["receive"], officer=org.officer)
    assert notices(case, NoticeKind.RECEIPT) == 1
    if CATALOGUE[code].get("clock_starts", "receipt") == "receipt":
        assert case.clock_started_at == case.received_at and case.due_at is not None
    else:  # counted from payment: still waiting
        assert case.clock_started_at is None
    # A supplement may still be asked once during processing.
    case = advance(case, ["start_processing", "request_supplement"], officer=org.officer)
    assert case.supplement_count == 1
    assert notices(case, NoticeKind.RECEIPT) == 1


def test_the_request_is_an_event_an_audit_record_a_form_02_and_an_email(
    org, catalog, django_capture_on_commit_callbacks
):
    case, _key = submit_case(org.fr, "passport-issuance")
    named = ["portrait_photo", "birth_certificate"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = apply_transition(case, "request_completion", actor=org.officer,
                                expected_version=case.version, reason=GUIDANCE, requirements=named)
    event = case.events.last()
    assert (event.action, event.note, event.requirements) == ("request_completion", GUIDANCE, named)
    audit = AuditRecord.objects.filter(action="case.request_completion").get()
    assert audit.data["requirements"] == named
    notice = case.notices.get(kind=NoticeKind.COMPLETION_REQUEST)
    assert [r["code"] for r in notice.content["requirements"]] == named
    html = render_notice_html(notice)
    assert "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" in html
    assert GUIDANCE in html
    assert "chưa được tiếp nhận" in html and "Thời hạn giải quyết chưa bắt đầu" in html
    for code in named:
        assert case.procedure_version.document(code)["name"]["vi"] in html
    email = Notification.objects.filter(case=case).first()
    assert GUIDANCE in email.body
    assert case.procedure_version.document("portrait_photo")["name"]["en"] in email.body
    assert len(mail.outbox) == 1


def test_unknown_documents_and_documents_on_other_actions_are_refused(org, catalog):
    case, _key = submit_case(org.fr, "passport-issuance")
    with pytest.raises(InvalidRequirements) as refused:
        apply_transition(case, "request_completion", actor=org.officer, expected_version=case.version,
                         reason="x", requirements=["portrait_photo", "horoscope"])
    assert "horoscope" in refused.value.message and refused.value.http_status == 422
    with pytest.raises(InvalidRequirements):
        apply_transition(case, "receive", actor=org.officer, expected_version=case.version,
                         requirements=["portrait_photo"])
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and not case.events.exclude(action="submit").exists()
    assert not case.notices.exists()


def test_the_answer_needs_every_named_document_and_nothing_else(org, catalog):
    case, _key = submit_case(org.fr, "passport-issuance")
    case = advance(case, ["request_completion"], officer=org.officer,
                   requirements=["portrait_photo", "birth_certificate"])
    before = case.documents.count()
    upload = pdf("photo.pdf")
    one = {"portrait_photo": (upload, check_upload(upload, ["pdf"], 5))}
    with pytest.raises(DocumentsMissing) as missing:
        apply_transition(case, "complete_dossier", actor=None, applicant=True,
                         expected_version=case.version, documents=one)
    assert missing.value.missing == ["birth_certificate"]
    with pytest.raises(InvalidRequirements):
        apply_transition(case, "complete_dossier", actor=None, applicant=True,
                         expected_version=case.version,
                         documents={**one, "birth_certificate": one["portrait_photo"],
                                    "nationality_proof": one["portrait_photo"]})
    case.refresh_from_db()
    assert case.status == Status.COMPLETION_REQUESTED and case.documents.count() == before


def test_withdrawing_and_stopping_while_completion_is_asked(org, catalog):
    case, _key = submit_case(org.fr)
    case = advance(case, ["request_completion", "withdraw"], officer=org.officer)
    assert case.status == Status.WITHDRAWN and case.closed_at
    case, _key = submit_case(org.fr)
    case = advance(case, ["request_completion", "stop"], officer=org.officer)
    assert case.status == Status.STOPPED
    assert notices(case, NoticeKind.RECEIPT) == 0
    # Not received, so it cannot be received or taken into processing while waiting.
    case, _key = submit_case(org.fr)
    case = advance(case, ["request_completion"], officer=org.officer)
    for action in ("receive", "start_processing", "request_completion"):
        with pytest.raises(TransitionNotAllowed):
            apply_transition(case, action, actor=org.officer, expected_version=case.version, reason="x")


def test_a_supplement_names_documents_and_each_answer_is_stored_with_its_requirement(org, catalog):
    case, _key = submit_case(org.fr, "passport-issuance")
    case = advance(case, ["receive", "start_processing", "request_supplement"], officer=org.officer,
                   requirements=["nationality_proof"])
    assert case.requested_documents == ["nationality_proof"]
    notice = case.notices.get(kind=NoticeKind.SUPPLEMENT_REQUEST)
    assert [r["code"] for r in notice.content["requirements"]] == ["nationality_proof"]
    case = advance(case, ["provide_supplement"], officer=org.officer)
    supplement = case.documents.get(stage=Document.Stage.SUPPLEMENT)
    assert supplement.requirement == "nationality_proof"
    assert case.events.last().requirements == ["nationality_proof"]


# ---- Through the pages: the officer asks, the citizen completes, the officer receives ------------


def open_case(case: Case, key: str) -> Browser:
    citizen = Browser()
    citizen.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    return citizen


def test_officer_asks_citizen_completes_per_document_officer_receives(
    org, catalog, django_capture_on_commit_callbacks
):
    case, key = submit_case(org.fr, "passport-issuance")
    officer = logged_in(org.officer)
    page = officer.get(detail_url(case)).content.decode()
    assert 'data-action="request_completion"' in page
    assert 'name="requirements" value="portrait_photo"' in page

    # Without guidance: refused, the ticks stay.
    response = officer.post(action_url(case, "request_completion"),
                            {"version": case.version, "reason": "", "requirements": ["portrait_photo"]})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="portrait_photo" checked' in page and 'id="error-request_completion"' in page
    # An unknown document: refused with the message next to the form.
    response = officer.post(action_url(case, "request_completion"),
                            {"version": case.version, "reason": GUIDANCE, "requirements": ["nope"]})
    assert response.status_code == 400 and "no such document: nope" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        officer.post(action_url(case, "request_completion"), {
            "version": case.version, "reason": GUIDANCE,
            "requirements": ["portrait_photo", "birth_certificate"],
        })
    case.refresh_from_db()
    assert case.status == Status.COMPLETION_REQUESTED
    page = officer.get(detail_url(case)).content.decode()
    assert 'id="requested-documents"' in page and "not started" in page

    citizen = open_case(case, key)
    status_url = reverse("portal:status", args=[case.tracking_code])
    complete_url = reverse("portal:complete", args=[case.tracking_code])
    page = citizen.get(status_url).content.decode()
    assert "Completion requested at reception" in page and GUIDANCE in page
    assert f'action="{complete_url}"' in page
    assert 'name="doc_portrait_photo"' in page and 'name="doc_birth_certificate"' in page
    assert 'name="files"' not in page and 'name="doc_nationality_proof"' not in page

    # One good file, one missing: the error is next to the missing one, the good one is kept.
    response = citizen.post(complete_url, {
        "note": "Voilà.", "doc_portrait_photo": SimpleUploadedFile("photo.png", PNG_BYTES, "image/png"),
    })
    assert response.status_code == 400
    form = response.context["supplement_form"]
    assert form.errors["doc_birth_certificate"] == ["Please attach this document."]
    page = response.content.decode()
    assert "kept: photo.png" in page and "Voilà.</textarea>" in page
    # A file that is not what it says: its own message, next to it; the kept photo still counts.
    response = citizen.post(complete_url, {
        "doc_birth_certificate": SimpleUploadedFile("birth.pdf", HTML_BYTES, "application/pdf"),
    })
    assert response.status_code == 400
    assert "This file is not a" in response.context["supplement_form"].errors["doc_birth_certificate"][0]
    assert "doc_portrait_photo" not in response.context["supplement_form"].errors
    case.refresh_from_db()
    assert case.status == Status.COMPLETION_REQUESTED
    assert not case.documents.filter(stage=Document.Stage.COMPLETION).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post(complete_url, {"doc_birth_certificate": pdf("birth.pdf")}, follow=True)
    assert response.redirect_chain[-1][0] == status_url
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    completed = dict(case.documents.filter(stage=Document.Stage.COMPLETION)
                     .values_list("requirement", "original_name"))
    assert completed == {"portrait_photo": "photo.png", "birth_certificate": "birth.pdf"}
    assert case.events.last().action == "complete_dossier"
    assert AuditRecord.objects.filter(action="case.complete_dossier").exists()
    assert notices(case, NoticeKind.RECEIPT) == 0 and case.clock_started_at is None

    officer.post(action_url(case, "receive"), {"version": case.version, "reason": ""})
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and case.clock_started_at == case.received_at
    assert notices(case, NoticeKind.RECEIPT) == 1
    page = citizen.get(status_url).content.decode()
    assert "Receipt and appointment (form 01)" in page
    assert 'name="doc_birth_certificate"' not in page


def test_the_citizen_supplement_page_has_one_upload_per_named_document(org, catalog):
    case, key = submit_case(org.fr, "passport-issuance")
    case = advance(case, ["receive", "start_processing", "request_supplement"], officer=org.officer,
                   requirements=["nationality_proof"])
    citizen = open_case(case, key)
    url = reverse("portal:supplement", args=[case.tracking_code])
    page = citizen.get(reverse("portal:status", args=[case.tracking_code])).content.decode()
    assert f'action="{url}"' in page and 'name="doc_nationality_proof"' in page
    assert 'name="files"' not in page
    response = citizen.post(url, {"note": "rien"})
    assert response.status_code == 400
    assert response.context["supplement_form"].errors["doc_nationality_proof"]
    citizen.post(url, {"doc_nationality_proof": pdf("proof.pdf")})
    case.refresh_from_db()
    assert case.status == Status.SUPPLEMENT_PROVIDED
    assert case.documents.get(stage=Document.Stage.SUPPLEMENT).requirement == "nationality_proof"


def test_a_version_requirement_is_checked_against_its_own_accepted_types(org, catalog):
    """The photo accepts JPEG and PNG only: a PDF for it is refused next to its field."""
    version = current_version("passport-issuance")
    assert version.document("portrait_photo")["accepted_types"] == ["jpeg", "png"]
    case, key = submit_case(org.fr, "passport-issuance")
    case = advance(case, ["request_completion"], officer=org.officer, requirements=["portrait_photo"])
    citizen = open_case(case, key)
    response = citizen.post(reverse("portal:complete", args=[case.tracking_code]),
                            {"doc_portrait_photo": pdf("photo.pdf")})
    assert response.status_code == 400
    assert "JPEG, PNG" in response.context["supplement_form"].errors["doc_portrait_photo"][0]
