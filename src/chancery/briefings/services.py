"""Every write of the briefings app: in one transaction, with its audit record and its search entry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.audit.services import record
from chancery.briefings import countries as country_names
from chancery.briefings import intake, schedule, topics
from chancery.briefings.models import (
    Agreement,
    Briefing,
    BriefingDelivery,
    BriefingItem,
    Classification,
    Country,
    MonitoringAssignment,
    NewsItem,
    Note,
    NoteAttachment,
    RelationshipChange,
    Subscription,
)
from chancery.briefings.text import RichTextTooComplex, html_to_text, nfc, sanitize_html
from chancery.core.links import safe_url
from chancery.organization.models import Role, Unit
from chancery.organization.selectors import is_leadership, roles_in
from chancery.search import engine as search
from chancery.search.models import SearchKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

MAX_ATTACHMENTS = 10
ATTACHMENT_TYPES = ["pdf", "jpeg", "png"]
ATTACHMENT_MAX_MB = 10


class BriefingError(Exception):
    """A refusal with a message in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(BriefingError):
    pass


# --- permissions -----------------------------------------------------------------------------


def may_write_notes(user: User, unit_id: int) -> bool:
    """Officers and the head write their unit's notes."""
    return bool(roles_in(user, unit_id) & {Role.OFFICER, Role.HEAD})


def may_edit_note(user: User, note: Note) -> bool:
    return note.author_id == getattr(user, "pk", None) or Role.HEAD in roles_in(user, note.unit_id)


def may_manage_unit(user: User, unit_id: int) -> bool:
    """The head of unit (and the leadership) assign monitoring and compile on demand."""
    return is_leadership(user) or Role.HEAD in roles_in(user, unit_id)


# --- notes -------------------------------------------------------------------------------------


def _keywords(codes: Iterable[str], topic_codes: Iterable[str]) -> str:
    names = []
    for code in codes:
        names += [country_names.name(code, "vi"), country_names.name(code, "en")]
    return " ".join(names + [topics.label(t) for t in topic_codes])


def index_note(note: Note) -> None:
    search.index_entry(
        SearchKind.NOTE,
        note.pk,
        title=note.title,
        body="\n".join(filter(None, [note.body_text, note.comment])),
        unit_id=note.unit_id,
        classification=note.classification,
        date=note.date,
        countries=note.countries,
        topics=note.topics,
        url=reverse("briefings:note_detail", args=[note.pk]),
        keywords=f"{note.reference} {_keywords(note.countries, note.topics)}",
    )


def _store_attachments(note: Note, uploads: Sequence[tuple[Any, Any]]) -> None:
    if note.attachments.count() + len(uploads) > MAX_ATTACHMENTS:
        raise BriefingError(_("A note may hold at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS})
    for upload, checked in uploads:
        attachment = NoteAttachment(
            note=note,
            original_name=(upload.name or "attachment")[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        attachment.file.save(f"note{checked.suffix}", upload, save=False)
        attachment.save()


def _clean_fields(
    title: str, body: str, topic_codes: Iterable[str], codes: Iterable[str], classification: str
) -> tuple[str, str, list[str], list[str]]:
    title = nfc(title).strip()
    try:
        body_html = sanitize_html(body)
    except RichTextTooComplex as exc:
        raise BriefingError(str(exc)) from exc
    if not title or not html_to_text(body_html):
        raise BriefingError(_("A note needs a subject and a text."))
    if classification not in Classification.values:
        raise BriefingError(_("Unknown classification."))
    clean_codes = []
    for code in codes:
        code = code.upper()
        if country_names.resolve(code) != code:
            raise BriefingError(_("%(code)s is not a country code.") % {"code": code})
        if code not in clean_codes:
            clean_codes.append(code)
    return title, body_html, topics.valid(list(topic_codes)), clean_codes


def create_note(
    *,
    unit: Unit,
    author: Any,
    title: str,
    body: str,
    topics: Iterable[str] = (),
    countries: Iterable[str] = (),
    classification: str = Classification.INTERNAL,
    comment: str = "",
    sources: str = "",
    news: Iterable[NewsItem] = (),
    uploads: Sequence[tuple[Any, Any]] = (),
    written_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> Note:
    """Write a note. Its day is the unit's local day at `written_at` (now by default)."""
    if not may_write_notes(author, unit.pk):
        raise NotAllowed(_("You do not write notes for this unit."))
    title, body_html, topic_codes, codes = _clean_fields(title, body, topics, countries, classification)
    written_at = written_at or timezone.now()
    day = schedule.local_date(written_at, unit.time_zone)
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # numbers in order, no gaps
        last = Note.objects.filter(unit=unit, year=day.year).aggregate(n=Max("number"))["n"] or 0
        note = Note.objects.create(
            unit=unit,
            author=author,
            year=day.year,
            number=last + 1,
            written_at=written_at,
            date=day,
            title=title,
            topics=topic_codes,
            countries=codes,
            classification=classification,
            body_html=body_html,
            body_text=html_to_text(body_html),
            comment=nfc(comment).strip(),
            sources=nfc(sources).strip(),
        )
        note.news.set(list(news))
        _store_attachments(note, uploads)
        index_note(note)
        record(
            "note.created",
            note,
            actor=author,
            request=request,
            classification=classification,
            reference=note.reference,
        )
    return note


def update_note(
    note: Note,
    *,
    actor: User,
    title: str,
    body: str,
    topics: Iterable[str] = (),
    countries: Iterable[str] = (),
    classification: str,
    comment: str = "",
    sources: str = "",
    news: Iterable[NewsItem] | None = None,
    uploads: Sequence[tuple[Any, Any]] = (),
    request: HttpRequest | None = None,
) -> Note:
    """Change a note; its number and its day stay as they were."""
    if not may_edit_note(actor, note):
        raise NotAllowed(_("Only the author or the head of unit may change this note."))
    title, body_html, topic_codes, codes = _clean_fields(title, body, topics, countries, classification)
    with transaction.atomic():
        note = Note.objects.select_for_update().get(pk=note.pk)
        before = {
            "title": note.title,
            "classification": note.classification,
            "topics": note.topics,
            "countries": note.countries,
        }
        note.title, note.body_html, note.body_text = title, body_html, html_to_text(body_html)
        note.topics, note.countries, note.classification = topic_codes, codes, classification
        note.comment, note.sources = nfc(comment).strip(), nfc(sources).strip()
        note.save()
        if news is not None:
            note.news.set(list(news))
        _store_attachments(note, uploads)
        index_note(note)
        reindex_briefings_of(note)
        changed = sorted(k for k, v in before.items() if getattr(note, k) != v)
        record(
            "note.updated",
            note,
            actor=actor,
            request=request,
            changed=changed,
            classification=note.classification,
        )
    return note


def attach_news(note: Note, item: NewsItem, *, actor: User, request: HttpRequest | None = None) -> None:
    if not may_edit_note(actor, note):
        raise NotAllowed(_("Only the author or the head of unit may change this note."))
    with transaction.atomic():
        note.news.add(item)
        Note.objects.filter(pk=note.pk).update(updated_at=timezone.now())
        record("note.news_attached", note, actor=actor, request=request, news=item.pk)


def record_note_view(note: Note, *, user: User,
    request: HttpRequest | None = None, via: str = "detail") -> None:
    """Every view of a restricted note leaves an audit record (page, briefing, PDF, search)."""
    if note.classification == Classification.RESTRICTED:
        record("note.viewed", note, actor=user, request=request, via=via)


def record_restricted_views(
    note_ids: Iterable[tuple[int, int]], *, user: User, request: HttpRequest | None = None, via: str
) -> None:
    """Audit views of restricted notes shown in a list: (note id, unit id) pairs."""
    for note_id, unit_id in note_ids:
        record(
            "note.viewed",
            None,
            actor=user,
            request=request,
            object_type="briefings.note",
            object_id=str(note_id),
            unit=unit_id,
            via=via,
        )


# --- monitoring assignments --------------------------------------------------------------------


def create_assignment(
    *,
    unit: Unit,
    user: User,
    topic: str = "",
    country: str = "",
    starts_on: date,
    ends_on: date | None = None,
    daily_note_expected: bool = True,
    instructions: str = "",
    actor: User,
    request: HttpRequest | None = None,
) -> MonitoringAssignment:
    """The head assigns someone of the unit to follow a topic and/or a country."""
    if not may_manage_unit(actor, unit.pk):
        raise NotAllowed(_("Only the head of unit assigns monitoring."))
    if not may_write_notes(user, unit.pk):
        raise BriefingError(_("%(user)s does not work at this unit.") % {"user": user})
    if not topic and not country:
        raise BriefingError(_("Choose a topic, a country or both."))
    if topic and topic not in topics.TOPIC_BY_CODE:
        raise BriefingError(_("Unknown topic."))
    if country and country_names.resolve(country) != country.upper():
        raise BriefingError(_("%(code)s is not a country code.") % {"code": country})
    if ends_on and ends_on < starts_on:
        raise BriefingError(_("The end date is before the start date."))
    with transaction.atomic():
        assignment = MonitoringAssignment.objects.create(
            unit=unit,
            user=user,
            topic=topic,
            country=country.upper(),
            starts_on=starts_on,
            ends_on=ends_on,
            daily_note_expected=daily_note_expected,
            instructions=nfc(instructions).strip(),
            created_by=actor,
        )
        record(
            "monitoring.assigned",
            assignment,
            actor=actor,
            request=request,
            user=user.get_username(),
            topic=topic,
            country=country.upper(),
        )
    return assignment


def end_assignment(assignment: MonitoringAssignment, *, actor: User, on: date,
    request: HttpRequest | None = None) -> None:
    if not may_manage_unit(actor, assignment.unit_id):
        raise NotAllowed(_("Only the head of unit assigns monitoring."))
    with transaction.atomic():
        assignment.ends_on = max(on, assignment.starts_on)
        assignment.save(update_fields=["ends_on"])
        record("monitoring.ended", assignment, actor=actor, request=request, ends_on=str(assignment.ends_on))


# --- news --------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: list[NewsItem] = field(default_factory=list)
    duplicates: list[tuple[str, NewsItem]] = field(default_factory=list)  # (title, the existing item)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)


def index_news(item: NewsItem) -> None:
    search.index_entry(
        SearchKind.NEWS,
        item.pk,
        title=item.title,
        body=item.text,
        unit_id=item.unit_id,
        classification=Classification.PUBLIC,
        date=item.published_on or schedule.local_date(item.imported_at, "Asia/Ho_Chi_Minh"),
        countries=item.countries,
        topics=item.topics,
        url=reverse("briefings:news_detail", args=[item.pk]),
        keywords=" ".join(filter(None, [item.source, _keywords(item.countries, item.topics)])),
    )


def find_duplicate(article: intake.Article) -> NewsItem | None:
    """The same text (whatever its spacing, case or accents), or the same address."""
    query = Q(text_hash=article.text_hash)
    if article.url:
        query |= Q(url=article.url)
    return NewsItem.objects.filter(query).first()


def add_news(
    article: intake.Article,
    *,
    actor: User | None = None,
    unit: Unit | None = None,
    original_name: str = "",
    request: HttpRequest | None = None,
) -> tuple[NewsItem, bool]:
    """Store one article unless it is already there; returns (item, created)."""
    article.url = safe_url(article.url)  # http(s) only, whatever parser the article came from
    existing = find_duplicate(article)
    if existing:
        return existing, False
    text = article.title + "\n" + article.text
    try:
        with transaction.atomic():
            item = NewsItem.objects.create(
                title=article.title[:500] or _("(untitled)"),
                url=article.url[:1000],
                source=article.source[:200],
                published_on=article.published_on,
                language=article.language,
                text=article.text,
                text_hash=article.text_hash,
                countries=country_names.tag(text),
                topics=topics.suggest(text),
                format=article.format,
                original_name=original_name[:255],
                unit=unit,
                imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            index_news(item)
            record(
                "news.imported",
                item,
                actor=actor,
                actor_label="" if actor else "system",
                request=request,
                file=original_name,
                format=article.format,
            )
    except IntegrityError:  # imported concurrently
        existing = find_duplicate(article)
        if existing is None:
            raise
        return existing, False
    return item, True


def import_news_file(
    data: bytes,
    *,
    name: str = "",
    url: str = "",
    actor: User | None = None,
    unit: Unit | None = None,
    request: HttpRequest | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import every article of one HTML, text or RSS/Atom file into the news intake."""
    report = report or ImportReport()
    try:
        articles = intake.parse(data, name=name, url=url)
    except intake.IntakeError as exc:
        report.errors.append((name, str(exc)))
        return report
    except Exception as exc:
        report.errors.append((name, f"{type(exc).__name__}: {exc}"))
        return report
    for article in articles:
        item, created = add_news(article, actor=actor, unit=unit, original_name=name, request=request)
        if created:
            report.created.append(item)
        else:
            report.duplicates.append((article.title, item))
    return report


def retag_news(
    item: NewsItem, *, countries: Iterable[str], topics_: Iterable[str], actor: User,
    request: HttpRequest | None = None
) -> NewsItem:
    """Correct the automatic tags of a news item."""
    codes = [c.upper() for c in countries if country_names.resolve(c) == c.upper()]
    with transaction.atomic():
        item.countries, item.topics = codes, topics.valid(list(topics_))
        item.save(update_fields=["countries", "topics"])
        index_news(item)
        record(
            "news.retagged", item, actor=actor, request=request, countries=item.countries, topics=item.topics
        )
    return item


# --- briefings ---------------------------------------------------------------------------------


def _order_key(note: Note) -> tuple:
    topic = note.topics[0] if note.topics else topics.GENERAL
    country = note.countries[0] if note.countries else ""
    return (
        topics.TOPIC_ORDER.get(topic, len(topics.TOPICS)),
        country_names.name(country, "en") if country else "~",
        note.unit.code,
        note.written_at,
        note.pk,
    )


def _missing(unit: Unit, day: date, notes: list[Note], now: datetime) -> list[dict]:
    assignments = MonitoringAssignment.objects.filter(unit=unit).select_related("user")
    missing = []
    for assignment in assignments:
        status, _note = schedule.assignment_status(
            assignment, day, notes, now=now, tz_name=unit.time_zone, weekend_days=unit.weekend_days
        )
        if status in (schedule.Status.MISSING, schedule.Status.PENDING):
            missing.append(
                {
                    "assignment": assignment.pk,
                    "user": assignment.user.get_username(),
                    "topic": assignment.topic,
                    "country": assignment.country,
                }
            )
    return missing


def _notes_in_scope(unit: Unit | None, day: date):
    qs = Note.objects.filter(date=day).select_related("unit", "author")
    return qs.filter(unit=unit) if unit else qs.filter(unit__is_active=True)


def _is_stale(briefing: Briefing) -> bool:
    return (
        _notes_in_scope(briefing.unit, briefing.date)
        .filter(Q(updated_at__gt=briefing.compiled_at) | Q(created_at__gt=briefing.compiled_at))
        .exists()
    )


def index_briefing(briefing: Briefing, notes: list[Note] | None = None) -> None:
    """The briefing's entry holds the text of its notes that every staff member may read: never
    a restricted one. `notes` defaults to those the briefing carries now."""
    if notes is None:
        notes = [item.note for item in briefing.items.select_related("note__unit")]
    visible = [n for n in notes if n.classification != Classification.RESTRICTED]
    body = "\n\n".join(f"{n.title}\n{n.body_text}" for n in visible)
    search.index_entry(
        SearchKind.BRIEFING,
        briefing.pk,
        title=f"{briefing.unit.code if briefing.unit is not None else 'MOFA'} — {briefing.date:%Y-%m-%d}",
        body=body,
        unit_id=briefing.unit_id,
        classification=Classification.INTERNAL,
        date=briefing.date,
        countries=sorted({c for n in visible for c in n.countries}),
        topics=sorted({t for n in visible for t in n.topics}),
        url=reverse("briefings:briefing_detail", args=[briefing.pk]),
    )


def reindex_briefings_of(note: Note) -> int:
    """Re-index every compiled briefing that carries `note`, inside the caller's transaction: a
    note made restricted, or whose text changed, must not stay readable through the entry of a
    briefing compiled before. Returns how many were re-indexed."""
    briefings = list(Briefing.objects.filter(items__note=note).select_related("unit").distinct())
    for briefing in briefings:
        index_briefing(briefing)
    return len(briefings)


def compile_briefing(
    unit: Unit | None,
    day: date,
    *,
    actor: User | None = None,
    force: bool = True,
    notify: bool = True,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> tuple[Briefing, bool]:
    """Compile the notes of `day` (each unit's local day) into the briefing of `unit`, or of the
    whole ministry when `unit` is None. Idempotent: one briefing per (unit, day), rebuilt in
    place; subscribers are e-mailed once, when it is first made. Returns (briefing, created).
    """
    now = now or timezone.now()
    with transaction.atomic():
        existing = Briefing.objects.select_for_update().filter(unit=unit, date=day).order_by("pk").first()
        if existing and not force and not _is_stale(existing):
            return existing, False
        notes = sorted(_notes_in_scope(unit, day), key=_order_key)
        missing = _missing(unit, day, notes, now) if unit else []
        created = existing is None
        if existing is None:
            try:
                with transaction.atomic():
                    briefing = Briefing.objects.create(
                        unit=unit, date=day, compiled_at=now, note_count=len(notes), missing=missing
                    )
            except IntegrityError:  # compiled at the same moment by another worker
                briefing = Briefing.objects.select_for_update().get(unit=unit, date=day)
                created = False
        else:
            briefing = existing
        if not created:
            briefing.compiled_at, briefing.note_count, briefing.missing = now, len(notes), missing
            briefing.compilations += 1
            briefing.save(update_fields=["compiled_at", "note_count", "missing", "compilations"])
            briefing.items.all().delete()
        BriefingItem.objects.bulk_create(
            [
                BriefingItem(
                    briefing=briefing,
                    note=n,
                    position=i,
                    topic=n.topics[0] if n.topics else topics.GENERAL,
                    country=n.countries[0] if n.countries else "",
                )
                for i, n in enumerate(notes)
            ]
        )
        index_briefing(briefing, notes)
        record(
            "briefing.compiled",
            briefing,
            actor=actor,
            actor_label="" if actor else "system",
            unit=unit,
            request=request,
            date=str(day),
            notes=len(notes),
            created=created,
        )
        deliveries = _create_deliveries(briefing) if created and notify else []
        if deliveries:
            from chancery.briefings.tasks import send_briefing_delivery

            ids = [d.pk for d in deliveries]
            transaction.on_commit(lambda: [send_briefing_delivery.enqueue(pk) for pk in ids])
    return briefing, created


def record_pdf_failure(briefing: Briefing, *, actor: User, error: str,
    request: HttpRequest | None = None) -> None:
    """A PDF of the briefing failed (too slow or refused by the renderer). The briefing itself is
    untouched; its page shows the failure until a PDF is made, and offers the PDF again."""
    with transaction.atomic():
        briefing.pdf_failed_at, briefing.pdf_failure = timezone.now(), error[:500]
        Briefing.objects.filter(pk=briefing.pk).update(
            pdf_failed_at=briefing.pdf_failed_at, pdf_failure=briefing.pdf_failure
        )
        record("briefing.pdf_failed", briefing, actor=actor, unit=briefing.unit, request=request,
               error=briefing.pdf_failure)


def record_pdf_made(briefing: Briefing, *, actor: User, request: HttpRequest | None = None) -> None:
    """A PDF was made after a failure: the failure is cleared (nothing is written otherwise)."""
    if briefing.pdf_failed_at is None:
        return
    with transaction.atomic():
        Briefing.objects.filter(pk=briefing.pk).update(pdf_failed_at=None, pdf_failure="")
        briefing.pdf_failed_at, briefing.pdf_failure = None, ""
        record("briefing.pdf_recovered", briefing, actor=actor, unit=briefing.unit, request=request)


def compile_due(now: datetime | None = None) -> list[tuple[Briefing, bool]]:
    """What the hourly job does: compile each unit's day once its local hour has passed (and
    yesterday, if it was missed or changed since), then the ministry-wide day once every unit's has.
    Units with nothing to report (no note, nothing missing) get no briefing that day.
    """
    now = now or timezone.now()
    done: list[tuple[Briefing, bool]] = []
    units = list(Unit.objects.filter(is_active=True))
    for unit in units:
        for day in schedule.due_unit_dates(now, unit.time_zone):
            has_notes = Note.objects.filter(unit=unit, date=day).exists()
            exists = Briefing.objects.filter(unit=unit, date=day).exists()
            if not has_notes and not exists and not _missing(unit, day, [], now):
                continue  # nothing to report: no briefing that day
            done.append(compile_briefing(unit, day, force=False, now=now))
    ministry_tz = timezone.get_default_timezone_name()
    today = schedule.local_date(now, ministry_tz)
    for back in (2, 1, 0):
        day = today - timedelta(days=back)
        if not units or not schedule.ministry_due(now, day, [u.time_zone for u in units]):
            continue
        if Note.objects.filter(date=day).exists() or Briefing.objects.filter(unit=None, date=day).exists():
            done.append(compile_briefing(None, day, force=False, now=now))
    return done


# --- subscriptions and e-mail ------------------------------------------------------------------


def subscribe(user: User, unit: Unit | None, *, request: HttpRequest | None = None) -> Subscription:
    with transaction.atomic():
        subscription, created = Subscription.objects.get_or_create(user=user, unit=unit)
        if created:
            record("briefing.subscribed", subscription, actor=user, unit=unit, request=request)
    return subscription


def unsubscribe(user: User, unit: Unit | None, *, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        deleted, _detail = Subscription.objects.filter(user=user, unit=unit).delete()
        if deleted:
            record(
                "briefing.unsubscribed",
                None,
                actor=user,
                unit=unit,
                request=request,
                object_type="briefings.subscription",
                object_id=str(getattr(unit, "pk", "ministry")),
            )


def _create_deliveries(briefing: Briefing) -> list[BriefingDelivery]:
    subscriptions = Subscription.objects.filter(unit=briefing.unit).select_related("user")
    deliveries = []
    for subscription in subscriptions:
        user = subscription.user
        if not user.is_active:
            continue
        delivery, created = BriefingDelivery.objects.get_or_create(briefing=briefing, user=user)
        if created:
            deliveries.append(delivery)
    return deliveries


# --- partners ----------------------------------------------------------------------------------


def set_relationship(
    code: str,
    *,
    level: str,
    since: date | None,
    source: str = "",
    summary: str | None = None,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> Country:
    """Record a country's relationship level with Viet Nam and the date it was set."""
    code = code.upper()
    if country_names.resolve(code) != code:
        raise BriefingError(_("%(code)s is not a country code.") % {"code": code})
    with transaction.atomic():
        country, _created = Country.objects.get_or_create(
            code=code,
            defaults={
                "name_vi": country_names.name(code, "vi"),
                "name_en": country_names.name(code, "en"),
            },
        )
        country.level, country.level_since = level, since
        if summary is not None:
            country.summary = summary
        country.save()
        if since:
            RelationshipChange.objects.get_or_create(
                country=country, level=level, since=since, defaults={"source": source[:300]}
            )
        record(
            "partner.level_set",
            country,
            actor=actor,
            actor_label="" if actor else "system",
            request=request,
            level=level,
            since=str(since or ""),
        )
    return country


def add_agreement(
    code: str,
    *,
    title: str,
    signed_on: date | None,
    url: str = "",
    summary: str = "",
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> Agreement:
    with transaction.atomic():
        country = Country.objects.get(code=code.upper())
        agreement, created = Agreement.objects.get_or_create(
            country=country,
            title=nfc(title).strip(),
            defaults={"signed_on": signed_on, "url": safe_url(url), "summary": nfc(summary).strip()},
        )
        if created:
            record(
                "partner.agreement_added",
                agreement,
                actor=actor,
                actor_label="" if actor else "system",
                request=request,
                country=country.code,
            )
    return agreement
