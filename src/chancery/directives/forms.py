"""Forms of the directive pages: filters, the import and its review, and the task actions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import filetype
from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.downloads import DOCX
from chancery.core.uploads import MultipleFileField, UploadRejected, check_each, check_upload
from chancery.directives.files import UnreadableFile, docx_text, pdf_text
from chancery.directives.rules import DEFAULT_REPORT_DAY, Priority, Recurrence, TaskStatus
from chancery.directives.services import GroupSpec, TaskSpec
from chancery.organization.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_SOURCE_BYTES = 2 * 1024 * 1024
MAX_DOCUMENT_MB = 10
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB * 1024 * 1024
ATTACHMENT_TYPES = ["pdf", "jpeg", "png"]
ATTACHMENT_MAX_MB = 10


def _date_field(label: Any, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, **kwargs)


class TaskFilterForm(forms.Form):
    """Filters shared by the task list, the dashboard and its exports."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none(), required=False)
    directive = forms.IntegerField(label=_("Directive"), required=False, widget=forms.Select)
    period_from = _date_field(_("Assigned from"))
    period_to = _date_field(_("Assigned until"))
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, units: Any, directives: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(TaskStatus.choices)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("All")
        self.fields["directive"].widget.choices = [("", _("All"))] + [
            (d.pk, (d.title[:80] + "…") if len(d.title) > 80 else d.title) for d in directives
        ]


def checked_attachments(files: list[Any]) -> list[tuple[Any, Any]]:
    return check_each(files, ATTACHMENT_TYPES, ATTACHMENT_MAX_MB)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ProgressForm(VersionedForm):
    text = forms.CharField(
        label=_("What was done"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)
    period_start = forms.ChoiceField(label=_("Reporting period"), required=False)
    complete = forms.BooleanField(
        label=_("The task is done: ask the issuing office to accept it"), required=False
    )
    files = MultipleFileField(
        label=_("Attachments"), required=False, help_text=_("PDF, JPEG or PNG, up to 10 MB each")
    )

    def __init__(
        self, *args: Any, period_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if period_choices:
            self.fields["period_start"].choices = [("", _("Not a periodic report"))] + period_choices
        else:
            del self.fields["period_start"]

    def clean_files(self) -> list[tuple[Any, Any]]:
        return checked_attachments(self.cleaned_data.get("files") or [])

    def clean_period_start(self) -> date | None:
        value = self.cleaned_data.get("period_start")
        return date.fromisoformat(value) if value else None


class InputForm(VersionedForm):
    text = forms.CharField(label=_("Your unit's input"), max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(
        label=_("Attachments"), required=False, help_text=_("PDF, JPEG or PNG, up to 10 MB each")
    )

    def clean_files(self) -> list[tuple[Any, Any]]:
        return checked_attachments(self.cleaned_data.get("files") or [])


class NoteForm(VersionedForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRequestForm(VersionedForm):
    new_deadline = _date_field(_("New deadline"), required=True)
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    """A task as assigned by the issuing office (add, or change the assignment)."""

    text = forms.CharField(label=_("Task"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Coordinating units"), queryset=Unit.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    recurrence = forms.ChoiceField(
        label=_("Deadline kind"), choices=Recurrence.choices, initial=Recurrence.ONCE
    )
    deadline = _date_field(_("Deadline (or end of a recurring task)"))
    report_day = forms.IntegerField(
        label=_("Periodic report due on day"), min_value=1, max_value=31, initial=DEFAULT_REPORT_DAY,
        required=False, help_text=_("Of the period's last month (Decree 09/2019: the 25th)."),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _check_deadline(self, cleaned)
        return cleaned

    def spec(self, marker: str = "") -> TaskSpec:
        c = self.cleaned_data
        return TaskSpec(
            text=c["text"], lead_unit=c["lead_unit"], coordinating_units=list(c["coordinating_units"]),
            recurrence=c["recurrence"], deadline=c.get("deadline"), priority=c["priority"],
            report_day=c.get("report_day") or DEFAULT_REPORT_DAY, marker=marker,
        )


def _check_deadline(form: forms.Form, cleaned: dict[str, Any]) -> None:
    recurrence = cleaned.get("recurrence")
    if recurrence == Recurrence.ONCE and not cleaned.get("deadline"):
        form.add_error("deadline", _("A task due by a date needs its deadline."))
    lead = cleaned.get("lead_unit")
    coordinators = cleaned.get("coordinating_units") or []
    if lead is not None and lead in coordinators:
        form.add_error("coordinating_units", _("The lead unit cannot also coordinate."))


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the directive"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Plain text, or the HTML of a news article."),
    )
    file = forms.FileField(
        label=_("…or a file"), required=False,
        help_text=_("PDF or Word (.docx) up to 10 MB; .txt or .html up to 2 MB"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = (cleaned.get("text") or "").strip()
        cleaned["is_html"] = None
        cleaned["file_name"] = ""
        cleaned["file_bytes"] = None
        if upload:
            try:
                text = self._read_upload(upload, cleaned)
            except forms.ValidationError as exc:
                self.add_error("file", exc)  # next to the file field; the pasted text stays
                return cleaned
        cleaned["source"] = text
        return cleaned

    def _read_upload(self, upload: Any, cleaned: dict[str, Any]) -> str:
        """The text of an uploaded file; a ValidationError says why there is none."""
        name = upload.name or "source.txt"
        raw = upload.read(MAX_DOCUMENT_BYTES + 1)
        upload.seek(0)
        kind = filetype.guess(raw)
        if kind is None and len(raw) > MAX_SOURCE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if kind is not None:
            # A PDF or a Word file: checked like every upload, then its text read.
            text = self._document_text(upload, raw, kind.mime)
            stem = name.rsplit(".", 1)[0] if "." in name else name
            name = f"{stem}.txt"  # what is kept is the text the review was made from
            raw = text.encode("utf-8")
            cleaned["is_html"] = False
        else:
            text = decode_text(raw)
            if text is None:
                raise forms.ValidationError(_("The file's characters could not be read (not UTF-8)."))
            if name.lower().endswith((".html", ".htm")):
                cleaned["is_html"] = True
            elif name.lower().endswith(".txt"):
                cleaned["is_html"] = False
        cleaned["file_name"] = name
        cleaned["file_bytes"] = raw
        return text

    @staticmethod
    def _document_text(upload: Any, raw: bytes, detected: str | None) -> str:
        if detected not in ("application/pdf", DOCX):
            raise forms.ValidationError(_(
                "This is not a file Chancery can read. Upload a PDF, a Word (.docx), a .txt or an "
                ".html file, or paste the text."))
        try:
            check_upload(upload, ["pdf", "docx"], MAX_DOCUMENT_MB)
            return pdf_text(raw) if detected == "application/pdf" else docx_text(raw)
        except (UploadRejected, UnreadableFile) as exc:
            raise forms.ValidationError(str(exc)) from exc


def decode_text(raw: bytes) -> str | None:
    """UTF-8 first (with or without BOM), then Windows-1258, the old Vietnamese code page."""
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


class DirectiveForm(forms.Form):
    """The directive's own facts on the review page."""

    title = forms.CharField(label=_("Title"), max_length=500)
    issued_by = forms.CharField(
        label=_("Issued by"), max_length=200, required=False,
        help_text=_("The leader or the leadership as the text names them (a minister, "
                    "\"Lãnh đạo Bộ\"), not a unit."),
        widget=forms.TextInput(attrs={
            "placeholder": _("e.g. Minister Bùi Thanh Sơn, or the ministry's leadership")}),
    )
    issued_on = _date_field(_("Date"))
    reference = forms.CharField(label=_("Document number"), max_length=100, required=False)
    issuing_unit = forms.ModelChoiceField(
        label=_("Issuing office"), queryset=Unit.objects.none(),
        help_text=_("The office that follows the directive up: assigns, accepts, cancels."),
    )
    addressees = forms.CharField(
        label=_("Addressees"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    default_deadline = _date_field(
        _("Deadline for tasks without their own"),
        help_text=_("Used for every ticked item due by a date whose deadline is left empty."),
    )
    source_text = forms.CharField(required=False, widget=forms.HiddenInput)
    source_name = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

    def __init__(self, *args: Any, issuing_units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = issuing_units

    def addressee_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("addressees", "").splitlines() if line.strip()]


class ProposedTaskForm(forms.Form):
    """One proposed item of the text: kept as a task when ticked, with its lead unit."""

    include = forms.BooleanField(label=_("Make it a task"), required=False)
    marker = forms.CharField(required=False, max_length=120, widget=forms.HiddenInput)
    depth = forms.IntegerField(required=False, min_value=0, max_value=9, widget=forms.HiddenInput)
    kind = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Task"), required=False, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none(), required=False)
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Coordinating units"), queryset=Unit.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    recurrence = forms.ChoiceField(
        label=_("Deadline kind"), choices=Recurrence.choices, initial=Recurrence.ONCE
    )
    deadline = _date_field(_("Deadline"))
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    # What the text itself says (attributes.py), shown next to the pre-filled fields.
    lead_name = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    deadline_text = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    # A group addressee ("các cơ quan đại diện"): the units, one task each unless a lead is picked.
    group_units = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, units: Any = None, default_deadline: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default_deadline = default_deadline
        if units is not None:
            self.fields["lead_unit"].queryset = units
            self.fields["coordinating_units"].queryset = units

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("include"):
            return cleaned
        if not (cleaned.get("text") or "").strip():
            self.add_error("text", _("A task needs a text."))
        if cleaned.get("lead_unit") is None and not (cleaned.get("group_units") or {}).get("units"):
            self.add_error("lead_unit", _("Pick the lead unit, or untick this item."))
        if cleaned.get("recurrence") == Recurrence.ONCE and not cleaned.get("deadline"):
            cleaned["deadline"] = self.default_deadline
        _check_deadline(self, cleaned)
        return cleaned

    def clean_group_units(self) -> dict[str, Any]:
        """The group: its units among those that may lead a task (tampered ids are dropped), and
        whether it is every mission ("missions:3,4,5", as attributes.prefill_rows writes it)."""
        value = self.cleaned_data.get("group_units") or ""
        scope, _sep, ids = value.rpartition(":")
        pks = [int(v) for v in ids.split(",") if v.strip().isdigit()]
        units = list(self.fields["lead_unit"].queryset.filter(pk__in=pks).order_by("code")) if pks else []
        return {"units": units, "all_missions": scope == "missions" and bool(units)}

    def group_size(self) -> int:
        value = str(self["group_units"].value() or "").rpartition(":")[2]
        return len([v for v in value.split(",") if v.strip()])

    def specs(self) -> list[TaskSpec | GroupSpec]:
        """The task for the lead unit or - for a group addressee left without a single lead - a
        task group: one task for each unit of the group (every mission, for "all missions")."""
        c = self.cleaned_data
        group = c.get("group_units") or {"units": [], "all_missions": False}
        spec = TaskSpec(
            text=c["text"], lead_unit=c.get("lead_unit"),  # type: ignore[arg-type]  # set below
            coordinating_units=list(c["coordinating_units"]),
            recurrence=c["recurrence"], deadline=c.get("deadline"), priority=c["priority"],
            marker=c.get("marker") or "",
        )
        if spec.lead_unit is not None:
            spec.coordinating_units = [u for u in spec.coordinating_units if u != spec.lead_unit]
            return [spec]
        if len(group["units"]) == 1 and not group["all_missions"]:
            spec.lead_unit = group["units"][0]
            return [spec]
        return [GroupSpec(spec=spec, units=group["units"], all_missions=group["all_missions"])]



class BaseProposedTaskFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, units: Any, default_deadline: date | None = None, **kwargs: Any) -> None:
        self.units = units
        self.default_deadline = default_deadline
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"units": self.units, "default_deadline": self.default_deadline}

    def clean(self) -> None:
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("include") for form in self.forms):
            raise forms.ValidationError(_("Tick at least one item to save as a task."))

    def specs(self) -> list[TaskSpec | GroupSpec]:
        return [spec for form in self.forms if form.cleaned_data.get("include") for spec in form.specs()]


# About fourteen fields a row (one more per extra coordinator): 64 rows stay under Django's
# DATA_UPLOAD_MAX_NUMBER_FIELDS (1000).
MAX_PROPOSED_ROWS = 64

ProposedTaskFormSet = forms.formset_factory(
    ProposedTaskForm, formset=BaseProposedTaskFormSet, extra=0, max_num=MAX_PROPOSED_ROWS,
    absolute_max=MAX_PROPOSED_ROWS, validate_max=True,
)

# Kinds the extractor proposes that are usually not tasks: left unticked for the reviewer.
UNTICKED_KINDS = {"lesson", "sentence"}

ITEM_KINDS = {
    "task": _("task"),
    "solution": _("solution"),
    "lesson": _("lesson"),
    "other": _("other"),
    "sentence": _("sentence outside any list"),
}


def flatten_items(items: list[dict], depth: int = 0, path: tuple[str, ...] = ()) -> Iterator[dict]:
    """Nested items as rows, each carrying where it sits ("Thứ tư › Hai là")."""
    for item in items:
        marker = (item.get("marker") or "").strip()
        trail = (*path, marker) if marker else path
        kind = item.get("kind") or "other"
        yield {
            "include": kind not in UNTICKED_KINDS, "marker": " › ".join(trail), "depth": depth,
            "kind": kind, "text": (item.get("text") or "").strip(),
            "recurrence": Recurrence.ONCE, "priority": Priority.NORMAL,
        }
        yield from flatten_items(item.get("children") or [], depth + 1, trail)


def proposal_rows(proposal: dict, extra_blank: int = 2) -> list[dict]:
    """The review's rows: the enumerated items, then the directive sentences found outside any
    list (unticked), then a few blank rows to add tasks the text does not enumerate."""
    rows = list(flatten_items(proposal.get("items") or []))
    for sentence in proposal.get("unenumerated_directives") or []:
        rows.append({"include": False, "marker": "", "depth": 0, "kind": "sentence", "text": sentence,
                     "recurrence": Recurrence.ONCE, "priority": Priority.NORMAL})
    rows = rows[:MAX_PROPOSED_ROWS - extra_blank]
    for _i in range(extra_blank):
        rows.append({"include": False, "marker": "", "depth": 0, "kind": "", "text": "",
                     "recurrence": Recurrence.ONCE, "priority": Priority.NORMAL})
    return rows


# --------------------------------------------------------------------------------------------
# Tasks for many units, urging by hand, comments
# --------------------------------------------------------------------------------------------


class GroupTaskForm(forms.Form):
    """One item for several units: one task per unit, grouped."""

    text = forms.CharField(label=_("Task"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    all_missions = forms.BooleanField(
        label=_("All missions (every embassy and consulate general)"), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Lead units"), queryset=Unit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each unit gets its own task and reports on it."),
    )
    recurrence = forms.ChoiceField(
        label=_("Deadline kind"), choices=Recurrence.choices, initial=Recurrence.ONCE
    )
    deadline = _date_field(_("Deadline (or end of a recurring task)"))
    report_day = forms.IntegerField(
        label=_("Periodic report due on day"), min_value=1, max_value=31, initial=DEFAULT_REPORT_DAY,
        required=False, help_text=_("Of the period's last month (Decree 09/2019: the 25th)."),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _check_deadline(self, cleaned)
        units = cleaned.get("units")
        if "units" in cleaned and not cleaned.get("all_missions") and len(units or []) < 2:
            self.add_error("units", _("Choose at least two units, or all missions."))
        return cleaned

    def spec(self) -> TaskSpec:
        c = self.cleaned_data
        return TaskSpec(
            text=c["text"], lead_unit=None,  # type: ignore[arg-type]  # one per unit, set by the service
            recurrence=c["recurrence"], deadline=c.get("deadline"), priority=c["priority"],
            report_day=c.get("report_day") or DEFAULT_REPORT_DAY,
        )


class UrgeForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the units"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent by e-mail to the lead unit's staff, with the task."),
    )
    task = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
