"""The pages over HTTP: scoping (404 for another unit's task, 403 for a forbidden action), the
actions, and the import with its review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chancery.demo.directives import seeds_dir
from chancery.directives.models import Directive, Task
from chancery.directives.rules import TaskStatus
from tests.directives.helpers import fresh, make_directive, spec, today
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

SEED = seeds_dir() / "002_f44d8612bcbb61fa.txt"
SEED_TEXT = (
    "Bộ trưởng Ngoại giao giao 4 nhiệm vụ cho các Trưởng cơ quan đại diện\n\n"
    "Sáng 28/4/2023, Bộ trưởng Bùi Thanh Sơn đề nghị các Trưởng cơ quan đại diện thực hiện tốt "
    "các nhiệm vụ sau.\n\n"
    "Thứ nhất, bám sát đường lối đối ngoại để triển khai đồng bộ các hoạt động tại nước sở tại.\n\n"
    "Thứ hai, triển khai toàn diện các trụ cột công tác đối ngoại.\n\n"
    "Thứ ba, tăng cường công tác nghiên cứu, dự báo.\n"
)


def client_for(client, user):
    client.force_login(user)
    return client


def task_url(task, action=None):
    if action:
        return reverse("directives:task_action", args=[task.pk, action])
    return reverse("directives:task", args=[task.pk])


# --- scoping ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [
    ("officer", 200), ("head", 200), ("officer_jp", 200), ("issuer", 200), ("leader", 200),
])
def test_task_page_for_lead_coordinator_issuer_and_leadership(client, org, task, who, status):
    user = org.issuer if who == "issuer" else getattr(org, who)
    response = client_for(client, user).get(task_url(task))
    assert response.status_code == status
    assert "Xây dựng kế hoạch triển khai" in response.content.decode()


def test_another_units_task_is_404_like_a_missing_one(client, org, issuer):
    _d, (task,) = make_directive(issuer, org.cd, [spec(org.jp)])
    client_for(client, org.officer)
    assert client.get(task_url(task)).status_code == 404
    assert client.get(reverse("directives:task", args=[999999])).status_code == 404
    assert client.get(reverse("directives:directive", args=[task.directive_id])).status_code == 404
    assert client.post(task_url(task, "report"), {"version": task.version, "text": "x"}).status_code == 404
    index = client.get(reverse("directives:index")).content.decode()
    assert f'data-task="{task.pk}"' not in index


def test_people_without_a_role_get_403_and_visitors_the_login(client, org, task):
    assert client.get(reverse("directives:index")).status_code == 302
    client_for(client, org.outsider)
    for url in (reverse("directives:index"), reverse("directives:dashboard"), task_url(task),
                reverse("directives:import")):
        assert client.get(url).status_code == 403, url


def test_a_forbidden_action_on_a_visible_task_is_403_and_changes_nothing(client, org, task):
    client_for(client, org.officer_jp)  # coordinating unit: may see, may not report
    data = {"version": task.version, "text": "done", "complete": "on"}
    response = client.post(task_url(task, "report"), data)
    assert response.status_code == 403
    assert fresh(task).started_on is None
    client_for(client, org.officer)
    assert client.post(task_url(task, "accept"), {"version": task.version}).status_code == 403


def test_index_lists_own_tasks_overdue_first(client, org, issuer):
    _d, tasks = make_directive(issuer, org.cd, [
        spec(org.fr, days=20, text="later"), spec(org.fr, days=-3, text="overdue one"),
        spec(org.jp, days=5, text="japan"),
    ])
    page = client_for(client, org.officer).get(reverse("directives:index")).content.decode()
    assert page.index("overdue one") < page.index("later")
    assert "japan" not in page
    leader_page = client_for(client, org.leader).get(reverse("directives:index")).content.decode()
    assert "japan" in leader_page
    filtered = client.get(reverse("directives:index"), {"status": "overdue"}).content.decode()
    assert "overdue one" in filtered and "later" not in filtered


# --- actions ---------------------------------------------------------------------------------


def test_lead_reports_with_an_attachment_and_the_issuer_accepts(client, org, task, issuer):
    client_for(client, org.officer)
    upload = SimpleUploadedFile("bao-cao.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(task_url(task, "report"), {
        "version": task.version, "text": "Đã hoàn thành", "percent": "100", "complete": "on",
        "files": [upload],
    })
    assert response.status_code == 302
    task = fresh(task)
    assert task.pending_request == Task.Request.COMPLETION
    page = client.get(task_url(task)).content.decode()
    assert "bao-cao.pdf" in page and 'id="accept"' not in page
    attachment = task.entries.get(kind="completion_reported").attachments.get()
    download = client.get(reverse("directives:attachment", args=[task.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES

    client_for(client, issuer)
    assert 'id="accept"' in client.get(task_url(task)).content.decode()
    response = client.post(task_url(task, "accept"), {"version": task.version, "note": ""}, follow=True)
    assert "Completion accepted" in response.content.decode() or response.status_code == 200
    assert fresh(task).status() == TaskStatus.DONE_ON_TIME


def test_attachment_is_refused_when_it_is_not_a_document(client, org, task):
    client_for(client, org.officer)
    bad = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>",
                             content_type="application/pdf")
    client.post(task_url(task, "report"), {"version": task.version, "text": "x", "files": [bad]})
    assert fresh(task).started_on is None


def test_a_stale_form_is_refused_with_a_clear_message(client, org, task):
    client_for(client, org.officer)
    stale = task.version
    client.post(task_url(task, "report"), {"version": stale, "text": "first", "percent": "10"})
    response = client.post(task_url(task, "report"), {"version": stale, "text": "second", "percent": "90"},
                           follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Someone else changed this task a moment ago" in response.content.decode()
    assert fresh(task).percent == 10


def test_coordinator_adds_input_and_it_shows_in_the_history(client, org, task):
    client_for(client, org.officer_jp)
    client.post(task_url(task, "input"), {"version": task.version, "text": "Ý kiến của Đại sứ quán tại Nhật"})
    page = client_for(client, org.officer).get(task_url(task)).content.decode()
    assert "Ý kiến của Đại sứ quán tại Nhật" in page and 'data-kind="input"' in page


def test_extension_request_and_approval_through_the_pages(client, org, task, issuer):
    new = task.deadline + timedelta(days=14)
    client_for(client, org.officer).post(task_url(task, "request-extension"), {
        "version": task.version, "new_deadline": new.isoformat(), "reason": "Chờ đối tác"})
    task = fresh(task)
    assert task.pending_request == Task.Request.EXTENSION
    client_for(client, issuer).post(task_url(task, "approve-extension"),
                                    {"version": task.version, "note": ""})
    assert fresh(task).deadline == new


def test_issuer_adds_a_task_to_an_existing_directive(client, org, task, issuer):
    url = reverse("directives:add_task", args=[task.directive_id])
    data = {"text": "Báo cáo quý", "lead_unit": org.jp.pk, "recurrence": "quarterly", "priority": "high",
            "report_day": "25"}
    assert client_for(client, org.officer).post(url, data).status_code == 403
    client_for(client, issuer).post(url, data)
    added = Task.objects.get(text="Báo cáo quý")
    assert added.lead_unit == org.jp and added.next_due_on is not None


# --- import ----------------------------------------------------------------------------------


def _review_post(response, choose: dict[int, dict], directive: dict | None = None) -> dict:
    """The review form as a browser would submit it: every row, only `choose` ticked."""
    formset = response.context["formset"]
    dform = response.context["directive_form"]
    data = {f"items-{k}": v for k, v in formset.management_form.initial.items()}
    data["items-TOTAL_FORMS"] = str(formset.total_form_count())
    for name, field in dform.fields.items():
        value = dform.initial.get(name, field.initial)
        data[name] = "" if value is None else (value.pk if hasattr(value, "pk") else value)
    data.update(directive or {})
    for i, form in enumerate(formset.forms):
        for name in ("marker", "depth", "kind", "text", "recurrence", "priority"):
            data[f"items-{i}-{name}"] = form.initial.get(name, "")
        if i in choose:
            data[f"items-{i}-include"] = "on"
            for key, value in choose[i].items():
                data[f"items-{i}-{key}"] = value
    return data


def test_import_proposes_items_and_saves_the_ticked_ones_as_tasks(client, org, issuer):
    client_for(client, issuer)
    response = client.post(reverse("directives:import"), {"text": SEED_TEXT})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thứ nhất" in page and "Thứ ba" in page and "Bùi Thanh Sơn" in page
    due = (today() + timedelta(days=60)).isoformat()
    data = _review_post(response, {
        0: {"lead_unit": org.fr.pk, "coordinating_units": [org.jp.pk], "deadline": due},
        2: {"lead_unit": org.jp.pk, "deadline": due, "text": "Tăng cường nghiên cứu (đã sửa)"},
    })
    response = client.post(reverse("directives:import_save"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    directive = Directive.objects.get()
    assert directive.issuing_unit == org.cd and directive.source_text.startswith("Bộ trưởng")
    tasks = list(directive.tasks.order_by("position"))
    assert [(t.marker, t.lead_unit.code) for t in tasks] == [("Thứ nhất", "EMB-FR"), ("Thứ ba", "EMB-JP")]
    assert tasks[1].text == "Tăng cường nghiên cứu (đã sửa)"


def test_the_review_prefills_the_texts_number_and_counts_only_the_proposed_items(client, org, issuer):
    client_for(client, issuer)
    text = ("BỘ NGOẠI GIAO\nSố: 1234/BNG-LS\nHà Nội, ngày 2 tháng 12 năm 2026\n"
            "Thứ trưởng Nguyễn Văn Bình có ý kiến như sau:\n"
            "1. Cục Lãnh sự chủ trì rà soát danh sách công dân.\n"
            "2. Các cơ quan đại diện báo cáo tình hình hằng tháng.\n")
    response = client.post(reverse("directives:import"), {"text": text})
    page = response.content.decode()
    assert 'value="1234/BNG-LS"' in page
    assert '<span class="help">(2)</span>' in page  # two proposed; the blank rows are not counted


def test_review_refuses_a_ticked_item_without_lead_unit_and_saves_nothing(client, org, issuer):
    client_for(client, issuer)
    response = client.post(reverse("directives:import"), {"text": SEED_TEXT})
    data = _review_post(response, {0: {"deadline": today().isoformat()}})
    response = client.post(reverse("directives:import_save"), data)
    assert response.status_code == 400
    assert not Directive.objects.exists()


def test_default_deadline_fills_items_without_one(client, org, issuer):
    client_for(client, issuer)
    response = client.post(reverse("directives:import"), {"text": SEED_TEXT})
    due = today() + timedelta(days=90)
    data = _review_post(response, {1: {"lead_unit": org.fr.pk}}, {"default_deadline": due.isoformat()})
    assert client.post(reverse("directives:import_save"), data).status_code == 302
    assert Task.objects.get().deadline == due


@pytest.mark.skipif(not SEED.exists(), reason="seeds folder not present")
def test_import_accepts_an_uploaded_seed_file_and_keeps_it(client, org, issuer):
    client_for(client, issuer)
    upload = SimpleUploadedFile(SEED.name, SEED.read_bytes(), content_type="text/plain")
    response = client.post(reverse("directives:import"), {"file": upload})
    assert response.status_code == 200
    data = _review_post(response, {0: {"lead_unit": org.fr.pk, "deadline": today().isoformat()}})
    assert client.post(reverse("directives:import_save"), data).status_code == 302
    directive = Directive.objects.get()
    assert directive.source_name == SEED.name and directive.source_file.read() == SEED.read_bytes()
    assert directive.issued_by.endswith("Bùi Thanh Sơn")
    download = client.get(reverse("directives:source", args=[directive.pk]))
    assert b"".join(download.streaming_content) == SEED.read_bytes()


def test_import_refuses_binary_files_and_empty_input(client, org, issuer):
    client_for(client, issuer)
    pdf = SimpleUploadedFile("chi-thi.pdf", PDF_BYTES, content_type="application/pdf")
    assert client.post(reverse("directives:import"), {"file": pdf}).status_code == 400
    assert client.post(reverse("directives:import"), {"text": "  "}).status_code == 400
    blank = client.post(reverse("directives:import"), {"text": "", "blank": "1"})
    assert blank.status_code == 200 and blank.context["formset"].total_form_count() == 3


def test_an_embassy_officer_may_only_issue_for_the_embassy(client, org):
    client_for(client, org.officer)
    response = client.post(reverse("directives:import"), {"text": SEED_TEXT})
    assert list(response.context["directive_form"].fields["issuing_unit"].queryset) == [org.fr]
    data = _review_post(response, {0: {"lead_unit": org.fr.pk, "deadline": today().isoformat()}},
                        {"issuing_unit": org.cd.pk})
    assert client.post(reverse("directives:import_save"), data).status_code == 400
    assert not Directive.objects.exists()


def test_dashboard_shows_the_rate_with_its_definition(client, org, task, issuer):
    page = client_for(client, issuer).get(reverse("directives:dashboard"),
                                          HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="on-time-definition"' in page and "On-time rate = tasks completed on time" in page
    assert 'data-unit="EMB-FR"' in page


def test_list_pages_do_not_query_per_task(client, org, issuer, django_assert_max_num_queries):
    make_directive(issuer, org.cd, [spec(org.fr, coordinators=[org.jp]) for _ in range(3)])
    client_for(client, org.leader)
    urls = [reverse("directives:index"), reverse("directives:dashboard"),
            reverse("directives:export", args=["csv"]) + "?table=tasks"]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as few:
            client.get(url)
        counts[url] = len(few.captured_queries)
    make_directive(issuer, org.cd, [spec(org.jp, coordinators=[org.fr]) for _ in range(12)])
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_admin_shows_directives_but_changes_nothing(client, org, task):
    client.force_login(org.admin)
    assert client.get(reverse("admin:directives_directive_changelist")).status_code == 200
    page = client.get(reverse("admin:directives_directive_change", args=[task.directive_id]))
    assert page.status_code == 200
    assert client.get(reverse("admin:directives_directive_add")).status_code == 403


def test_dates_are_hanoi_dates_whatever_the_readers_time_zone(client, org, task, monkeypatch):
    """22:00 in Paris on 10 June is already 11 June in Hà Nội: the report counts on the 11th."""
    from datetime import UTC, date, datetime

    import django.utils.timezone

    moment = datetime(2026, 6, 10, 20, 0, tzinfo=UTC)
    monkeypatch.setattr(django.utils.timezone, "now", lambda: moment)
    client_for(client, org.officer)  # the page shows times in Paris time
    client.post(task_url(task, "report"), {"version": task.version, "text": "Đã làm", "percent": "5"})
    task = fresh(task)
    assert task.started_on == date(2026, 6, 11)
    assert task.entries.get(kind="progress").day == date(2026, 6, 11)
