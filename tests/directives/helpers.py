"""Building blocks for directive tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.core.uploads import check_upload
from chancery.directives import services
from chancery.directives.dates import ministry_today
from chancery.directives.models import Directive, Task
from chancery.directives.rules import Recurrence
from tests.factories import PDF_BYTES


def today() -> date:
    return ministry_today()


def spec(lead: Any, *, days: int | None = 30, coordinators: list | None = None,
         recurrence: str = Recurrence.ONCE, **extra: Any) -> services.TaskSpec:
    deadline = extra.pop("deadline", None)
    if deadline is None and days is not None and recurrence != Recurrence.ONGOING:
        deadline = today() + timedelta(days=days)
    return services.TaskSpec(
        text=extra.pop("text", "Xây dựng kế hoạch triển khai"), lead_unit=lead,
        coordinating_units=coordinators or [], recurrence=recurrence, deadline=deadline, **extra,
    )


def make_directive(actor: Any, issuing_unit: Any, specs: list[services.TaskSpec],
                   **extra: Any) -> tuple[Directive, list[Task]]:
    directive = services.create_directive(
        actor=actor, issuing_unit=issuing_unit, title=extra.pop("title", "Kết luận của Bộ trưởng"),
        issued_by=extra.pop("issued_by", "Bộ trưởng"), tasks=specs, **extra,
    )
    return directive, list(directive.tasks.order_by("position"))


def fresh(task: Task) -> Task:
    task.refresh_from_db()
    return task


def report(task: Task, actor: Any, **kwargs: Any) -> Task:
    task = fresh(task)
    kwargs.setdefault("text", "Đã triển khai")
    return services.report_progress(task, actor=actor, expected_version=task.version, **kwargs)


def complete(task: Task, lead_actor: Any, issuer: Any) -> Task:
    report(task, lead_actor, complete=True)
    task = fresh(task)
    return services.accept_completion(task, actor=issuer, expected_version=task.version)


def pdf_upload(name: str = "report.pdf") -> tuple[SimpleUploadedFile, Any]:
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    return upload, check_upload(upload, ["pdf"], 10)


def states(org: Any, issuer: Any) -> dict[str, Task]:
    """One task in each status, all led by EMB-FR except the overdue one (EMB-JP)."""
    _d, tasks = make_directive(issuer, org.cd, [
        spec(org.fr, days=10, text="on time"),
        spec(org.fr, days=-3, text="late", starts_on=today() - timedelta(days=30)),
        spec(org.jp, days=-5, text="=overdue formula", starts_on=today() - timedelta(days=30)),
        spec(org.fr, days=10, text="in progress"),
        spec(org.fr, days=20, text="not started"),
        spec(org.fr, days=20, text="cancelled"),
    ])
    on_time, late, overdue, in_progress, not_started, cancelled = tasks
    complete(on_time, org.officer, issuer)
    complete(late, org.officer, issuer)
    report(in_progress, org.officer, percent=40)
    cancelled = fresh(cancelled)
    services.cancel_task(cancelled, actor=issuer, expected_version=cancelled.version, reason="merged")
    return {name: fresh(t) for name, t in {
        "done_on_time": on_time, "done_late": late, "overdue": overdue, "in_progress": in_progress,
        "not_started": not_started, "cancelled": cancelled,
    }.items()}
