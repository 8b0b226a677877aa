"""The one search index over every app's records: narrow entries for filtering, texts apart.

The tables were made by the briefings app (migrations 0001-0002, with the FTS5 table and the
tsvector column) and keep their names; the models moved here when search became its own app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.organization.classification import Classification


class SearchKind(models.TextChoices):
    NOTE = "note", _("Note")
    NEWS = "news", _("News")
    BRIEFING = "briefing", _("Briefing")
    DIRECTIVE = "directive", _("Directive")


class SearchEntry(models.Model):
    """One searchable thing, whatever app it lives in; kept in sync by the services that write it
    (through search.index_entry). Narrow on purpose: the reader's scope and the filters are checked
    on these rows for every full-text match, so the long texts live apart, in SearchText.
    """

    kind = models.CharField(max_length=16, choices=SearchKind.choices)
    key = models.CharField(max_length=64)
    unit = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    classification = models.CharField(max_length=16, choices=Classification.choices)
    date = models.DateField(db_index=True)
    # "|FR|JP|": a plain substring filter that behaves the same on SQLite and PostgreSQL.
    countries = models.CharField(max_length=300, blank=True)
    topics = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "briefings_searchentry"  # made by briefings' migrations; the FTS triggers name it
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_search_entry")]
        indexes = [models.Index(fields=["classification", "unit"]), models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} {self.title}"

    @property
    def body(self) -> str:
        text = getattr(self, "text", None)
        return text.body if text else ""

    def country_codes(self) -> list[str]:
        return [c for c in self.countries.split("|") if c]

    def topic_codes(self) -> list[str]:
        return [t for t in self.topics.split("|") if t]


class SearchText(models.Model):
    """The text of a search entry and its folded shadow (see text.fold_for_index), which is what
    is indexed: on SQLite by an FTS5 table kept in step by triggers, on PostgreSQL by a generated
    tsvector column with a GIN index (both made in briefings migration 0002, each on its own database)."""

    entry = models.OneToOneField(SearchEntry, primary_key=True, on_delete=models.CASCADE, related_name="text")
    body = models.TextField(blank=True)
    folded = models.TextField(blank=True)

    class Meta:
        db_table = "briefings_searchtext"

    def __str__(self) -> str:
        return str(self.entry_id)
