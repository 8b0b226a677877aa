"""Every write to directives and tasks: permission checked, in one transaction, with a history
entry on the task and an audit record.

Writes to a task take the version the person saw (``expected_version``): of two people acting
on the same task at once exactly one wins, the other is told the task changed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.audit.services import record
from chancery.core.errors import Conflict, DomainError, Forbidden
from chancery.core.uploads import CheckedUpload
from chancery.directives import permissions
from chancery.directives.dates import ministry_today
from chancery.directives.models import (
    Directive,
    Reminder,
    Task,
    TaskAttachment,
    TaskEntry,
    TaskGroup,
)
from chancery.directives.rules import (
    DEFAULT_REPORT_DAY,
    RECURRING,
    Priority,
    Recurrence,
    completed_late,
    period_containing,
    periods,
    schedule,
)
from chancery.directives.search_index import index_directive
from chancery.organization.models import Unit, UnitKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

Upload = tuple[Any, CheckedUpload]
MAX_ATTACHMENTS = 10


class DirectiveError(DomainError):
    code = "directive_error"


class ActionForbidden(DirectiveError, Forbidden):
    code = "forbidden"


class TaskChanged(DirectiveError, Conflict):
    code = "task_changed"


class NotAllowedNow(DirectiveError, Conflict):
    code = "not_allowed_now"


class InvalidInput(DirectiveError):
    code = "invalid"


@dataclass
class TaskSpec:
    """A task as the issuing office assigns it."""

    text: str
    lead_unit: Unit
    coordinating_units: Sequence[Unit] = field(default_factory=list)
    recurrence: str = Recurrence.ONCE
    deadline: date | None = None
    priority: str = Priority.NORMAL
    marker: str = ""
    report_day: int = DEFAULT_REPORT_DAY
    starts_on: date | None = None


@dataclass
class GroupSpec:
    """One item for several units (create_group): `spec` without its lead, and the units."""

    spec: TaskSpec
    units: Sequence[Unit] = field(default_factory=list)
    all_missions: bool = False


def _text(value: str | None) -> str:
    """NFC: Vietnamese arrives decomposed from some editors and would not match when searched."""
    return unicodedata.normalize("NFC", (value or "").strip())


def _changed() -> TaskChanged:
    return TaskChanged(_("Someone else changed this task a moment ago. Reload it to see what changed."))


def _label(user: User) -> str:
    return user.get_username() if getattr(user, "is_authenticated", False) else "system"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def validate_spec(spec: TaskSpec) -> TaskSpec:
    """Refuse a task that cannot be tracked; return it cleaned."""
    spec.text = _text(spec.text)
    spec.marker = _text(spec.marker)[:120]
    if not spec.text:
        raise InvalidInput(_("A task needs a text."))
    if spec.lead_unit is None:
        raise InvalidInput(_("Each task needs exactly one lead unit."))
    if not spec.lead_unit.is_active:
        raise InvalidInput(_("The lead unit is closed."))
    spec.coordinating_units = [u for u in spec.coordinating_units if u.pk != spec.lead_unit.pk]
    if spec.recurrence not in Recurrence.values:
        raise InvalidInput(_("Unknown kind of deadline."))
    if spec.priority not in Priority.values:
        raise InvalidInput(_("Unknown priority."))
    if spec.recurrence == Recurrence.ONCE and spec.deadline is None:
        raise InvalidInput(_("A task due by a date needs its deadline."))
    if spec.recurrence == Recurrence.ONGOING:
        spec.deadline = None
    if not 1 <= int(spec.report_day) <= 31:
        raise InvalidInput(_("The periodic report day must be between 1 and 31."))
    starts_on = spec.starts_on or ministry_today()
    if spec.deadline is not None and spec.deadline < starts_on and spec.recurrence in RECURRING:
        raise InvalidInput(_("A recurring task cannot end before it starts."))
    return spec


def _store_uploads(entry: TaskEntry, uploads: Iterable[Upload]) -> int:
    uploads = list(uploads)
    if len(uploads) > MAX_ATTACHMENTS:
        raise InvalidInput(_("At most %(n)d files at once.") % {"n": MAX_ATTACHMENTS})
    for upload, checked in uploads:
        attachment = TaskAttachment(
            entry=entry, original_name=(getattr(upload, "name", "") or "file")[:255],
            content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
        )
        attachment.file.save(f"upload{checked.suffix}", upload, save=False)
        attachment.save()
    return len(uploads)


def _entry(
    task: Task, kind: str, actor: User, *, unit: int | None = None, text: str = "",
    percent: int | None = None, period_start: date | None = None, deadline: date | None = None,
    uploads: Iterable[Upload] = (), **data: Any,
) -> TaskEntry:
    entry = TaskEntry.objects.create(
        task=task, kind=kind, at=timezone.now(), day=ministry_today(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_label(actor), unit_id=unit, text=text, percent=percent,
        period_start=period_start, deadline=deadline, data=data,
    )
    _store_uploads(entry, uploads)
    return entry


def _period_reports(task: Task) -> dict[date, date]:
    """First report day of each period (a second report for the same period changes nothing)."""
    reports: dict[date, date] = {}
    rows = task.entries.filter(
        kind__in=[TaskEntry.Kind.PROGRESS, TaskEntry.Kind.COMPLETION_REPORTED],
        period_start__isnull=False,
    ).values_list("period_start", "day")
    for start, day in rows:
        if start is None or day is None:
            continue
        if start not in reports or day < reports[start]:
            reports[start] = day
    return reports


def _refresh_schedule(task: Task, extra: dict[date, date] | None = None) -> None:
    reports = _period_reports(task) if task.pk else {}
    for start, day in (extra or {}).items():
        reports.setdefault(start, day)
    facts = schedule(
        task.recurrence, deadline=task.deadline, starts_on=task.starts_on,
        report_day=task.report_day, period_reports=reports,
    )
    task.next_due_on = facts.next_due_on
    task.late_periods = facts.late_periods


def _locked(task: Task | int, expected_version: int) -> Task:
    task_id = task if isinstance(task, int) else task.pk
    current = (
        Task.objects.select_for_update()
        .select_related("directive", "lead_unit")
        .get(pk=task_id)
    )
    if current.version != expected_version:
        raise _changed()
    return current


def _commit(task: Task, expected_version: int, fields: Iterable[str]) -> None:
    """Write the fields only if nobody wrote since: SQLite has no row locks, the version decides."""
    values = {name: getattr(task, name) for name in fields}
    updated = Task.objects.filter(pk=task.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated != 1:
        raise _changed()
    task.version = expected_version + 1


def _require_open(task: Task) -> None:
    if task.cancelled_on is not None:
        raise NotAllowedNow(_("This task was cancelled."))
    if task.completed_on is not None:
        raise NotAllowedNow(_("This task is done."))


def _require_manager(actor: User, task: Task) -> None:
    if not permissions.may_manage(actor, task):
        raise ActionForbidden(_("Only the issuing office or leadership may do this."))


def _require_lead(actor: User, task: Task) -> None:
    if not permissions.may_report(actor, task):
        raise ActionForbidden(_("Only the lead unit's staff may do this."))


# --------------------------------------------------------------------------------------------
# Directives and assignment
# --------------------------------------------------------------------------------------------


def _answering(
    task: Task | int, expected_version: int, actor: User, waiting: str, message: str
) -> Task:
    """Lock a task for the issuing office's answer to a request of the lead unit, or refuse."""
    current = _locked(task, expected_version)
    _require_manager(actor, current)
    _require_open(current)
    if current.pending_request != waiting:
        raise NotAllowedNow(message)
    return current


def _create_task(
    directive: Directive, spec: TaskSpec, *, actor: User, position: int,
    request: HttpRequest | None, group: TaskGroup | None = None,
) -> Task:
    spec = validate_spec(spec)
    task = Task(
        directive=directive, position=position, group=group, marker=spec.marker, text=spec.text,
        lead_unit=spec.lead_unit, priority=spec.priority, recurrence=spec.recurrence,
        deadline=spec.deadline, original_deadline=spec.deadline, report_day=spec.report_day,
        starts_on=spec.starts_on or ministry_today(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _refresh_schedule(task)
    task.save()
    task.coordinating_units.set(spec.coordinating_units)
    coordinators = [u.code for u in spec.coordinating_units]
    _entry(
        task, TaskEntry.Kind.ASSIGNED, actor, unit=directive.issuing_unit_id, deadline=task.deadline,
        lead_unit=spec.lead_unit.code, coordinating_units=coordinators, recurrence=task.recurrence,
        priority=task.priority,
    )
    record(
        "task.assigned", task, actor=actor, unit=task.lead_unit_id, request=request,
        directive=directive.pk, lead_unit=spec.lead_unit.code, coordinating_units=coordinators,
        recurrence=task.recurrence, deadline=_iso(task.deadline), priority=task.priority,
        group=group.pk if group else None,
    )
    return task


def create_directive(
    *,
    actor: User,
    issuing_unit: Unit,
    title: str,
    tasks: Sequence[TaskSpec | GroupSpec] = (),
    issued_by: str = "",
    issued_on: date | None = None,
    reference: str = "",
    addressees: Sequence[str] = (),
    source_text: str = "",
    source_file: tuple[str, bytes] | None = None,
    request: HttpRequest | None = None,
) -> Directive:
    """Save a directive and all its tasks at once: a half-saved import would be worse than none.
    A GroupSpec among the tasks becomes a task group (one task per unit), in its place."""
    if not permissions.may_issue_for(actor, issuing_unit.pk):
        raise ActionForbidden(_("You may only issue directives for your own office."))
    title = _text(title)
    if not title:
        raise InvalidInput(_("A directive needs a title."))
    with transaction.atomic():
        directive = Directive(
            title=title[:500], issued_by=_text(issued_by)[:200], issued_on=issued_on,
            reference=_text(reference)[:100], issuing_unit=issuing_unit,
            addressees=[_text(a) for a in addressees if _text(a)],
            source_text=unicodedata.normalize("NFC", source_text or ""),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if source_file is not None:
            name, content = source_file
            directive.source_name = (name or "source.txt")[:255]
            # Stored (and served) as plain text whatever the name said: an .html source is text.
            directive.source_file.save("source.txt", ContentFile(content), save=False)
        directive.save()
        record(
            "directive.created", directive, actor=actor, unit=issuing_unit.pk, request=request,
            title=directive.title, tasks=len(tasks),
        )
        position = 0
        for spec in tasks:
            if isinstance(spec, GroupSpec):
                group = create_group(directive, spec.spec, actor=actor, units=spec.units,
                                     all_missions=spec.all_missions, request=request)
                position += group.tasks.count()
            else:
                position += 1
                _create_task(directive, spec, actor=actor, position=position, request=request)
        index_directive(directive)
    return directive


def add_task(directive: Directive, spec: TaskSpec, *, actor: User,
    request: HttpRequest | None = None) -> Task:
    if not permissions.may_issue_for(actor, directive.issuing_unit_id):
        raise ActionForbidden(_("Only the issuing office or leadership may do this."))
    with transaction.atomic():
        position = (directive.tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        task = _create_task(directive, spec, actor=actor, position=position, request=request)
        index_directive(directive)
        return task


def update_assignment(
    task: Task | int, spec: TaskSpec, *, actor: User, expected_version: int,
    request: HttpRequest | None = None
) -> Task:
    """The issuing office changes the text, lead, coordinators, deadline or priority."""
    with transaction.atomic():
        current = _locked(task, expected_version)
        _require_manager(actor, current)
        _require_open(current)
        spec.starts_on = current.starts_on
        spec = validate_spec(spec)
        before = {
            "text": current.text, "lead_unit": current.lead_unit.code,
            "coordinating_units": sorted(u.code for u in current.coordinating_units.all()),
            "recurrence": current.recurrence, "deadline": _iso(current.deadline),
            "priority": current.priority, "report_day": current.report_day,
        }
        after = {
            "text": spec.text, "lead_unit": spec.lead_unit.code,
            "coordinating_units": sorted(u.code for u in spec.coordinating_units),
            "recurrence": spec.recurrence, "deadline": _iso(spec.deadline),
            "priority": spec.priority, "report_day": spec.report_day,
        }
        changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if not changes:
            raise InvalidInput(_("Nothing was changed."))
        current.text = spec.text
        current.lead_unit = spec.lead_unit
        current.recurrence = spec.recurrence
        current.deadline = spec.deadline
        if current.original_deadline is None:
            current.original_deadline = spec.deadline
        current.priority = spec.priority
        current.report_day = spec.report_day
        if current.recurrence != Recurrence.ONCE and current.pending_request == Task.Request.EXTENSION:
            current.pending_request, current.requested_deadline = Task.Request.NONE, None
        _refresh_schedule(current)
        _commit(current, expected_version, [
            "text", "lead_unit", "recurrence", "deadline", "original_deadline", "priority",
            "report_day", "next_due_on", "late_periods", "pending_request", "requested_deadline",
        ])
        current.coordinating_units.set(spec.coordinating_units)
        _entry(current, TaskEntry.Kind.UPDATED, actor, unit=current.directive.issuing_unit_id,
               deadline=current.deadline, changes=changes)
        record("task.updated", current, actor=actor, unit=current.lead_unit_id, request=request,
               changes=changes)
    return current


# --------------------------------------------------------------------------------------------
# The lead unit and the coordinating units
# --------------------------------------------------------------------------------------------


def _check_period(task: Task, period_start: date, today: date) -> None:
    if task.recurrence not in RECURRING:
        raise InvalidInput(_("Only monthly and quarterly tasks have reporting periods."))
    period = period_containing(period_start, task.recurrence, task.report_day)
    if period.start != period_start or period.start > today:
        raise InvalidInput(_("Pick a reporting period that has begun."))
    first = next(periods(task.recurrence, task.starts_on, task.deadline, task.report_day), None)
    if first is None or period_start < first.start or (task.deadline and period_start > task.deadline):
        raise InvalidInput(_("This period is outside the task's reporting periods."))


def report_progress(
    task: Task | int,
    *,
    actor: User,
    expected_version: int,
    text: str,
    percent: int | None = None,
    complete: bool = False,
    period_start: date | None = None,
    uploads: Sequence[Upload] = (),
    request: HttpRequest | None = None,
) -> Task:
    """The lead unit reports progress, a periodic report, or that the task is done."""
    text = _text(text)
    if not text:
        raise InvalidInput(_("Please say what was done."))
    if percent is not None and not 0 <= percent <= 100:
        raise InvalidInput(_("Progress is a percentage between 0 and 100."))
    with transaction.atomic():
        current = _locked(task, expected_version)
        _require_lead(actor, current)
        _require_open(current)
        today = ministry_today()
        if complete and current.pending_request == Task.Request.COMPLETION:
            raise NotAllowedNow(_("Completion was already reported and waits for the issuing office."))
        if period_start is not None:
            _check_period(current, period_start, today)
        withdrawn = ""
        fields = ["started_on", "percent"]
        current.started_on = current.started_on or today
        if complete:
            percent = 100
            if current.pending_request in (Task.Request.EXTENSION, Task.Request.CANCELLATION):
                withdrawn = current.pending_request
            current.pending_request = Task.Request.COMPLETION
            current.completion_reported_on = today
            current.requested_deadline = None
            fields += ["pending_request", "completion_reported_on", "requested_deadline"]
        if percent is not None:
            current.percent = percent
        if period_start is not None:
            _refresh_schedule(current, extra={period_start: today})
            fields += ["next_due_on", "late_periods"]
        _commit(current, expected_version, fields)
        kind = TaskEntry.Kind.COMPLETION_REPORTED if complete else TaskEntry.Kind.PROGRESS
        data: dict[str, Any] = {"withdrew_request": withdrawn} if withdrawn else {}
        _entry(current, kind, actor, unit=current.lead_unit_id, text=text, percent=percent,
               period_start=period_start, uploads=uploads, **data)
        record(f"task.{kind}", current, actor=actor, unit=current.lead_unit_id, request=request,
               percent=percent, period_start=_iso(period_start), attachments=len(uploads), **data)
    return current


def add_input(
    task: Task | int, *, actor: User, expected_version: int, text: str,
    uploads: Sequence[Upload] = (), request: HttpRequest | None = None,
) -> Task:
    """A coordinating unit adds its contribution to the task's record."""
    text = _text(text)
    if not text:
        raise InvalidInput(_("Please write your input."))
    with transaction.atomic():
        current = _locked(task, expected_version)
        unit_id = permissions.coordinating_unit_of(actor, current)
        if unit_id is None:
            raise ActionForbidden(_("Only the coordinating units' staff may add input."))
        _require_open(current)
        _commit(current, expected_version, [])
        _entry(current, TaskEntry.Kind.INPUT, actor, unit=unit_id, text=text, uploads=uploads)
        record("task.input", current, actor=actor, unit=unit_id, request=request,
               attachments=len(uploads))
    return current


def request_extension(
    task: Task | int, *, actor: User, expected_version: int, new_deadline: date, reason: str,
    request: HttpRequest | None = None,
) -> Task:
    """The lead unit asks the issuer for more time (letter 9061/VPCP-CN practice)."""
    reason = _text(reason)
    if not reason:
        raise InvalidInput(_("Please give a reason."))
    with transaction.atomic():
        current = _locked(task, expected_version)
        _require_lead(actor, current)
        _require_open(current)
        if current.recurrence != Recurrence.ONCE:
            raise NotAllowedNow(_("Only a task due by a date can be extended."))
        if current.pending_request:
            raise NotAllowedNow(_("Another request on this task is waiting for an answer."))
        if new_deadline is None or (current.deadline is not None and new_deadline <= current.deadline):
            raise InvalidInput(_("The new deadline must be later than the current one."))
        current.pending_request = Task.Request.EXTENSION
        current.requested_deadline = new_deadline
        _commit(current, expected_version, ["pending_request", "requested_deadline"])
        _entry(current, TaskEntry.Kind.EXTENSION_REQUESTED, actor, unit=current.lead_unit_id,
               text=reason, deadline=new_deadline)
        record("task.extension_requested", current, actor=actor, unit=current.lead_unit_id,
               request=request, deadline=_iso(current.deadline), requested=_iso(new_deadline))
    return current


def request_cancellation(
    task: Task | int, *, actor: User, expected_version: int, reason: str, request: HttpRequest | None = None
) -> Task:
    """The lead unit asks the issuer to withdraw the task."""
    reason = _text(reason)
    if not reason:
        raise InvalidInput(_("Please give a reason."))
    with transaction.atomic():
        current = _locked(task, expected_version)
        _require_lead(actor, current)
        _require_open(current)
        if current.pending_request:
            raise NotAllowedNow(_("Another request on this task is waiting for an answer."))
        current.pending_request = Task.Request.CANCELLATION
        _commit(current, expected_version, ["pending_request"])
        _entry(current, TaskEntry.Kind.CANCELLATION_REQUESTED, actor, unit=current.lead_unit_id,
               text=reason)
        record("task.cancellation_requested", current, actor=actor, unit=current.lead_unit_id,
               request=request)
    return current


# --------------------------------------------------------------------------------------------
# The issuing office
# --------------------------------------------------------------------------------------------


def accept_completion(
    task: Task | int, *, actor: User, expected_version: int, note: str = "",
    request: HttpRequest | None = None
) -> Task:
    """The issuing office accepts: the task is done as of the completion report's date."""
    with transaction.atomic():
        current = _answering(
            task, expected_version, actor, Task.Request.COMPLETION,
            _("No completion report is waiting for acceptance."),
        )
        if current.completion_reported_on is None:
            raise NotAllowedNow(_("No completion report is waiting for acceptance."))
        current.completed_on = current.completion_reported_on
        current.accepted_at = timezone.now()
        current.accepted_by = actor
        current.pending_request = Task.Request.NONE
        current.percent = 100
        _commit(current, expected_version,
                ["completed_on", "accepted_at", "accepted_by", "pending_request", "percent"])
        late = completed_late(current)
        _entry(current, TaskEntry.Kind.ACCEPTED, actor, unit=current.directive.issuing_unit_id,
               text=_text(note), completed_on=_iso(current.completed_on), late=late)
        record("task.accepted", current, actor=actor, unit=current.lead_unit_id, request=request,
               completed_on=_iso(current.completed_on), late=late)
    return current


def send_back(
    task: Task | int, *, actor: User, expected_version: int, reason: str, request: HttpRequest | None = None
) -> Task:
    """The issuing office does not accept the completion: the task is open again."""
    reason = _text(reason)
    if not reason:
        raise InvalidInput(_("Please say what is missing: the lead unit reads this."))
    with transaction.atomic():
        current = _answering(
            task, expected_version, actor, Task.Request.COMPLETION,
            _("No completion report is waiting for acceptance."),
        )
        reported = current.completion_reported_on
        current.pending_request = Task.Request.NONE
        current.completion_reported_on = None
        _commit(current, expected_version, ["pending_request", "completion_reported_on"])
        _entry(current, TaskEntry.Kind.SENT_BACK, actor, unit=current.directive.issuing_unit_id,
               text=reason, reported_on=_iso(reported))
        record("task.sent_back", current, actor=actor, unit=current.lead_unit_id, request=request,
               reported_on=_iso(reported))
    return current


def decide_extension(
    task: Task | int, *, actor: User, expected_version: int, approve: bool, note: str = "",
    request: HttpRequest | None = None,
) -> Task:
    """Approve (the deadline moves; the original one is kept) or refuse an extension."""
    note = _text(note)
    with transaction.atomic():
        current = _answering(
            task, expected_version, actor, Task.Request.EXTENSION,
            _("No extension request is waiting for an answer."),
        )
        if current.requested_deadline is None:
            raise NotAllowedNow(_("No extension request is waiting for an answer."))
        if not approve and not note:
            raise InvalidInput(_("Please give a reason: the lead unit reads it."))
        old = current.deadline
        granted = current.requested_deadline
        fields = ["pending_request", "requested_deadline"]
        if approve:
            current.deadline = granted
            _refresh_schedule(current)
            fields += ["deadline", "next_due_on", "late_periods"]
        current.pending_request = Task.Request.NONE
        current.requested_deadline = None
        _commit(current, expected_version, fields)
        kind = TaskEntry.Kind.EXTENSION_APPROVED if approve else TaskEntry.Kind.EXTENSION_REFUSED
        _entry(current, kind, actor, unit=current.directive.issuing_unit_id, text=note,
               deadline=granted, previous_deadline=_iso(old))
        record(f"task.{kind}", current, actor=actor, unit=current.lead_unit_id, request=request,
               previous_deadline=_iso(old), requested=_iso(granted))
    return current


def cancel_task(
    task: Task | int, *, actor: User, expected_version: int, reason: str, request: HttpRequest | None = None
) -> Task:
    """The issuing office withdraws the task (on its own or approving the lead's request)."""
    reason = _text(reason)
    if not reason:
        raise InvalidInput(_("Please give a reason."))
    with transaction.atomic():
        current = _locked(task, expected_version)
        _require_manager(actor, current)
        _require_open(current)
        approved_request = current.pending_request == Task.Request.CANCELLATION
        current.cancelled_on = ministry_today()
        current.pending_request = Task.Request.NONE
        current.requested_deadline = None
        _commit(current, expected_version, ["cancelled_on", "pending_request", "requested_deadline"])
        _entry(current, TaskEntry.Kind.CANCELLED, actor, unit=current.directive.issuing_unit_id,
               text=reason, approved_request=approved_request)
        record("task.cancelled", current, actor=actor, unit=current.lead_unit_id, request=request,
               approved_request=approved_request)
    return current


def refuse_cancellation(
    task: Task | int, *, actor: User, expected_version: int, note: str, request: HttpRequest | None = None
) -> Task:
    note = _text(note)
    if not note:
        raise InvalidInput(_("Please give a reason: the lead unit reads it."))
    with transaction.atomic():
        current = _answering(
            task, expected_version, actor, Task.Request.CANCELLATION,
            _("No cancellation request is waiting for an answer."),
        )
        current.pending_request = Task.Request.NONE
        _commit(current, expected_version, ["pending_request"])
        _entry(current, TaskEntry.Kind.CANCELLATION_REFUSED, actor,
               unit=current.directive.issuing_unit_id, text=note)
        record("task.cancellation_refused", current, actor=actor, unit=current.lead_unit_id,
               request=request)
    return current


# --------------------------------------------------------------------------------------------
# Tasks for many units
# --------------------------------------------------------------------------------------------

# Missions abroad (cơ quan đại diện): what "all missions" means in a directive.
MISSION_KINDS = (UnitKind.EMBASSY, UnitKind.CONSULATE_GENERAL)


def mission_units() -> list[Unit]:
    """Every open mission, by code: the units an item "for all missions" goes to."""
    return list(Unit.objects.filter(is_active=True, kind__in=MISSION_KINDS).order_by("code"))


def create_group(
    directive: Directive,
    spec: TaskSpec,
    *,
    actor: User,
    units: Sequence[Unit] = (),
    all_missions: bool = False,
    request: HttpRequest | None = None,
) -> TaskGroup:
    """One item for several units: one task per unit (each with its own lead unit), grouped.

    `spec.lead_unit` is ignored; `units` (or every mission when `all_missions`) lead one task each.
    """
    if not permissions.may_issue_for(actor, directive.issuing_unit_id):
        raise ActionForbidden(_("Only the issuing office or leadership may do this."))
    chosen: dict[int, Unit] = {u.pk: u for u in units}
    if all_missions:
        chosen.update({u.pk: u for u in mission_units()})
    if len(chosen) < 2:
        raise InvalidInput(_("Choose at least two units, or all missions."))
    closed = sorted(u.code for u in chosen.values() if not u.is_active)
    if closed:
        raise InvalidInput(_("These units are closed: %(units)s.") % {"units": ", ".join(closed)})
    leads = sorted(chosen.values(), key=lambda u: u.code)
    with transaction.atomic():
        text = _text(spec.text)
        group = TaskGroup.objects.create(
            directive=directive, text=text,
            scope=TaskGroup.Scope.ALL_MISSIONS if all_missions else TaskGroup.Scope.UNITS,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        position = directive.tasks.order_by("-position").values_list("position", flat=True).first() or 0
        for offset, unit in enumerate(leads, start=1):
            one = TaskSpec(
                text=text, lead_unit=unit,
                coordinating_units=[u for u in spec.coordinating_units if u.pk != unit.pk],
                recurrence=spec.recurrence, deadline=spec.deadline, priority=spec.priority,
                marker=spec.marker, report_day=spec.report_day, starts_on=spec.starts_on,
            )
            _create_task(directive, one, actor=actor, position=position + offset, request=request,
                         group=group)
        record("task_group.created", group, actor=actor, unit=directive.issuing_unit_id,
               request=request, directive=directive.pk, scope=group.scope,
               units=[u.code for u in leads])
        index_directive(directive)
    return group


# --------------------------------------------------------------------------------------------
# Urging by hand (đôn đốc), besides the scheduled run in urging.py
# --------------------------------------------------------------------------------------------


def urge_cooldown() -> timedelta:
    """A unit is not urged by hand twice within this many minutes (setting, default 10)."""
    return timedelta(minutes=int(getattr(settings, "DIRECTIVES_URGE_COOLDOWN_MINUTES", 10)))


@dataclass
class UrgeOutcome:
    sent: list[Task] = field(default_factory=list)
    # Urged by hand a moment ago: not again (a double click, two leaders at once).
    recent: list[Task] = field(default_factory=list)
    # Done, reported done, or cancelled: nothing to urge.
    not_due: list[Task] = field(default_factory=list)


def needs_urging(task: Task) -> bool:
    """Open and not reported done: the lead unit still owes something."""
    return task.is_open and task.pending_request != Task.Request.COMPLETION


def urge_tasks(
    tasks: Iterable[Task | int], *, actor: User, message: str, group: TaskGroup | None = None,
    request: HttpRequest | None = None,
) -> UrgeOutcome:
    """Urge the lead units of these tasks now, with the sender's message: for each task that
    still owes something, a Reminder (sent by e-mail after the commit), a history entry and an
    audit record. A task urged by hand within the cool-down is skipped, not urged twice."""
    from chancery.directives import urging
    from chancery.directives.tasks import send_reminder

    message = _text(message)
    if not message:
        raise InvalidInput(_("Please write the message the units will read."))
    if len(message) > 4000:
        raise InvalidInput(_("The message is too long (at most 4000 characters)."))
    ids = [t if isinstance(t, int) else t.pk for t in tasks]
    outcome = UrgeOutcome()
    today = ministry_today()
    since = timezone.now() - urge_cooldown()
    with transaction.atomic():
        rows = list(
            # Only the tasks' rows: PostgreSQL cannot lock the nullable side of the unit's head join.
            Task.objects.select_for_update(of=("self",))
            .select_related("directive__issuing_unit", "lead_unit__head")
            .filter(pk__in=ids).order_by("lead_unit__code", "pk")
        )
        for task in rows:
            _require_manager(actor, task)
        for task in rows:
            if not needs_urging(task):
                outcome.not_due.append(task)
                continue
            if Reminder.objects.filter(task=task, kind=Reminder.Kind.MANUAL, created_at__gte=since).exists():
                outcome.recent.append(task)
                continue
            due_on = task.next_due_on or today
            subject, body = urging.compose_manual(task, message=message, due_on=due_on, today=today,
                                                  sender=_label(actor))
            to = urging.recipients(task, Reminder.Kind.MANUAL)
            reminder = Reminder.objects.create(
                task=task, kind=Reminder.Kind.MANUAL, due_on=due_on, recipients=to, subject=subject,
                body=body, sent_by=actor if getattr(actor, "is_authenticated", False) else None,
                state=Reminder.State.PENDING if to else Reminder.State.NO_RECIPIENT,
            )
            _entry(task, TaskEntry.Kind.REMINDER, actor, unit=task.directive.issuing_unit_id,
                   text=message, deadline=due_on, reminder=Reminder.Kind.MANUAL, recipients=to)
            record("task.urged", task, actor=actor, unit=task.lead_unit_id, request=request,
                   reminder=reminder.pk, recipients=len(to), group=group.pk if group else None)
            if to:
                transaction.on_commit(partial(send_reminder.enqueue, reminder.pk))
            outcome.sent.append(task)
        if group is not None:
            record("task_group.urged", group, actor=actor, unit=group.directive.issuing_unit_id,
                   request=request, sent=[t.lead_unit.code for t in outcome.sent],
                   skipped_recent=[t.lead_unit.code for t in outcome.recent])
    return outcome


def urge_group(
    group: TaskGroup, *, actor: User, message: str, request: HttpRequest | None = None
) -> UrgeOutcome:
    """Urge every unit of the group that has not reported the task done."""
    if not permissions.may_issue_for(actor, group.directive.issuing_unit_id):
        raise ActionForbidden(_("Only the issuing office or leadership may do this."))
    return urge_tasks(group.tasks.values_list("pk", flat=True), actor=actor, message=message,
                      group=group, request=request)


def urge_task(task: Task | int, *, actor: User, message: str, request: HttpRequest | None = None) -> Task:
    """Urge one lead unit now; refused when it has nothing to do or was urged a moment ago."""
    outcome = urge_tasks([task], actor=actor, message=message, request=request)
    if outcome.not_due:
        raise NotAllowedNow(_("This task is done, reported done or cancelled: nothing to urge."))
    if outcome.recent:
        minutes = int(urge_cooldown().total_seconds() // 60)
        raise NotAllowedNow(_("This unit was urged less than %(n)d minutes ago.") % {"n": minutes})
    return outcome.sent[0]


# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------


def add_comment(task: Task | int, *, actor: User, text: str, request: HttpRequest | None = None) -> TaskEntry:
    """A comment on the task's record, by leadership, the issuing office, or the lead or a
    coordinating unit's staff. It changes nothing about the task, so it takes no version: a
    comment never makes someone else's report fail."""
    text = _text(text)
    if not text:
        raise InvalidInput(_("Please write a comment."))
    if len(text) > 4000:
        raise InvalidInput(_("The comment is too long (at most 4000 characters)."))
    with transaction.atomic():
        current = Task.objects.select_related("directive").get(pk=task if isinstance(task, int) else task.pk)
        unit_id = permissions.commenting_unit_of(actor, current)
        if not permissions.may_comment(actor, current):
            raise ActionForbidden(_("Only leadership, the issuing office and the task's units may comment."))
        entry = _entry(current, TaskEntry.Kind.COMMENT, actor, unit=unit_id, text=text)
        record("task.commented", current, actor=actor, unit=current.lead_unit_id, request=request,
               entry=entry.pk)
    return entry
