"""What one anonymous client may send in an hour (security finding 12.7): applications through the
form and the API, and megabytes of documents, kept files included. Past the limit nothing is
stored, the page says so in the reader's language and the API answers 429 with Retry-After."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chancery.cases.models import Case, HeldUpload
from tests.factories import PDF_BYTES
from tests.portal.helpers import Browser, application_data, apply_url, send_application


def api_application(version, unit) -> dict:
    import json

    data = application_data(version, unit)
    answers = {k.removeprefix("f_"): v for k, v in data.items() if k.startswith("f_")}
    return {"procedure": version.code, "unit": unit.code, "applicant_name": "An",
            "applicant_email": "an@example.org", "answers": json.dumps(answers), "consent": "true",
            **{k: v for k, v in data.items() if k.startswith("doc_")}}


def test_the_api_refuses_more_applications_than_the_hourly_limit(settings, org, passport):
    settings.APPLICATIONS_PER_CLIENT_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en")
    answers = [client.post("/api/v1/applications", api_application(passport, org.fr)) for _ in range(3)]
    assert [r.status_code for r in answers] == [201, 201, 429]
    assert answers[2].json()["code"] == "rate_limited"
    assert int(answers[2]["Retry-After"]) > 0
    assert "Too many applications" in answers[2].json()["message"]
    assert Case.objects.count() == 2
    # Another client is not held back by the first one.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post("/api/v1/applications", api_application(passport, org.fr)).status_code == 201


def test_the_form_says_why_and_stores_nothing_past_the_limit(settings, org, passport):
    settings.APPLICATIONS_PER_CLIENT_HOUR = 1
    browser = Browser(REMOTE_ADDR="203.0.113.8")
    send_application(browser, apply_url(), application_data(passport, org.fr))
    assert Case.objects.count() == 1
    page = send_application(browser, apply_url(), application_data(passport, org.fr), follow=True)
    assert page.status_code < 500
    assert "Too many applications" in page.content.decode()
    assert Case.objects.count() == 1


def test_files_past_the_hourly_megabytes_are_not_kept(settings, org, passport):
    settings.UPLOAD_MB_PER_CLIENT_HOUR = 1
    big = SimpleUploadedFile("proof.pdf", PDF_BYTES + b"\0" * (1024 * 1024))
    browser = Browser(REMOTE_ADDR="203.0.113.9")
    # A form that fails on another field keeps good files, but not more than the limit allows.
    data = application_data(passport, org.fr, applicant_email="not-an-address",
                            doc_nationality_proof=big)
    browser.post(apply_url(), data)
    assert HeldUpload.objects.count() == 0
    small = application_data(passport, org.fr, applicant_email="not-an-address")
    Browser(REMOTE_ADDR="198.51.100.10").post(apply_url(), small)
    assert HeldUpload.objects.count() > 0  # another client's small files are kept
