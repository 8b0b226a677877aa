"""Working-day calendar of a unit and legal due dates of cases (pure Python: no Django, no DB).

A unit (a ministry department or a mission abroad) works on the days that are not:

* a weekly rest day of the unit (``weekend``: Monday=0 ... Sunday=6; Sat-Sun in Vietnam, Fri-Sat
  in Riyadh or Kuwait, Friday alone in Tehran);
* a holiday of Vietnam, which every unit observes (Labour Code 2019 Art. 112: New Year 1 day,
  Tết 5, Hùng Kings 1, 30 April 1, 1 May 1, National Day 2), with the compensatory day when a
  holiday falls on a weekly rest day (Art. 111(3)) and the working-day swaps the Prime Minister
  decides each year (``data/vn_day_swaps.yaml``, each with its notice);
* a public holiday of the host country, unless the unit does not observe them;
* a closure day an administrator added for the unit.

An administrator can also declare extra working days; they override everything else.

Due dates follow the one-stop-shop rules (Decree 118/2025/NĐ-CP; Civil Code 2015 Art. 147-148 on
counting periods; Decree 23/2015/NĐ-CP Art. 7 for the 15:00 cut-off); the exact rules are in the
docstrings of :func:`counting_start`, :func:`compute_due`, :func:`compute_due_with_suspensions`
and :func:`timeliness`.

Lookups are cached: holidays once per (country, year) for the whole process, and the working days
of each distinct calendar once per year, so computing millions of due dates never rebuilds a
holiday table. A calendar's tables cover years on demand, from :data:`MIN_YEAR` to
:data:`MAX_YEAR`.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Protocol, cast
from zoneinfo import ZoneInfo

import holidays
import yaml

__all__ = [
    "DEFAULT_CUTOFF",
    "DEFAULT_OFFICE_HOURS",
    "DUE_SOON_WORKING_DAYS",
    "END_OF_DAY",
    "MAX_YEAR",
    "MIN_YEAR",
    "SAT_SUN",
    "VN_TZ",
    "DaySwap",
    "DurationUnit",
    "Suspension",
    "Timeliness",
    "UnconfirmedDay",
    "WorkingCalendar",
    "compute_due",
    "compute_due_with_suspensions",
    "counting_start",
    "default_weekend",
    "host_subdivisions",
    "is_supported_country",
    "load_vn_day_swaps",
    "load_vn_unconfirmed_days",
    "time_used_with_suspensions",
    "timeliness",
]

MIN_YEAR = 1990
MAX_YEAR = 2099
"""Years for which the `holidays` package has Vietnam's lunar holidays (Tết, Hùng Kings)."""

SAT_SUN: frozenset[int] = frozenset({5, 6})
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

DEFAULT_CUTOFF = time(15, 0)
"""A same-day request received after 15:00 is handled the next working day (Decree 23/2015 Art. 7);
15:00:00 itself is still today. Periods of one day or more are not moved by it."""
END_OF_DAY = time.max
"""A period in days ends with its last day, at 24:00 (Civil Code 2015 Art. 148): a decision in the
evening of the due day is on time, as the national portal scores it."""
DEFAULT_OFFICE_HOURS = (time(8, 0), time(17, 0))
DUE_SOON_WORKING_DAYS = 2

DurationUnit = Literal["working_days", "calendar_days", "working_hours", "hours"]
Timeliness = Literal["early", "on_time", "late", "on_track", "due_soon", "overdue"]

_SWAPS_FILE = Path(__file__).with_name("data") / "vn_day_swaps.yaml"
_UNCONFIRMED_FILE = Path(__file__).with_name("data") / "vn_unconfirmed_days.yaml"
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")
_SPAN_CACHE_SIZE = 1024


# --------------------------------------------------------------------------------------------
# Vietnam's working-day swaps (data file)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DaySwap:
    """A weekday given off in exchange for a Saturday worked, decided by the Prime Minister."""

    day_off: date
    work_day: date
    reason: str
    source: str
    verified: str


@lru_cache(maxsize=1)
def load_vn_day_swaps() -> tuple[DaySwap, ...]:
    """Read and check ``data/vn_day_swaps.yaml`` (once per process)."""
    raw = yaml.safe_load(_SWAPS_FILE.read_text(encoding="utf-8")) or {}
    return tuple(_parse_swap(entry) for entry in raw.get("swaps", []))


def _parse_swap(entry: Mapping[str, Any]) -> DaySwap:
    swap = DaySwap(
        day_off=entry["day_off"],
        work_day=entry["work_day"],
        reason=str(entry["reason"]).strip(),
        source=str(entry["source"]).strip(),
        verified=str(entry["verified"]),
    )
    if not isinstance(swap.day_off, date) or not isinstance(swap.work_day, date):
        raise ValueError(f"swap dates must be YYYY-MM-DD: {entry!r}")
    if swap.day_off.weekday() >= 5 or swap.work_day.weekday() < 5:
        raise ValueError(f"a swap gives a weekday off for a weekend day worked: {entry!r}")
    if swap.verified not in {"text", "press"}:
        raise ValueError(f"unverified swap (verified must be 'text' or 'press'): {entry!r}")
    return swap


# --------------------------------------------------------------------------------------------
# Holidays per year (cached for the whole process)
# --------------------------------------------------------------------------------------------


def is_supported_country(code: str) -> bool:
    """Whether the `holidays` package knows the public holidays of this ISO 3166 alpha-2 code."""
    return code.upper() in _supported_countries()


@lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


def default_weekend(country_code: str | None) -> frozenset[int]:
    """The usual weekly rest days of a country (Sat-Sun when unknown or None)."""
    if not country_code or not is_supported_country(country_code):
        return SAT_SUN
    return frozenset(holidays.country_holidays(country_code.upper()).weekend)


def _country_year(
    code: str, year: int, language: str, *, observed: bool = True, subdivision: str | None = None
) -> holidays.HolidayBase:
    supported = holidays.country_holidays(code).supported_languages
    lang = language if language in supported else None
    return holidays.country_holidays(code, subdiv=subdivision, years=year, language=lang, observed=observed)


@lru_cache(maxsize=4096)
def _host_holidays(code: str, subdivision: str | None, year: int, language: str) -> Mapping[date, str]:
    return MappingProxyType(dict(_country_year(code, year, language, subdivision=subdivision)))


def host_subdivisions(code: str) -> tuple[str, ...]:
    """The subdivisions (states, territories, cantons...) whose own holidays a unit may keep."""
    if not is_supported_country(code):
        return ()
    return tuple(holidays.country_holidays(code.upper()).subdivisions)


@lru_cache(maxsize=512)
def _vn_holidays(year: int, observed: bool, language: str) -> tuple[Mapping[date, str], Mapping[date, date]]:
    """Vietnam's holidays of one year by date, and the package's swaps (day off -> day worked).

    The package lists a swapped day off as "Day off (substituted from MM/DD/YYYY)"; it is split
    out here because a swap only applies to Sat-Sun units and needs its worked Saturday.
    """
    english = _country_year("VN", year, "en_US", observed=observed)
    shown = english
    if language != "en_US":
        shown = _country_year("VN", year, language, observed=observed)
    named: dict[date, str] = {}
    swaps: dict[date, date] = {}
    for day, name in english.items():
        if _not_a_day_off(name):
            continue
        match = _SUBSTITUTED.match(name)
        if match:
            month, dom, yr = (int(g) for g in match.groups())
            swaps[day] = date(yr, month, dom)
        else:
            named[day] = shown.get(day, name)
    return MappingProxyType(named), MappingProxyType(swaps)


def _swap_pairs(year: int) -> dict[date, date]:
    """All known swaps touching ``year`` (day off -> day worked); the data file wins."""
    pairs: dict[date, date] = {}
    for package_year in (year - 1, year, year + 1):
        if MIN_YEAR <= package_year <= MAX_YEAR:
            pairs.update(_vn_holidays(package_year, True, "en_US")[1])
    for swap in load_vn_day_swaps():
        pairs[swap.day_off] = swap.work_day
    return {off: work for off, work in pairs.items() if year in (off.year, work.year)}


def _swap_label(work_day: date, language: str) -> str:
    if language.startswith("vi"):
        return f"Ngày nghỉ (hoán đổi, làm bù thứ Bảy {work_day:%d/%m/%Y})"
    return f"Day off (swapped with working Saturday {work_day:%d/%m/%Y})"


def _compensatory_label(name: str, language: str) -> str:
    return f"{name} (nghỉ bù)" if language.startswith("vi") else f"{name} (compensatory day off)"


@lru_cache(maxsize=4096)
def _closed_days(
    year: int, weekend: frozenset[int], host: str | None, subdivision: str | None, language: str
) -> tuple[Mapping[date, str], frozenset[date]]:
    """Days off of one year other than the weekend (date -> reason), and weekend days worked.

    Sat-Sun units follow Vietnam's civil-service calendar as published: the package's holidays
    with its compensatory days, plus the Prime Minister's swaps. Other units take the statutory
    holiday dates and apply Labour Code 2019 Art. 111(3) with their own weekend: a holiday on a
    weekly rest day gives the next working day off. The swap notices leave units without a
    Sat-Sun week to arrange their own schedule, so no swap applies to them.
    """
    host_days = _host_holidays(host, subdivision, year, language) if host else {}
    if weekend == SAT_SUN:
        vn_days, _ = _vn_holidays(year, True, language)
        closed = dict(vn_days)
        worked: set[date] = set()
        for off, work in _swap_pairs(year).items():
            if off.year == year:
                closed[off] = _swap_label(work, language)
            if work.year == year:
                worked.add(work)
    else:
        statutory, _ = _vn_holidays(year, False, language)
        closed = _with_compensatory_days(statutory, weekend, host_days, language)
        worked = set()
    for day, name in host_days.items():
        closed.setdefault(day, name)
    return MappingProxyType(closed), frozenset(worked - closed.keys())


def _with_compensatory_days(
    statutory: Mapping[date, str],
    weekend: frozenset[int],
    host_days: Mapping[date, str],
    language: str,
) -> dict[date, str]:
    closed = dict(statutory)
    for day in sorted(statutory):
        if day.weekday() not in weekend:
            continue
        substitute = day + timedelta(days=1)
        while substitute.weekday() in weekend or substitute in closed or substitute in host_days:
            substitute += timedelta(days=1)
        closed[substitute] = _compensatory_label(statutory[day], language)
    return closed


@dataclass(frozen=True)
class UnconfirmedDay:
    """A day the `holidays` package lists for Vietnam without a law or day-off notice found that
    makes it a day off (e.g. 24/11 "Vietnam Culture Day", listed from 2026). It is a working day
    until an administrator records the decision (``status: confirmed`` with its source) in
    ``data/vn_unconfirmed_days.yaml``; ``chancery calendar unconfirmed`` lists them."""

    name: str
    status: Literal["unconfirmed", "confirmed"]
    source: str


@lru_cache(maxsize=1)
def load_vn_unconfirmed_days() -> tuple[UnconfirmedDay, ...]:
    raw = yaml.safe_load(_UNCONFIRMED_FILE.read_text(encoding="utf-8")) or {}
    days = []
    for entry in raw.get("days", []):
        day = UnconfirmedDay(
            str(entry["name"]).strip(), entry["status"], str(entry.get("source", "")).strip()
        )
        if day.status not in ("unconfirmed", "confirmed"):
            raise ValueError(f"status must be 'unconfirmed' or 'confirmed': {entry!r}")
        if day.status == "confirmed" and not day.source:
            raise ValueError(f"a confirmed day needs the source of the decision: {entry!r}")
        days.append(day)
    return tuple(days)


def _not_a_day_off(english_name: str) -> bool:
    return any(d.name == english_name and d.status == "unconfirmed" for d in load_vn_unconfirmed_days())


# --------------------------------------------------------------------------------------------
# Working days of one calendar, loaded year by year
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    weekend: frozenset[int]
    host: str | None  # None when host holidays are not observed or the host is Vietnam
    subdivision: str | None  # the host's region whose own holidays the unit keeps (e.g. ACT)
    language: str
    closures: frozenset[tuple[date, str]]
    extra_working_days: frozenset[date]


@dataclass(frozen=True)
class _State:
    """An immutable snapshot: working-day ordinals of whole years ``first_year..last_year``."""

    first_year: int
    last_year: int
    lo: int
    hi: int
    ordinals: tuple[int, ...]
    working: frozenset[int]


class _Span:
    """Working days of one calendar for the years loaded so far; grows by whole years."""

    def __init__(self, rules: _Rules) -> None:
        self.rules = rules
        self.closures = dict(rules.closures)
        self.state: _State | None = None
        self._years: dict[int, tuple[int, ...]] = {}
        self._lock = threading.Lock()

    def covering(self, first: int, last: int) -> _State:
        """A state that contains the ordinals ``first..last``."""
        state = self.state
        if state is not None and state.lo <= first and last <= state.hi:
            return state
        return self._load(date.fromordinal(first).year, date.fromordinal(last).year)

    def grown(self, state: _State, forward: bool) -> _State:
        """The state with one more year after (or before) ``state``."""
        year = state.last_year + 1 if forward else state.first_year - 1
        return self._load(year, year)

    def _load(self, first_year: int, last_year: int) -> _State:
        with self._lock:
            state = self.state
            if state is not None:
                first_year = min(first_year, state.first_year)
                last_year = max(last_year, state.last_year)
                if first_year == state.first_year and last_year == state.last_year:
                    return state
            if first_year < MIN_YEAR or last_year > MAX_YEAR:
                raise ValueError(f"working days are known for {MIN_YEAR}-{MAX_YEAR} only")
            ordinals: list[int] = []
            for year in range(first_year, last_year + 1):
                if year not in self._years:
                    self._years[year] = self._working_ordinals(year)
                ordinals.extend(self._years[year])
            self.state = _State(
                first_year=first_year,
                last_year=last_year,
                lo=date(first_year, 1, 1).toordinal(),
                hi=date(last_year, 12, 31).toordinal(),
                ordinals=tuple(ordinals),
                working=frozenset(ordinals),
            )
            return self.state

    def _working_ordinals(self, year: int) -> tuple[int, ...]:
        closed, worked = self._closed(year)
        start, end = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        return tuple(
            ordinal
            for ordinal in range(start, end + 1)
            if self._is_working(date.fromordinal(ordinal), closed, worked)
        )

    def _is_working(self, day: date, closed: Mapping[date, str], worked: frozenset[date]) -> bool:
        if day in self.rules.extra_working_days:
            return True
        if day in self.closures or day in closed:
            return False
        return day in worked or day.weekday() not in self.rules.weekend

    def reason(self, day: date) -> str:
        """Why a day that is not a working day is closed."""
        if day in self.closures:
            return self.closures[day]
        closed, _ = self._closed(day.year)
        return closed.get(day, "weekend")

    def _closed(self, year: int) -> tuple[Mapping[date, str], frozenset[date]]:
        return _closed_days(year, self.rules.weekend, self.rules.host, self.rules.subdivision,
                            self.rules.language)


_spans: OrderedDict[_Rules, _Span] = OrderedDict()
_spans_lock = threading.Lock()


def _span_for(rules: _Rules) -> _Span:
    """Equal calendars share one span, so building a calendar per call costs nothing."""
    with _spans_lock:
        span = _spans.get(rules)
        if span is None:
            span = _spans[rules] = _Span(rules)
            if len(_spans) > _SPAN_CACHE_SIZE:
                _spans.popitem(last=False)
        else:
            _spans.move_to_end(rules)
        return span


class WorkingCalendar:
    """The working days of one unit. Immutable; equal calendars compare and hash equal.

    ``closures`` maps a date to its reason (or is a plain collection of dates, reason "closed");
    ``extra_working_days`` are worked whatever else applies, e.g. a Saturday opening. Vietnam's
    holidays always apply; host-country holidays apply when ``observe_host_holidays`` is true.
    ``language`` is the language of holiday names returned by :meth:`reason` ("en_US", "vi"; a
    host country without it keeps its own language). ``host_subdivision`` adds the holidays of one
    region of the host country (a state, territory or canton, e.g. "ACT" for Canberra).
    """

    __slots__ = (
        "_closures",
        "_extra",
        "_host",
        "_language",
        "_subdivision",
        "_observe_host",
        "_rules",
        "_span",
        "_weekend",
    )
    _closures: Mapping[date, str]
    _extra: frozenset[date]
    _host: str | None
    _language: str
    _subdivision: str | None
    _observe_host: bool
    _rules: _Rules
    _span: _Span
    _weekend: frozenset[int]

    def __init__(
        self,
        weekend: Iterable[int] = SAT_SUN,
        host_country: str | None = None,
        *,
        observe_host_holidays: bool = True,
        closures: Mapping[date, str] | Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
        language: str = "en_US",
        host_subdivision: str | None = None,
    ) -> None:
        weekend_days = frozenset(weekend)
        if not weekend_days <= set(range(7)) or len(weekend_days) == 7:
            raise ValueError(f"weekend must be weekday numbers 0-6, not all seven: {weekend!r}")
        host = host_country.upper() if host_country else None
        if host is not None and not is_supported_country(host):
            raise ValueError(f"no public holidays known for country code {host_country!r}")
        subdivision = host_subdivision or None
        if subdivision is not None and (host is None or subdivision not in host_subdivisions(host)):
            raise ValueError(f"{host_subdivision!r} is not a subdivision of {host_country!r}")
        closure_map = _closure_map(closures)
        extra = frozenset(extra_working_days)
        if clash := sorted(extra & closure_map.keys()):
            raise ValueError(f"dates both closed and extra working days: {clash}")
        for name, value in (
            ("_weekend", weekend_days),
            ("_host", host),
            ("_observe_host", observe_host_holidays),
            ("_closures", MappingProxyType(closure_map)),
            ("_extra", extra),
            ("_language", language),
            ("_subdivision", subdivision),
        ):
            object.__setattr__(self, name, value)
        rules = _Rules(
            weekend=weekend_days,
            host=host if observe_host_holidays and host != "VN" else None,
            subdivision=subdivision if observe_host_holidays and host != "VN" else None,
            language=language,
            closures=frozenset(closure_map.items()),
            extra_working_days=extra,
        )
        object.__setattr__(self, "_rules", rules)
        object.__setattr__(self, "_span", _span_for(rules))

    @classmethod
    def for_host(cls, host_country: str | None, **options: Any) -> WorkingCalendar:
        """A calendar with the host country's usual weekend (e.g. Fri-Sat for "SA")."""
        options.setdefault("weekend", default_weekend(host_country))
        return cls(host_country=host_country, **options)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkingCalendar is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle (e.g. into Django's cache) by the constructor's arguments, not the tables."""
        options = {
            "observe_host_holidays": self._observe_host,
            "closures": dict(self._closures),
            "extra_working_days": self._extra,
            "language": self._language,
            "host_subdivision": self._subdivision,
        }
        return (_calendar, (self._weekend, self._host, options))

    def _key(self) -> tuple[object, ...]:
        return (self._rules, self._host, self._observe_host)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkingCalendar) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar(weekend={sorted(self._weekend)}, host_country={self._host!r}, "
            f"observe_host_holidays={self._observe_host}, closures={len(self._closures)}, "
            f"extra_working_days={len(self._extra)})"
        )

    @property
    def weekend(self) -> frozenset[int]:
        """Weekly rest days, Monday=0 ... Sunday=6."""
        return self._weekend

    @property
    def host_country(self) -> str | None:
        """ISO 3166 alpha-2 code of the host country, upper case, or None."""
        return self._host

    @property
    def host_subdivision(self) -> str | None:
        return self._subdivision

    @property
    def observe_host_holidays(self) -> bool:
        return self._observe_host

    @property
    def closures(self) -> Mapping[date, str]:
        """Closure days added by an administrator -> reason."""
        return self._closures

    @property
    def extra_working_days(self) -> frozenset[date]:
        return self._extra

    @property
    def language(self) -> str:
        return self._language

    # -- days ----------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Whether the unit works on ``d``."""
        ordinal = d.toordinal()
        state = self._span.covering(ordinal, ordinal)
        return ordinal in state.working

    def reason(self, d: date) -> str | None:
        """Why ``d`` is closed: a closure reason, a holiday name or "weekend"; None if working."""
        if self.is_working_day(d):
            return None
        return self._span.reason(d)

    def next_working_day(self, d: date, include_self: bool = False) -> date:
        """The first working day after ``d`` (or ``d`` itself if working and ``include_self``)."""
        return self.add_working_days(d, 0) if include_self else self.add_working_days(d, 1)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start``, not counting ``start`` itself.

        n > 0: the n-th working day strictly after ``start`` (``start`` is day 0 whether or not
        it is a working day, as Civil Code 2015 Art. 147(2) leaves out the first day).
        n == 0: ``start`` if it is a working day, else the next working day.
        n < 0: the |n|-th working day strictly before ``start`` (e.g. a reminder before a due
        day).
        ``working_days_between(start, add_working_days(start, n)) == n`` for n > 0, and for
        n < 0 when ``start`` is a working day.
        """
        ordinal = start.toordinal()
        state = self._span.covering(ordinal, ordinal)
        while True:
            index = _target_index(state.ordinals, ordinal, n)
            if 0 <= index < len(state.ordinals):
                return date.fromordinal(state.ordinals[index])
            state = self._span.grown(state, forward=index >= 0)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in the interval (a, b]; negative (minus those in (b, a]) if b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        first, last = a.toordinal(), b.toordinal()
        ordinals = self._span.covering(first, last).ordinals
        return bisect_right(ordinals, last) - bisect_right(ordinals, first)


def _calendar(weekend: frozenset[int], host: str | None, options: dict[str, Any]) -> WorkingCalendar:
    return WorkingCalendar(weekend, host, **options)


def _closure_map(closures: Mapping[date, str] | Iterable[date]) -> dict[date, str]:
    if isinstance(closures, Mapping):
        return {day: str(reason) for day, reason in closures.items()}
    return dict.fromkeys(closures, "closed")


def _target_index(ordinals: Sequence[int], ordinal: int, n: int) -> int:
    """Index in ``ordinals`` of the answer to add_working_days (may fall outside the list)."""
    if n > 0:
        return bisect_right(ordinals, ordinal) + n - 1
    return bisect_left(ordinals, ordinal) + n


# --------------------------------------------------------------------------------------------
# Due dates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suspension:
    """The clock stopped from a supplement request (``start``) to its provision (``end``).

    ``end`` is None while the supplement is still awaited.
    """

    start: datetime
    end: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware(self.start, "Suspension.start")
        if self.end is not None:
            _require_aware(self.end, "Suspension.end")
            if self.end < self.start:
                raise ValueError("a suspension cannot end before it starts")


def _require_aware(moment: datetime, what: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime")


def counting_start(
    received_at: datetime,
    calendar: WorkingCalendar,
    tz: ZoneInfo,
    cutoff: time | None = DEFAULT_CUTOFF,
) -> date:
    """Day 0 of a period: the day a complete dossier counts as received, in the unit's time zone.

    It is the day of receipt if that is a working day, otherwise the next working day (a dossier
    sent on a rest day is received on the next working day). With a ``cutoff`` (same-day
    requests only: Decree 23/2015/NĐ-CP Art. 7, civil-status acts done on the spot), a request
    received after it (15:00:00 is still on time) is handled the next working day. The cut-off
    does not move day 0 of a period of one day or more.
    """
    _require_aware(received_at, "received_at")
    local = received_at.astimezone(tz)
    day = local.date()
    if calendar.is_working_day(day) and (cutoff is None or local.time() <= cutoff):
        return day
    return calendar.next_working_day(day)


class _Clock(Protocol):
    """How one kind of period starts, runs, stops and ends (see compute_due)."""

    def start(self, received_at: datetime) -> Any: ...
    def due(self, anchor: Any, remaining: Any) -> datetime: ...
    def elapsed(self, anchor: Any, moment: datetime) -> Any: ...
    def resume(self, moment: datetime) -> Any: ...


@dataclass(frozen=True)
class _DayClock:
    """Working or calendar days; the anchor is day 0 and ``remaining`` a number of days."""

    calendar: WorkingCalendar
    tz: ZoneInfo
    cutoff: time | None
    working: bool

    def start(self, received_at: datetime) -> date:
        return counting_start(received_at, self.calendar, self.tz, self.cutoff)

    def due(self, anchor: date, remaining: int) -> datetime:
        if self.working:
            last = self.calendar.add_working_days(anchor, remaining)
        else:
            last_day = anchor + timedelta(days=remaining)
            last = self.calendar.next_working_day(last_day, include_self=True)
        return datetime.combine(last, END_OF_DAY, tzinfo=self.tz)

    def elapsed(self, anchor: date, moment: datetime) -> int:
        day = moment.astimezone(self.tz).date()
        if self.working:
            return max(0, self.calendar.working_days_between(anchor, day))
        return max(0, (day - anchor).days)

    def resume(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()


@dataclass(frozen=True)
class _WorkingHoursClock:
    """Office time on working days; the anchor is (working day, time since opening)."""

    calendar: WorkingCalendar
    tz: ZoneInfo
    opening: time
    closing: time

    @property
    def day_length(self) -> timedelta:
        return _since(self.opening, self.closing)

    def _offset(self, moment: datetime) -> tuple[date, timedelta]:
        local = moment.astimezone(self.tz)
        offset = _since(self.opening, local.time())
        return local.date(), min(max(offset, timedelta(0)), self.day_length)

    def start(self, received_at: datetime) -> tuple[date, timedelta]:
        day = counting_start(received_at, self.calendar, self.tz, cutoff=None)
        local = received_at.astimezone(self.tz)
        return (day, self._offset(local)[1]) if day == local.date() else (day, timedelta(0))

    def resume(self, moment: datetime) -> tuple[date, timedelta]:
        day, offset = self._offset(moment)
        if self.calendar.is_working_day(day) and offset < self.day_length:
            return day, offset
        return self.calendar.next_working_day(day), timedelta(0)

    def elapsed(self, anchor: tuple[date, timedelta], moment: datetime) -> timedelta:
        start_day, start_offset = anchor
        day, offset = self._offset(moment)
        if day < start_day:
            return timedelta(0)
        if day == start_day:
            return max(offset - start_offset, timedelta(0))
        full_days = self.calendar.working_days_between(start_day, day)
        if self.calendar.is_working_day(day):
            full_days -= 1
        else:
            offset = timedelta(0)
        return self.day_length - start_offset + full_days * self.day_length + offset

    def due(self, anchor: tuple[date, timedelta], remaining: timedelta) -> datetime:
        day, offset = anchor
        left_today = self.day_length - offset
        if remaining <= left_today:
            offset += remaining
        else:
            days, rest = divmod(remaining - left_today, self.day_length)
            if rest:
                day, offset = self.calendar.add_working_days(day, days + 1), rest
            else:
                day, offset = self.calendar.add_working_days(day, days), self.day_length
        return datetime.combine(day, self.opening, tzinfo=self.tz) + offset


@dataclass(frozen=True)
class _HoursClock:
    """Elapsed time around the clock; the anchor is a moment, ``remaining`` a timedelta."""

    tz: ZoneInfo

    # Arithmetic in UTC: Python adds to an aware datetime on its wall clock, which would make
    # "24 hours" 23 or 25 across a clock change.

    def start(self, received_at: datetime) -> datetime:
        _require_aware(received_at, "received_at")
        return received_at.astimezone(UTC)

    def due(self, anchor: datetime, remaining: timedelta) -> datetime:
        return (anchor + remaining).astimezone(self.tz)

    def elapsed(self, anchor: datetime, moment: datetime) -> timedelta:
        return max(moment.astimezone(UTC) - anchor, timedelta(0))

    def resume(self, moment: datetime) -> datetime:
        return moment.astimezone(UTC)


def _since(earlier: time, later: time) -> timedelta:
    return datetime.combine(date.min, later) - datetime.combine(date.min, earlier)


def _clock(
    unit: DurationUnit,
    amount: int,
    calendar: WorkingCalendar,
    tz: ZoneInfo,
    cutoff: time,
    office_hours: tuple[time, time],
) -> _Clock:
    opening, closing = office_hours
    if not opening < cutoff <= closing:
        raise ValueError("office hours must open before the cut-off, which is at most closing")
    if unit in ("working_days", "calendar_days"):
        same_day = amount == 0
        return _DayClock(calendar, tz, cutoff if same_day else None, working=unit == "working_days")
    if unit == "working_hours":
        return _WorkingHoursClock(calendar, tz, opening, closing)
    if unit == "hours":
        return _HoursClock(tz)
    raise ValueError(f"unknown duration unit {unit!r}")


def _amount(unit: DurationUnit, amount: int) -> int | timedelta:
    if amount < 0:
        raise ValueError("a legal period cannot be negative")
    return timedelta(hours=amount) if unit in ("working_hours", "hours") else amount


def compute_due(
    received_at: datetime,
    amount: int,
    unit: DurationUnit,
    calendar: WorkingCalendar,
    tz: ZoneInfo,
    cutoff: time = DEFAULT_CUTOFF,
    office_hours: tuple[time, time] = DEFAULT_OFFICE_HOURS,
) -> datetime:
    """The legal due moment of a case, aware, in the unit's time zone ``tz``.

    Day 0 is :func:`counting_start` (day of receipt, or the next working day when received on a
    rest day; for a same-day period, ``amount`` 0, also when received after ``cutoff``). Periods
    in days leave day 0 out (Civil Code 2015 Art. 147(2): the first day is not counted) and end
    with their last day at 24:00 (Art. 148(1) and (6)): :data:`END_OF_DAY`, so a decision in the
    evening of the due day is on time, as the national portal scores it:

    * ``working_days``: the end of the ``amount``-th working day after day 0 (received Monday
      16:00 with 1 working day: due Tuesday 24:00; 0 days: the same day, or the next working
      day when received after 15:00 - the "same day" procedures).
    * ``calendar_days``: day 0 + ``amount`` days; if that day is a rest day or holiday, the next
      working day (Civil Code 2015 Art. 148(5)).
    * ``working_hours``: office time on working days from receipt (from the next opening when
      received after closing or on a rest day); lunch breaks are not modelled.
    * ``hours``: plain elapsed time from ``received_at``, day and night, no cut-off (urgent
      citizen protection).
    """
    clock = _clock(unit, amount, calendar, tz, cutoff, office_hours)
    return clock.due(clock.start(received_at), _amount(unit, amount))


def compute_due_with_suspensions(
    received_at: datetime,
    amount: int,
    unit: DurationUnit,
    calendar: WorkingCalendar,
    tz: ZoneInfo,
    suspensions: Iterable[Suspension],
    cutoff: time = DEFAULT_CUTOFF,
    office_hours: tuple[time, time] = DEFAULT_OFFICE_HOURS,
) -> datetime | None:
    """The due moment when the clock stops for supplements; None while one is still open.

    The citizen's supplement time does not count against the office (Decree 118/2025; the
    national portal subtracts it when scoring timeliness). For each suspension, in order:

    * the time used before it is kept: for ``working_days``, the working days in (day 0, day of
      the request] - the request day counts, the office worked on the case that day; for
      ``calendar_days`` the calendar days in the same interval; for hour units, the office (or
      elapsed) time up to the request;
    * counting resumes after the supplement is provided: its day is the new day 0, like a
      receipt (so the due date moves by exactly the working days in (request day, provision
      day] and a request and provision on the same day change nothing); for ``working_hours``
      from the provision moment (or the next opening); for ``hours`` from the provision moment;
    * a suspension starting after the current due moment does not stop anything (the case was
      already late) and is ignored.

    When no time is left at the provision (request on the due day), the case is due at closing
    time of the provision day, or of the next working day.
    """
    clock = _clock(unit, amount, calendar, tz, cutoff, office_hours)
    anchor = clock.start(received_at)
    remaining = _amount(unit, amount)
    for suspension in sorted(suspensions, key=lambda s: s.start):
        if suspension.start > clock.due(anchor, remaining):
            break
        remaining -= min(clock.elapsed(anchor, suspension.start), remaining)
        if suspension.end is None:
            return None
        anchor = max(anchor, clock.resume(suspension.end))
    return clock.due(anchor, remaining)


def time_used_with_suspensions(
    received_at: datetime,
    amount: int,
    unit: DurationUnit,
    calendar: WorkingCalendar,
    tz: ZoneInfo,
    suspensions: Iterable[Suspension],
    until: datetime,
    cutoff: time = DEFAULT_CUTOFF,
    office_hours: tuple[time, time] = DEFAULT_OFFICE_HOURS,
) -> int | timedelta:
    """How much of the period the office has used by ``until``: the time the clock ran, counted
    exactly as :func:`compute_due_with_suspensions` counts it (working or calendar days in (day 0,
    day of ``until``], office or elapsed time for hour units), without the citizen's supplement
    time. Past the due moment it keeps counting, so it exceeds ``amount`` by the time the case is
    late; a suspension that starts after the due moment stops nothing, as there.
    """
    clock = _clock(unit, amount, calendar, tz, cutoff, office_hours)
    anchor = clock.start(received_at)
    remaining = _amount(unit, amount)
    used = _amount(unit, 0)
    for suspension in sorted(suspensions, key=lambda s: s.start):
        if suspension.start > until or suspension.start > clock.due(anchor, remaining):
            break
        spent = min(clock.elapsed(anchor, suspension.start), remaining)
        used += spent
        remaining -= spent
        if suspension.end is None or suspension.end > until:
            return cast("int | timedelta", used)
        anchor = max(anchor, clock.resume(suspension.end))
    total: int | timedelta = used + clock.elapsed(anchor, until)
    return total


def timeliness(
    due: datetime,
    finished: datetime | None,
    now: datetime,
    calendar: WorkingCalendar,
    tz: ZoneInfo,
) -> Timeliness:
    """Where a case stands against its due moment (the national portal's buckets).

    Finished cases: "late" when finished after ``due``; "early" when finished on a day before
    the due day (in ``tz``); otherwise "on_time". Open cases: "overdue" when ``now`` is past
    ``due``; "due_soon" when the due day is today or within the next two working days
    (``working_days_between(today, due day) <= 2``); otherwise "on_track".
    """
    due_day = due.astimezone(tz).date()
    if finished is not None:
        if finished > due:
            return "late"
        return "early" if finished.astimezone(tz).date() < due_day else "on_time"
    if now > due:
        return "overdue"
    left = calendar.working_days_between(now.astimezone(tz).date(), due_day)
    return "due_soon" if left <= DUE_SOON_WORKING_DAYS else "on_track"
