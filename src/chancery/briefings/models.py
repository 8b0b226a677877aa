"""Mission reporting: partner countries, situation notes, monitoring, news, briefings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chancery.briefings import countries, topics
from chancery.organization.classification import Classification


class RelationshipLevel(models.TextChoices):
    COMPREHENSIVE_STRATEGIC = "comprehensive_strategic", _("Comprehensive strategic partner")
    STRATEGIC = "strategic", _("Strategic partner")
    COMPREHENSIVE = "comprehensive", _("Comprehensive partner")
    SPECIAL = "special", _("Special relationship")
    DIPLOMATIC = "diplomatic", _("Diplomatic relations")


# Highest first, for the partners page.
LEVEL_RANK: dict[str, int] = {
    RelationshipLevel.SPECIAL: 0,
    RelationshipLevel.COMPREHENSIVE_STRATEGIC: 1,
    RelationshipLevel.STRATEGIC: 2,
    RelationshipLevel.COMPREHENSIVE: 3,
    RelationshipLevel.DIPLOMATIC: 4,
}


class Country(models.Model):
    """A partner country and the framework of its relationship with Viet Nam."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    level = models.CharField(
        _("relationship level"),
        max_length=32,
        choices=RelationshipLevel.choices,
        default=RelationshipLevel.DIPLOMATIC,
    )
    level_since = models.DateField(_("level set on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.code} — {self.name_en}"

    @property
    def name(self) -> str:
        return countries.name(self.code)


class RelationshipChange(models.Model):
    """Each level a relationship has had, so the page can show how it grew."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="level_history")
    level = models.CharField(_("relationship level"), max_length=32, choices=RelationshipLevel.choices)
    since = models.DateField(_("since"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["since", "id"]
        constraints = [
            models.UniqueConstraint(fields=["country", "level", "since"], name="unique_relationship_change")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.level} {self.since}"


class Agreement(models.Model):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title


class NewsItem(models.Model):
    """A news article taken in from a file or a feed: main text only, tagged, deduplicated."""

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        TEXT = "text", _("Text")
        FEED = "feed", "RSS/Atom"

    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    text = models.TextField(_("text"))
    # sha256 of the folded words: the same article re-imported with other spacing or accents.
    text_hash = models.CharField(max_length=64, unique=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    format = models.CharField(max_length=8, choices=Format.choices)
    original_name = models.CharField(_("file"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "organization.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imported by unit"),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="unique_news_url"),
        ]

    def __str__(self) -> str:
        return self.title


class Note(models.Model):
    """A situation note written at a unit. Restricted notes: the unit and the leadership only."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="briefing_notes"
    )
    # Unique per unit per year, like a cable number: "EMB-FR/2025/17".
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    written_at = models.DateTimeField(_("written at"), db_index=True)
    # The day in the unit's own time zone: a note written at 23:30 in Paris is that Paris day's.
    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("subject"), max_length=300)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    classification = models.CharField(
        _("classification"), max_length=16, choices=Classification.choices, default=Classification.INTERNAL
    )
    body_html = models.TextField(_("text"))
    body_text = models.TextField(editable=False)
    comment = models.TextField(
        _("mission's comment"),
        blank=True,
        help_text=_("The mission's own assessment, kept apart from the facts."),
    )
    sources = models.TextField(_("sources"), blank=True, help_text=_("One per line: links or references."))
    news = models.ManyToManyField(NewsItem, blank=True, related_name="notes", verbose_name=_("news items"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [models.UniqueConstraint(fields=["unit", "year", "number"], name="unique_note_number")]
        indexes = [models.Index(fields=["unit", "date"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.unit.code}/{self.year}/{self.number}"

    @property
    def is_restricted(self) -> bool:
        return self.classification == Classification.RESTRICTED

    def topic_labels(self) -> list[str]:
        return [topics.label(t) for t in self.topics]

    def country_names(self) -> list[str]:
        return [countries.name(c) for c in self.countries]

    def source_lines(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class NoteAttachment(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="briefings/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class MonitoringAssignment(models.Model):
    """Someone at a unit follows a topic and/or a country and owes a note on each working day."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.CASCADE, related_name="monitoring")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="monitoring_assignments",
        verbose_name=_("staff member"),
    )
    topic = models.CharField(_("topic"), max_length=32, blank=True, choices=topics.CHOICES)
    country = models.CharField(_("country"), max_length=2, blank=True)
    daily_note_expected = models.BooleanField(_("a note is expected every working day"), default=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    instructions = models.TextField(_("instructions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__code", "user__username", "topic", "country"]
        verbose_name = _("monitoring assignment")
        verbose_name_plural = _("monitoring assignments")
        constraints = [
            models.CheckConstraint(condition=~Q(topic="", country=""), name="assignment_has_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.subject}"

    @property
    def subject(self) -> str:
        parts = []
        if self.topic:
            parts.append(topics.label(self.topic))
        if self.country:
            parts.append(countries.name(self.country))
        return " · ".join(parts)

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Briefing(models.Model):
    """The compiled notes of one day: of one unit, or (unit empty) of the whole ministry."""

    unit = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="briefings"
    )
    date = models.DateField(_("date"), db_index=True)
    compiled_at = models.DateTimeField(_("compiled at"))
    compilations = models.PositiveIntegerField(default=1)
    note_count = models.PositiveIntegerField(default=0)
    # Expected notes not written that day: [{"user": ..., "subject": ...}], for the head of unit.
    missing = models.JSONField(default=list, blank=True)
    notes = models.ManyToManyField(Note, through="BriefingItem", related_name="briefings")
    # The last PDF that could not be made (too slow, or refused by the renderer), until one is made:
    # shown on the briefing's page, which offers the PDF again.
    pdf_failed_at = models.DateTimeField(_("PDF failed at"), null=True, blank=True)
    pdf_failure = models.CharField(_("PDF failure"), max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "unit__code"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "date"], condition=Q(unit__isnull=False), name="one_unit_briefing_per_day"
            ),
            models.UniqueConstraint(
                fields=["date"], condition=Q(unit__isnull=True), name="one_ministry_briefing_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_label} {self.date:%Y-%m-%d}"

    @property
    def is_ministry_wide(self) -> bool:
        return self.unit_id is None

    @property
    def scope_label(self) -> str:
        return self.unit.code if self.unit_id else str(_("Ministry-wide"))


class BriefingItem(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="items")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=32)
    country = models.CharField(max_length=2, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["briefing", "note"], name="unique_briefing_note")]

    def __str__(self) -> str:
        return f"{self.briefing_id}:{self.note_id}"


class Subscription(models.Model):
    """Who receives a unit's daily briefing (or, unit empty, the ministry-wide one) by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_subscriptions"
    )
    unit = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"], condition=Q(unit__isnull=False), name="unique_unit_subscription"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(unit__isnull=True), name="unique_ministry_subscription"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit.code if self.unit_id else 'ministry'}"


class BriefingDelivery(models.Model):
    """One e-mail of one briefing to one subscriber; failures stay visible and are retried."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("No e-mail address")

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["briefing", "user"], name="unique_briefing_delivery")]

    def __str__(self) -> str:
        return f"{self.briefing} → {self.user} ({self.state})"
