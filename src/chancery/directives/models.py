"""Directives, their tasks, everything that happened to a task, and the reminders sent about it.

A task stores dates, never a status: :func:`chancery.directives.rules.task_status` derives the
status from them (see that module for which date decides what).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.ops.storage import random_name
from chancery.directives.dates import ministry_today
from chancery.directives.rules import (
    DEFAULT_REPORT_DAY,
    RECURRING,
    Priority,
    Recurrence,
    TaskStatus,
    days_overdue,
    task_status,
)


def source_path(instance: Directive, filename: str) -> str:
    return random_name("directives", filename)


def attachment_path(instance: TaskAttachment, filename: str) -> str:
    return random_name("task-attachments", filename)


class Directive(models.Model):
    """A leader's directive (conclusion, official letter, speech) that gives tasks to units."""

    title = models.CharField(_("title"), max_length=500)
    # As written in the source: "Bộ trưởng Ngoại giao Bùi Thanh Sơn".
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    reference = models.CharField(
        _("document number"), max_length=100, blank=True,
        help_text=_("e.g. 123/TB-BNG, when the directive is an official document."),
    )
    # The office that follows the directive up: assigns, accepts completion, cancels.
    issuing_unit = models.ForeignKey(
        "organization.Unit", on_delete=models.PROTECT, related_name="issued_directives",
        verbose_name=_("issuing office"),
    )
    addressees = models.JSONField(_("addressees"), default=list, blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    source_file = models.FileField(_("source file"), upload_to=source_path, blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self) -> str:
        return self.title


class TaskGroup(models.Model):
    """One item of a directive addressed to several units ("all missions", or a list): each unit
    gets its own task (one lead unit per task), and the group keeps them together so the issuer
    can follow who has reported and urge the rest at once."""

    class Scope(models.TextChoices):
        UNITS = "units", _("Chosen units")
        ALL_MISSIONS = "all_missions", _("All missions")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="task_groups")
    text = models.TextField(_("task"))
    scope = models.CharField(_("addressed to"), max_length=20, choices=Scope.choices, default=Scope.UNITS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")

    def __str__(self) -> str:
        return self.text[:80]


class Task(models.Model):
    """One deliverable of a directive, with exactly one lead unit (Decree 39/2022/NĐ-CP)."""

    class Request(models.TextChoices):
        NONE = "", _("None")
        COMPLETION = "completion", _("Completion reported, waiting for acceptance")
        EXTENSION = "extension", _("Extension requested")
        CANCELLATION = "cancellation", _("Cancellation requested")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    # Set when the item went to several units at once: the siblings are the other units' tasks.
    group = models.ForeignKey(
        TaskGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks",
        verbose_name=_("task group"),
    )
    # Where it came from in the text: "Thứ tư › Hai là".
    marker = models.CharField(_("item"), max_length=120, blank=True)
    text = models.TextField(_("task"))
    lead_unit = models.ForeignKey(
        "organization.Unit", on_delete=models.PROTECT, related_name="led_tasks",
        verbose_name=_("lead unit"),
    )
    coordinating_units = models.ManyToManyField(
        "organization.Unit", blank=True, related_name="coordinated_tasks",
        verbose_name=_("coordinating units"),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    recurrence = models.CharField(
        _("deadline kind"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True)
    report_day = models.PositiveSmallIntegerField(
        _("periodic report due on day"), default=DEFAULT_REPORT_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    starts_on = models.DateField(_("assigned on"), default=ministry_today)
    # The dates that decide the status (rules.py).
    started_on = models.DateField(null=True, blank=True)
    completion_reported_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    # Derived from deadline and periodic reports by rules.schedule(); kept for queries.
    next_due_on = models.DateField(_("due"), null=True, blank=True, db_index=True)
    late_periods = models.PositiveSmallIntegerField(default=0)
    pending_request = models.CharField(
        max_length=20, choices=Request.choices, default=Request.NONE, blank=True
    )
    requested_deadline = models.DateField(null=True, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Optimistic concurrency: every write checks the version it read and bumps it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["directive_id", "position", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["lead_unit", "next_due_on"]),
            models.Index(fields=["starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(recurrence=Recurrence.ONCE) | models.Q(deadline__isnull=False),
                name="task_once_has_deadline",
            ),
            models.CheckConstraint(
                condition=~models.Q(recurrence=Recurrence.ONGOING) | models.Q(deadline__isnull=True),
                name="task_ongoing_has_no_deadline",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="task_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(report_day__gte=1, report_day__lte=31), name="task_report_day_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.marker or '#' + str(self.pk)}: {self.text[:60]}"

    def status(self, today: date | None = None) -> TaskStatus:
        return task_status(self, today or ministry_today())

    def days_overdue(self, today: date | None = None) -> int:
        return days_overdue(self, today or ministry_today())

    @property
    def is_recurring(self) -> bool:
        return self.recurrence in RECURRING

    @property
    def is_open(self) -> bool:
        return self.cancelled_on is None and self.completed_on is None


class TaskEntry(models.Model):
    """One line of a task's history: who did what, when, with what text and files."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        UPDATED = "updated", _("Assignment changed")
        PROGRESS = "progress", _("Progress reported")
        COMPLETION_REPORTED = "completion_reported", _("Completion reported")
        INPUT = "input", _("Input from a coordinating unit")
        ACCEPTED = "accepted", _("Completion accepted")
        SENT_BACK = "sent_back", _("Sent back")
        EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
        EXTENSION_APPROVED = "extension_approved", _("Extension approved")
        EXTENSION_REFUSED = "extension_refused", _("Extension refused")
        CANCELLATION_REQUESTED = "cancellation_requested", _("Cancellation requested")
        CANCELLATION_REFUSED = "cancellation_refused", _("Cancellation refused")
        CANCELLED = "cancelled", _("Cancelled")
        REMINDER = "reminder", _("Reminder sent")
        COMMENT = "comment", _("Comment")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    # The Viet Nam date of `at`: the date deadlines are compared with.
    day = models.DateField(default=ministry_today)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=120)
    unit = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    # The reporting period a periodic report covers (its first day).
    period_start = models.DateField(null=True, blank=True)
    # Requested or granted deadline (extensions), or the new one after a change.
    deadline = models.DateField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("task history entry")
        verbose_name_plural = _("task history entries")
        indexes = [models.Index(fields=["task", "kind", "period_start"])]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class TaskAttachment(models.Model):
    entry = models.ForeignKey(TaskEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """One urging message about one due date of one task. The unique key makes urging
    idempotent: running the job twice on the same day sends nothing twice."""

    class Kind(models.TextChoices):
        BEFORE_DEADLINE = "before_deadline", _("Reminder before the deadline")
        PERIODIC_REPORT = "periodic_report", _("Request for the periodic report")
        ESCALATION = "escalation", _("Escalation: overdue")
        # Sent by hand ("đôn đốc"), with the sender's message; any number per due date.
        MANUAL = "manual", _("Urged by the issuing office")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NO_RECIPIENT = "no_recipient", _("Nobody to send to")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The due date this message is about (a deadline, or a period's report date).
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    recipients = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Who urged by hand (None for the scheduled run).
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The scheduled run sends one message per due date; urging by hand is rate-limited
            # in services.urge_tasks instead.
            models.UniqueConstraint(
                fields=["task", "kind", "due_on"], name="unique_task_reminder",
                condition=~models.Q(kind="manual"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.due_on}"
