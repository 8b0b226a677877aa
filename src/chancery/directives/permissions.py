"""Who may do what with a directive's tasks. Services enforce these; pages use them to offer
only the actions a person may take.

* staff (officer or head) of the **lead unit** report progress, completion, ask for an extension
  or a cancellation;
* staff of a **coordinating unit** add their input;
* staff of the **issuing office**, and leadership, create directives, assign, accept completion
  or send it back, decide requests, cancel;
* leadership sees everything; everyone else sees only tasks their units lead, coordinate or issued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chancery.organization.models import Role
from chancery.organization.selectors import is_leadership, roles_in

if TYPE_CHECKING:
    from django.contrib.auth.models import User

WORKING_ROLES = {Role.OFFICER, Role.HEAD}


def works_in(user: User, unit_id: int | None) -> bool:
    return unit_id is not None and bool(roles_in(user, unit_id) & WORKING_ROLES)


def may_issue_for(user: User, unit_id: int) -> bool:
    """Create directives for this office and follow them up."""
    return is_leadership(user) or works_in(user, unit_id)


def may_manage(user: User, task: Any) -> bool:
    """Assign, accept, send back, decide requests, cancel: the issuing office or leadership."""
    return may_issue_for(user, task.directive.issuing_unit_id)


def may_report(user: User, task: Any) -> bool:
    return works_in(user, task.lead_unit_id)


def coordinating_unit_of(user: User, task: Any) -> int | None:
    """The coordinating unit this person speaks for on this task, if any."""
    for unit in task.coordinating_units.all():
        if works_in(user, unit.pk):
            return unit.pk
    return None


def may_give_input(user: User, task: Any) -> bool:
    return coordinating_unit_of(user, task) is not None


def may_comment(user: User, task: Any) -> bool:
    """Leadership, the issuing office, and the staff of the lead or a coordinating unit."""
    return may_manage(user, task) or may_report(user, task) or may_give_input(user, task)


def commenting_unit_of(user: User, task: Any) -> int | None:
    """The unit a comment speaks for: the lead unit, a coordinating unit, or the issuing office."""
    if may_report(user, task):
        return task.lead_unit_id
    coordinating = coordinating_unit_of(user, task)
    if coordinating is not None:
        return coordinating
    if works_in(user, task.directive.issuing_unit_id):
        return task.directive.issuing_unit_id
    return None
