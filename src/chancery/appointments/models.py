"""Appointments at an office's counter: the hours each office opens its counter, for which
procedures, how many people per slot; the slots people booked; the e-mails that confirm them.

A slot row exists once someone booked it (``services.book``): the free slots of a day are computed
from the schedule and the office's calendar (``slots.py``), never stored ahead."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core import mail


def validate_weekdays(value: list) -> None:
    if not isinstance(value, list) or not value or any(d not in range(7) for d in value):
        raise ValidationError(_("Choose at least one weekday, Monday = 0 … Sunday = 6."))


def validate_procedure_codes(value: list) -> None:
    if not isinstance(value, list) or any(not isinstance(c, str) or not c for c in value):
        raise ValidationError(_("A list of procedure codes, e.g. [\"passport-issuance\"]."))


class CounterSchedule(models.Model):
    """One counter of an office: open on some weekdays between two local times, in slots of a
    few minutes, each taking `capacity` people, for a group of procedures (empty: every procedure
    of the office that needs a visit). The office's calendar (weekend, holidays, closure days)
    always applies on top of the weekdays."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.CASCADE,
                             related_name="counter_schedules", verbose_name=_("office"))
    name = models.CharField(_("name"), max_length=120,
                            help_text=_("What the counter is called, e.g. \"Passports\"."))
    procedures = models.JSONField(
        _("procedures"), default=list, blank=True, validators=[validate_procedure_codes],
        help_text=_("Codes of the procedures this counter serves; empty: every procedure of the "
                    "office that needs a visit."),
    )
    weekdays = models.JSONField(_("weekdays"), default=list, validators=[validate_weekdays],
                                help_text=_("Monday = 0 … Sunday = 6."))
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per slot"), default=30)
    capacity = models.PositiveSmallIntegerField(_("people per slot"), default=1)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit__code", "opens_at", "pk"]
        verbose_name = _("counter schedule")
        verbose_name_plural = _("counter schedules")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")),
                                   name="schedule_closes_after_opening"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5) & Q(slot_minutes__lte=240),
                                   name="schedule_slot_minutes_sane"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="schedule_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} — {self.name}"

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The counter must close after it opens.")
        if self.slot_minutes is not None and not 5 <= self.slot_minutes <= 240:
            errors["slot_minutes"] = _("A slot lasts between 5 and 240 minutes.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)

    def serves(self, procedure_code: str) -> bool:
        return not self.procedures or procedure_code in self.procedures


class Slot(models.Model):
    """A booked time of a counter: its capacity copied from the schedule when first booked, and
    how many places are taken. `booked <= capacity` is a database rule too."""

    schedule = models.ForeignKey(CounterSchedule, on_delete=models.PROTECT, related_name="slots")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField()
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "schedule_id"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "starts_at"], name="unique_slot_per_schedule"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="slot_not_overbooked"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
        ]
        indexes = [models.Index(fields=["unit", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.schedule} {self.starts_at:%Y-%m-%d %H:%M} ({self.booked}/{self.capacity})"

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


class Appointment(models.Model):
    """A case's visit to the counter. Moving keeps the row (and its calendar UID) and changes its
    slot; a case has at most one appointment booked at a time."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="appointments")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    status = models.CharField(_("status"), max_length=12, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.BOOKED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised at every change; the .ics SEQUENCE, so calendar apps replace the earlier invitation.
    version = models.PositiveIntegerField(default=0)
    # Cancelled because the case ended (a cases.lifecycle.CLOSED_STATUSES value: withdrawn,
    # stopped...); empty when the applicant cancelled it.
    cancelled_because = models.CharField(_("case status at cancellation"), max_length=24,
                                         blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="booked"),
                                    name="one_booked_appointment_per_case"),
            models.CheckConstraint(condition=Q(status__in=AppointmentStatus.values),
                                   name="appointment_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} @ {self.slot_id} ({self.status})"

    @property
    def cancelled_because_label(self) -> str:
        """The status the case ended in, in the reader's language ("" if the applicant cancelled)."""
        from chancery.cases.lifecycle import Status

        if not self.cancelled_because:
            return ""
        try:
            return str(Status(self.cancelled_because).label)
        except ValueError:
            return self.cancelled_because


class AppointmentEmail(models.Model):
    """A confirmation, change or cancellation e-mail with its .ics, kept so a failure shows and
    is retried (core.mail)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="emails")
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    ics = models.TextField()
    state = models.CharField(max_length=10, default=mail.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class AppointmentEvent(models.Model):
    """What happened to an appointment, in order: booked, moved (from which time), cancelled,
    attended, missed; who did it."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=12)
    starts_at = models.DateTimeField()
    previous_starts_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=120)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
