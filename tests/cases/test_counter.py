"""Dossiers handed in at the counter: every procedure of the catalogue registered through the
staff page (generated from catalog/*.yaml, with the online form's helpers), bad input explained
next to its field with nothing lost, only the unit's staff, and the case in the queue and the
unit's figures as channel 1 (in person)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chancery.audit.models import AuditRecord
from chancery.cases import selectors
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case, Channel, NoticeKind, Notification
from chancery.organization.models import Role
from chancery.portal.models import ServiceCounter
from chancery.procedures.selectors import current_version
from tests.factories import HTML_BYTES, make_user
from tests.portal.helpers import Browser, application_data, required_documents
from tests.portal.test_every_procedure import PROCEDURES, error_id, handler, offices  # noqa: F401


def url(code: str) -> str:
    return reverse("cases:counter_register", args=[code])


def officer_of(unit, name: str = "counter.officer"):
    return make_user(name, unit, Role.OFFICER)


def logged_in(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def counter_data(version, unit, **overrides):
    data = application_data(version, unit, **overrides)
    data.pop("save", None)
    return data


@pytest.mark.parametrize("code", PROCEDURES)
def test_every_procedure_can_be_registered_at_the_counter(code, offices, django_capture_on_commit_callbacks):  # noqa: F811
    version = current_version(code)
    unit = handler(version, offices)
    officer = officer_of(unit)
    browser = logged_in(officer)
    assert code in browser.get(reverse("cases:counter")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url(code), counter_data(version, unit))
    assert response.status_code == 200, response.content.decode()[:2000]
    case = Case.objects.get()
    assert (case.procedure_version, case.unit, case.channel) == (version, unit, Channel.IN_PERSON)
    assert case.registered_by == officer and case.status == Status.SUBMITTED
    assert {d.requirement for d in case.documents.all()} == required_documents(version)
    page = response.content.decode()
    assert case.tracking_code in page
    key = re.search(r'id="access-key">([0-9A-Z-]+)<', page).group(1)
    assert case.key_matches(key)
    created = AuditRecord.objects.get(action="case.created", object_id=str(case.pk))
    assert created.actor == officer


@pytest.fixture
def passport_desk(org, catalog):
    version = current_version("passport-issuance")
    return version, logged_in(org.officer)


def test_the_e_mail_is_optional_at_the_counter(org, passport_desk, django_capture_on_commit_callbacks):
    version, browser = passport_desk
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url(version.code), counter_data(version, org.fr, applicant_email=""))
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.applicant_email == ""
    assert not Notification.objects.filter(case=case).exists()


def test_receiving_at_once_issues_the_receipt_and_starts_the_clock(org, passport_desk):
    version, browser = passport_desk
    response = browser.post(url(version.code), counter_data(version, org.fr, receive_now="on"))
    case = Case.objects.get()
    assert case.status == Status.RECEIVED and case.clock_started_at and case.due_at
    receipt = case.notices.get(kind=NoticeKind.RECEIPT)
    page = response.content.decode()
    assert reverse("cases:notice_pdf", args=[case.tracking_code, receipt.pk]) in page
    assert case.events.get(action="receive").actor == org.officer
    pdf = browser.get(reverse("cases:notice_pdf", args=[case.tracking_code, receipt.pk]))
    assert pdf.status_code == 200


def test_bad_input_is_explained_next_to_its_field_and_nothing_is_lost(org, passport_desk):
    version, browser = passport_desk
    data = counter_data(version, org.fr, applicant_name="", applicant_phone="call me")
    first_doc = next(name for name in data if name.startswith("doc_"))
    response = browser.post(url(version.code), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert error_id("applicant_name") in page and error_id("applicant_phone") in page
    assert 'value="Nguyễn Văn An"' not in page  # the empty name stays empty ...
    assert "an@example.org" in page  # ... and what was typed elsewhere is kept
    assert "kept:" in page  # the files that passed their checks are kept
    assert not Case.objects.exists()
    # Sent again with the name, and without choosing the files again: registered with them.
    again = {k: v for k, v in counter_data(version, org.fr).items() if not k.startswith("doc_")}
    again["token"] = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    response = browser.post(url(version.code), again)
    assert response.status_code == 200
    case = Case.objects.get()
    assert first_doc[4:] in {d.requirement for d in case.documents.all()}


def test_a_refused_file_is_explained_next_to_it(org, passport_desk):
    version, browser = passport_desk
    data = counter_data(version, org.fr)
    first_doc = next(name for name in data if name.startswith("doc_"))
    data[first_doc] = SimpleUploadedFile("scan.pdf", HTML_BYTES)
    response = browser.post(url(version.code), data)
    assert response.status_code == 400
    assert error_id(first_doc) in response.content.decode()
    assert not Case.objects.exists()


def test_sending_the_same_form_twice_makes_one_case(org, passport_desk):
    version, browser = passport_desk
    page = browser.get(url(version.code)).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    first = browser.post(url(version.code), counter_data(version, org.fr, token=token))
    second = browser.post(url(version.code), counter_data(version, org.fr, token=token))
    assert first.status_code == 200 and second.status_code == 302
    assert Case.objects.count() == 1


def test_only_staff_of_the_unit_may_register(org, catalog):
    version = current_version("passport-issuance")
    assert logged_in(org.outsider).get(url(version.code)).status_code == 403
    assert logged_in(org.leader).get(reverse("cases:counter")).status_code == 403
    anonymous = Browser().get(url(version.code))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    # An officer of Tokyo may not register for Paris: the office is not offered, nor accepted.
    browser = logged_in(org.officer_jp)
    form = browser.get(url(version.code)).content.decode()
    assert f'value="{org.fr.pk}"' not in form
    response = browser.post(url(version.code), counter_data(version, org.fr))
    assert response.status_code == 400 and error_id("unit") in response.content.decode()
    assert not Case.objects.exists()


def test_a_procedure_the_unit_does_not_handle_is_refused(org, catalog):
    from chancery.procedures.selectors import published_procedures

    officer_cd = officer_of(org.cd, "officer.cd")
    refused = 0
    for unit, officer in ((org.fr, org.officer), (org.cd, officer_cd)):
        for procedure in published_procedures():
            if unit.kind not in procedure.current.handled_by:
                assert logged_in(officer).get(url(procedure.code)).status_code == 403
                refused += 1
    assert refused, "every procedure is handled by both kinds: nothing to refuse"


def test_the_case_is_in_the_queue_and_the_figures_as_in_person(org, passport_desk):
    version, browser = passport_desk
    browser.post(url(version.code), counter_data(version, org.fr, applicant_name="Trần Thị Bình"))
    case = Case.objects.get()
    assert case in selectors.queue(org.officer, search="tran thi", open_only=True)
    queue = browser.get(reverse("cases:queue"), {"q": "tran thi"}).content.decode()
    assert case.tracking_code in queue
    assert f'id="counter-{case.tracking_code}">At the counter<' in queue
    counters = ServiceCounter.objects.filter(unit=org.fr)
    assert sum(c.received for c in counters) == 1
    assert sum(c.received_online for c in counters) == 0


def test_the_case_page_says_who_registered_it_at_the_counter_and_when(org, passport_desk):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from tests.factories import submit_case

    org.officer.first_name, org.officer.last_name = "Lan", "Trần Thị"
    org.officer.save()
    version, browser = passport_desk
    assert browser.post(url(version.code), counter_data(version, org.fr)).status_code == 200
    case = Case.objects.get()
    day = timezone.localtime(case.created_at, ZoneInfo(org.fr.time_zone))  # the office's day
    detail = reverse("cases:detail", args=[case.tracking_code])
    # A colleague of the unit reads it, in English and in Vietnamese.
    head = logged_in(org.head)
    page = head.get(detail).content.decode()
    assert f"Registered at the counter by Lan Trần Thị on {day:%Y-%m-%d}" in page
    vi = Browser(language="vi")
    vi.force_login(org.head)
    said = f"Cán bộ Lan Trần Thị ghi nhận hồ sơ tại quầy ngày {day:%Y-%m-%d}"
    assert said in vi.get(detail).content.decode()
    # A dossier sent online says nothing of the kind.
    online, _key = submit_case(org.fr)
    page = head.get(reverse("cases:detail", args=[online.tracking_code])).content.decode()
    assert 'id="registered-at-counter"' not in page
