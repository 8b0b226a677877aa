"""Directives and their tasks in the API (/api/v1/tasks, /api/v1/directives/{pk}), mounted by
api/urls.py behind the staff token: the schemas clients generate code from, and answers built by
the same selectors and services as the pages, so a task reads, and a progress report is checked,
exactly as on the web."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Query, Router, Schema

from chancery.core.api_errors import Error
from chancery.core.people import signed_in_user
from chancery.directives import selectors, services
from chancery.directives.dates import ministry_today
from chancery.directives.models import Directive, Task

if TYPE_CHECKING:
    from django.contrib.auth.models import User

router = Router()


class TaskGroupOut(Schema):
    """The group a task belongs to when its item went to several units, one task each."""

    id: int
    unit_count: int


class TaskOut(Schema):
    id: int
    directive_id: int
    directive_title: str
    marker: str
    text: str
    lead_unit: str
    coordinating_units: list[str]
    priority: str
    recurrence: str
    deadline: date | None
    next_due_on: date | None
    status: str
    percent: int
    pending_request: str
    version: int
    group: TaskGroupOut | None  # null for a task of a single unit


class TaskListOut(Schema):
    count: int
    results: list[TaskOut]


class TaskFilters(Schema):
    status: str | None = None
    directive: int | None = None
    limit: int = 50
    offset: int = 0


class TaskEntryOut(Schema):
    at: datetime
    kind: str
    by: str
    unit: str | None
    text: str
    percent: int | None


class TaskDetailOut(TaskOut):
    history: list[TaskEntryOut]


class DirectiveOut(Schema):
    id: int
    title: str
    reference: str
    issued_by: str
    issued_on: date | None
    issuing_unit: str
    tasks: list[TaskOut]


class ProgressIn(Schema):
    version: int
    text: str
    percent: int | None = None
    complete: bool = False


def group_sizes(tasks: list[Task]) -> dict[int, int]:
    """How many units each group of these tasks went to (one query for a whole page)."""
    ids = {t.group_id for t in tasks if t.group_id}
    if not ids:
        return {}
    rows = (Task.objects.filter(group_id__in=ids).values("group_id")
            .annotate(n=Count("lead_unit", distinct=True)).order_by())
    return {row["group_id"]: row["n"] for row in rows}


def task_out(task: Task, today: date, sizes: dict[int, int] | None = None) -> dict[str, Any]:
    if sizes is None:
        sizes = group_sizes([task])
    group = {"id": task.group_id, "unit_count": sizes.get(task.group_id, 0)} if task.group_id else None
    return {
        "id": task.pk, "directive_id": task.directive_id, "directive_title": task.directive.title,
        "marker": task.marker, "text": task.text, "lead_unit": task.lead_unit.code,
        "coordinating_units": [u.code for u in task.coordinating_units.all()],
        "priority": task.priority, "recurrence": task.recurrence, "deadline": task.deadline,
        "next_due_on": task.next_due_on,
        "status": str(getattr(task, "status_now", None) or task.status(today)),
        "percent": task.percent, "pending_request": task.pending_request, "version": task.version,
        "group": group,
    }


def task_list(user: User, filters: TaskFilters) -> dict[str, Any]:
    today = ministry_today()
    qs = selectors.tasks(user, today=today, filters=selectors.TaskFilters(
        status=filters.status, directive=filters.directive))
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    page = list(qs[offset:offset + limit])
    sizes = group_sizes(page)
    return {"count": qs.count(), "results": [task_out(t, today, sizes) for t in page]}


def task_detail(user: User, pk: int) -> dict[str, Any]:
    task = selectors.task_for_user(user, pk)
    history = [
        {"at": e.at, "kind": e.kind, "by": e.actor_label, "unit": e.unit.code if e.unit else None,
         "text": e.text, "percent": e.percent}
        for e in selectors.history(task)
    ]
    return {**task_out(task, ministry_today()), "history": history}


def directive_detail(user: User, pk: int) -> dict[str, Any]:
    directive: Directive = selectors.directive_for_user(user, pk)
    today = ministry_today()
    tasks = list(selectors.tasks(user, today=today, filters=selectors.TaskFilters(directive=directive.pk))
                 .order_by("position", "id"))
    sizes = group_sizes(tasks)
    return {
        "id": directive.pk, "title": directive.title, "reference": directive.reference,
        "issued_by": directive.issued_by, "issued_on": directive.issued_on,
        "issuing_unit": directive.issuing_unit.code,
        "tasks": [task_out(t, today, sizes) for t in tasks],
    }


def report(user: User, pk: int, payload: ProgressIn, request: HttpRequest) -> dict[str, Any]:
    """The lead unit's progress (or completion) report, with the version it read."""
    task = selectors.task_for_user(user, pk)
    services.report_progress(
        task, actor=user, expected_version=payload.version, text=payload.text,
        percent=payload.percent, complete=payload.complete, request=request,
    )
    return task_detail(user, pk)


# ---- Operations (a staff token: the API's default) ---------------------------------------------


@router.get("/tasks", response={200: TaskListOut, 401: Error, 422: Error}, operation_id="listTasks")
def staff_tasks(request: HttpRequest, filters: Query[TaskFilters]) -> dict:
    """Tasks of the caller's units (lead, coordinating or issuing), overdue first."""
    return task_list(signed_in_user(request), filters)


@router.get("/tasks/{pk}", response={200: TaskDetailOut, 401: Error, 404: Error}, operation_id="getTask")
def staff_task(request: HttpRequest, pk: int) -> dict:
    return task_detail(signed_in_user(request), pk)


@router.post(
    "/tasks/{pk}/progress", operation_id="reportTaskProgress",
    response={200: TaskDetailOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
)
def staff_task_progress(request: HttpRequest, pk: int, payload: ProgressIn) -> dict:
    """The lead unit reports progress or completion; `version` is the task's as last read (409 if
    it changed since)."""
    return report(signed_in_user(request), pk, payload, request)


@router.get("/directives/{pk}", response={200: DirectiveOut, 401: Error, 404: Error},
            operation_id="getDirective")
def staff_directive(request: HttpRequest, pk: int) -> dict:
    return directive_detail(signed_in_user(request), pk)
