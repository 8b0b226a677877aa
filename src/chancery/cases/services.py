"""Every write to a case: in one transaction, with an event and an audit record."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.audit.client_address import client_address
from chancery.audit.services import record
from chancery.cases import codes, deadlines, notifications, signals
from chancery.cases.lifecycle import (
    ASKS_FOR_DOCUMENTS,
    REASON_FOR_APPLICANT,
    TRANSITIONS,
    ClockEffect,
    Status,
    Transition,
)
from chancery.cases.models import (
    Case,
    CaseEvent,
    CaseSuspension,
    Document,
    HeldUpload,
    access_key_digest,
    submission_digest,
)
from chancery.cases.notices import issue_notice
from chancery.core import throttle
from chancery.core.errors import Conflict, DomainError, Forbidden
from chancery.core.throttle import Throttled
from chancery.core.uploads import CheckedUpload
from chancery.organization.models import Unit
from chancery.organization.selectors import may_decide, may_work_cases
from chancery.procedures.models import ProcedureVersion

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.storage import Storage
    from django.http import HttpRequest

Upload = tuple[Any, CheckedUpload]


class CaseError(DomainError):
    code = "case_error"


class TransitionNotAllowed(CaseError, Conflict):
    code = "transition_not_allowed"


class ActionForbidden(CaseError, Forbidden):
    code = "forbidden"


class CaseChanged(CaseError, Conflict):
    code = "case_changed"


class ReasonRequired(CaseError):
    code = "reason_required"


class ApologyDateRefused(CaseError):
    """The new date an apology names is not one it may name (see deadlines.apology_date_problem):
    the request is understood but the value is wrong, so 422, not a conflict."""

    code = "invalid_due_date"
    http_status = 422


class TooManyDocuments(CaseError):
    code = "too_many_documents"


class InvalidRequirements(CaseError):
    """Documents named that the procedure does not ask for, or named where no request is made."""

    code = "invalid_requirements"
    http_status = 422


class DocumentsMissing(CaseError):
    """An answer to a request without a document the office named; `missing`: their codes."""

    code = "documents_missing"

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


class TooManyApplications(CaseError, Throttled):
    """More applications, or more uploaded bytes, from one client address than a person sends
    (APPLICATIONS_PER_CLIENT_HOUR, UPLOAD_MB_PER_CLIENT_HOUR): a script, not a citizen."""

    code = "rate_limited"


def _charge_client(request: HttpRequest | None, *, applications: int = 0, upload_bytes: int = 0) -> None:
    """Count what an anonymous client sends, refusing past the hourly limits before anything is
    stored. Staff (a logged-in user) and calls without a request are not counted."""
    from django.conf import settings

    if request is None or getattr(getattr(request, "user", None), "is_authenticated", False):
        return
    client = client_address(request) or "unknown"
    window = 3600
    counters = {}
    if applications:
        counters[f"apply:n:{client}"] = (applications, settings.APPLICATIONS_PER_CLIENT_HOUR)
    if upload_bytes:
        counters[f"apply:mb:{client}"] = (upload_bytes, settings.UPLOAD_MB_PER_CLIENT_HOUR * 1024 * 1024)
    if throttle.would_pass(counters):
        raise TooManyApplications(
            _("Too many applications or files were sent from your connection in the last hour. "
              "Please try again later, or contact the office."), retry_after=window)
    for counter, (amount, _limit) in counters.items():
        throttle.count(counter, window, amount)


class AlreadySubmitted(CaseError, Conflict):
    """The same submission (same token, same e-mail) arrived again: it made one case, this one."""

    code = "already_submitted"

    def __init__(self, case: Case) -> None:
        super().__init__(_("This application was already sent; its tracking code is %(code)s.")
                         % {"code": case.tracking_code})
        self.case = case


def _actor_label(user: User | None, applicant: bool) -> str:
    if applicant:
        return "applicant"
    return user.get_username() if user is not None and user.is_authenticated else "system"


def _store_documents(case: Case, uploads: Iterable[tuple[str, Upload]], stage: str) -> int:
    from django.conf import settings

    uploads = list(uploads)
    if case.documents.count() + len(uploads) > settings.MAX_DOCUMENTS_PER_CASE:
        raise TooManyDocuments(
            _("A case may hold at most %(n)d documents.") % {"n": settings.MAX_DOCUMENTS_PER_CASE}
        )
    for requirement, (upload, checked) in uploads:
        document = Document(
            case=case, requirement=requirement, stage=stage,
            original_name=(upload.name or "document")[:255], content_type=checked.content_type,
            size=checked.size, sha256=checked.sha256,
        )
        document.file.save(f"upload{checked.suffix}", upload, save=False)
        document.save()
    return len(uploads)


def _drop_documents(case: Case, applicable: set[str], *, request: HttpRequest | None = None) -> None:
    """A draft's documents for requirements that no longer apply: the rows now, the files once
    that is committed."""
    gone = list(case.documents.filter(stage=Document.Stage.APPLICATION).exclude(requirement__in=applicable))
    if not gone:
        return
    names = [d.file.name for d in gone if d.file.name]
    storage = gone[0].file.storage
    Document.objects.filter(pk__in=[d.pk for d in gone]).delete()
    record("case.documents_dropped", case, actor_label="applicant", request=request,
           requirements=sorted({d.requirement for d in gone}))
    transaction.on_commit(lambda: _delete_files(storage, names))


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def hold_uploads(
    version: ProcedureVersion, uploads: dict[str, Upload], request: HttpRequest | None = None
) -> dict[str, str]:
    """Keep the files that passed the checks of a form that did not; requirement -> token, for
    the applicant's session (see HeldUpload). Past the client's hourly upload limit nothing more
    is kept: the person chooses the files again."""
    try:
        _charge_client(request, upload_bytes=sum(checked.size for _upload, checked in uploads.values()))
    except TooManyApplications:
        return {}
    tokens = {}
    with transaction.atomic():
        for requirement, (upload, checked) in uploads.items():
            held = HeldUpload(
                token=secrets.token_hex(16), procedure_version=version, requirement=requirement,
                original_name=(upload.name or "document")[:255], content_type=checked.content_type,
                size=checked.size, sha256=checked.sha256,
            )
            held.file.save(f"upload{checked.suffix}", upload, save=False)
            held.save()
            tokens[requirement] = held.token
        if tokens:
            record("upload.held", None, actor_label="applicant", request=request,
                   object_type="procedure_version", object_id=str(version.pk),
                   requirements=sorted(tokens))
    return tokens


def held_as_uploads(held: Iterable[HeldUpload]) -> dict[str, Upload]:
    """Held files in the shape a fresh upload has, for save_application (the caller closes them)."""
    return {
        h.requirement: (File(h.file.open("rb"), name=h.original_name),
                        CheckedUpload(h.content_type, PurePosixPath(h.file.name or "").suffix,
                                      h.size, h.sha256))
        for h in held
    }


def discard_held_uploads(held: Iterable[HeldUpload], *, why: str = "used",
    request: HttpRequest | None = None) -> int:
    """Delete held files (used, replaced or expired): the rows now, the stored files once that
    is committed."""
    held = list(held)
    if not held:
        return 0
    names = [h.file.name for h in held if h.file.name]
    storage = held[0].file.storage
    with transaction.atomic():
        HeldUpload.objects.filter(pk__in=[h.pk for h in held]).delete()
        record("upload.discarded", None, actor_label="applicant" if request else "system",
               request=request, object_type="held_upload", why=why, files=len(held),
               requirements=sorted({h.requirement for h in held}))
        transaction.on_commit(lambda: _delete_files(storage, names))
    return len(held)


def discard_expired_held_uploads(now: Any = None) -> int:
    from django.conf import settings

    cutoff = (now or timezone.now()) - timedelta(hours=settings.HELD_UPLOAD_HOURS)
    return discard_held_uploads(HeldUpload.objects.filter(held_at__lt=cutoff), why="expired")


def _new_tracking_code() -> str:
    for _attempt in range(5):
        code = codes.new_tracking_code()
        if not Case.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("could not draw a free tracking code")  # 2**50 codes: does not happen


def save_application(
    *,
    version: ProcedureVersion,
    unit: Unit,
    applicant: dict[str, str],
    answers: dict[str, Any],
    uploads: dict[str, Upload],
    submit: bool,
    case: Case | None = None,
    request: HttpRequest | None = None,
    consent: dict[str, str] | None = None,
    submission_token: str | None = None,
    applicable_documents: Iterable[str] | None = None,
) -> tuple[Case, str | None]:
    """Create or update an application; submit it when asked.

    `consent` (time and privacy-notice version, Decree 13/2023/NĐ-CP Art. 11) is kept on the
    case's audit record. Returns the case and, for a new one, its access key (shown once, never
    stored in clear). With a ``submission_token`` (a form's hidden token, an API client's
    Idempotency-Key), a second submission with the same token and e-mail raises AlreadySubmitted
    with the first case. `applicable_documents`: the requirements that apply to the answers now
    (the catalogue's `show_if`); a draft's documents for any other requirement are deleted.
    """
    consent_data: dict[str, Any] = {"consent": consent} if consent else {}
    digest = None
    if submission_token and case is None:
        digest = submission_digest(submission_token, applicant["email"])
    if digest and (earlier := Case.objects.filter(submission_digest=digest).first()):
        raise AlreadySubmitted(earlier)
    _charge_client(request, applications=1 if case is None else 0,
                   upload_bytes=sum(checked.size for _upload, checked in uploads.values()))
    if unit.kind not in version.handled_by:
        raise ActionForbidden(_("This office does not handle this procedure."))
    access_key = None
    with transaction.atomic():
        if case is None:
            access_key = codes.new_access_key()
            for _attempt in range(3):
                try:
                    with transaction.atomic():
                        case = Case.objects.create(
                            tracking_code=_new_tracking_code(),
                            access_key_digest=access_key_digest(access_key),
                            submission_digest=digest,
                            procedure_version=version, unit=unit,
                            applicant_name=applicant["name"], applicant_email=applicant["email"],
                            applicant_phone=applicant.get("phone", ""), data=answers,
                        )
                    break
                except IntegrityError:  # the same submission sent twice at once, or the same code drawn
                    if digest and (earlier := Case.objects.filter(submission_digest=digest).first()):
                        raise AlreadySubmitted(earlier) from None
                    continue
            else:  # pragma: no cover - three random codes taken in a row
                raise CaseError(_("Please try again."))
            record("case.created", case, actor_label="applicant", request=request, **consent_data)
        else:
            case = Case.objects.select_for_update().get(pk=case.pk)
            if case.status != Status.DRAFT:
                raise TransitionNotAllowed(_("This application was already submitted."))
            case.unit = unit
            case.applicant_name = applicant["name"]
            case.applicant_email = applicant["email"]
            case.applicant_phone = applicant.get("phone", "")
            case.data = answers
            case.version += 1
            case.save()
            record("case.draft_saved", case, actor_label="applicant", request=request, **consent_data)
            if applicable_documents is not None:
                _drop_documents(case, set(applicable_documents), request=request)
        _store_documents(case, uploads.items(), Document.Stage.APPLICATION)
        if submit:
            case = apply_transition(
                case, "submit", actor=None, applicant=True, expected_version=case.version,
                request=request,
            )
        elif access_key:
            notifications.draft_saved(case, access_key)
    if submit and access_key:
        notifications.submitted(case, access_key)
    elif submit:
        notifications.submitted(case, None)
    return case, access_key


def check_allowed(case: Case, transition: Transition, *, user: User | None, applicant: bool,
                  system: bool = False) -> None:
    """Raise unless this person (or the system) may make this transition on this case now."""
    if system:
        if not transition.by_system or applicant or user is not None:
            raise ActionForbidden(_("Only the office's staff may do this."))
    elif transition.actor == "applicant":
        if not applicant:
            raise ActionForbidden(_("Only the applicant may do this."))
    elif applicant or not getattr(user, "is_authenticated", False):
        raise ActionForbidden(_("Only the office's staff may do this."))
    elif transition.actor == "officer" and not may_work_cases(user, case.unit_id):
        raise ActionForbidden(_("You do not work on this office's cases."))
    elif transition.actor == "decider" and not may_decide(user, case.unit_id):
        raise ActionForbidden(
            _("Only the head of the office, or an officer the head delegated, may decide.")
        )
    if case.status not in transition.sources:
        raise TransitionNotAllowed(
            _("“%(action)s” is not possible while the case is “%(status)s”.")
            % {"action": transition.label, "status": Status(case.status).label}
        )
    if transition.condition:
        problem = transition.condition(case)
        if problem:
            raise TransitionNotAllowed(problem)


def allowed_transitions(case: Case, *, user: User, applicant: bool = False) -> list[Transition]:
    allowed = []
    for transition in TRANSITIONS.values():
        try:
            check_allowed(case, transition, user=user, applicant=applicant)
        except CaseError:
            continue
        allowed.append(transition)
    return allowed


# The staff's note on a decision, for colleagues (see apply_transition).
NOTE_MAX_LENGTH = 2000


def requested_codes(case: Case, action: str, requirements: Iterable[str] | None) -> list[str]:
    """The document requirements a request names, checked against the case's procedure version:
    each once, in the order given. Naming documents is only for the requests that ask for them."""
    codes_given = list(dict.fromkeys(str(code).strip() for code in (requirements or []) if str(code).strip()))
    if not codes_given:
        return []
    if action not in ASKS_FOR_DOCUMENTS:
        raise InvalidRequirements(
            _("Documents can be named only when asking the applicant to complete or supplement the dossier.")
        )
    known = {doc["code"] for doc in case.procedure_version.documents}
    unknown = [code for code in codes_given if code not in known]
    if unknown:
        raise InvalidRequirements(
            _("This procedure asks for no such document: %(codes)s. Its documents are: %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(sorted(known)) or "—"}
        )
    return codes_given


def _sent_documents(
    case: Case, action: str, documents: dict[str, Upload] | None, uploads: list[Upload] | None,
) -> list[tuple[str, Upload]]:
    """What an answer to a request stores: one document for each requirement the office named
    (each one required), or, when it named none, at least one file of any kind."""
    documents = documents or {}
    asked = list(case.requested_documents or [])
    if asked:
        extra = [code for code in documents if code not in asked]
        if extra:
            raise InvalidRequirements(
                _("The office did not ask for these documents: %(codes)s.") % {"codes": ", ".join(extra)}
            )
        missing = [code for code in asked if code not in documents]
        if missing:
            names = [case.procedure_version.text((case.procedure_version.document(c) or {}).get("name"))
                     or c for c in missing]
            raise DocumentsMissing(
                _("Please attach every document the office asked for. Missing: %(names)s.")
                % {"names": "; ".join(names)}, missing,
            )
        return [(code, documents[code]) for code in asked]
    sent = [(code, upload) for code, upload in documents.items()]
    sent += [("supplement", upload) for upload in uploads or []]
    if not sent:
        raise CaseError(_("Please attach at least one document."))
    # Files of no named requirement are kept under the stage they answer ("completion", "supplement").
    stage = TRANSITIONS[action].effects.sends_documents
    return [(stage if code == "supplement" else code, upload) for code, upload in sent]


def apply_transition(
    case: Case | int,
    action: str,
    *,
    actor: User | None,
    expected_version: int,
    applicant: bool = False,
    reason: str = "",
    note: str = "",
    uploads: list[Upload] | None = None,
    documents: dict[str, Upload] | None = None,
    requirements: Iterable[str] | None = None,
    request: HttpRequest | None = None,
    system: bool = False,
) -> Case:
    """Move a case along the lifecycle. Exactly one of two concurrent actors wins.

    `system=True` (no actor) is for the transitions the table lets the system make
    (`by_system`): a fee paid online, confirmed by the payment gateway.

    `reason` is addressed to the applicant (kept as the case's last reason where REASON_SHOWN
    says so); `note` is the staff's note for colleagues, kept with the event only.
    `requirements`: the document requirements a request to complete (at reception) or to
    supplement (in processing) names as missing or wrong. The applicant's answer sends
    `documents` (requirement -> file), one for each named; `uploads` (files of no particular
    requirement) when the request named none.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionNotAllowed(_("Unknown action."))
    reason = (reason or "").strip()
    note = (note or "").strip()
    if note and applicant:
        raise ActionForbidden(_("Only the office's staff may add a note for colleagues."))
    if len(note) > NOTE_MAX_LENGTH:
        raise CaseError(_("A note may be at most %(n)d characters long.") % {"n": NOTE_MAX_LENGTH})
    if transition.reason_required and not reason:
        raise ReasonRequired(_("Please give a reason: the applicant will read it."))
    case_id = case if isinstance(case, int) else case.pk
    with transaction.atomic():
        current = (
            Case.objects.select_for_update().select_related("procedure_version", "unit")
            .get(pk=case_id)
        )
        if current.version != expected_version:
            raise CaseChanged(
                _("Someone else changed this case a moment ago. Reload it to see what changed.")
            )
        check_allowed(current, transition, user=actor, applicant=applicant, system=system)
        named = requested_codes(current, action, requirements)
        now = timezone.now()
        changes: dict[str, Any] = {
            "status": transition.target, "status_changed_at": now, "version": F("version") + 1,
        }
        effects = transition.effects
        if effects.timestamp:
            changes[effects.timestamp] = now
        if action in REASON_FOR_APPLICANT:
            changes["last_reason"] = reason
        if effects.counts_supplement:
            changes["supplement_count"] = F("supplement_count") + 1
        if effects.assigns_actor and current.assigned_to_id is None and not applicant:
            changes["assigned_to"] = actor
        if transition.actor == "decider" and current.recommendation:
            # A decision may go against the officer's recommendation: recorded as such.
            changes["recommendation_followed"] = current.recommendation == action
        if effects.asks_for_documents:
            changes["requested_documents"] = named
        event_requirements = named
        if effects.sends_documents:
            sent = _sent_documents(current, action, documents, uploads)
            _store_documents(current, sent, effects.sends_documents)
            event_requirements = list(dict.fromkeys(code for code, _upload in sent))
        updated = Case.objects.filter(pk=case_id, version=expected_version).update(**changes)
        if updated != 1:  # SQLite has no row locks: the version check is what decides
            raise CaseChanged(
                _("Someone else changed this case a moment ago. Reload it to see what changed.")
            )
        label = _actor_label(actor, applicant)
        transition_source = current.status
        CaseEvent.objects.create(
            case_id=case_id, at=now, actor=None if applicant else actor, actor_label=label,
            action=action, from_status=current.status, to_status=transition.target, note=reason,
            internal_note=note, requirements=event_requirements,
        )
        details: dict[str, Any] = {}
        if note:
            details["with_note"] = True
        if transition.actor == "decider" and current.recommendation:
            details["recommendation"] = current.recommendation
        if event_requirements:
            details["requirements"] = event_requirements
        record(
            f"case.{action}", current, actor=None if applicant else actor, actor_label=label,
            request=request, from_status=current.status, to_status=transition.target, **details,
        )
        current.refresh_from_db()
        clock_started = _update_deadlines(current, transition, now)
        signals.case_transitioned.send(
            sender=Case, case=current, action=action, from_status=transition_source,
            to_status=transition.target, at=now,
        )
        notices = effects.notices + (effects.notices_if_clock_started if clock_started else ())
        for kind in notices:
            issue_notice(current, kind, actor=None if applicant else actor, request=request)
        notifications.status_changed(current, action, reason)
    return current


def _update_deadlines(case: Case, transition: Transition, now: Any) -> bool:
    """Start, pause, resume and stop the legal clock as the transition's effects say, inside its
    transaction; True when this transition started it. (A case that ends without a decision needs
    nothing here: its closed_at stops the clock.)"""
    changes: dict[str, Any] = {}
    clock = transition.effects.clock
    started = deadlines.clock_starts_with(case, transition.action)
    if clock is ClockEffect.PAUSE and case.clock_started_at is not None:
        # A clock not started yet (a completion request at reception, a supplement before the
        # payment that starts it) has nothing to pause.
        CaseSuspension.objects.create(case=case, started_at=now)
        changes["due_at"] = None
    elif clock is ClockEffect.RESUME and case.clock_started_at is not None:
        case.suspensions.filter(ended_at__isnull=True).update(ended_at=now)
        changes["due_at"] = deadlines.compute_due(case)
    if started:
        case.clock_started_at = now
        changes["clock_started_at"] = now
        changes["due_at"] = changes["original_due_at"] = deadlines.compute_due(case)
    if clock is ClockEffect.STOP_WITH_RESULT:
        changes["result_timeliness"] = deadlines.result_timeliness(case, now)
    if changes:
        Case.objects.filter(pk=case.pk).update(**changes)
        for field, value in changes.items():
            setattr(case, field, value)
    return started


def issue_apology(
    case: Case | int, new_due_day: Any, *, actor: User, expected_version: int, reason: str,
    request: HttpRequest | None = None,
) -> Case:
    """Move the appointment once, by an apology issued at least a day before the due date
    (Decree 118/2025/NĐ-CP; form 04 of Circular 03/2025/TT-VPCP)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Please say why the case will be late: the applicant reads it."))
    case_id = case if isinstance(case, int) else case.pk
    with transaction.atomic():
        current = Case.objects.select_for_update().select_related("procedure_version", "unit").get(
            pk=case_id
        )
        if current.version != expected_version:
            raise CaseChanged(
                _("Someone else changed this case a moment ago. Reload it to see what changed.")
            )
        if not may_work_cases(actor, current.unit_id):
            raise ActionForbidden(_("You do not work on this office's cases."))
        deadline = deadlines.apology_deadline(current)
        now = timezone.now()
        if current.decided_at or current.closed_at or current.due_at is None:
            raise TransitionNotAllowed(_("An apology is only for a case in processing with a due date."))
        if current.rescheduled_at:
            raise TransitionNotAllowed(_("The appointment may be rescheduled only once."))
        if deadline is None or now >= deadline:
            raise TransitionNotAllowed(
                _("An apology must be issued at least one day before the due date.")
            )
        problem = deadlines.apology_date_problem(current, new_due_day)
        if problem:
            raise ApologyDateRefused(problem)
        new_due = deadlines.end_of_day(current, new_due_day)
        extension = deadlines.extension_to(current, new_due)
        old_due = current.due_at
        Case.objects.filter(pk=case_id, version=expected_version).update(
            due_at=new_due, rescheduled_at=now, apology_extension=extension, last_reason=reason,
            version=F("version") + 1,
        )
        label = _actor_label(actor, False)
        CaseEvent.objects.create(
            case_id=case_id, at=now, actor=actor, actor_label=label, action="reschedule",
            from_status=current.status, to_status=current.status, note=reason,
        )
        record("case.reschedule", current, actor=actor, request=request,
               old_due=old_due.isoformat(), new_due=new_due.isoformat())
        current.refresh_from_db()
        issue_notice(current, "apology", actor=actor, request=request,
                     previous_due_at=old_due.isoformat(), new_due_at=new_due.isoformat())
        notifications.status_changed(current, "reschedule", reason)
    return current
