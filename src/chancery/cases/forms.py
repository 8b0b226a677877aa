"""The application form, built from the procedure's definition. Web pages and the API share it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chancery.cases.documents import CheckedUpload, UploadRejected, check_upload
from chancery.core.privacy import consent_record
from chancery.organization import countries as organization_countries
from chancery.procedures.models import ProcedureVersion

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ().-]{5,24}$", _("Enter a phone number with its country code, e.g. +33 6 12 34 56 78.")
)


def country_choices() -> list[tuple[str, str]]:
    """Every country, named in the reader's language."""
    return [("", "—")] + organization_countries.country_choices()


def _form_field(spec: dict, version: ProcedureVersion, required: bool) -> forms.Field:
    common: dict[str, Any] = {
        "label": version.text(spec["label"]),
        "required": required,
        "help_text": version.text(spec.get("help")),
    }
    kind = spec["type"]
    if kind == "text":
        return forms.CharField(max_length=spec.get("max_length", 255), **common)
    if kind == "long_text":
        return forms.CharField(
            max_length=spec.get("max_length", 5000), widget=forms.Textarea(attrs={"rows": 4}),
            **common,
        )
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "choice":
        choices = [("", "—")] + [(c["value"], version.text(c["label"])) for c in spec["choices"]]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "country":
        return forms.ChoiceField(choices=country_choices, **common)
    if kind == "email":
        return forms.EmailField(**common)
    if kind == "phone":
        return forms.CharField(max_length=30, validators=[phone_validator], **common)
    if kind == "number":
        bounds = {"min_value": spec.get("min"), "max_value": spec.get("max")}
        if spec.get("decimals") is None:
            return forms.IntegerField(**bounds, **common)
        return forms.DecimalField(
            **bounds, max_digits=14, decimal_places=spec["decimals"], **common
        )
    raise ValueError(f"unknown field type {kind}")


def _to_json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return value


class ApplicationForm(forms.Form):
    """`draft=True` lets a person save what they have; submission needs everything required."""

    applicant_name = forms.CharField(label=_("Your full name"), max_length=200)
    applicant_email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("We send the tracking code and every update here.")
    )
    applicant_phone = forms.CharField(
        label=_("Your phone"), max_length=40, required=False, validators=[phone_validator]
    )
    # Decree 13/2023/NĐ-CP Art. 11: explicit consent, by ticking a box; never ticked in advance.
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to my personal data being processed "
                "for this application."),
        error_messages={"required": _("Please confirm that you agree to the privacy notice: "
                                      "we cannot handle an application without it.")},
    )

    def __init__(
        self,
        *args: Any,
        version: ProcedureVersion,
        units: Any,
        draft: bool = False,
        uploaded: set[str] | None = None,
        held: dict[str, Any] | None = None,
        ask_consent: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if ask_consent:
            self.fields["consent"].label = format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
                _("I have read the privacy notice and agree to my personal data being processed "
                  "for this application."),
                reverse("portal:privacy"), _("Read the privacy notice"),
            )
        else:  # a draft whose consent is already recorded
            del self.fields["consent"]
        self.version = version
        self.draft = draft
        self.uploaded = uploaded or set()
        self.checked_uploads: dict[str, tuple[Any, CheckedUpload]] = {}
        self.fields["unit"] = forms.ModelChoiceField(
            queryset=units, label=_("Office that handles your application"),
            empty_label=None if units.count() == 1 else "—",
        )
        # The office's name in the reader's language and its city, never its internal code.
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.name} — {unit.city_name}"
        # form.fields is a plain dict (not an OrderedDict): put the office first by rebuilding it.
        self.fields = {"unit": self.fields.pop("unit"), **self.fields}
        for spec in version.form_fields:
            self.fields[f"f_{spec['name']}"] = _form_field(
                spec, version, required=spec.get("required", True) and not draft
            )
        for doc in version.documents:
            self.fields[f"doc_{doc['code']}"] = forms.FileField(label=version.text(doc["name"]))
        self.keep(held or {})
        if draft:
            for name in ("applicant_name", "applicant_email"):
                self.fields[name].required = True  # we must be able to reach the person

    def keep(self, held: dict[str, Any]) -> None:
        """Files kept from an earlier try of this form (requirement -> HeldUpload) count as sent:
        the person may choose another to replace one, but need not choose it again."""
        for doc in self.version.documents:
            name = f"doc_{doc['code']}"
            have = doc["code"] in self.uploaded
            kept = held.get(doc["code"])
            self.fields[name].required = doc["required"] and not self.draft and not have and kept is None
            text = _("%(types)s, up to %(size)d MB") % {
                "types": ", ".join(t.upper() for t in doc["accepted_types"]), "size": doc["max_size_mb"],
            }
            if have:
                text += " — " + str(_("already received"))
            elif kept is not None:
                text += " — " + _("kept: %(name)s (choose a file only to replace it)") % {
                    "name": kept.original_name}
            # Both the field and its bound field (which copies the text, and may exist already).
            self.fields[name].help_text = self[name].help_text = text

    def field_groups(self) -> dict[str, list[forms.BoundField]]:
        groups: dict[str, list[forms.BoundField]] = {"applicant": [], "form": [], "documents": []}
        for bound in self:
            if bound.name.startswith("f_"):
                groups["form"].append(bound)
            elif bound.name.startswith("doc_"):
                groups["documents"].append(bound)
            else:
                groups["applicant"].append(bound)
        return groups

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for doc in self.version.documents:
            name = f"doc_{doc['code']}"
            upload = cleaned.get(name)
            if not upload:
                continue
            try:
                checked = check_upload(upload, doc["accepted_types"], doc["max_size_mb"])
            except UploadRejected as exc:
                self.add_error(name, str(exc))
            else:
                self.checked_uploads[doc["code"]] = (upload, checked)
        return cleaned

    def answers(self) -> dict[str, Any]:
        return {
            spec["name"]: _to_json(self.cleaned_data.get(f"f_{spec['name']}"))
            for spec in self.version.form_fields
            if self.cleaned_data.get(f"f_{spec['name']}") not in (None, "")
        }

    def consent_given(self) -> dict[str, str] | None:
        """The consent to record (time, notice version), or None when this form did not ask."""
        return consent_record() if self.cleaned_data.get("consent") else None

    def applicant(self) -> dict[str, str]:
        return {
            "name": self.cleaned_data["applicant_name"],
            "email": self.cleaned_data["applicant_email"],
            "phone": self.cleaned_data.get("applicant_phone", ""),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, as Django's documentation shows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            if data:
                return [single(item, initial) for item in data]
            data = None  # no file chosen: "required" must still apply
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


class SupplementForm(forms.Form):
    """The applicant's answer to a supplement request: one or more files and a note."""

    MAX_MB = 10
    MAX_FILES = 10

    note = forms.CharField(
        label=_("Message to the office (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(
        label=_("Documents"), help_text=_("PDF, JPEG or PNG, up to 10 MB each")
    )

    def clean_files(self) -> list[tuple[Any, CheckedUpload]]:
        uploads = self.cleaned_data["files"]
        if len(uploads) > self.MAX_FILES:
            raise forms.ValidationError(_("At most %(n)d files at once.") % {"n": self.MAX_FILES})
        checked = []
        for upload in uploads:
            try:
                checked.append((upload, check_upload(upload, ["pdf", "jpeg", "png"], self.MAX_MB)))
            except UploadRejected as exc:
                raise forms.ValidationError(f"{upload.name}: {exc}") from exc
        return checked


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason / message to the applicant"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    # Decisions and endings (Transition.irreversible): a note for colleagues, and the tick that
    # confirms the step (the page asks for it; the server checks it).
    note = forms.CharField(
        label=_("Note for colleagues (optional; the applicant does not see it)"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(required=False)
