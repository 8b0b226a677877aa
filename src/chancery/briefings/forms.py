"""Forms of the briefings pages. They only check input; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.briefings import countries as country_names
from chancery.briefings import topics
from chancery.briefings.models import Classification, NewsItem, RelationshipLevel
from chancery.briefings.services import ATTACHMENT_MAX_MB, ATTACHMENT_TYPES, MAX_ATTACHMENTS
from chancery.briefings.text import RichTextTooComplex, check_html_bounds
from chancery.core.uploads import MultipleFileField, check_each
from chancery.organization.models import Unit


class CountryListField(forms.CharField):
    """Countries typed as codes or names, Vietnamese or English: "FR, Nhật Bản, Australia"."""

    def clean(self, value: Any) -> list[str]:
        value = super().clean(value)
        codes, unknown = country_names.parse_list(value or "")
        if unknown:
            raise forms.ValidationError(
                _("Not a country: %(names)s. Use a name or a two-letter code.")
                % {"names": ", ".join(unknown)}
            )
        return codes


def _news_label(item: NewsItem) -> str:
    origin = " · ".join(filter(None, [item.source, str(item.published_on or "")]))
    return f"{item.title[:90]} ({origin})" if origin else item.title[:90]


class NoteForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Unit"))
    title = forms.CharField(label=gettext_lazy("Subject"), max_length=300)
    classification = forms.ChoiceField(
        label=gettext_lazy("Classification"), choices=Classification.choices, initial=Classification.INTERNAL
    )
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Topics"), choices=topics.CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = CountryListField(
        label=gettext_lazy("Countries concerned"),
        required=False,
        help_text=gettext_lazy("Names or codes, separated by commas: Pháp, Japan, AU."),
    )
    body = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Blank lines separate paragraphs. Basic formatting (bold, italics, lists, links) "
            "is kept; anything else is removed."
        ),
    )
    comment = forms.CharField(
        label=gettext_lazy("Mission's comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Your assessment, kept apart from the facts reported."),
    )
    sources = forms.CharField(
        label=gettext_lazy("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: links or references."),
    )
    news = forms.ModelMultipleChoiceField(
        label=gettext_lazy("News items"),
        queryset=NewsItem.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    attachments = MultipleFileField(
        label=gettext_lazy("Attachments"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG or PNG, up to %(mb)d MB each, %(n)d at most.")
        % {"mb": ATTACHMENT_MAX_MB, "n": MAX_ATTACHMENTS},
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
        recent = NewsItem.objects.order_by("-imported_at")[:100]
        self.fields["news"].queryset = NewsItem.objects.filter(pk__in=[n.pk for n in recent]).order_by(
            "-imported_at"
        )
        self.fields["news"].label_from_instance = _news_label

    def clean_body(self) -> str:
        """Too long or absurdly nested text is refused here, next to the field, before it is parsed."""
        body = self.cleaned_data["body"]
        try:
            check_html_bounds(body)
        except RichTextTooComplex as exc:
            raise forms.ValidationError(str(exc)) from exc
        return body

    def clean_attachments(self) -> list[tuple[Any, Any]]:
        return check_each(self.cleaned_data.get("attachments") or [], ATTACHMENT_TYPES, ATTACHMENT_MAX_MB)


class AssignmentForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Unit"))
    username = forms.CharField(label=gettext_lazy("Staff member (login name)"), max_length=150)
    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"), choices=[("", "—"), *topics.CHOICES], required=False
    )
    country = forms.CharField(label=gettext_lazy("Country"), required=False, max_length=100)
    starts_on = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    daily_note_expected = forms.BooleanField(
        label=gettext_lazy("A note is expected every working day"), required=False, initial=True
    )
    instructions = forms.CharField(
        label=gettext_lazy("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["starts_on"].initial = timezone.localdate()

    def clean_country(self) -> str:
        value = self.cleaned_data.get("country", "").strip()
        if not value:
            return ""
        code = country_names.resolve(value)
        if code is None:
            raise forms.ValidationError(
                _("Not a country: %(names)s. Use a name or a two-letter code.") % {"names": value}
            )
        return code


class NewsImportForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Files"), required=False,  # clean_files says what is missing
        help_text=gettext_lazy("News pages saved as HTML, text files, or RSS/Atom feeds."),
    )
    url = forms.URLField(
        label=gettext_lazy("Address of the page (optional)"), required=False, assume_scheme="https"
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data.get("files") or []
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        for upload in files:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(_("%(name)s is larger than 5 MB.") % {"name": upload.name})
        return files


class NewsTagsForm(forms.Form):
    countries = CountryListField(label=gettext_lazy("Countries"), required=False)
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Topics"), choices=topics.CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RelationshipForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Relationship level"), choices=RelationshipLevel.choices)
    since = forms.DateField(
        label=gettext_lazy("Set on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(label=gettext_lazy("Source"), required=False, max_length=300)
