"""An application form sent with a field wrong keeps the files that passed their checks, for the
browser that sent them: the applicant corrects the field and sends again without choosing files."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from chancery.audit.models import AuditRecord
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case, HeldUpload
from chancery.cases.services import discard_expired_held_uploads
from tests.factories import pdf
from tests.portal.helpers import (
    CONTENT,
    Browser,
    application_data,
    apply_url,
    document_files,
    required_documents,
    send_application,
    without_files,
)


def test_files_that_passed_are_kept_when_another_field_is_wrong(
    browser, org, passport, django_capture_on_commit_callbacks
):
    chosen = document_files(passport)
    response = browser.post(apply_url(), application_data(passport, org.fr, f_full_name=""))
    assert response.status_code == 200
    assert "f_full_name" in response.context["form"].errors
    page = response.content.decode()
    assert "so are the files that passed their checks" in page
    for upload in chosen.values():
        assert f"kept: {upload.name} (choose a file only to replace it)" in page
    held_names = list(HeldUpload.objects.values_list("file", flat=True))
    assert len(held_names) == len(chosen)
    assert all(name.startswith("held/") and default_storage.exists(name) for name in held_names)
    assert AuditRecord.objects.filter(action="upload.held").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = send_application(browser, apply_url(), without_files(application_data(passport, org.fr)))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == Status.SUBMITTED
    documents = {d.requirement: d for d in case.documents.all()}
    assert set(documents) == {name.removeprefix("doc_") for name in chosen}
    for field, upload in chosen.items():
        document = documents[field.removeprefix("doc_")]
        assert document.original_name == upload.name
        with document.file.open("rb") as stored:
            assert stored.read() == CONTENT[document.content_type.split("/")[1]]
    assert not HeldUpload.objects.exists()
    assert not any(default_storage.exists(name) for name in held_names)
    assert AuditRecord.objects.get(action="upload.discarded").data["why"] == "used"


def test_kept_files_serve_only_the_browser_that_sent_them(browser, org, passport):
    browser.post(apply_url(), application_data(passport, org.fr, f_full_name=""))
    assert HeldUpload.objects.exists()
    stranger = Browser()
    response = stranger.post(apply_url(), without_files(application_data(passport, org.fr)))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert all(f"doc_{code}" in errors for code in required_documents(passport))
    assert not Case.objects.exists()


def test_a_file_chosen_again_replaces_the_kept_one_and_a_refused_file_is_not_kept(
    browser, org, passport, django_capture_on_commit_callbacks
):
    browser.post(apply_url(), application_data(passport, org.fr, f_full_name=""))
    first = dict(HeldUpload.objects.values_list("requirement", "file"))
    photo = next(d["code"] for d in passport.documents if d["required"] and "pdf" not in d["accepted_types"])
    form_code = next(code for code in first if code != photo)

    # Another try, still with a field wrong: a new file for one document, a refused one for another.
    data = application_data(passport, org.fr, f_full_name="")
    data = {**without_files(data), f"doc_{form_code}": pdf("second-try.pdf"),
            f"doc_{photo}": pdf("photo.jpg")}
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(apply_url(), data)
    assert response.status_code == 200
    assert f"doc_{photo}" in response.context["form"].errors
    now = dict(HeldUpload.objects.values_list("requirement", "file"))
    assert HeldUpload.objects.get(requirement=form_code).original_name == "second-try.pdf"
    assert now[photo] == first[photo]  # the refused file did not replace the kept photo
    assert HeldUpload.objects.count() == len(first)
    assert not default_storage.exists(first[form_code])
    assert "kept: second-try.pdf" in response.content.decode()


def test_kept_files_expire(browser, org, passport, settings, django_capture_on_commit_callbacks):
    settings.HELD_UPLOAD_HOURS = 24
    browser.post(apply_url(), application_data(passport, org.fr, f_full_name=""))
    names = list(HeldUpload.objects.values_list("file", flat=True))
    assert discard_expired_held_uploads(now=timezone.now() + timedelta(hours=23)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert discard_expired_held_uploads(now=timezone.now() + timedelta(hours=25)) == len(names)
    assert not HeldUpload.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_an_expired_kept_file_no_longer_counts(browser, org, passport):
    browser.post(apply_url(), application_data(passport, org.fr, f_full_name=""))
    HeldUpload.objects.update(held_at=timezone.now() - timedelta(hours=25))
    response = browser.post(apply_url(), without_files(application_data(passport, org.fr)))
    assert response.status_code == 200
    assert not Case.objects.exists()
    assert any(name.startswith("doc_") for name in response.context["form"].errors)  # choose again
