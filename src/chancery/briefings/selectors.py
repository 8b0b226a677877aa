"""Reads of the briefings app, already scoped to what the caller may see.

Public and internal notes are read by all staff; a restricted note only by its unit (officers and
head) and the leadership. The filter is in SQL, so lists, counts and pages never leak one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chancery.briefings import countries as country_names
from chancery.briefings import schedule, topics
from chancery.briefings.models import (
    LEVEL_RANK,
    Briefing,
    Classification,
    Country,
    MonitoringAssignment,
    NewsItem,
    Note,
    Subscription,
)
from chancery.core.contributions import contributions
from chancery.organization.models import Role, Unit
from chancery.organization.selectors import is_leadership, is_staff_member, roles_in, visible_unit_ids
from chancery.search import engine as search
from chancery.search.models import SearchKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def has_code(field_name: str, code: str) -> Q:
    """A JSON list field holding `code` (works alike on SQLite and PostgreSQL)."""
    return Q(**{f"{field_name}__icontains": f'"{code}"'})


def can_see_note(user: User, note: Note) -> bool:
    if not is_staff_member(user):
        return False
    if note.classification != Classification.RESTRICTED or is_leadership(user):
        return True
    return note.unit_id in (visible_unit_ids(user) or set())


def visible_notes(user: User) -> QuerySet[Note]:
    if not is_staff_member(user):
        return Note.objects.none()
    qs = Note.objects.select_related("unit", "author")
    if is_leadership(user):
        return qs
    own = visible_unit_ids(user)
    if not own:
        return qs.exclude(classification=Classification.RESTRICTED)
    return qs.filter(~Q(classification=Classification.RESTRICTED) | Q(unit_id__in=own))


def note_for_user(user: User, pk: int) -> Note:
    """A note the reader may not see answers 404, exactly like one that does not exist."""
    try:
        return visible_notes(user).get(pk=pk)
    except Note.DoesNotExist as exc:
        raise Http404 from exc


def notes(
    user: User,
    *,
    unit: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    topic: str | None = None,
    country: str | None = None,
    classification: str | None = None,
    author: Any = None,
) -> QuerySet[Note]:
    qs = visible_notes(user)
    if unit:
        qs = qs.filter(unit_id=unit)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if topic:
        qs = qs.filter(has_code("topics", topic))
    if country:
        qs = qs.filter(has_code("countries", country.upper()))
    if classification:
        qs = qs.filter(classification=classification)
    if author is not None:
        qs = qs.filter(author=author)
    return qs.order_by("-written_at", "-id")


def writable_units(user: User) -> QuerySet[Unit]:
    """Units whose notes this person writes (officer or head there)."""
    from chancery.organization.models import Membership

    ids = Membership.objects.filter(user=user, role__in=[Role.OFFICER, Role.HEAD], unit__is_active=True)
    return Unit.objects.filter(pk__in=ids.values("unit_id")).order_by("code")


def managed_units(user: User) -> QuerySet[Unit]:
    """Units whose monitoring this person assigns: the head's unit, every unit for the leadership."""
    if is_leadership(user):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(is_active=True, memberships__user=user, memberships__role=Role.HEAD).distinct()


def unit_today(unit: Unit, now: datetime | None = None) -> date:
    return schedule.local_date(now or timezone.now(), unit.time_zone)


# --- briefings ---------------------------------------------------------------------------------


def briefings(
    user: User,
    *,
    unit: int | None = None,
    ministry: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Briefing]:
    """Every staff member may open every briefing; restricted notes inside are filtered per reader."""
    if not is_staff_member(user):
        return Briefing.objects.none()
    qs = Briefing.objects.select_related("unit")
    if ministry:
        qs = qs.filter(unit__isnull=True)
    elif unit:
        qs = qs.filter(unit_id=unit)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs.order_by("-date", "unit__code")


def briefing_for_user(user: User, pk: int) -> Briefing:
    try:
        return briefings(user).get(pk=pk)
    except Briefing.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class CountryGroup:
    code: str
    name: str
    notes: list[Note] = field(default_factory=list)


@dataclass
class Section:
    topic: str
    label: str
    groups: list[CountryGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(g.notes) for g in self.groups)


@dataclass
class BriefingView:
    briefing: Briefing
    sections: list[Section]
    hidden: int  # restricted notes this reader may not see
    restricted_shown: list[Note]  # to be audited by the caller

    @property
    def shown(self) -> int:
        return sum(s.count for s in self.sections)


def briefing_view(briefing: Briefing, user: User, *, include_restricted: bool = True) -> BriefingView:
    """The briefing's notes grouped by topic, then country, as this reader may see them."""
    items = briefing.items.select_related("note__unit", "note__author").prefetch_related("note__news")
    sections: list[Section] = []
    hidden = 0
    restricted: list[Note] = []
    for item in items:
        note = item.note
        if note.classification == Classification.RESTRICTED and (
            not include_restricted or not can_see_note(user, note)
        ):
            hidden += 1
            continue
        if note.classification == Classification.RESTRICTED:
            restricted.append(note)
        if not sections or sections[-1].topic != item.topic:
            sections.append(Section(item.topic, topics.label(item.topic)))
        section = sections[-1]
        if not section.groups or section.groups[-1].code != item.country:
            section.groups.append(
                CountryGroup(item.country, country_names.name(item.country) if item.country else "")
            )
        section.groups[-1].notes.append(note)
    return BriefingView(briefing, sections, hidden, restricted)


def subscriptions(user: User) -> QuerySet[Subscription]:
    return Subscription.objects.filter(user=user).select_related("unit").order_by("unit__code")


# --- monitoring ----------------------------------------------------------------------------------


@dataclass
class BoardRow:
    assignment: MonitoringAssignment
    day: date
    status: str
    note: Note | None


def monitoring_board(
    user: User, *, unit: int | None = None, day: date | None = None, now: datetime | None = None
) -> list[BoardRow]:
    """Assignments with today's (or `day`'s) status: the head sees the unit, an officer their own."""
    now = now or timezone.now()
    if not is_staff_member(user):
        return []
    qs = MonitoringAssignment.objects.select_related("unit", "user")
    if not is_leadership(user):
        head_units = {u.pk for u in managed_units(user)}
        qs = qs.filter(Q(unit_id__in=head_units) | Q(user=user))
    if unit:
        qs = qs.filter(unit_id=unit)
    rows: list[BoardRow] = []
    notes_cache: dict[tuple[int, date], list[Note]] = {}
    for assignment in qs:
        local_day = day or unit_today(assignment.unit, now)
        if assignment.ends_on and assignment.ends_on < local_day and day is None:
            continue
        key = (assignment.unit_id, local_day)
        if key not in notes_cache:
            notes_cache[key] = list(Note.objects.filter(unit_id=assignment.unit_id, date=local_day))
        status, note = schedule.assignment_status(
            assignment,
            local_day,
            notes_cache[key],
            now=now,
            tz_name=assignment.unit.time_zone,
            weekend_days=assignment.unit.weekend_days,
        )
        rows.append(BoardRow(assignment, local_day, status, note))
    return rows


def missing_today(user: User, now: datetime | None = None) -> list[BoardRow]:
    """Expected notes not written today in the units this person heads (nothing for others)."""
    if not managed_units(user).exists():
        return []
    heads = {u.pk for u in managed_units(user)}
    return [
        r
        for r in monitoring_board(user, now=now)
        if r.status == schedule.Status.MISSING and r.assignment.unit_id in heads
    ]


# --- news --------------------------------------------------------------------------------------


def news(
    user: User, *, country: str | None = None, topic: str | None = None, q: str | None = None
) -> QuerySet[NewsItem]:
    if not is_staff_member(user):
        return NewsItem.objects.none()
    qs = NewsItem.objects.all()
    if country:
        qs = qs.filter(has_code("countries", country.upper()))
    if topic:
        qs = qs.filter(has_code("topics", topic))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(source__icontains=q))
    return qs.order_by("-published_on", "-imported_at", "-id")


def news_item(user: User, pk: int) -> NewsItem:
    try:
        return news(user).get(pk=pk)
    except NewsItem.DoesNotExist as exc:
        raise Http404 from exc


# --- partners ------------------------------------------------------------------------------------


def partners() -> list[Country]:
    """Countries with a recorded relationship, highest level first, then by name."""
    rows = list(Country.objects.prefetch_related("agreements"))
    return sorted(
        rows, key=lambda c: (LEVEL_RANK.get(c.level, 9), -(c.level_since or date.min).toordinal(), c.name)
    )


def missions_for(code: str) -> list[Unit]:
    """Units hosted in the country or serving it (jurisdiction)."""
    code = code.upper()
    return [
        u
        for u in Unit.objects.filter(is_active=True).order_by("code")
        if u.host_country == code or code in (u.jurisdiction_countries or [])
    ]


def country_page(user: User, code: str) -> dict[str, Any]:
    code = code.upper()
    if country_names.resolve(code) != code:
        raise Http404
    country = Country.objects.filter(code=code).prefetch_related("agreements", "level_history").first()
    missions = missions_for(code)
    return {
        "code": code,
        "name": country_names.name(code),
        "country": country,
        "missions": missions,
        "notes": list(notes(user, country=code)[:20]),
        "news": list(news(user, country=code)[:20]),
        "directives": list(
            search.filtered(user, kind=SearchKind.DIRECTIVE, country=code).order_by("-date")[:20]
        ),
        # Other apps' parts of the page (directives: the tasks the missions lead or coordinate).
        **contributions("briefings.country", user=user, code=code, missions=missions),
    }


def may_see_unit_tools(user: User, unit_id: int) -> bool:
    return bool(roles_in(user, unit_id)) or is_leadership(user)
