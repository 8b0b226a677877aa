"""Procedures of the catalogue. A published version is frozen; cases keep the one they used."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from chancery.core.text import pick_language

TIME_UNIT_LABELS = {
    "working_days": _("working days"),
    "calendar_days": _("days"),
    "working_hours": _("working hours"),
    "hours": _("hours"),
}


def time_amount_label(amount: int, unit: str) -> str:
    """"1 working day", "3 working days" (Vietnamese has one form: "3 ngày làm việc")."""
    if unit == "working_days":
        text = ngettext("%(n)d working day", "%(n)d working days", amount)
    elif unit == "calendar_days":
        text = ngettext("%(n)d day", "%(n)d days", amount)
    elif unit == "working_hours":
        text = ngettext("%(n)d working hour", "%(n)d working hours", amount)
    elif unit == "hours":
        text = ngettext("%(n)d hour", "%(n)d hours", amount)
    else:
        return f"{amount} {unit}"
    if amount == 0:
        return str(_("the same day"))
    return text % {"n": amount}

FIELD_LABELS = {
    "consular": _("Consular"),
    "legalisation": _("Legalisation and certification"),
    "civil_status": _("Civil status"),
    "nationality": _("Nationality"),
    "citizen_protection": _("Citizen protection"),
    "visa": _("Visa and entry"),
}


# A catalogue text in the reader's language (one rule, in core.text).
_pick = pick_language


class Procedure(models.Model):
    code = models.SlugField(max_length=80, unique=True)
    current = models.ForeignKey(
        "ProcedureVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return self.code


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    definition = models.JSONField()
    checksum = models.CharField(max_length=64)
    source_file = models.CharField(max_length=255, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procedure__code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "version"], name="unique_procedure_version")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.version}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("a published procedure version is immutable")
        super().save(*args, **kwargs)

    # Read helpers in the reader's language; the definition is the validated YAML.
    @property
    def code(self) -> str:
        return self.definition["code"]

    @property
    def name(self) -> str:
        return _pick(self.definition["name"])

    @property
    def description(self) -> str:
        return _pick(self.definition.get("description"))

    @property
    def field(self) -> str:
        return self.definition["field"]

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))

    @property
    def urgent(self) -> bool:
        return bool(self.definition.get("urgent"))

    @property
    def online_level(self) -> str:
        return self.definition["online_level"]

    @property
    def fee(self) -> dict | None:
        return self.definition.get("fee")

    @property
    def fee_amount(self) -> Decimal | None:
        return Decimal(self.fee["amount"]) if self.fee else None

    @property
    def processing_time(self) -> dict:
        return self.definition["processing_time"]

    @property
    def clock_starts(self) -> str:
        """"receipt" (of the complete dossier) unless the catalogue says "payment"."""
        return self.definition.get("clock_starts") or "receipt"

    def processing_amount(self, answers: dict | None = None) -> int:
        """The legal period for one application: the base amount, or the step that the number it
        gives reaches (e.g. the number of documents to legalise)."""
        time = self.processing_time
        grows = time.get("grows_with")
        amount = time["amount"]
        if grows:
            try:
                count = int((answers or {}).get(grows["field"]) or 0)
            except (TypeError, ValueError):
                count = 0
            for step in grows["steps"]:
                if count >= step["at_least"]:
                    amount = step["amount"]
        return amount

    @property
    def processing_time_label(self) -> str:
        time = self.processing_time
        steps = (time.get("grows_with") or {}).get("steps") or []
        if steps and time["amount"]:  # "1–4 working days": the plural of the upper bound
            return f"{time['amount']}–" + time_amount_label(int(steps[-1]["amount"]), time["unit"])
        return time_amount_label(int(time["amount"]), time["unit"])

    @property
    def handled_by(self) -> list[str]:
        return self.definition["handled_by"]

    @property
    def form_fields(self) -> list[dict]:
        return self.definition["fields"]

    @property
    def documents(self) -> list[dict]:
        return self.definition.get("documents", [])

    @property
    def official_forms(self) -> list[dict]:
        return self.definition.get("official_forms", [])

    def document(self, code: str) -> dict | None:
        return next((d for d in self.documents if d["code"] == code), None)

    def text(self, value: dict | None) -> str:
        return _pick(value)
