"""Demo directives: the five seed articles imported as a person would, with their tasks assigned
to the demo units and moved through the services into every state.

Dates are relative to the day the demo is built (a task "overdue by 12 days" is 12 days overdue
on that day), so the dashboard always has something to show. Each seed is imported once:
running the demo again adds nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from chancery.directives import services
from chancery.directives.dates import ministry_today
from chancery.directives.extraction import extract_directive
from chancery.directives.forms import flatten_items
from chancery.directives.models import Directive, Task
from chancery.directives.rules import Priority, Recurrence
from chancery.organization.models import Unit

SEEDS_ENV = "CHANCERY_SEEDS_DIR"
ISSUING_UNIT = "CD-HN"
LEADS = ["EMB-FR", "EMB-JP", "CG-SF", "EMB-SA", "EMB-AU", "DFA-HCM", "CD-HN"]
MAX_TASKS_PER_SEED = 4


def seeds_dir() -> Path:
    """$CHANCERY_SEEDS_DIR, else the `shared/seeds` folder next to the repository."""
    configured = os.environ.get(SEEDS_ENV)
    if configured:
        return Path(configured)
    candidates = [
        Path(settings.BASE_DIR).parent / "shared" / "seeds",
        Path(__file__).resolve().parents[3].parent / "shared" / "seeds",
    ]
    return next((path for path in candidates if path.is_dir()), candidates[-1])


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _officer(unit: Unit):
    return _user(f"{unit.code.lower()}.officer")


def _proposed_tasks(proposal: dict) -> list[tuple[str, str]]:
    """(marker, text) of the items a reviewer would keep, or the directive sentences if the
    text enumerates nothing."""
    rows = [(r["marker"], r["text"]) for r in flatten_items(proposal.get("items") or [])
            if r["include"] and r["text"]]
    if not rows:
        rows = [("", s) for s in proposal.get("unenumerated_directives") or []]
    return rows[:MAX_TASKS_PER_SEED]


# Each scenario: (how the task is assigned, what happens to it afterwards).
Scenario = tuple[dict, Callable[[Task, Unit, object], None]]


def _report(task: Task, text: str, *, percent: int | None = None, complete: bool = False,
            period_start: date | None = None) -> Task:
    task.refresh_from_db()
    return services.report_progress(
        task, actor=_officer(task.lead_unit), expected_version=task.version, text=text, percent=percent,
        complete=complete, period_start=period_start,
    )


def _accept(task: Task, issuer: object) -> None:
    task.refresh_from_db()
    services.accept_completion(task, actor=issuer, expected_version=task.version,
                               note="Demo: accepted.")


def _done(task: Task, lead: Unit, issuer: object) -> None:
    _report(task, "Demo: the plan was drafted, approved and sent to every unit.", complete=True)
    _accept(task, issuer)


def _overdue(task: Task, lead: Unit, issuer: object) -> None:
    _report(task, "Demo: drafting started; consultations with partners take longer than planned.",
            percent=30)


def _in_progress(task: Task, lead: Unit, issuer: object) -> None:
    _report(task, "Demo: half of the measures are in place.", percent=50)
    coordinator = task.coordinating_units.first()
    if coordinator is not None and _officer(coordinator) is not None:
        task.refresh_from_db()
        services.add_input(task, actor=_officer(coordinator), expected_version=task.version,
                           text="Demo: our contribution was sent to the lead unit.")


def _awaiting(task: Task, lead: Unit, issuer: object) -> None:
    _report(task, "Demo: done; the report is attached to the official letter.", complete=True)


def _nothing(task: Task, lead: Unit, issuer: object) -> None:
    return None


def _extension(task: Task, lead: Unit, issuer: object) -> None:
    task.refresh_from_db()
    services.request_extension(
        task, actor=_officer(lead), expected_version=task.version,
        new_deadline=task.deadline + timedelta(days=30),
        reason="Demo: the partner ministry asked to postpone the joint meeting.",
    )


def _cancelled(task: Task, lead: Unit, issuer: object) -> None:
    task.refresh_from_db()
    services.request_cancellation(task, actor=_officer(lead), expected_version=task.version,
                                  reason="Demo: merged into another task of the same directive.")
    task.refresh_from_db()
    services.cancel_task(task, actor=issuer, expected_version=task.version,
                         reason="Demo: approved, merged into another task.")


def _monthly(task: Task, lead: Unit, issuer: object) -> None:
    first = task.starts_on.replace(day=1)
    _report(task, "Demo: monthly report.", percent=20, period_start=first)


def _scenarios(today: date) -> list[Scenario]:
    return [
        ({"deadline": today + timedelta(days=30)}, _done),
        ({"deadline": today - timedelta(days=12), "priority": Priority.HIGH}, _overdue),
        ({"deadline": today + timedelta(days=20)}, _in_progress),
        ({"deadline": today - timedelta(days=8)}, _done),  # reported after its deadline: done late
        ({"deadline": today + timedelta(days=45)}, _nothing),
        ({"deadline": today + timedelta(days=15), "priority": Priority.URGENT}, _awaiting),
        ({"recurrence": Recurrence.MONTHLY, "deadline": None, "starts_on": _months_ago(today, 2)}, _monthly),
        ({"deadline": today + timedelta(days=5)}, _extension),
        ({"deadline": today - timedelta(days=140), "starts_on": today - timedelta(days=200)},
         _nothing),  # long overdue (> 120 days)
        ({"deadline": today + timedelta(days=60)}, _cancelled),
        ({"recurrence": Recurrence.ONGOING, "deadline": None}, _in_progress),
        ({"recurrence": Recurrence.QUARTERLY, "deadline": None}, _nothing),
    ]


def _months_ago(today: date, months: int) -> date:
    year, month = today.year, today.month - months
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 5)


def seed_directives_demo() -> int:
    """Import the seed articles as directives with tasks in several states; returns how many
    directives were created (0 when the seeds or the demo units are missing, or already there)."""
    folder = seeds_dir()
    if not folder.is_dir():
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__in=[*LEADS, ISSUING_UNIT])}
    issuer = _user(f"{ISSUING_UNIT.lower()}.head")
    if ISSUING_UNIT not in units or issuer is None:
        return 0
    leads = [units[code] for code in LEADS if code in units]
    today = ministry_today()
    scenarios = _scenarios(today)
    made = 0
    counter = 0
    for path in sorted(folder.glob("*.txt")):
        if Directive.objects.filter(source_name=path.name).exists():
            continue
        text = path.read_text(encoding="utf-8")
        proposal = extract_directive(text)
        rows = _proposed_tasks(proposal)
        if not rows:
            continue
        with transaction.atomic():
            specs = []
            plans = []
            for marker, item in rows:
                fields, then = scenarios[counter % len(scenarios)]
                lead = leads[counter % len(leads)]
                coordinator = leads[(counter + 1) % len(leads)]
                counter += 1
                specs.append(services.TaskSpec(
                    text=item, lead_unit=lead, coordinating_units=[coordinator], marker=marker,
                    recurrence=fields.get("recurrence", Recurrence.ONCE), deadline=fields.get("deadline"),
                    priority=fields.get("priority", Priority.NORMAL),
                    starts_on=fields.get("starts_on", today - timedelta(days=20)),
                ))
                plans.append((lead, then))
            title = proposal.get("title") or text.strip().split("\n", 1)[0][:200]
            issued_on = date.fromisoformat(proposal["issued_on"]) if proposal.get("issued_on") else None
            directive = services.create_directive(
                actor=issuer, issuing_unit=units[ISSUING_UNIT], title=title,
                issued_by=proposal.get("issued_by") or "", issued_on=issued_on,
                addressees=proposal.get("addressees") or [], source_text=text,
                source_file=(path.name, text.encode("utf-8")), tasks=specs,
            )
            for task, (lead, then) in zip(directive.tasks.order_by("position"), plans, strict=True):
                if _officer(lead) is not None:
                    then(task, lead, issuer)
        made += 1
    return made
