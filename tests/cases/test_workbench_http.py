"""The officer's workbench through the real HTTP stack: login and roles, the unit's queue and
its filters, a case page, actions with optimistic concurrency, documents, the audit trail."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chancery.audit.models import AuditRecord
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.cases.services import save_application
from chancery.procedures.selectors import current_version, forget_frozen_versions
from tests.factories import PDF_BYTES, advance, submit_case
from tests.portal.helpers import Browser

QUEUE = reverse("cases:queue")



def logged_in(user) -> Browser:
    """A browser with this person logged in, reading English; it posts forms with their CSRF token."""
    browser = Browser()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    browser.force_login(user)
    return browser


def detail_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.tracking_code])


def action_url(case: Case, action: str) -> str:
    return reverse("cases:action", args=[case.tracking_code, action])


def codes_on(page: str) -> list[str]:
    """Tracking codes listed in the queue table, in the order shown."""
    return re.findall(r'<a href="/staff/cases/([0-9A-Z-]+)/">', page)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def cases(org, catalog):
    """Two submitted cases in Paris, one in Tokyo."""
    fr_one, _ = submit_case(org.fr, name="Lê Văn Một")
    fr_two, _ = submit_case(org.fr, "passport-reissue", name="Phạm Thị Hai")
    jp_one, _ = submit_case(org.jp, name="Đỗ Văn Ba")
    return fr_one, fr_two, jp_one


@pytest.fixture
def passport_draft(org, catalog):
    """A draft: the applicant's alone, never shown to staff."""
    case, _key = save_application(
        version=current_version("passport-issuance"), unit=org.fr,
        applicant={"name": "Draft Person", "email": "draft@example.org"}, answers={}, uploads={},
        submit=False,
    )
    return case


# ---- Who may open the workbench -------------------------------------------------------------------


def test_the_queue_requires_login(client, org):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={QUEUE}"


def test_the_queue_requires_a_staff_role(org):
    assert logged_in(org.outsider).get(QUEUE).status_code == 403


def test_a_case_page_requires_a_staff_role(org, cases):
    fr_one, _fr_two, _jp_one = cases
    assert logged_in(org.outsider).get(detail_url(fr_one)).status_code == 403
    response = Browser().get(detail_url(fr_one))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_can_log_in_through_the_login_page(org):
    browser = Browser()
    browser.get(reverse("login"))
    response = browser.post(reverse("login"), {"username": "officer.fr",
                                                "password": "correct-horse-battery-9"})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert browser.get(QUEUE).status_code == 200


# ---- The queue ------------------------------------------------------------------------------------


def test_the_queue_shows_only_the_units_cases(org, cases):
    fr_one, fr_two, jp_one = cases
    page = logged_in(org.officer_jp).get(QUEUE).content.decode()
    assert codes_on(page) == [jp_one.tracking_code]
    assert fr_one.applicant_name not in page

    page = logged_in(org.officer).get(QUEUE).content.decode()
    assert set(codes_on(page)) == {fr_one.tracking_code, fr_two.tracking_code}


def test_leadership_sees_every_units_cases(org, cases):
    page = logged_in(org.leader).get(QUEUE).content.decode()
    assert set(codes_on(page)) == {c.tracking_code for c in cases}


def test_drafts_and_closed_cases_are_not_in_the_default_queue(org, cases, passport_draft):
    fr_one, fr_two, _jp_one = cases
    advance(fr_two, ["withdraw"], officer=org.officer)
    page = logged_in(org.officer).get(QUEUE).content.decode()
    assert codes_on(page) == [fr_one.tracking_code]
    assert passport_draft.tracking_code not in page


def test_the_queue_filters_by_status(org, cases):
    fr_one, fr_two, _jp_one = cases
    advance(fr_one, ["receive"], officer=org.officer)
    browser = logged_in(org.officer)
    page = browser.get(QUEUE, {"status": "received"}).content.decode()
    assert codes_on(page) == [fr_one.tracking_code]
    page = browser.get(QUEUE, {"status": "submitted"}).content.decode()
    assert codes_on(page) == [fr_two.tracking_code]
    advance(fr_two, ["withdraw"], officer=org.officer)
    page = browser.get(QUEUE, {"status": "withdrawn"}).content.decode()
    assert codes_on(page) == [fr_two.tracking_code]  # a closed status can be asked for


def test_the_queue_filters_by_procedure(org, cases):
    fr_one, fr_two, _jp_one = cases
    browser = logged_in(org.officer)
    page = browser.get(QUEUE, {"procedure": "passport-reissue"}).content.decode()
    assert codes_on(page) == [fr_two.tracking_code]
    page = browser.get(QUEUE, {"procedure": "passport-issuance"}).content.decode()
    assert codes_on(page) == [fr_one.tracking_code]


def test_the_queue_searches_by_code_and_by_name(org, cases):
    fr_one, fr_two, _jp_one = cases
    browser = logged_in(org.officer)
    typed = fr_two.tracking_code.replace("-", "").lower()
    assert codes_on(browser.get(QUEUE, {"q": typed}).content.decode()) == [fr_two.tracking_code]
    assert codes_on(browser.get(QUEUE, {"q": "Một"}).content.decode()) == [fr_one.tracking_code]


def test_the_queue_sorts_oldest_or_newest_first(org, catalog):
    now = timezone.now()
    made = []
    for days_ago in (3, 10, 1):
        case, _ = submit_case(org.fr)
        Case.objects.filter(pk=case.pk).update(submitted_at=now - timedelta(days=days_ago))
        made.append((days_ago, case.tracking_code))
    oldest_first = [code for _days, code in sorted(made, reverse=True)]
    browser = logged_in(org.officer)
    assert codes_on(browser.get(QUEUE).content.decode()) == oldest_first  # the default
    assert codes_on(browser.get(QUEUE, {"order": "oldest"}).content.decode()) == oldest_first
    newest = codes_on(browser.get(QUEUE, {"order": "newest"}).content.decode())
    assert newest == oldest_first[::-1]


def test_the_queue_does_not_query_more_with_more_cases(org, catalog):
    def make(n: int) -> None:
        for i in range(n):
            unit = org.fr if i % 3 else org.jp
            case, _ = submit_case(unit, "passport-issuance" if i % 2 else "passport-reissue")
            if i % 4 == 0 and unit == org.fr:
                advance(case, ["receive"], officer=org.officer)  # an assigned officer to show

    browser = logged_in(org.leader)
    browser.get(QUEUE)  # warm up: session, content types
    make(3)
    # Both measured with the process's procedure-version memo cold: one query loads them all.
    forget_frozen_versions()
    with CaptureQueriesContext(connection) as few:
        response = browser.get(QUEUE)
    assert len(codes_on(response.content.decode())) == 3
    make(27)
    forget_frozen_versions()
    with CaptureQueriesContext(connection) as many:
        response = browser.get(QUEUE)
    assert len(codes_on(response.content.decode())) == 30
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_queue_row_shows_how_long_the_case_has_waited_and_its_deadline(org, catalog):
    waiting, _ = submit_case(org.fr, name="Người Chờ Lâu")
    advance(waiting, ["receive"], officer=org.officer)
    Case.objects.filter(pk=waiting.pk).update(submitted_at=timezone.now() - timedelta(days=3),
                                              due_at=timezone.now() - timedelta(hours=1))
    fresh, _ = submit_case(org.fr, name="Người Mới Nộp")
    page = logged_in(org.officer).get(QUEUE).content.decode()
    rows = dict(re.findall(r'<a href="/staff/cases/([0-9A-Z-]+)/">(.*?)</tr>', page, re.S))
    assert "3 days ago" in rows[waiting.tracking_code]
    assert "Received" in rows[waiting.tracking_code]
    assert 'class="badge t-overdue">overdue<' in rows[waiting.tracking_code]
    assert "today" in rows[fresh.tracking_code]
    assert "Submitted" in rows[fresh.tracking_code]


@pytest.mark.parametrize(("order", "index"), [("oldest", "case_open_by_submission"),
                                             ("due", "case_open_by_due_date")])
def test_a_units_open_queue_can_be_read_in_order_from_its_partial_index(org, cases, order, index):
    """The query's status filter must stay the one the partial indexes were built with: then the
    first page of 50 is read in order, without sorting a unit's thousands of open cases."""
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    from chancery.cases import selectors

    sql, params = selectors.queue(org.officer, open_only=True, order=order)[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
    assert "Sort" not in plan, plan


def test_the_pages_of_the_queue_keep_the_search_and_filters(org, catalog):
    for _i in range(51):
        submit_case(org.fr, name="Hà & Co")
    other, _ = submit_case(org.fr, name="Someone Else")
    browser = logged_in(org.officer)
    first = browser.get(QUEUE, {"q": "Hà & Co", "order": "newest"}).content.decode()
    assert len(codes_on(first)) == 50
    assert "(51)" in first
    next_link = re.search(r'<a href="\?([^"]*)">[^<]*»</a>', first)
    assert next_link, "no link to the next page"
    query = QueryDict(html.unescape(next_link.group(1)))
    assert (query["q"], query["order"], query["page"]) == ("Hà & Co", "newest", "2")
    second = browser.get(f"{QUEUE}?{html.unescape(next_link.group(1))}").content.decode()
    assert len(codes_on(second)) == 1
    assert other.tracking_code not in second
    assert set(codes_on(first)).isdisjoint(codes_on(second))


# ---- A case page, its actions and its documents ----------------------------------------------------


def test_a_case_of_another_unit_is_404_everywhere(org, cases):
    fr_one, _fr_two, _jp_one = cases
    document = fr_one.documents.first()
    browser = logged_in(org.officer_jp)
    assert browser.get(detail_url(fr_one)).status_code == 404
    response = browser.post(action_url(fr_one, "receive"), {"version": fr_one.version, "reason": ""})
    assert response.status_code == 404
    assert browser.get(reverse("cases:document", args=[fr_one.tracking_code, document.pk])).status_code == 404
    fr_one.refresh_from_db()
    assert fr_one.status == Status.SUBMITTED
    assert not AuditRecord.objects.filter(
        action__in=["case.viewed", "document.downloaded"], actor=org.officer_jp
    ).exists()


def test_a_document_of_another_case_is_404_even_within_the_unit(org, cases):
    fr_one, fr_two, _jp_one = cases
    foreign = fr_two.documents.first()
    url = reverse("cases:document", args=[fr_one.tracking_code, foreign.pk])
    assert logged_in(org.officer).get(url).status_code == 404


def test_viewing_a_case_shows_it_and_writes_an_audit_record(org, cases):
    fr_one, _fr_two, _jp_one = cases
    response = logged_in(org.officer).get(detail_url(fr_one))
    assert response.status_code == 200
    page = response.content.decode()
    assert fr_one.applicant_name in page
    assert 'data-action="receive"' in page
    assert 'data-action="approve"' not in page
    viewed = AuditRecord.objects.filter(action="case.viewed", object_id=str(fr_one.pk))
    assert viewed.count() == 1
    assert viewed.get().actor == org.officer
    assert viewed.get().unit_id == org.fr.pk


def test_an_officer_moves_a_case_with_the_version_they_saw(org, cases):
    fr_one, _fr_two, _jp_one = cases
    browser = logged_in(org.officer)
    browser.get(detail_url(fr_one))
    response = browser.post(action_url(fr_one, "receive"), {"version": fr_one.version, "reason": ""},
                            follow=True)
    assert response.redirect_chain[-1][0] == detail_url(fr_one)
    assert "Done: Receive (complete)." in response.content.decode()
    fr_one.refresh_from_db()
    assert fr_one.status == Status.RECEIVED
    assert fr_one.assigned_to == org.officer
    assert fr_one.events.last().actor == org.officer


def test_a_reason_is_required_where_the_applicant_must_be_told(org, cases):
    fr_one, _fr_two, _jp_one = cases
    response = logged_in(org.officer).post(
        action_url(fr_one, "not_accept"), {"version": fr_one.version, "reason": " ", "confirm": "on"},
        follow=True
    )
    assert "Please give a reason" in response.content.decode()
    fr_one.refresh_from_db()
    assert fr_one.status == Status.SUBMITTED


def test_a_stale_version_says_the_case_changed_and_changes_nothing(org, cases):
    fr_one, _fr_two, _jp_one = cases
    seen = fr_one.version
    advance(fr_one, ["receive"], officer=org.head)  # someone else, meanwhile
    fr_one.refresh_from_db()
    before = (fr_one.status, fr_one.version, fr_one.events.count())
    response = logged_in(org.officer).post(
        action_url(fr_one, "stop"), {"version": seen, "reason": "Duplicate application.", "confirm": "on"}
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "Someone else changed this case a moment ago. Reload it to see what changed."
    ]
    fr_one.refresh_from_db()
    assert (fr_one.status, fr_one.version, fr_one.events.count()) == before


def test_an_officer_without_delegation_cannot_approve(org, cases):
    fr_one, _fr_two, _jp_one = cases
    case = advance(fr_one, ["receive", "start_processing", "request_fee", "record_payment"],
                   officer=org.officer)
    page = logged_in(org.officer).get(detail_url(case)).content.decode()
    assert 'data-action="approve"' not in page  # not offered...
    response = logged_in(org.officer).post(action_url(case, "approve"),
                                           {"version": case.version, "reason": "", "confirm": "on"})
    assert messages_of(response) == [  # ...and refused when forced
        "Only the head of the office, or an officer the head delegated, may decide."
    ]
    case.refresh_from_db()
    assert case.status == Status.FEE_PAID
    assert case.decided_at is None

    response = logged_in(org.delegated).post(action_url(case, "approve"),
                                             {"version": case.version, "reason": "", "confirm": "on"})
    assert messages_of(response) == ["Done: Approve."]
    case.refresh_from_db()
    assert case.status == Status.APPROVED


def test_an_unknown_action_is_refused(org, cases):
    fr_one, _fr_two, _jp_one = cases
    response = logged_in(org.officer).post(action_url(fr_one, "teleport"), {"version": fr_one.version})
    assert response.status_code == 403
    fr_one.refresh_from_db()
    assert fr_one.status == Status.SUBMITTED


def test_an_action_needs_the_csrf_token(org, cases):
    fr_one, _fr_two, _jp_one = cases
    browser = logged_in(org.officer)
    response = super(Browser, browser).post(action_url(fr_one, "receive"), {"version": fr_one.version})
    assert response.status_code == 403
    fr_one.refresh_from_db()
    assert fr_one.status == Status.SUBMITTED


def test_an_action_is_post_only(org, cases):
    fr_one, _fr_two, _jp_one = cases
    assert logged_in(org.officer).get(action_url(fr_one, "receive")).status_code == 405


def test_the_units_staff_download_a_document_and_it_is_audited(org, cases):
    fr_one, _fr_two, _jp_one = cases
    document = fr_one.documents.get(requirement="nationality_proof")
    url = reverse("cases:document", args=[fr_one.tracking_code, document.pk])
    assert url in logged_in(org.officer).get(detail_url(fr_one)).content.decode()

    response = logged_in(org.head).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert document.original_name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"

    downloaded = AuditRecord.objects.get(action="document.downloaded")
    assert downloaded.actor == org.head
    assert downloaded.object_type == "cases.document"
    assert downloaded.object_id == str(document.pk)
    assert downloaded.unit_id == org.fr.pk
    assert downloaded.ip_address == "127.0.0.1"


def test_leadership_reads_but_cannot_act(org, cases):
    fr_one, _fr_two, _jp_one = cases
    browser = logged_in(org.leader)
    page = browser.get(detail_url(fr_one)).content.decode()
    assert "data-action=" not in page
    response = browser.post(action_url(fr_one, "receive"), {"version": fr_one.version, "reason": ""})
    assert messages_of(response) == ["You do not work on this office's cases."]
    fr_one.refresh_from_db()
    assert fr_one.status == Status.SUBMITTED
