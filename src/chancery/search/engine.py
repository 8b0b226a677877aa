"""One search over notes, news, briefings and directives.

Public API for every app: `register_kind`, `index_entry`, `remove_entry`, `search`. Matching is on
folded text (see core/text.py), so "bo ngoai giao", "BỘ NGOẠI GIAO" and "Bộ Ngoại giao" are the same
query. Every word is required; "quoted words" must appear together.

Who sees an entry is decided by the app that owns its kind, once: each kind is registered with
the selector its own pages use (`register_kind(SearchKind.NOTE, visible=visible_notes)`), and
search shows an entry only when that selector, for this reader, holds the object it stands for.
The rule is applied in SQL, before ranking: an entry the reader may not open is never even
counted. A kind without a registered rule cannot be indexed, and its entries are never shown.
SQLite uses an FTS5 table, PostgreSQL a tsvector column (briefings migration 0002 makes the one that fits).
Apps (briefings, directives) register their kind in their AppConfig.ready, add their entries with
`index_entry(kind, key, ...)` from their services, in the same transaction as the write, and
`remove_entry` when the object goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, transaction
from django.db.models import BigIntegerField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from chancery.core.text import WORD_RE, fold, fold_for_index, fold_with_map, nfc
from chancery.organization.classification import Classification
from chancery.organization.selectors import is_staff_member
from chancery.search.models import SearchEntry, SearchKind, SearchText

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FTS_TABLE = "briefings_searchentry_fts"
MAX_TERMS = 16
SNIPPET_CHARS = 280
COUNT_CAP = 1_000  # totals above this are shown as "more than"
# With more matches than this, the best are sought among the most recent ones. Not above
# COUNT_CAP: the count stops there, and a capped count is what says "very many matches".
RANK_WINDOW = 1_000


# --- who may see what: one rule per kind, the one its pages use ------------------------------


@dataclass(frozen=True)
class IndexedKind:
    kind: str
    # reader -> the objects of this kind the reader may open: the selector of the kind's pages.
    visible: Callable[[Any], QuerySet]


_kinds: dict[str, IndexedKind] = {}


def register_kind(kind: str, *, visible: Callable[[Any], QuerySet]) -> None:
    """Declare who may see entries of `kind`: `visible(user)` is the queryset of objects the
    user may open, whose primary keys are the entries' keys. Called once, from the owning app's
    AppConfig.ready; registering another rule for a kind already registered is refused."""
    if kind not in SearchKind.values:
        raise ValueError(f"unknown search kind {kind!r}")
    known = _kinds.get(kind)
    if known is not None and known.visible is not visible:
        raise ValueError(f"search kind {kind!r} already has a visibility rule ({known.visible!r})")
    _kinds[kind] = IndexedKind(kind, visible)


def registered_kinds() -> tuple[str, ...]:
    return tuple(_kinds)


def _tags(values: Iterable[str]) -> str:
    values = [v for v in values if v]
    return "|" + "|".join(values) + "|" if values else ""


def index_entry(
    kind: str,
    key: Any,
    *,
    title: str,
    body: str = "",
    unit_id: int | None = None,
    classification: str = Classification.INTERNAL,
    date: Date,
    countries: Iterable[str] = (),
    topics: Iterable[str] = (),
    url: str = "",
    keywords: str = "",
) -> SearchEntry:
    """Add or replace the entry (kind, key). `keywords` are searchable but never displayed
    (e.g. the names of a note's countries, so "Nhật Bản" finds a note tagged JP)."""
    if kind not in SearchKind.values:
        raise ValueError(f"unknown search kind {kind!r}")
    if kind not in _kinds:
        raise ValueError(f"search kind {kind!r} has no visibility rule: call search.register_kind first")
    if not str(key).isdigit():  # the visibility rule looks the object up by it, cast to an integer
        raise ValueError(f"search key {key!r} is not a primary key")
    if classification not in Classification.values:
        raise ValueError(f"unknown classification {classification!r}")
    title = nfc(title)[:500]
    body = nfc(body)
    with transaction.atomic():
        entry, _created = SearchEntry.objects.update_or_create(
            kind=kind,
            key=str(key),
            defaults={
                "unit_id": unit_id,
                "classification": classification,
                "date": date,
                "countries": _tags(c.upper() for c in countries),
                "topics": _tags(topics),
                "title": title,
                "url": url[:500],
            },
        )
        SearchText.objects.update_or_create(
            entry=entry, defaults={"body": body, "folded": fold_for_index("\n".join((title, body, keywords)))}
        )
    return entry


def remove_entry(kind: str, key: Any) -> int:
    """Remove the entry, if any; returns how many were removed."""
    _total, detail = SearchEntry.objects.filter(kind=kind, key=str(key)).delete()
    return detail.get(SearchEntry._meta.label, 0)


def visible_entries(user: User) -> QuerySet[SearchEntry]:
    """Entries whose object the user may open, by the rule registered for each kind: exactly
    what the kind's own pages show this reader. Entries of a kind with no rule: never."""
    if not is_staff_member(user):
        return SearchEntry.objects.none()
    allowed = Q(pk__in=[])
    for spec in _kinds.values():
        objects = spec.visible(user)
        if objects.query.is_empty():
            continue
        if not objects.query.where:  # every object of the kind (e.g. the leadership's notes)
            allowed |= Q(kind=spec.kind)
        else:
            # Per matching entry, one look-up by primary key (keys are primary keys: see index_entry).
            opens = objects.order_by().filter(pk=Cast(OuterRef("key"), BigIntegerField())).values("pk")
            allowed |= Q(kind=spec.kind) & Q(Exists(opens))
    return SearchEntry.objects.filter(allowed)


# --- queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # single folded words, all required
    phrases: tuple[tuple[str, ...], ...]  # folded word sequences, each required in order

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    def fts5(self) -> str:
        parts = [f'"{t}"' for t in self.terms] + ['"' + " ".join(p) + '"' for p in self.phrases]
        return " AND ".join(parts)

    def tsquery(self) -> str:
        parts = [f"'{t}'" for t in self.terms] + [
            "(" + " <-> ".join(f"'{w}'" for w in p) + ")" for p in self.phrases
        ]
        return " & ".join(parts)

    @property
    def whole(self) -> tuple[str, ...] | None:
        """The unquoted words as one phrase: Vietnamese words are several syllables ("da nang"),
        so entries holding them side by side come first and are highlighted as one."""
        return self.terms if len(self.terms) > 1 else None

    def whole_fts5(self) -> str:
        return '"' + " ".join(self.whole or ()) + '"'

    def whole_tsquery(self) -> str:
        return " <-> ".join(f"'{w}'" for w in self.whole or ())


_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”')


def parse_query(query: str) -> ParsedQuery:
    """Words outside quotes are required anywhere; words inside quotes must be adjacent."""
    query = nfc(query or "")
    phrases: list[tuple[str, ...]] = []
    terms: list[str] = []

    def take_phrase(match: re.Match) -> str:
        found = tuple(WORD_RE.findall(fold(match.group(1) or match.group(2) or "")))
        if len(found) == 1:
            terms.append(found[0])
        elif found:
            phrases.append(found)
        return " "

    rest = _QUOTED.sub(take_phrase, query)
    for word in WORD_RE.findall(fold(rest)):
        if word not in terms:
            terms.append(word)
    return ParsedQuery(tuple(terms[:MAX_TERMS]), tuple(phrases[:MAX_TERMS]))


@dataclass
class Hit:
    entry: SearchEntry
    title_html: SafeString
    snippet_html: SafeString
    rank: float = 0.0


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20

    @property
    def capped(self) -> bool:
        """More results than were counted (see COUNT_CAP)."""
        return self.total > COUNT_CAP

    @property
    def counted_up_to(self) -> int:
        return COUNT_CAP

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def filtered(
    user: User,
    *,
    kind: str | Iterable[str] | None = None,
    unit: int | None = None,
    date_from: Date | None = None,
    date_to: Date | None = None,
    topic: str | None = None,
    country: str | None = None,
) -> QuerySet[SearchEntry]:
    """Entries the user may see, narrowed by the filters; no text matching yet."""
    qs = visible_entries(user)
    if kind:
        qs = qs.filter(kind=kind) if isinstance(kind, str) else qs.filter(kind__in=list(kind))
    if unit:
        qs = qs.filter(unit_id=unit)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if topic:
        qs = qs.filter(topics__contains=f"|{topic}|")
    if country:
        qs = qs.filter(countries__contains=f"|{country.upper()}|")
    return qs


def _where(base: QuerySet) -> tuple[str, list] | None:
    """The WHERE clause of `base` (over briefings_searchentry's own columns), or None if it
    matches nothing. Put straight into the full-text query, so that only the entries that
    match the words are checked against the reader's scope, never the whole table."""
    compiler = base.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.compile(base.query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "1 = 1", []
    return (sql or "1 = 1"), list(params)


def _ranked_ids(
    base: QuerySet, parsed: ParsedQuery, order: str, limit: int, offset: int
) -> tuple[list[tuple[int, float]], int]:
    where_scope = _where(base)
    if where_scope is None:  # e.g. someone who is not staff: nothing to search
        return [], 0
    scope_sql, scope_params = where_scope
    vendor = connection.vendor
    table = "briefings_searchentry"
    if vendor == "sqlite":
        match, match_params = f"{FTS_TABLE} MATCH %s", [parsed.fts5()]
        # CROSS JOIN makes SQLite start from the full-text matches; left to itself, the planner may
        # walk an index of the entry table and run the MATCH once per row (seconds, not milliseconds).
        source = f"{FTS_TABLE} CROSS JOIN {table} ON {table}.id = {FTS_TABLE}.rowid"
        carried = f"{FTS_TABLE}.rank AS rank"  # what a window of matches carries for ranking
    elif vendor == "postgresql":
        match, match_params = "t.search_vector @@ to_tsquery('simple', %s)", [parsed.tsquery()]
        source = f"briefings_searchtext t JOIN {table} ON {table}.id = t.entry_id"
        carried = "t.search_vector AS search_vector"
    else:  # pragma: no cover - other databases are not supported
        raise NotImplementedError(vendor)

    def ranking(rel: str, vector: str) -> tuple[str, str, list]:
        """rank and phrase expressions over a relation (`rel`: its id column's table, `vector`:
        its tsvector), and their parameters. Lower ranks first: bm25 is, ts_rank is negated."""
        if vendor == "sqlite":
            rank_sql, params = f"{FTS_TABLE}.rank" if rel == table else f"{rel}.rank", []
        else:
            rank_sql, params = f"-ts_rank({vector}, to_tsquery('simple', %s))", [parsed.tsquery()]
        # Entries with the unquoted words side by side first.
        phrase = "0"
        if parsed.whole and vendor == "sqlite":
            phrase = (f"CASE WHEN {rel}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} "  # noqa: S608
                      "MATCH %s) THEN 0 ELSE 1 END")
            params = [*params, parsed.whole_fts5()]
        elif parsed.whole:
            phrase = f"CASE WHEN {vector} @@ to_tsquery('simple', %s) THEN 0 ELSE 1 END"
            params = [*params, parsed.whole_tsquery()]
        return rank_sql, phrase, params

    def ordering(rel: str) -> str:
        if order == "newest":
            return f"{rel}.date DESC, phrase, rank, {rel}.id DESC"
        return f"phrase, rank, {rel}.date DESC, {rel}.id DESC"

    # Only constants and the ORM's own SQL are interpolated; every value is a parameter.
    where, where_params = f"{match} AND ({scope_sql})", [*match_params, *scope_params]
    recent = f"ORDER BY {table}.date DESC, {table}.id DESC LIMIT %s"
    with connection.cursor() as cursor:
        # Counted up to COUNT_CAP: "more than 1 000 results" needs no exact figure, and an exact
        # count of a very common word costs as much as the search itself.
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {where} LIMIT %s) AS capped",  # noqa: S608
            [*where_params, COUNT_CAP + 1],
        )
        total = cursor.fetchone()[0]
        if not total or offset >= total:
            return [], total
        if total > RANK_WINDOW and offset + limit <= RANK_WINDOW:
            # Very many matches, first pages: the RANK_WINDOW most recent matches, read once in date
            # order with what ranking needs, are ranked among themselves. A bounded time however
            # common the word and large the archive.
            rank_sql, phrase_sql, params = ranking("w", "w.search_vector")
            cursor.execute(
                f"SELECT w.id, {rank_sql} AS rank, {phrase_sql} AS phrase FROM ("  # noqa: S608
                f"SELECT {table}.id AS id, {table}.date AS date, {carried} FROM {source} "
                f"WHERE {where} {recent}) AS w ORDER BY {ordering('w')} LIMIT %s OFFSET %s",
                [*params, *where_params, RANK_WINDOW, limit, offset],
            )
        else:
            rank_sql, phrase_sql, params = ranking(table, "t.search_vector")
            order_sql, order_params = ordering(table), []
            if total > RANK_WINDOW:
                # Pages past the window: the window first (as above), then the others ranked.
                window = f"{table}.id IN (SELECT {table}.id FROM {source} WHERE {where} {recent})"  # noqa: S608
                order_sql = f"CASE WHEN {window} THEN 0 ELSE 1 END, {order_sql}"
                order_params = [*where_params, RANK_WINDOW]
            cursor.execute(
                f"SELECT {table}.id, {rank_sql} AS rank, {phrase_sql} AS phrase FROM {source} "  # noqa: S608
                f"WHERE {where} ORDER BY {order_sql} LIMIT %s OFFSET %s",
                [*params, *where_params, *order_params, limit, offset],
            )
        rows = [(row[0], float(row[1])) for row in cursor.fetchall()]
    return rows, total


def search(
    user: User,
    query: str,
    *,
    kind: str | Iterable[str] | None = None,
    unit: int | None = None,
    date_from: Date | None = None,
    date_to: Date | None = None,
    topic: str | None = None,
    country: str | None = None,
    order: str = "relevance",
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Entries the user may see that contain every word: those holding the unquoted words side
    by side first, then by relevance (bm25 / ts_rank), then most recent. With more than
    RANK_WINDOW matches, the most recent RANK_WINDOW come first, ranked, then the rest.
    With no words, the filters alone list entries, most recent first.
    """
    parsed = parse_query(query)
    base = filtered(
        user, kind=kind, unit=unit, date_from=date_from, date_to=date_to, topic=topic, country=country
    )
    page = max(1, page)
    offset = (page - 1) * per_page
    results = SearchResults(query=parsed, page=page, per_page=per_page)
    if parsed.empty:
        results.total = base[: COUNT_CAP + 1].count()
        entries = list(
            base.select_related("text", "unit").order_by("-date", "-id")[offset : offset + per_page]
        )
        ranks = {e.id: 0.0 for e in entries}
    else:
        rows, results.total = _ranked_ids(base, parsed, order, per_page, offset)
        by_id = SearchEntry.objects.select_related("text", "unit").in_bulk([r[0] for r in rows])
        entries = [by_id[r[0]] for r in rows if r[0] in by_id]
        ranks = dict(rows)
    for entry in entries:
        results.hits.append(
            Hit(
                entry=entry,
                title_html=highlight(entry.title, parsed, whole=True),
                snippet_html=highlight(entry.body, parsed),
                rank=ranks.get(entry.id, 0.0),
            )
        )
    return results


# --- highlighting ----------------------------------------------------------------------------


def _has_sequence(words: list[str], sequence: tuple[str, ...]) -> bool:
    n = len(sequence)
    return any(tuple(words[i : i + n]) == sequence for i in range(len(words) - n + 1))


def match_spans(text: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Spans of `text` (original characters) whose folded words match the query."""
    folded, positions = fold_with_map(text)
    tokens = [(m.group(0), m.start(), m.end()) for m in WORD_RE.finditer(folded)]
    marked: set[int] = set()
    phrases = list(parsed.phrases)
    if parsed.whole and _has_sequence([t[0] for t in tokens], parsed.whole):
        phrases.append(parsed.whole)  # the words side by side: mark those, not every lone syllable
    else:
        wanted = set(parsed.terms)
        marked.update(i for i, (word, _s, _e) in enumerate(tokens) if word in wanted)
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if all(tokens[i + k][0] == phrase[k] for k in range(n)):
                marked.update(range(i, i + n))
    spans: list[tuple[int, int]] = []
    for i in sorted(marked):
        _w, start, end = tokens[i]
        o_start, o_end = positions[start], positions[end - 1] + 1
        if spans and not text[spans[-1][1] : o_start].strip():
            spans[-1] = (spans[-1][0], o_end)  # "Bộ Ngoại giao" is one mark, not three
        else:
            spans.append((o_start, o_end))
    return spans


def highlight(
    text: str, parsed: ParsedQuery, *, whole: bool = False, width: int = SNIPPET_CHARS
) -> SafeString:
    """HTML-escaped text with <mark> around matches; a window around the first match unless `whole`."""
    text = nfc(text or "")
    spans = match_spans(text, parsed) if not parsed.empty else []
    start, end = 0, len(text)
    if not whole and len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, first - width // 3)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 and start - space < 30 else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.find(" ", end)
            end = space if 0 <= space < end + 30 else end
    out: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped
