"""Dossiers handed in at the office's counter ("tiếp nhận trực tiếp"): an officer registers them
with the same form as online, the scanned papers as its documents, channel "in person".

Kept apart from services.save_application (the applicant's own path): here the actor is an
officer of the unit, the applicant may have no e-mail address, and the officer may receive a
complete dossier at once, through the ordinary "receive" transition (receipt, clock, figures).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from chancery.audit.services import record
from chancery.cases import codes, notifications
from chancery.cases.models import Case, Channel, Document, access_key_digest, submission_digest
from chancery.cases.services import (
    ActionForbidden,
    AlreadySubmitted,
    CaseError,
    Upload,
    _new_tracking_code,
    _store_documents,
    apply_transition,
)
from chancery.organization.models import Role, Unit
from chancery.organization.selectors import may_work_cases
from chancery.procedures.models import ProcedureVersion

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest


def counter_units(user: User) -> Any:
    """The offices where this person works cases (officer or head): where they may register."""
    from chancery.organization.models import Membership

    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    ids = Membership.objects.filter(user=user, role__in=[Role.OFFICER, Role.HEAD]).values("unit_id")
    return Unit.objects.filter(is_active=True, pk__in=ids).order_by("code")


def register_at_counter(
    *,
    officer: User,
    version: ProcedureVersion,
    unit: Unit,
    applicant: dict[str, str],
    answers: dict[str, Any],
    uploads: dict[str, Upload],
    consent: dict[str, str] | None,
    submission_token: str | None = None,
    request: HttpRequest | None = None,
) -> tuple[Case, str]:
    """Register and submit a dossier handed in at the counter; returns the case and its access
    key (for the printed receipt; never stored in clear). The officer is kept as the one who
    registered it (Case.registered_by, the audit record)."""
    from django.utils.translation import gettext as _

    if not may_work_cases(officer, unit.pk):
        raise ActionForbidden(_("You do not work on this office's cases."))
    if unit.kind not in version.handled_by:
        raise ActionForbidden(_("This office does not handle this procedure."))
    email = (applicant.get("email") or "").strip()
    digest = submission_digest(submission_token, email or f"counter:{unit.pk}") if submission_token else None
    if digest and (earlier := Case.objects.filter(submission_digest=digest).first()):
        raise AlreadySubmitted(earlier)
    access_key = codes.new_access_key()
    with transaction.atomic():
        case = None
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    case = Case.objects.create(
                        tracking_code=_new_tracking_code(), access_key_digest=access_key_digest(access_key),
                        submission_digest=digest, procedure_version=version, unit=unit,
                        channel=Channel.IN_PERSON, registered_by=officer,
                        applicant_name=applicant["name"], applicant_email=email,
                        applicant_phone=applicant.get("phone", ""), data=answers,
                    )
                break
            except IntegrityError:
                if digest and (earlier := Case.objects.filter(submission_digest=digest).first()):
                    raise AlreadySubmitted(earlier) from None
        if case is None:  # pragma: no cover - three random codes taken in a row
            raise CaseError(_("Please try again."))
        details: dict[str, Any] = {"consent": consent} if consent else {}
        record("case.created", case, actor=officer, request=request, channel="in_person",
               documents=sorted(uploads), **details)
        _store_documents(case, uploads.items(), Document.Stage.APPLICATION)
        # The applicant hands the dossier in: the submission is theirs, made at the counter.
        case = apply_transition(case, "submit", actor=None, applicant=True,
                                expected_version=case.version, request=request)
    if case.applicant_email:
        notifications.submitted(case, access_key)
    return case, access_key


def receive_at_counter(case: Case, *, officer: User, request: HttpRequest | None = None) -> str | None:
    """Receive a dossier just registered, as the officer would from the case page (every rule of
    the transition applies: receipt, clock, figures). None when done, else why not (the case
    stays submitted)."""
    try:
        apply_transition(case, "receive", actor=officer, expected_version=case.version, request=request)
    except CaseError as exc:
        return exc.message
    return None
