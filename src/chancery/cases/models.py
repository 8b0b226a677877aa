"""Cases ("hồ sơ"): what an applicant filed, where it stands, and everything that happened to it."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.cases.lifecycle import (
    AWAITING_DOCUMENTS,
    NATIONAL_STATUS_CODE,
    OPEN_STATUSES,
    PLAIN_STATUS,
    REASON_SHOWN,
    Status,
    badge,
)
from chancery.core.ops.storage import random_name
from chancery.core.text import fold_for_index


def submission_digest(token: str, email: str) -> str:
    return hashlib.sha256(f"{email.strip().lower()}\n{token}".encode()).hexdigest()


def access_key_digest(key: str) -> str:
    """Keys carry 40 random bits and lookups are throttled: a keyed hash is enough, and fast."""
    normalized = "".join(ch for ch in key.upper() if ch.isalnum())
    return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def fold_name(name: str) -> str:
    """A name as the queue search compares it: "Trần  Thị-Bình" → "tran thi binh"."""
    return fold_for_index(name or "")[:255]


class Channel(models.IntegerChoices):
    IN_PERSON = 1, _("In person")
    ONLINE = 2, _("Online")
    POST = 3, _("By post")


class Case(models.Model):
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    access_key_digest = models.CharField(max_length=64)
    # A digest of the token the sender gave for this submission (the form's hidden token, the API's
    # Idempotency-Key), with the applicant's e-mail: sending the same submission twice makes one case.
    submission_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion", on_delete=models.PROTECT, related_name="cases"
    )
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    channel = models.PositiveSmallIntegerField(choices=Channel.choices, default=Channel.ONLINE)
    applicant_name = models.CharField(_("applicant's full name"), max_length=200)
    # The name as the queue search compares it (core.text.fold_for_index: lower case, no marks,
    # đ→d, words separated by one space), kept by save() so SQLite and PostgreSQL search alike.
    applicant_name_folded = models.CharField(max_length=255, default="", db_default="", editable=False)
    # Blank only for a dossier handed in at the counter by someone without an address.
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_cases", verbose_name=_("held by"),
    )
    # The officer who registered a dossier handed in at the counter (channel in person).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("registered at the counter by"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    received_at = models.DateTimeField(null=True, blank=True)
    fee_paid_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    # Deadlines (cases/deadlines.py): when the legal clock started, the due moment now (None
    # while a supplement is awaited), the first one promised, and the one apology allowed.
    clock_started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(null=True, blank=True)
    rescheduled_at = models.DateTimeField(null=True, blank=True)
    # What the apology added to the legal period (days, or hours for periods in hours): the
    # promised date is then the period's end, so a later supplement moves it on, never back.
    apology_extension = models.PositiveSmallIntegerField(default=0)
    # Early / on time / late, fixed when processing ends (national portal rule).
    result_timeliness = models.CharField(max_length=10, blank=True)
    # The reason given with the last refusal, non-acceptance, stop, completion or supplement request.
    last_reason = models.TextField(blank=True)
    # The document requirements (codes of the procedure version's `documents`) the last request to
    # complete the dossier at reception, or to supplement it, named as missing or wrong: the
    # applicant's upload form has one field for each.
    requested_documents = models.JSONField(default=list, blank=True)
    # Optimistic concurrency: every write checks the version it read and bumps it.
    version = models.PositiveIntegerField(default=1)
    # The officer's recommendation to the head (cases/assignment.py): the latest one replaces the
    # one before (both stay in the timeline). `recommendation_followed` is fixed at the decision:
    # None without a recommendation, False when the decision went the other way.
    recommendation = models.CharField(
        _("recommendation"), max_length=10, blank=True, choices=[
            ("approve", _("Approve")), ("refuse", _("Refuse"))],
    )
    recommendation_grounds = models.TextField(_("grounds"), blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recommended by"),
    )
    recommended_at = models.DateTimeField(null=True, blank=True)
    recommendation_followed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "submitted_at"]),
            # The officer's queue (open cases of a unit, oldest or soonest due first) reads the
            # first page straight from these, however many closed cases the unit has.
            models.Index(fields=["unit", "submitted_at", "id"], name="case_open_by_submission",
                         condition=models.Q(status__in=sorted(OPEN_STATUSES))),
            models.Index(fields=["unit", "due_at", "id"], name="case_open_by_due_date",
                         condition=models.Q(status__in=sorted(OPEN_STATUSES))),
            # An applicant coming back by e-mail ("I lost my key", "My applications"): every
            # case filed with an address, whatever its case (selectors.cases_of_email).
            models.Index(Lower("applicant_email"), name="case_applicant_email_lower"),
            # The queue search by name within a unit (selectors.queue).
            models.Index(fields=["unit", "applicant_name_folded"], name="case_unit_folded_name"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.tracking_code

    def save(self, *args: object, **kwargs: object) -> None:
        self.applicant_name_folded = fold_name(self.applicant_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "applicant_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "applicant_name_folded"}
        super().save(*args, **kwargs)

    @property
    def national_status_code(self) -> int | None:
        return NATIONAL_STATUS_CODE[self.status]

    @property
    def plain_status(self) -> str:
        return str(PLAIN_STATUS[self.status])

    @property
    def awaiting_documents(self) -> bool:
        return self.status in AWAITING_DOCUMENTS

    def requested_requirements(self) -> list[dict]:
        """The catalogue's entries for the documents the office asked for, in the asked order
        (a code the version no longer knows is skipped)."""
        version = self.procedure_version
        return [doc for code in self.requested_documents if (doc := version.document(code))]

    @property
    def badge_class(self) -> str:
        return badge(self.status)

    @property
    def reason_for_applicant(self) -> str:
        """The office's message, while the current status is the one it explains."""
        return self.last_reason if self.status in REASON_SHOWN else ""

    def key_matches(self, key: str) -> bool:
        return hmac.compare_digest(self.access_key_digest, access_key_digest(key))


class SignInLink(models.Model):
    """A link sent by e-mail that opens "My applications" (every case filed with that address)
    in the browser that uses it: valid settings.SIGN_IN_LINK_MINUTES, once.

    Only a SHA-256 digest of the random token is stored; the token itself is in the e-mail.
    Using it is one conditional UPDATE (`used_at IS NULL AND expires_at > now`), so of two
    requests with the same link (a double click, a mail scanner) exactly one wins."""

    email = models.EmailField()  # lower case, as cases_of_email compares
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=120)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32)
    # What the applicant is told (the reason), and the staff's own note on the decision: read by
    # colleagues on the case page and in the API, never shown or sent to the applicant.
    note = models.TextField(blank=True)
    internal_note = models.TextField(blank=True)
    # What a staff-only event records (STAFF_ONLY_ACTIONS): the new holder, the recommended decision.
    details = models.JSONField(default=dict, blank=True)
    # The document requirements a request named (request_completion, request_supplement), or the
    # ones the applicant's answer sent documents for.
    requirements = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def to_status_label(self) -> str:
        return str(Status(self.to_status).label)

    @property
    def staff_only(self) -> bool:
        return self.action in STAFF_ONLY_ACTIONS

    @property
    def desk_label(self) -> str:
        """What a staff-only event says on the staff timeline ("Assigned to officer.fr")."""
        from django.utils.translation import gettext

        details = self.details or {}
        if self.action == "assign":
            if details.get("assignee"):
                return gettext("Assigned to %(name)s") % {"name": details["assignee"]}
            return gettext("Unassigned")
        if self.action == "recommend":
            if details.get("decision") == "approve":
                return gettext("Recommends approval")
            return gettext("Recommends refusal")
        if self.action == "note":
            return gettext("Note for colleagues")
        if self.action == "adjust_fee":
            return gettext("Fee adjusted: %(from)s → %(to)s %(currency)s") % {
                "from": details.get("computed", ""), "to": details.get("amount", ""),
                "currency": details.get("currency", "")}
        return self.to_status_label


# Events of the office's own work, not steps of the procedure: who holds the case, notes between
# colleagues, the officer's recommendation. Never shown or sent to the applicant (their timeline,
# the API's status answer, notices and PDFs leave them out).
STAFF_ONLY_ACTIONS = frozenset({"assign", "note", "recommend", "adjust_fee"})


def document_path(instance: Document, filename: str) -> str:
    return random_name("documents", filename)


class Document(models.Model):
    class Stage(models.TextChoices):
        APPLICATION = "application", _("With the application")
        COMPLETION = "completion", _("To complete the dossier at reception")
        SUPPLEMENT = "supplement", _("Supplement")
        RESULT = "result", _("Result")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    requirement = models.CharField(max_length=60)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.APPLICATION)
    file = models.FileField(upload_to=document_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def kind_label(self) -> str:
        """The detected type as people name it: PDF, JPG, PNG."""
        from chancery.core.downloads import TYPES, media_type

        return TYPES.get(media_type(self.content_type), "").lstrip(".").upper() or self.content_type


def held_upload_path(instance: HeldUpload, filename: str) -> str:
    return random_name("held", filename)


class HeldUpload(models.Model):
    """A file that passed the checks on an application form that did not (another field was
    wrong), kept so the applicant need not choose it again.

    Only the browser that sent it can use it: the random token lives in that browser's session.
    It becomes the case's document when the form goes through; otherwise it is deleted after
    settings.HELD_UPLOAD_HOURS."""

    token = models.CharField(max_length=32, unique=True)
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion", on_delete=models.CASCADE, related_name="+"
    )
    requirement = models.CharField(max_length=60)
    file = models.FileField(upload_to=held_upload_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    held_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """An e-mail to send, kept so a failure is visible and can be retried."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class CaseSuspension(models.Model):
    """The legal clock stopped while the applicant prepares a supplement."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.started_at:%Y-%m-%d} – {self.ended_at or '…'}"


class NoticeKind(models.TextChoices):
    """The forms of Circular 03/2025/TT-VPCP a one-stop shop issues."""

    RECEIPT = "receipt", _("Receipt and appointment (form 01)")
    COMPLETION_REQUEST = "completion_request", _("Request to complete the dossier at reception (form 02)")
    SUPPLEMENT_REQUEST = "supplement_request", _("Request to supplement the dossier (form 02)")
    REFUSAL_TO_ACCEPT = "refusal_to_accept", _("Refusal to accept the dossier (form 03)")
    APOLOGY = "apology", _("Apology and new appointment (form 04)")
    STOPPED = "stopped", _("Notice of stopped processing (form 05)")
    CONTROL_SHEET = "control_sheet", _("Processing control sheet (form 06)")
    RESULT_LETTER = "result_letter", _("Result cover letter")
    # Issued by the fee request: the amount, the reference and how to pay (the amount is computed
    # by payments, which fills the notice's content through notices.register_content).
    PAYMENT = "payment", _("Payment notice")


class Notice(models.Model):
    """An official notice. Its content is frozen when issued; the PDF is rendered from it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    number = models.CharField(max_length=40, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Random, unguessable: the QR code opens /verify/<token>/.
    verification_token = models.CharField(max_length=32, unique=True)
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return self.number


class NoticeCounter(models.Model):
    """Numbers per unit per year, unique under concurrency (row lock on this counter)."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_notice_counter")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class ReminderLog(models.Model):
    """One row per reminder sent: running the reminder job twice sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("organization.Unit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    local_date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    case_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "kind", "local_date"], name="unique_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} {self.local_date}"
