"""The officer's desk in the API (/api/v1/cases/{code}/assignment, /notes, /recommendation): the
schemas, and answers built by the same selectors and services as the case page
(cases/assignment.py), so the API refuses exactly what the page refuses."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from ninja import Schema

from chancery.cases import assignment, selectors
from chancery.cases.models import Case, CaseEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest


class AssigneeOut(Schema):
    username: str
    name: str


class RecommendationOut(Schema):
    decision: Literal["approve", "refuse"]
    grounds: str
    by: str | None
    at: datetime | None
    # Fixed at the decision: null before it (or without a recommendation), false when the head
    # decided the other way.
    followed: bool | None


class NoteOut(Schema):
    at: datetime
    by: str
    # "note" for a note on its own; otherwise the step it was written with ("approve"...), or
    # "recommend" for the grounds of a recommendation.
    action: str
    text: str


class AssignmentIn(Schema):
    # A username of the unit's staff, or null to unassign. An officer may name only themselves
    # (take an unassigned case) or send null on their own case (release it).
    assignee: str | None
    version: int


class NoteIn(Schema):
    text: str


class RecommendationIn(Schema):
    decision: Literal["approve", "refuse"]
    grounds: str
    version: int


def assignee_of(case: Case) -> dict | None:
    user = case.assigned_to
    if user is None:
        return None
    return {"username": user.get_username(), "name": user.get_full_name() or user.get_username()}


def recommendation_of(case: Case) -> dict | None:
    if not case.recommendation:
        return None
    by = case.recommended_by
    return {"decision": case.recommendation, "grounds": case.recommendation_grounds,
            "by": by.get_username() if by else None, "at": case.recommended_at,
            "followed": case.recommendation_followed}


def notes_of(events: list[CaseEvent]) -> list[dict]:
    return [{"at": e.at, "by": e.actor_label, "action": e.action, "text": e.internal_note}
            for e in events if e.internal_note]


def desk_fields(case: Case, events: list[CaseEvent]) -> dict[str, Any]:
    """What a case's detail adds about the desk: holder, recommendation, notes."""
    return {"assignee": assignee_of(case), "recommendation": recommendation_of(case),
            "notes": notes_of(events)}


def assign(user: User, code: str, payload: AssignmentIn, request: HttpRequest) -> Case:
    case = selectors.case_for_staff(user, code)
    assignee = None
    if payload.assignee is not None:
        assignee = get_user_model().objects.filter(username=payload.assignee.strip()).first()
        if assignee is None:
            raise assignment.InvalidAssignee(_("Choose one of the office's staff."))
    assignment.assign_case(case, actor=user, assignee=assignee, expected_version=payload.version,
                           request=request)
    return selectors.case_for_staff(user, code)


def add_note(user: User, code: str, payload: NoteIn, request: HttpRequest) -> dict:
    case = selectors.case_for_staff(user, code)
    event = assignment.add_note(case, actor=user, text=payload.text, request=request)
    return {"at": event.at, "by": event.actor_label, "action": event.action, "text": event.internal_note}


def recommend(user: User, code: str, payload: RecommendationIn, request: HttpRequest) -> Case:
    case = selectors.case_for_staff(user, code)
    assignment.recommend(case, actor=user, decision=payload.decision, grounds=payload.grounds,
                         expected_version=payload.version, request=request)
    return selectors.case_for_staff(user, code)
