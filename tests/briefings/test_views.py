"""The pages over HTTP: who may open and do what, restricted notes audited on every view."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chancery.audit.models import AuditRecord
from chancery.briefings import services
from chancery.briefings.models import Briefing, Classification, MonitoringAssignment, NewsItem, Note
from tests.briefings.conftest import local
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def secret(org, write_note):
    return write_note(
        org.fr,
        org.head,
        title="Ghi chú mật về Đà Nẵng",
        body="Nội dung hạn chế.",
        classification=Classification.RESTRICTED,
        at=local(org.fr, 2025, 3, 10, 9),
    )


PAGES = [
    "briefings:index",
    "briefings:note_list",
    "briefings:briefing_list",
    "briefings:monitoring",
    "briefings:news_list",
    "briefings:news_import",
    "briefings:partners",
    "briefings:search",
]


def test_pages_for_staff_only(client, org):
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 302, name  # to the login page
    client_for(client, org.outsider)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    client_for(client, org.officer_jp)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name


def test_write_a_note_through_the_form(client, org):
    client_for(client, org.officer)
    page = client.get(reverse("briefings:note_create"))
    assert page.status_code == 200 and 'value="FR"' in page.content.decode()
    response = client.post(
        reverse("briefings:note_create"),
        {
            "unit": org.fr.pk,
            "title": "Tình hình Đà Nẵng",
            "classification": "internal",
            "topics": ["economy", "politics"],
            "countries": "Pháp, Nhật Bản",
            "body": "Đoạn một <strong>quan trọng</strong>.<script>alert(1)</script>\n\n"
            'Đoạn hai <a href="javascript:x">x</a>',
            "comment": "Nhận định riêng.",
            "sources": "https://example.org/a\nCông hàm số 12",
            "attachments": [SimpleUploadedFile("bao-cao.pdf", PDF_BYTES, content_type="application/pdf")],
        },
    )
    note = Note.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "briefings:note_detail", args=[note.pk]
    )
    assert note.reference == f"EMB-FR/{note.date.year}/1"
    assert note.countries == ["FR", "JP"] and note.topics == ["economy", "politics"]
    assert (
        "<script>" not in note.body_html
        and "alert" not in note.body_html
        and "javascript:" not in note.body_html
    )
    assert "<strong>quan trọng</strong>" in note.body_html and note.body_html.count("<p>") == 2
    assert note.attachments.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "Tình hình Đà Nẵng" in detail and "Nhận định riêng." in detail
    attachment = note.attachments.get()
    download = client.get(reverse("briefings:attachment", args=[note.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_note_form_rejects_unknown_country_and_wrong_unit(client, org):
    client_for(client, org.officer)
    response = client.post(
        reverse("briefings:note_create"),
        {"unit": org.fr.pk, "title": "x", "classification": "internal", "countries": "Atlantis", "body": "y"},
    )
    assert response.status_code == 200 and "Atlantis" in response.content.decode()
    response = client.post(
        reverse("briefings:note_create"),
        {"unit": org.jp.pk, "title": "x", "classification": "internal", "body": "y"},
    )
    assert response.status_code == 200 and not Note.objects.exists()  # not a unit this officer writes for
    client_for(client, org.leader)  # leadership reads everything but writes for no embassy
    assert client.get(reverse("briefings:note_create")).status_code == 403


def test_restricted_note_hidden_from_other_units(client, org, secret):
    client_for(client, org.officer_jp)
    assert client.get(reverse("briefings:note_detail", args=[secret.pk])).status_code == 404
    assert "Ghi chú mật" not in client.get(reverse("briefings:note_list")).content.decode()
    assert "Ghi chú mật" not in client.get(reverse("briefings:search"), {"q": "da nang"}).content.decode()
    assert not AuditRecord.objects.filter(action="note.viewed").exists()


def test_every_view_of_a_restricted_note_is_audited(client, org, secret):
    client_for(client, org.officer)
    for _ in range(2):
        assert client.get(reverse("briefings:note_detail", args=[secret.pk])).status_code == 200
    views = AuditRecord.objects.filter(action="note.viewed", object_id=str(secret.pk))
    assert views.count() == 2 and {r.actor for r in views} == {org.officer}
    assert views.first().unit_id == org.fr.pk and views.first().data["via"] == "detail"
    # In a briefing, its PDF and search results: each a recorded view.
    briefing, _ = services.compile_briefing(org.fr, date(2025, 3, 10))
    client_for(client, org.leader)
    assert (
        "Nội dung hạn chế."
        in client.get(reverse("briefings:briefing_detail", args=[briefing.pk])).content.decode()
    )
    pdf = client.get(reverse("briefings:briefing_pdf", args=[briefing.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    page = client.get(reverse("briefings:search"), {"q": "DA NANG"}).content.decode()
    assert "<mark>Đà Nẵng</mark>" in page
    vias = sorted(r.data["via"] for r in views.filter(actor=org.leader))
    assert vias == [f"briefing-pdf:{briefing.pk}", f"briefing:{briefing.pk}", "search"]
    # A public note's view is not recorded.
    public = services.create_note(
        unit=org.fr, author=org.officer, title="Công khai", body="x", classification=Classification.PUBLIC
    )
    client.get(reverse("briefings:note_detail", args=[public.pk]))
    assert not AuditRecord.objects.filter(action="note.viewed", object_id=str(public.pk)).exists()


def test_briefing_page_hides_restricted_from_other_units(client, org, secret, write_note):
    write_note(org.fr, org.officer, title="Tin thường", at=local(org.fr, 2025, 3, 10, 11))
    briefing, _ = services.compile_briefing(org.fr, date(2025, 3, 10))
    client_for(client, org.officer_jp)
    page = client.get(reverse("briefings:briefing_detail", args=[briefing.pk])).content.decode()
    assert "Tin thường" in page and "Ghi chú mật" not in page and "Nội dung hạn chế" not in page


def test_compile_now_for_head_and_leadership_only(client, org, write_note):
    write_note(org.fr, org.officer, at=local(org.fr, 2025, 3, 10, 9))
    url = reverse("briefings:briefing_compile")
    client_for(client, org.officer)
    assert client.post(url, {"scope": org.fr.pk, "date": "2025-03-10"}).status_code == 403
    client_for(client, org.head_jp)
    assert client.post(url, {"scope": org.fr.pk, "date": "2025-03-10"}).status_code == 403
    client_for(client, org.head)
    assert client.post(url, {"scope": org.fr.pk, "date": "2025-03-10"}).status_code == 302
    assert client.post(url, {"scope": "ministry", "date": "2025-03-10"}).status_code == 403
    client_for(client, org.leader)
    assert client.post(url, {"scope": "ministry", "date": "2025-03-10"}).status_code == 302
    assert Briefing.objects.count() == 2


def test_monitoring_head_assigns_and_sees_missing_notes(client, org):
    client_for(client, org.officer)
    assert client.get(reverse("briefings:assignment_create")).status_code == 403
    client_for(client, org.head)
    response = client.post(
        reverse("briefings:assignment_create"),
        {
            "unit": org.fr.pk,
            "username": "officer.fr",
            "topic": "politics",
            "country": "Monaco",
            "starts_on": "2025-01-01",
            "daily_note_expected": "on",
        },
    )
    assert response.status_code == 302
    assignment = MonitoringAssignment.objects.get()
    assert (assignment.country, assignment.created_by) == ("MC", org.head)
    page = client.get(reverse("briefings:monitoring"), {"date": "2025-03-10"}).content.decode()
    row = next(r for r in page.split("<tr>") if "officer.fr" in r)
    assert 'class="badge closed"' in row  # missing (the badge's words depend on the language)
    # Someone of another unit cannot be assigned here.
    response = client.post(
        reverse("briefings:assignment_create"),
        {"unit": org.fr.pk, "username": "officer.jp", "topic": "politics", "starts_on": "2025-01-01"},
    )
    assert response.status_code == 200 and MonitoringAssignment.objects.count() == 1
    assert client.post(reverse("briefings:assignment_end", args=[assignment.pk])).status_code == 302
    client_for(client, org.head_jp)
    assert client.post(reverse("briefings:assignment_end", args=[assignment.pk])).status_code == 403


def test_news_import_page_and_attach_to_note(client, org, write_note):
    client_for(client, org.officer)
    upload = SimpleUploadedFile(
        "tin.txt", "Tiêu đề tin\n\nNội dung tin về Nhật Bản và kinh tế.\n\nIn bài viết".encode()
    )
    page = client.post(reverse("briefings:news_import"), {"files": [upload]}).content.decode()
    item = NewsItem.objects.get()
    assert item.title == "Tiêu đề tin" and "In bài viết" not in item.text and item.countries == ["JP"]
    assert reverse("briefings:news_detail", args=[item.pk]) in page
    note = write_note(org.fr, org.officer)
    response = client.post(
        reverse("briefings:news_detail", args=[item.pk]), {"form": "attach", "note": note.pk}
    )
    assert response.status_code == 302 and list(note.news.all()) == [item]
    response = client.post(
        reverse("briefings:news_detail", args=[item.pk]),
        {"form": "tags", "countries": "Pháp", "topics": ["culture"]},
    )
    item.refresh_from_db()
    assert (item.countries, item.topics) == (["FR"], ["culture"])
    client_for(client, org.officer_jp)  # not the author: may not attach to someone else's note
    assert (
        client.post(
            reverse("briefings:news_detail", args=[item.pk]), {"form": "attach", "note": note.pk}
        ).status_code
        == 403
    )


def test_country_page_gathers_notes_news_and_missions(client, org, write_note, secret):
    services.set_relationship("FR", level="comprehensive_strategic", since=date(2024, 10, 7))
    services.add_agreement("FR", title="Tuyên bố chung", signed_on=date(2024, 10, 7))
    write_note(org.fr, org.officer, title="Ghi chú về Pháp", countries=("FR",))
    services.import_news_file("Tin Pháp\n\nDoanh nghiệp Pháp đầu tư.".encode(), name="fr.txt")
    client_for(client, org.officer_jp)
    page = client.get(reverse("briefings:country_detail", args=["fr"])).content.decode()
    for text in ("Ghi chú về Pháp", "Tin Pháp", "EMB-FR", "Tuyên bố chung", "2024-10-07"):
        assert text in page, text
    assert "Ghi chú mật" not in page
    partners = client.get(reverse("briefings:partners")).content.decode()
    assert reverse("briefings:country_detail", args=["FR"]) in partners
    assert client.get(reverse("briefings:partners"), {"country": "Nhật Bản"})["Location"].endswith("/JP/")
    assert client.get(reverse("briefings:country_detail", args=["XX"])).status_code == 404
    # Only the leadership and administrators set relationship levels.
    assert (
        client.post(reverse("briefings:country_detail", args=["FR"]), {"level": "strategic"}).status_code
        == 403
    )
    client_for(client, org.leader)
    client.post(
        reverse("briefings:country_detail", args=["JP"]),
        {"level": "comprehensive_strategic", "since": "2023-11-27"},
    )
    assert "2023-11-27" in client.get(reverse("briefings:partners")).content.decode()


def test_subscribe_from_the_briefing_pages(client, org):
    client_for(client, org.officer)
    client.post(reverse("briefings:subscription"), {"scope": org.fr.pk})
    client.post(reverse("briefings:subscription"), {"scope": "ministry"})
    from chancery.briefings.models import Subscription

    assert Subscription.objects.filter(user=org.officer).count() == 2
    client.post(reverse("briefings:subscription"), {"scope": "ministry", "action": "unsubscribe"})
    assert list(Subscription.objects.filter(user=org.officer).values_list("unit_id", flat=True)) == [
        org.fr.pk
    ]


def test_search_page_filters_and_pages(client, org, write_note):
    for i in range(25):
        write_note(
            org.jp, org.officer_jp, title=f"Bản tin Tokyo số {i}", at=local(org.jp, 2025, 3, 1 + i % 20)
        )
    client_for(client, org.officer)
    page = client.get(reverse("briefings:search"), {"q": "ban tin tokyo"}).content.decode()
    assert page.count('class="hit"') == 20 and "page=2" in page
    page2 = client.get(reverse("briefings:search"), {"q": "ban tin tokyo", "page": 2}).content.decode()
    assert page2.count('class="hit"') == 5
    filtered = client.get(reverse("briefings:search"), {"q": "tokyo", "unit": org.fr.pk}).content.decode()
    assert 'class="hit"' not in filtered


def test_very_many_results_say_more_than_were_counted_and_are_still_listed(
    client, org, write_note, monkeypatch
):
    from chancery.search import engine as search

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    for i in range(5):
        write_note(org.jp, org.officer_jp, title=f"Bản tin Osaka số {i}", at=local(org.jp, 2025, 3, 1 + i))
    client_for(client, org.officer)
    page = client.get(reverse("briefings:search"), {"q": "osaka"}).content.decode()
    assert "Có hơn 3 kết quả: vui lòng thêm từ khóa hoặc bộ lọc." in page  # staff read Vietnamese
    assert page.count('class="hit"') == 5  # the count stops at the cap, the list does not


def test_country_page_lists_tasks_of_its_missions(client, org):
    directives = pytest.importorskip("chancery.directives.models")
    directive = directives.Directive.objects.create(title="Chỉ thị về hợp tác với Pháp", issuing_unit=org.cd)
    due = date(2025, 6, 30)
    directives.Task.objects.create(
        directive=directive, text="Chuẩn bị chuyến thăm cấp cao", lead_unit=org.fr, deadline=due
    )
    directives.Task.objects.create(
        directive=directive, text="Việc của Nhật Bản", lead_unit=org.jp, deadline=due
    )
    client_for(client, org.leader)
    page = client.get(reverse("briefings:country_detail", args=["FR"])).content.decode()
    assert "Chuẩn bị chuyến thăm cấp cao" in page and "Việc của Nhật Bản" not in page
