"""Every write through the services: who may do it, what it records, and stale writes refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chancery.audit.models import AuditRecord
from chancery.directives import services
from chancery.directives.models import Directive, Task, TaskEntry
from chancery.directives.rules import Recurrence, TaskStatus, period_containing
from tests.directives.helpers import complete, fresh, make_directive, pdf_upload, report, spec, today

pytestmark = pytest.mark.django_db


def audit_actions(obj) -> list[str]:
    return list(
        AuditRecord.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id").values_list("action", flat=True)
    )


def _person(org, who):
    return {
        "lead_officer": org.officer, "lead_head": org.head, "coordinator": org.officer_jp,
        "coordinator_head": org.head_jp, "issuer": org.issuer, "leader": org.leader, "admin": org.admin,
        "outsider": org.outsider,
    }[who]


# --- creating directives ---------------------------------------------------------------------


def test_directive_and_its_tasks_are_saved_together_with_audit_and_history(org, issuer):
    directive, tasks = make_directive(
        issuer, org.cd, [spec(org.fr, coordinators=[org.jp]), spec(org.jp, recurrence=Recurrence.MONTHLY,
                                                                   days=None)],
        addressees=["các cơ quan đại diện"], source_text="Thứ nhất, ...", source_file=("a.txt", b"abc"),
    )
    assert audit_actions(directive) == ["directive.created"]
    assert [audit_actions(t) for t in tasks] == [["task.assigned"], ["task.assigned"]]
    assert [t.entries.get().kind for t in tasks] == [TaskEntry.Kind.ASSIGNED] * 2
    assert [u.code for u in tasks[0].coordinating_units.all()] == ["EMB-JP"]
    assert tasks[0].next_due_on == tasks[0].deadline == tasks[0].original_deadline
    assert tasks[1].next_due_on == period_containing(today(), Recurrence.MONTHLY).due_on or \
        tasks[1].next_due_on > today()
    assert directive.source_file.read() == b"abc"


def test_a_refused_task_leaves_no_half_saved_directive(org, issuer):
    with pytest.raises(services.InvalidInput):
        make_directive(issuer, org.cd, [spec(org.fr), spec(org.jp, days=None)])  # no deadline
    assert not Directive.objects.exists() and not Task.objects.exists()


def test_lead_unit_is_never_also_a_coordinator(org, issuer):
    _d, (task,) = make_directive(issuer, org.cd, [spec(org.fr, coordinators=[org.fr, org.jp])])
    assert [u.code for u in task.coordinating_units.all()] == ["EMB-JP"]


@pytest.mark.parametrize("who, allowed", [
    ("issuer", True), ("leader", True), ("lead_officer", False), ("admin", False), ("outsider", False),
])
def test_who_may_issue_for_the_consular_department(org, issuer, who, allowed):
    person = _person(org, who)
    if allowed:
        make_directive(person, org.cd, [spec(org.fr)])
    else:
        with pytest.raises(services.ActionForbidden):
            make_directive(person, org.cd, [spec(org.fr)])


# --- who may do what on a task ---------------------------------------------------------------

ACTIONS = {
    # action: who may do it
    "report": {"lead_officer", "lead_head"},
    "input": {"coordinator", "coordinator_head"},
    "request_extension": {"lead_officer", "lead_head"},
    "request_cancellation": {"lead_officer", "lead_head"},
    "cancel": {"issuer", "leader"},
    "edit": {"issuer", "leader"},
}
PEOPLE = ["lead_officer", "lead_head", "coordinator", "coordinator_head", "issuer", "leader", "admin",
          "outsider"]


def _act(action, task, person, org):
    v = task.version
    if action == "report":
        return services.report_progress(task, actor=person, expected_version=v, text="ok", percent=10)
    if action == "input":
        return services.add_input(task, actor=person, expected_version=v, text="our part")
    if action == "request_extension":
        return services.request_extension(task, actor=person, expected_version=v,
                                          new_deadline=task.deadline + timedelta(days=10), reason="busy")
    if action == "request_cancellation":
        return services.request_cancellation(task, actor=person, expected_version=v, reason="merged")
    if action == "cancel":
        return services.cancel_task(task, actor=person, expected_version=v, reason="merged")
    if action == "edit":
        return services.update_assignment(task, spec(org.jp, days=40), actor=person, expected_version=v)
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", PEOPLE)
def test_each_action_is_allowed_exactly_to_its_people_and_audited(org, task, action, who):
    person = _person(org, who)
    before = len(audit_actions(task))
    version = task.version
    if who in ACTIONS[action]:
        _act(action, fresh(task), person, org)
        assert len(audit_actions(task)) == before + 1
        assert fresh(task).version == version + 1
    else:
        with pytest.raises(services.ActionForbidden):
            _act(action, fresh(task), person, org)
        assert len(audit_actions(task)) == before
        assert fresh(task).version == version


@pytest.mark.parametrize("who, allowed", [
    ("issuer", True), ("leader", True), ("lead_officer", False), ("lead_head", False), ("coordinator", False),
])
def test_only_the_issuing_office_or_leadership_accepts_completion(org, task, who, allowed):
    report(task, org.officer, complete=True)
    task = fresh(task)
    if allowed:
        services.accept_completion(task, actor=_person(org, who), expected_version=task.version)
        assert fresh(task).status() == TaskStatus.DONE_ON_TIME
    else:
        with pytest.raises(services.ActionForbidden):
            services.accept_completion(task, actor=_person(org, who), expected_version=task.version)
        assert fresh(task).completed_on is None


# --- the life of a task ----------------------------------------------------------------------


def test_progress_then_completion_then_acceptance(org, task, issuer):
    assert task.status() == TaskStatus.NOT_STARTED
    report(task, org.officer, percent=40, uploads=[pdf_upload()])
    task = fresh(task)
    assert task.status() == TaskStatus.IN_PROGRESS and task.percent == 40 and task.started_on == today()
    assert task.entries.get(kind=TaskEntry.Kind.PROGRESS).attachments.get().original_name == "report.pdf"
    services.add_input(task, actor=org.officer_jp, expected_version=task.version, text="Đã góp ý")
    report(task, org.officer, complete=True)
    task = fresh(task)
    assert task.pending_request == Task.Request.COMPLETION and task.completion_reported_on == today()
    assert task.status() == TaskStatus.IN_PROGRESS
    with pytest.raises(services.NotAllowedNow):
        report(task, org.officer, complete=True)
    services.accept_completion(task, actor=issuer, expected_version=task.version, note="Tốt")
    task = fresh(task)
    assert task.status() == TaskStatus.DONE_ON_TIME and task.completed_on == today() and task.percent == 100
    assert list(task.entries.values_list("kind", flat=True)) == [
        "assigned", "progress", "input", "completion_reported", "accepted"]
    assert audit_actions(task) == ["task.assigned", "task.progress", "task.input", "task.completion_reported",
                                   "task.accepted"]
    with pytest.raises(services.NotAllowedNow):
        report(task, org.officer)


def test_done_after_the_deadline_is_done_late(org, issuer):
    started = today() - timedelta(days=9)
    _d, (task,) = make_directive(issuer, org.cd, [spec(org.fr, days=-2, starts_on=started)])
    assert task.status() == TaskStatus.OVERDUE
    complete(task, org.officer, issuer)
    assert fresh(task).status() == TaskStatus.DONE_LATE


def test_sent_back_reopens_and_the_next_report_date_is_what_counts(org, task, issuer):
    report(task, org.officer, complete=True)
    task = fresh(task)
    with pytest.raises(services.InvalidInput):
        services.send_back(task, actor=issuer, expected_version=task.version, reason="  ")
    services.send_back(task, actor=issuer, expected_version=task.version, reason="Thiếu báo cáo")
    task = fresh(task)
    assert task.pending_request == "" and task.completion_reported_on is None
    with pytest.raises(services.NotAllowedNow):
        services.accept_completion(task, actor=issuer, expected_version=task.version)
    complete(task, org.officer, issuer)
    assert fresh(task).status() == TaskStatus.DONE_ON_TIME


def test_a_stale_version_is_refused_and_changes_nothing(org, task):
    seen = task.version
    services.report_progress(task, actor=org.officer, expected_version=seen, text="first", percent=10)
    with pytest.raises(services.TaskChanged) as refused:
        services.report_progress(task, actor=org.head, expected_version=seen, text="second", percent=90)
    assert "Reload" in refused.value.message
    task = fresh(task)
    assert task.percent == 10 and task.entries.filter(kind="progress").count() == 1
    assert audit_actions(task).count("task.progress") == 1


def test_extension_approved_moves_the_deadline_and_keeps_the_original(org, task, issuer):
    original = task.deadline
    with pytest.raises(services.InvalidInput):
        services.request_extension(task, actor=org.officer, expected_version=task.version,
                                   new_deadline=original - timedelta(days=1), reason="x")
    services.request_extension(task, actor=org.officer, expected_version=task.version,
                               new_deadline=original + timedelta(days=20), reason="Đối tác hoãn họp")
    task = fresh(task)
    with pytest.raises(services.NotAllowedNow):
        services.request_cancellation(task, actor=org.officer, expected_version=task.version, reason="x")
    services.decide_extension(task, actor=issuer, expected_version=task.version, approve=True)
    task = fresh(task)
    assert task.deadline == task.next_due_on == original + timedelta(days=20)
    assert task.original_deadline == original and task.pending_request == ""
    assert "task.extension_approved" in audit_actions(task)


def test_extension_refused_needs_a_reason_and_keeps_the_deadline(org, task, issuer):
    original = task.deadline
    services.request_extension(task, actor=org.officer, expected_version=task.version,
                               new_deadline=original + timedelta(days=20), reason="x")
    task = fresh(task)
    with pytest.raises(services.InvalidInput):
        services.decide_extension(task, actor=issuer, expected_version=task.version, approve=False)
    services.decide_extension(task, actor=issuer, expected_version=task.version, approve=False, note="Không")
    assert fresh(task).deadline == original


def test_cancellation_requested_then_approved_or_refused(org, issuer):
    _d, (a, b) = make_directive(issuer, org.cd, [spec(org.fr), spec(org.fr)])
    for task in (a, b):
        services.request_cancellation(task, actor=org.officer, expected_version=task.version, reason="trùng")
    a, b = fresh(a), fresh(b)
    services.cancel_task(a, actor=issuer, expected_version=a.version, reason="Đồng ý")
    services.refuse_cancellation(b, actor=issuer, expected_version=b.version, note="Vẫn cần")
    assert fresh(a).status() == TaskStatus.CANCELLED and fresh(a).cancelled_on == today()
    assert fresh(b).status() == TaskStatus.NOT_STARTED and fresh(b).pending_request == ""
    assert fresh(a).entries.last().data == {"approved_request": True}
    with pytest.raises(services.NotAllowedNow):
        report(a, org.officer)


def test_change_of_assignment_is_recorded_with_what_changed(org, task, issuer):
    services.update_assignment(task, spec(org.jp, days=45, coordinators=[org.fr]), actor=issuer,
                               expected_version=task.version)
    task = fresh(task)
    assert task.lead_unit == org.jp and [u.code for u in task.coordinating_units.all()] == ["EMB-FR"]
    changes = task.entries.get(kind="updated").data["changes"]
    assert changes["lead_unit"] == ["EMB-FR", "EMB-JP"] and "deadline" in changes
    with pytest.raises(services.InvalidInput):
        services.update_assignment(task, spec(org.jp, days=45, coordinators=[org.fr]), actor=issuer,
                                   expected_version=task.version)


def test_periodic_reports_decide_what_is_due_and_count_late_ones(org, issuer):
    start = today() - timedelta(days=100)
    _d, (task,) = make_directive(issuer, org.cd, [
        spec(org.fr, recurrence=Recurrence.MONTHLY, days=None, starts_on=start)])
    first = period_containing(start, Recurrence.MONTHLY)
    if first.due_on < start:
        first = period_containing(first.end + timedelta(days=1), Recurrence.MONTHLY)
    assert task.next_due_on == first.due_on and task.status() == TaskStatus.OVERDUE
    with pytest.raises(services.InvalidInput):
        report(task, org.officer, period_start=first.start + timedelta(days=1))  # not a period start
    with pytest.raises(services.InvalidInput):
        report(task, org.officer, period_start=period_containing(today() + timedelta(days=40),
                                                                 Recurrence.MONTHLY).start)
    report(task, org.officer, period_start=first.start)  # today: long after its due date
    task = fresh(task)
    assert task.late_periods == 1 and task.next_due_on > first.due_on
    with pytest.raises(services.InvalidInput):
        report(_one_off(org, issuer), org.officer, period_start=first.start)


def _one_off(org, issuer):
    return make_directive(issuer, org.cd, [spec(org.fr)])[1][0]


def test_text_is_stored_in_nfc(org, issuer):
    decomposed = "Ha\u0300 No\u0323\u0302i"
    _d, (task,) = make_directive(issuer, org.cd, [spec(org.fr, text=decomposed)])
    assert task.text == "Hà Nội"
