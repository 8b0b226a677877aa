"""The officer's desk: who holds a case, notes between colleagues, the officer's recommendation.

None of this changes the case's status or is shown to the applicant (models.STAFF_ONLY_ACTIONS).
The rules are small functions, so the pages show only the buttons a person may use and the
services refuse the same things:

- assign or reassign to anyone who may work the unit's cases, or unassign: the head, or an
  officer the head delegated to decide (``may_decide``);
- take an unassigned case, or release one's own: anyone who may work the unit's cases;
- add a note, at any time: anyone who may work the unit's cases;
- recommend approval or refusal, while a decision is open (the sources of the decider's
  transitions): the officer holding the case. A new recommendation replaces the one before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.audit.services import record
from chancery.cases import notifications
from chancery.cases.lifecycle import OPEN_STATUSES, TRANSITIONS, Status
from chancery.cases.models import Case, CaseEvent
from chancery.cases.services import (
    NOTE_MAX_LENGTH,
    ActionForbidden,
    CaseChanged,
    CaseError,
    ReasonRequired,
    TransitionNotAllowed,
)
from chancery.organization.models import Role
from chancery.organization.selectors import may_decide, may_work_cases

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

# The statuses in which the head may decide: where the decider's transitions start.
DECIDABLE_STATUSES = frozenset().union(*(t.sources for t in TRANSITIONS.values() if t.actor == "decider"))
RECOMMENDATIONS = ("approve", "refuse")


class InvalidAssignee(CaseError):
    code = "invalid_assignee"
    http_status = 422


class InvalidRecommendation(CaseError):
    code = "invalid_recommendation"
    http_status = 422


# ---- Rules --------------------------------------------------------------------------------------


def may_assign(user: User, case: Case) -> bool:
    """Assign, reassign or unassign anyone: the head of the unit or a delegated decider."""
    return may_decide(user, case.unit_id)


def may_take(user: User, case: Case) -> bool:
    return case.assigned_to_id is None and may_work_cases(user, case.unit_id)


def may_release(user: User, case: Case) -> bool:
    return case.assigned_to_id is not None and case.assigned_to_id == getattr(user, "pk", None)


def may_note(user: User, case: Case) -> bool:
    return may_work_cases(user, case.unit_id)


def may_recommend(user: User, case: Case) -> bool:
    return (case.status in DECIDABLE_STATUSES and may_release(user, case)
            and may_work_cases(user, case.unit_id))


def eligible_assignee(user: User, case: Case) -> bool:
    return bool(user is not None and user.is_active and may_work_cases(user, case.unit_id))


def assignees(case: Case) -> QuerySet:
    """The people a case of this unit may be given to: its active officers and head."""
    return (get_user_model().objects.filter(
        is_active=True, memberships__unit_id=case.unit_id,
        memberships__role__in=(Role.OFFICER, Role.HEAD), memberships__unit__is_active=True,
    ).distinct().order_by("username"))


def desk(user: User, case: Case) -> dict[str, Any]:
    """What the case page shows of the desk for this person: the buttons they may use."""
    open_case = case.status in OPEN_STATUSES
    can_assign = open_case and may_assign(user, case)
    return {
        "can_assign": can_assign,
        "assignees": list(assignees(case)) if can_assign else [],
        "can_take": open_case and may_take(user, case),
        "can_release": open_case and may_release(user, case),
        "can_note": may_note(user, case),
        "can_recommend": may_recommend(user, case),
        "decidable": case.status in DECIDABLE_STATUSES,
        "note_max": NOTE_MAX_LENGTH,
    }


# ---- Services -----------------------------------------------------------------------------------


def _locked(case: Case | int, expected_version: int | None) -> Case:
    case_id = case if isinstance(case, int) else case.pk
    # Lock the case's row only: PostgreSQL cannot lock the nullable side of the holder's join.
    current = (Case.objects.select_for_update(of=("self",)).select_related("unit", "assigned_to")
               .get(pk=case_id))
    if expected_version is not None and current.version != expected_version:
        raise CaseChanged(_("Someone else changed this case a moment ago. Reload it to see what changed."))
    return current


def _bump(current: Case, expected_version: int, **changes: Any) -> None:
    updated = Case.objects.filter(pk=current.pk, version=expected_version).update(
        version=F("version") + 1, **changes)
    if updated != 1:  # SQLite has no row locks: the version check is what decides
        raise CaseChanged(_("Someone else changed this case a moment ago. Reload it to see what changed."))


def _event(current: Case, actor: User, action: str, now: Any, *, text: str = "", **details: Any) -> CaseEvent:
    return CaseEvent.objects.create(
        case_id=current.pk, at=now, actor=actor, actor_label=actor.get_username(), action=action,
        from_status=current.status, to_status=current.status, internal_note=text, details=details,
    )


def assign_case(
    case: Case | int, *, actor: User, assignee: Any, expected_version: int,
    request: HttpRequest | None = None,
) -> Case:
    """Give the case to `assignee` (a user, or None to unassign). The head or a delegated decider
    assigns anyone; an officer takes an unassigned case or releases their own. The new holder is
    told by e-mail (not when they took it themselves)."""
    with transaction.atomic():
        current = _locked(case, expected_version)
        if not may_work_cases(actor, current.unit_id):
            raise ActionForbidden(_("You do not work on this office's cases."))
        if current.status not in OPEN_STATUSES:
            raise TransitionNotAllowed(_("This case is closed: it is no longer assigned."))
        if assignee is not None and not eligible_assignee(assignee, current):
            raise InvalidAssignee(_("%(name)s does not work on this office's cases.")
                                  % {"name": assignee.get_username()})
        before = current.assigned_to
        if (assignee.pk if assignee else None) == current.assigned_to_id:
            return current
        taking = assignee is not None and assignee.pk == actor.pk and before is None
        releasing = assignee is None and before is not None and before.pk == actor.pk
        if not (may_assign(actor, current) or taking or releasing):
            raise ActionForbidden(_(
                "Only the head of the office, or an officer the head delegated, may give a case to "
                "someone; you may take an unassigned case or release your own."))
        now = timezone.now()
        _bump(current, expected_version, assigned_to=assignee)
        _event(current, actor, "assign", now, assignee=assignee.get_username() if assignee else "",
               previous=before.get_username() if before else "")
        record("case.assigned", current, actor=actor, request=request,
               assignee=assignee.get_username() if assignee else None,
               previous=before.get_username() if before else None)
        current.refresh_from_db()
        if assignee is not None and assignee.pk != actor.pk and assignee.email:
            notifications.case_assigned(current, assignee, actor)
    return current


def add_note(case: Case | int, *, actor: User, text: str, request: HttpRequest | None = None) -> CaseEvent:
    """A note for colleagues, at any time. It changes nothing on the case (no version bump)."""
    text = (text or "").strip()
    if not text:
        raise ReasonRequired(_("Please write the note."))
    if len(text) > NOTE_MAX_LENGTH:
        raise CaseError(_("A note may be at most %(n)d characters long.") % {"n": NOTE_MAX_LENGTH})
    with transaction.atomic():
        current = _locked(case, None)
        if not may_note(actor, current):
            raise ActionForbidden(_("You do not work on this office's cases."))
        event = _event(current, actor, "note", timezone.now(), text=text)
        record("case.note_added", current, actor=actor, request=request, event=event.pk)
    return event


def recommend(
    case: Case | int, *, actor: User, decision: str, grounds: str, expected_version: int,
    request: HttpRequest | None = None,
) -> Case:
    """The holder's recommendation to the head: approve or refuse, with grounds."""
    grounds = (grounds or "").strip()
    if decision not in RECOMMENDATIONS:
        raise InvalidRecommendation(_("Recommend “approve” or “refuse”."))
    if not grounds:
        raise ReasonRequired(_("Please give the grounds for your recommendation."))
    if len(grounds) > NOTE_MAX_LENGTH:
        raise CaseError(_("The grounds may be at most %(n)d characters long.") % {"n": NOTE_MAX_LENGTH})
    with transaction.atomic():
        current = _locked(case, expected_version)
        if not may_work_cases(actor, current.unit_id):
            raise ActionForbidden(_("You do not work on this office's cases."))
        if current.status not in DECIDABLE_STATUSES:
            raise TransitionNotAllowed(
                _("A recommendation is made while the case awaits a decision, not while it is “%(status)s”.")
                % {"status": Status(current.status).label})
        if current.assigned_to_id != actor.pk:
            raise ActionForbidden(_("Only the officer holding the case recommends; take it first."))
        now = timezone.now()
        _bump(current, expected_version, recommendation=decision, recommendation_grounds=grounds,
              recommended_by=actor, recommended_at=now, recommendation_followed=None)
        _event(current, actor, "recommend", now, text=grounds, decision=decision,
               replaces=current.recommendation or "")
        record("case.recommended", current, actor=actor, request=request, decision=decision,
               **({"replaces": current.recommendation} if current.recommendation else {}))
        current.refresh_from_db()
    return current

