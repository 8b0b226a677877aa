"""The application form, built from the procedure's definition. Web pages and the API share it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chancery.core import countries as organization_countries
from chancery.core.privacy import consent_record
from chancery.core.uploads import CheckedUpload, MultipleFileField, UploadRejected, check_each, check_upload
from chancery.procedures.conditions import depends_on, visible_documents, visible_fields
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
        today: date | None = None,
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
        self.today = today or timezone.localdate()
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
            field = self.fields[f"f_{spec['name']}"] = _form_field(
                spec, version, required=spec.get("required", True) and not draft
            )
            field.required_if_shown = field.required
        for doc in version.documents:
            self.fields[f"doc_{doc['code']}"] = forms.FileField(label=version.text(doc["name"]))
        self._apply_conditions()
        self.keep(held or {})
        if draft:
            for name in ("applicant_name", "applicant_email"):
                self.fields[name].required = True  # we must be able to reach the person

    def _apply_conditions(self) -> None:
        """Work out which questions and documents apply (procedures/conditions.py) from the answers
        given (or, for a page not yet sent, the answers kept). One that does not apply is not
        required, its input is disabled (the browser does not send it) and anything sent for it
        anyway is dropped before cleaning: it is never stored."""
        sources = {depends_on(s.get("show_if")) for s in self.version.form_fields + self.version.documents}
        answers = {}
        for spec in self.version.form_fields:
            if spec["name"] in sources:
                answers[spec["name"]] = self._raw_answer(f"f_{spec['name']}")
        self.shown_fields = visible_fields(self.version.form_fields, answers, today=self.today)
        self.shown_documents = visible_documents(
            self.version.documents, answers, self.shown_fields, today=self.today
        )
        hidden = [f"f_{s['name']}" for s in self.version.form_fields
                  if s["name"] not in self.shown_fields]
        hidden += [f"doc_{d['code']}" for d in self.version.documents
                   if d["code"] not in self.shown_documents]
        if self.is_bound and hidden:
            self.data = self.data.copy()
            self.files = self.files.copy()
            for name in hidden:
                self.data.pop(self.add_prefix(name), None)
                self.files.pop(self.add_prefix(name), None)
        for name in hidden:
            self.fields[name].required = False
            self.fields[name].widget.attrs["disabled"] = True

    def _raw_answer(self, name: str) -> Any:
        """A question's answer as its field cleans it, or None (missing or not valid)."""
        field = self.fields[name]
        if self.is_bound:
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        else:
            raw = self.get_initial_for_field(field, name)
        try:
            return field.clean(raw)
        except forms.ValidationError:
            return None

    def rule_for(self, name: str) -> dict | None:
        """The `show_if` of a form field or document (by form field name), as the page's script
        reads it: the rule with the name of the input it watches."""
        if name.startswith("f_"):
            spec = next(s for s in self.version.form_fields if s["name"] == name[2:])
        elif name.startswith("doc_"):
            spec = self.version.document(name[4:]) or {}
        else:
            return None
        rule = spec.get("show_if")
        if not rule:
            return None
        return {**rule, "input": self.add_prefix(f"f_{depends_on(rule)}")}

    def is_shown(self, name: str) -> bool:
        if name.startswith("f_"):
            return name[2:] in self.shown_fields
        if name.startswith("doc_"):
            return name[4:] in self.shown_documents
        return True

    def keep(self, held: dict[str, Any]) -> None:
        """Files kept from an earlier try of this form (requirement -> HeldUpload) count as sent:
        the person may choose another to replace one, but need not choose it again."""
        for doc in self.version.documents:
            name = f"doc_{doc['code']}"
            have = doc["code"] in self.uploaded
            kept = held.get(doc["code"])
            needed = doc["required"] and not self.draft and not have and kept is None
            self.fields[name].required_if_shown = needed
            self.fields[name].required = needed and self.is_shown(name)
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
            rule = self.rule_for(bound.name)
            bound.show_if = json.dumps(rule) if rule else ""
            bound.shown = self.is_shown(bound.name)
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
            if not upload or doc["code"] not in self.shown_documents:
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
            if spec["name"] in self.shown_fields
            and self.cleaned_data.get(f"f_{spec['name']}") not in (None, "")
        }

    def consent_given(self) -> dict[str, str] | None:
        """The consent to record (time, notice version), or None when this form did not ask."""
        return consent_record() if self.cleaned_data.get("consent") else None

    def display_value(self, name: str) -> str:
        """A cleaned answer as a person reads it: choice labels, country names in the reader's
        language, dates in the reader's format."""
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return ""
        field = self.fields[name]
        spec = next((s for s in self.version.form_fields if f"f_{s['name']}" == name), None)
        if isinstance(field, forms.ModelChoiceField):
            return str(getattr(value, "name", value))
        if spec and spec["type"] == "country":
            return organization_countries.country_name(value)
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            return str(dict(field.choices).get(value, value))
        if isinstance(value, date):
            return formats.date_format(value, "DATE_FORMAT")
        return str(value)

    def summary(self) -> list[tuple[str, str, str]]:
        """(input id, label, answer shown) for every question that applies, in the form's order,
        for the check-your-answers page."""
        rows = []
        for bound in self:
            if bound.name.startswith("doc_") or bound.name == "consent" or not self.is_shown(bound.name):
                continue
            rows.append((bound.id_for_label, str(bound.label), self.display_value(bound.name)))
        return rows

    def applicant(self) -> dict[str, str]:
        return {
            "name": self.cleaned_data["applicant_name"],
            "email": self.cleaned_data["applicant_email"],
            "phone": self.cleaned_data.get("applicant_phone", ""),
        }


class SupplementForm(forms.Form):
    """The applicant's answer to a request for documents (to complete the dossier at reception, or
    the supplement during processing): one file for each document the office named, each checked
    against its requirement in the catalogue, and a note. When the office named none, one or more
    files of any of the common kinds."""

    MAX_MB = 10
    MAX_FILES = 10

    note = forms.CharField(
        label=_("Message to the office (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, case: Any = None, held: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = case.requested_requirements() if case is not None else []
        self.version = case.procedure_version if case is not None else None
        self.checked_uploads: dict[str, tuple[Any, CheckedUpload]] = {}
        if not self.requirements:
            self.fields["files"] = MultipleFileField(
                label=_("Documents"), help_text=_("PDF, JPEG or PNG, up to 10 MB each")
            )
        for doc in self.requirements:
            self.fields[f"doc_{doc['code']}"] = forms.FileField(
                label=self.version.text(doc["name"]),
                error_messages={"required": _("Please attach this document.")},
            )
        self.fields["note"] = self.fields.pop("note")  # the documents first, the message last
        self.keep(held or {})

    def keep(self, held: dict[str, Any]) -> None:
        """Files that passed their checks on an earlier try (requirement -> HeldUpload) count as
        sent: the person chooses a file again only to replace one."""
        self.held = held
        for doc in self.requirements:
            name = f"doc_{doc['code']}"
            kept = held.get(doc["code"])
            self.fields[name].required = kept is None
            text = _("%(types)s, up to %(size)d MB") % {
                "types": ", ".join(t.upper() for t in doc["accepted_types"]), "size": doc["max_size_mb"],
            }
            if kept is not None:
                text += " — " + _("kept: %(name)s (choose a file only to replace it)") % {
                    "name": kept.original_name}
            self.fields[name].help_text = self[name].help_text = text

    def clean_files(self) -> list[tuple[Any, CheckedUpload]]:
        uploads = self.cleaned_data["files"]
        if len(uploads) > self.MAX_FILES:
            raise forms.ValidationError(_("At most %(n)d files at once.") % {"n": self.MAX_FILES})
        return check_each(uploads, ["pdf", "jpeg", "png"], self.MAX_MB)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for doc in self.requirements:
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

    def free_uploads(self) -> list[tuple[Any, CheckedUpload]]:
        return self.cleaned_data.get("files") or []


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
