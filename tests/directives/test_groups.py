"""Tasks for many units: one item for all missions (or several units) becomes one task per unit,
grouped; the group's progress; urging by hand (a whole group or one unit); comments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from chancery.audit.models import AuditRecord
from chancery.directives import services
from chancery.directives.models import Reminder, Task, TaskEntry, TaskGroup
from chancery.directives.rules import TaskStatus
from chancery.directives.selectors import group_progress
from chancery.organization.models import Role, UnitKind
from tests.directives.helpers import complete, fresh, make_directive, report, spec, today
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def missions(org, issuer):
    """Two more missions (a consulate general and an embassy) with staff, a closed embassy and
    a second ministry department: "all missions" must take exactly the four open missions."""
    org.cg = make_unit("CG-OS", kind=UnitKind.CONSULATE_GENERAL, country="JP", tz="Asia/Tokyo")
    org.de = make_unit("EMB-DE", country="DE", tz="Europe/Berlin")
    org.officer_cg = make_user("officer.cg", org.cg, Role.OFFICER)
    org.officer_de = make_user("officer.de", org.de, Role.OFFICER)
    org.head_de = make_user("head.de", org.de, Role.HEAD)
    closed = make_unit("EMB-XX", country="IT", tz="Europe/Rome")
    closed.is_active = False
    closed.save()
    make_unit("DEPT-2", kind=UnitKind.MINISTRY_DEPARTMENT, country="VN", tz="Asia/Ho_Chi_Minh")
    return org


def _group(org, issuer, **kwargs):
    directive, _tasks = make_directive(issuer, org.cd, [])
    kwargs.setdefault("all_missions", True)
    return services.create_group(
        directive, spec(None, days=20, text="Báo cáo tình hình cộng đồng người Việt"),
        actor=issuer, **kwargs,
    )


def _task(group: TaskGroup, unit) -> Task:
    return group.tasks.get(lead_unit=unit)


def test_all_missions_gives_one_task_to_each_open_mission(missions, issuer):
    group = _group(missions, issuer)
    leads = sorted(group.tasks.values_list("lead_unit__code", flat=True))
    assert leads == ["CG-OS", "EMB-DE", "EMB-FR", "EMB-JP"]
    assert group.scope == TaskGroup.Scope.ALL_MISSIONS
    for task in group.tasks.all():
        assert task.text == "Báo cáo tình hình cộng đồng người Việt"
        assert task.entries.filter(kind=TaskEntry.Kind.ASSIGNED).count() == 1
    assert AuditRecord.objects.filter(action="task_group.created").count() == 1
    assert AuditRecord.objects.filter(action="task.assigned").count() == 4


def test_chosen_units_and_all_missions_together_do_not_duplicate(missions, issuer):
    group = _group(missions, issuer, units=[missions.fr, missions.cd])
    codes = sorted(group.tasks.values_list("lead_unit__code", flat=True))
    assert codes == ["CD-HN", "CG-OS", "EMB-DE", "EMB-FR", "EMB-JP"]


def test_a_group_needs_two_units_and_the_issuing_office(missions, issuer):
    directive, _ = make_directive(issuer, missions.cd, [])
    with pytest.raises(services.InvalidInput):
        services.create_group(directive, spec(None), actor=issuer, units=[missions.fr])
    with pytest.raises(services.ActionForbidden):
        services.create_group(directive, spec(None), actor=missions.officer,
                              units=[missions.fr, missions.jp])
    assert not TaskGroup.objects.exists() and not Task.objects.exists()


def test_a_task_for_all_missions_reported_by_some_then_urged_as_a_group(
    missions, issuer, django_capture_on_commit_callbacks
):
    """FR reports progress, JP is done (accepted), CG reports done (waiting for acceptance),
    DE has not reported and is late. The group urging mails exactly FR and DE."""
    org = missions
    group = _group(org, issuer)
    fr, jp, cg, de = (_task(group, u) for u in (org.fr, org.jp, org.cg, org.de))
    report(fr, org.officer, percent=30)
    complete(jp, org.officer_jp, issuer)
    report(cg, org.officer_cg, complete=True)
    Task.objects.filter(pk=de.pk).update(
        deadline=today() - timedelta(days=3), next_due_on=today() - timedelta(days=3),
        starts_on=today() - timedelta(days=30),
    )

    progress = group_progress(issuer, group, today=today())
    by_unit = {r.task.lead_unit.code: r for r in progress.rows}
    assert by_unit["EMB-FR"].status == TaskStatus.IN_PROGRESS and by_unit["EMB-FR"].reported
    assert by_unit["EMB-JP"].status == TaskStatus.DONE_ON_TIME and by_unit["EMB-JP"].done
    assert by_unit["CG-OS"].reported_done and not by_unit["CG-OS"].needs_urging
    assert by_unit["EMB-DE"].status == TaskStatus.OVERDUE and not by_unit["EMB-DE"].reported
    assert by_unit["EMB-DE"].days_overdue == 3
    assert progress.rows[0].task.lead_unit.code == "EMB-DE"  # late first
    assert (progress.units, progress.reported, progress.not_reported, progress.late, progress.done,
            progress.waiting_acceptance, progress.to_urge) == (4, 3, 1, 1, 1, 1, 2)
    assert progress.figures.on_time_rate == 0.5  # 1 on time ÷ (1 on time + 1 overdue)
    for row in progress.rows:  # the one rule
        assert row.status == fresh(row.task).status(today())

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.urge_group(group, actor=org.leader, message="Đề nghị báo cáo trước thứ Sáu.")
    assert sorted(t.lead_unit.code for t in outcome.sent) == ["EMB-DE", "EMB-FR"]
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([
        "delegated.fr@mofa.example", "head.fr@mofa.example", "officer.fr@mofa.example",
        "head.de@mofa.example", "officer.de@mofa.example",
    ])
    assert all("Đề nghị báo cáo trước thứ Sáu." in m.body for m in mail.outbox)
    manual = Reminder.objects.filter(kind=Reminder.Kind.MANUAL)
    assert sorted(manual.values_list("task__lead_unit__code", flat=True)) == ["EMB-DE", "EMB-FR"]
    assert set(manual.values_list("state", flat=True)) == {Reminder.State.SENT}
    assert all(r.sent_by == org.leader for r in manual)
    assert AuditRecord.objects.filter(action="task.urged").count() == 2
    assert AuditRecord.objects.filter(action="task_group.urged").count() == 1
    assert TaskEntry.objects.filter(kind=TaskEntry.Kind.REMINDER, text__contains="thứ Sáu").count() == 2

    # A second click a moment later sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.urge_group(group, actor=org.leader, message="Nhắc lại")
    assert again.sent == [] and len(again.recent) == 2 and len(mail.outbox) == 2
    # After the cool-down, the same units can be urged again.
    Reminder.objects.update(created_at=timezone.now() - services.urge_cooldown() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        later = services.urge_group(group, actor=org.leader, message="Nhắc lần hai")
    assert len(later.sent) == 2 and len(mail.outbox) == 4


def test_urging_one_unit_and_who_may_urge(missions, issuer, django_capture_on_commit_callbacks):
    org = missions
    group = _group(org, issuer)
    de = _task(group, org.de)
    with pytest.raises(services.ActionForbidden):
        services.urge_task(de, actor=org.officer_de, message="x")
    with pytest.raises(services.InvalidInput):
        services.urge_task(de, actor=issuer, message="   ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.urge_task(de, actor=issuer, message="Khẩn trương")
    assert sorted(mail.outbox[0].to) == ["head.de@mofa.example", "officer.de@mofa.example"]
    with pytest.raises(services.NotAllowedNow):
        services.urge_task(de, actor=issuer, message="Khẩn trương")
    jp = _task(group, org.jp)
    complete(jp, org.officer_jp, issuer)
    with pytest.raises(services.NotAllowedNow):
        services.urge_task(jp, actor=issuer, message="x")
    assert len(mail.outbox) == 1


def test_the_scheduled_urging_is_untouched_by_urging_by_hand(
    missions, issuer, django_capture_on_commit_callbacks
):
    """A manual reminder for the same due date does not stop the scheduled one (and vice versa)."""
    from chancery.directives.urging import urge

    group = _group(missions, issuer)
    fr = _task(group, missions.fr)
    soon = today() + timedelta(days=2)
    Task.objects.filter(pk=fr.pk).update(deadline=soon, next_due_on=soon)
    with django_capture_on_commit_callbacks(execute=True):
        services.urge_task(fr, actor=issuer, message="Sớm")
    result = urge(ahead=7)
    assert result.created["before_deadline"] == 1
    assert Reminder.objects.filter(task=fr).count() == 2


# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------

COMMENTERS = {
    "leader": True,        # leadership
    "issuer": True,        # the issuing office
    "officer": True,       # the lead unit (EMB-FR)
    "head": True,          # the lead unit's head
    "officer_jp": True,    # a coordinating unit
    "officer_de": False,   # another mission
    "outsider": False,     # no unit
}


@pytest.mark.parametrize(("who", "allowed"), COMMENTERS.items())
def test_who_may_comment(missions, issuer, who, allowed):
    _d, (task,) = make_directive(issuer, missions.cd, [spec(missions.fr, coordinators=[missions.jp])])
    actor = getattr(missions, who) if who != "issuer" else issuer
    version = task.version
    if allowed:
        entry = services.add_comment(task, actor=actor, text=f"Ý kiến của {who}")
        assert entry.kind == TaskEntry.Kind.COMMENT and entry.actor == actor
        assert AuditRecord.objects.filter(action="task.commented").count() == 1
        assert fresh(task).version == version  # a comment never makes a report fail
    else:
        with pytest.raises(services.ActionForbidden):
            services.add_comment(task, actor=actor, text="x")
        assert not TaskEntry.objects.filter(kind=TaskEntry.Kind.COMMENT).exists()


def test_comments_show_in_order_on_the_task_page(client, missions, issuer):
    _d, (task,) = make_directive(issuer, missions.cd, [spec(missions.fr)])
    services.add_comment(task, actor=missions.leader, text="Thứ nhất")
    services.add_comment(task, actor=missions.officer, text="Thứ hai")
    client.force_login(missions.officer)
    html = client.get(reverse("directives:task", args=[task.pk])).content.decode()
    comments = html[html.index('id="comment-list"'):html.index("</ol>", html.index('id="comment-list"'))]
    assert comments.index("Thứ nhất") < comments.index("Thứ hai")
    response = client.post(reverse("directives:comment", args=[task.pk]), {"text": "  "})
    assert response.status_code == 302
    assert TaskEntry.objects.filter(kind=TaskEntry.Kind.COMMENT).count() == 2
    client.force_login(missions.officer_de)  # cannot even see the task
    assert client.post(reverse("directives:comment", args=[task.pk]), {"text": "x"}).status_code == 404


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def test_creating_a_group_from_the_directive_page(client, missions, issuer):
    directive, _ = make_directive(issuer, missions.cd, [])
    client.force_login(issuer)
    url = reverse("directives:add_group", args=[directive.pk])
    deadline = (today() + timedelta(days=10)).isoformat()
    bad = client.post(url, {"text": "Báo cáo", "units": [missions.fr.pk], "recurrence": "once",
                            "deadline": deadline, "priority": "normal"})
    assert bad.status_code == 400
    assert "Choose at least two units" in bad.content.decode() or "ít nhất hai" in bad.content.decode()
    assert "Báo cáo" in bad.content.decode()  # what was typed is kept
    assert not TaskGroup.objects.exists()
    ok = client.post(url, {"text": "Báo cáo", "units": [missions.fr.pk, missions.de.pk],
                           "recurrence": "once", "deadline": deadline, "priority": "normal"})
    group = TaskGroup.objects.get()
    assert ok.status_code == 302 and ok.url == reverse("directives:group", args=[group.pk])
    assert sorted(group.tasks.values_list("lead_unit__code", flat=True)) == ["EMB-DE", "EMB-FR"]
    client.post(url, {"text": "Mọi cơ quan đại diện", "all_missions": "on", "recurrence": "once",
                      "deadline": deadline, "priority": "normal"})
    assert TaskGroup.objects.filter(scope=TaskGroup.Scope.ALL_MISSIONS).get().tasks.count() == 4


def test_the_group_page_and_urging_over_http(client, missions, issuer, django_capture_on_commit_callbacks):
    group = _group(missions, issuer)
    report(_task(group, missions.fr), missions.officer, percent=50)
    client.force_login(missions.leader)
    page = client.get(reverse("directives:group", args=[group.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="count-reported">1<' in html and 'id="count-not-reported">3<' in html
    assert 'data-unit="EMB-FR" data-status="in_progress" data-reported="yes"' in html
    assert 'data-unit="EMB-DE" data-status="not_started" data-reported="no"' in html
    empty = client.post(reverse("directives:urge_group", args=[group.pk]), {"message": ""})
    assert empty.status_code == 400 and not Reminder.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("directives:urge_group", args=[group.pk]),
                    {"message": "Nhắc", "task": _task(group, missions.cg).pk})
    assert [m.to for m in mail.outbox] == [["officer.cg@mofa.example"]]
    # A mission sees only its own row; a mission outside the group gets 404.
    client.force_login(missions.officer)
    mine = client.get(reverse("directives:group", args=[group.pk])).content.decode()
    assert 'data-unit="EMB-FR"' in mine and 'data-unit="EMB-DE"' not in mine
    assert 'id="urge-group-form"' not in mine
    assert client.post(reverse("directives:urge_group", args=[group.pk]), {"message": "x"}).status_code == 403
    client.force_login(make_user("officer.other", make_unit("EMB-US", country="US", tz="America/New_York"),
                                 Role.OFFICER))
    assert client.get(reverse("directives:group", args=[group.pk])).status_code == 404
