"""Search benchmark: a large synthetic corpus of Vietnamese notes, then search latency percentiles.

    python bench/search_bench.py --n 100000          # the configured database (DATABASE_URL or SQLite)
    python bench/search_bench.py --n 2000 --rounds 3 --keep

Notes and their search entries are bulk-inserted into two throw-away units (BENCH-A, BENCH-B),
10 % of them restricted; the queries run through the real `search()` (scoping, ranking,
highlighting) as an officer of BENCH-A and as the leadership. Everything made is deleted at the
end unless --keep. Bulk insertion bypasses the services (no audit records): it is test data.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BENCH_UNITS = ("BENCH-A", "BENCH-B")
BENCH_USERS = ("bench.officer", "bench.leader")

# Domain phrases: each turns up in a few per cent of notes, like real subjects do.
PHRASES = [
    "Bộ Ngoại giao",
    "Đại sứ quán",
    "cơ quan đại diện",
    "bảo hộ công dân",
    "ngoại giao kinh tế",
    "hợp tác song phương",
    "đối tác chiến lược toàn diện",
    "chuyển đổi số",
    "đầu tư trực tiếp",
    "thương mại",
    "xuất khẩu nông sản",
    "du lịch",
    "giáo dục và đào tạo",
    "an ninh hàng hải",
    "biến đổi khí hậu",
    "năng lượng tái tạo",
    "chuỗi cung ứng bán dẫn",
    "cộng đồng người Việt",
    "Hà Nội",
    "Đà Nẵng",
    "Thành phố Hồ Chí Minh",
    "Hải Phòng",
    "Cần Thơ",
    "Nhật Bản",
    "Hoa Kỳ",
    "Pháp",
    "Australia",
    "Ả Rập Xê-út",
    "Hàn Quốc",
    "Trung Quốc",
    "Liên minh châu Âu",
    "ASEAN",
    "Liên hợp quốc",
    "Thủ tướng",
    "Bộ trưởng",
    "Thứ trưởng",
    "phái đoàn",
    "hội đàm",
    "chuyến thăm chính thức",
    "tuyên bố chung",
    "bản ghi nhớ",
    "hiệp định",
    "diễn đàn doanh nghiệp",
    "hội nghị",
    "tham vấn chính trị",
]
# Function words: in almost every note, as in real Vietnamese text.
FILLER = [
    "trong",
    "ngày",
    "về",
    "với",
    "của",
    "và",
    "các",
    "đã",
    "sẽ",
    "tiếp tục",
    "tăng cường",
    "thúc đẩy",
    "làm việc",
    "trao đổi",
    "nhất trí",
    "đánh giá cao",
    "khẳng định",
    "đề nghị",
    "phía bạn",
    "hai bên",
    "năm 2025",
    "quý III",
    "kết quả",
    "quan trọng",
    "tích cực",
    "cụ thể",
    "nhanh chóng",
    "tình hình",
]
ENGLISH = ["supply chain", "semiconductor investment", "joint statement", "visa policy", "trade talks"]
ONSETS = [
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
    "",
]
RHYMES = [
    "a",
    "ai",
    "an",
    "ang",
    "anh",
    "ao",
    "ăm",
    "ăn",
    "âm",
    "ân",
    "âu",
    "ây",
    "e",
    "em",
    "en",
    "eo",
    "ê",
    "ên",
    "êu",
    "i",
    "im",
    "in",
    "inh",
    "iêu",
    "iên",
    "o",
    "oa",
    "oai",
    "oan",
    "oi",
    "on",
    "ong",
    "ô",
    "ôi",
    "ôm",
    "ông",
    "ơ",
    "ơi",
    "ơn",
    "u",
    "ua",
    "ui",
    "un",
    "ung",
    "uy",
    "ư",
    "ưa",
    "ương",
    "ươi",
]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # grave, acute, hook, tilde, dot


def _vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """Pseudo-Vietnamese words of one to three syllables, for a realistic spread of word frequencies."""
    import unicodedata

    def syllable() -> str:
        rhyme = rng.choice(RHYMES)
        return unicodedata.normalize("NFC", rng.choice(ONSETS) + rhyme[0] + rng.choice(TONES) + rhyme[1:])

    words = set()
    while len(words) < size:
        words.add(" ".join(syllable() for _s in range(rng.choice((1, 2, 2, 3)))))
    return sorted(words)


TOPICS = ["politics", "economy", "security", "consular", "multilateral", "culture", "science", "climate"]
COUNTRIES = ["JP", "US", "FR", "AU", "SA", "KR", "CN", "DE", "GB", "SG"]

# (label, query, filters)
QUERIES: list[tuple[str, str, dict]] = [
    ("vi, no diacritics", "bo ngoai giao", {}),
    ("vi, diacritics", "Bộ Ngoại giao", {}),
    ("vi, capitals", "ĐÀ NẴNG", {}),
    ("đ folded", "dai su quan da nang", {}),
    ("phrase", '"chuyen doi so"', {}),
    ("3 words", "hop tac kinh te nhat ban", {}),
    ("rare", "tham van chinh tri han quoc", {}),
    ("english", "semiconductor investment", {}),
    ("common words", "tiep tuc tang cuong", {}),
    ("country filter", "dau tu", {"country": "JP"}),
    ("topic filter", "bao ho cong dan", {"topic": "consular"}),
    ("kind+date", "thuong mai", {"kind": "note", "date_from": date(2025, 6, 1)}),
    ("filters only", "", {"country": "FR", "topic": "economy"}),
]


def setup_django() -> None:
    """Configure Django when run as a script (the test suite has done it already)."""
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _text(rng: random.Random, vocabulary: list[str], cumulative: list[float], words: int) -> str:
    """Zipf-distributed vocabulary, function words, and now and then a domain phrase."""
    parts: list[str] = []
    while len(parts) < words:
        roll = rng.random()
        if roll < 0.02:
            parts.append(rng.choice(PHRASES))
        elif roll < 0.35:
            parts.append(rng.choice(FILLER))
        elif roll < 0.352:
            parts.append(rng.choice(ENGLISH))
        else:
            parts.append(rng.choices(vocabulary, cum_weights=cumulative)[0])
        if rng.random() < 0.08:
            parts[-1] += "."
    return " ".join(parts).capitalize() + "."


def generate(n: int, seed: int = 2026, batch: int = 2000) -> dict:
    """Insert `n` notes and their search entries; returns the units and users made."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from chancery.briefings.models import Classification, Note
    from chancery.briefings.text import fold_for_index, html_to_text, sanitize_html
    from chancery.organization.models import Membership, Role, Unit, UnitKind
    from chancery.search.models import SearchEntry, SearchText

    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    units = []
    for code in BENCH_UNITS:
        unit, _created = Unit.objects.get_or_create(
            code=code,
            defaults={
                "kind": UnitKind.EMBASSY,
                "name_vi": f"Đơn vị thử {code}",
                "name_en": f"Benchmark {code}",
                "host_country": "JP",
                "city": "Tokyo",
                "time_zone": "Asia/Tokyo",
                "weekend_days": [5, 6],
            },
        )
        units.append(unit)
    User = get_user_model()
    officer, _c = User.objects.get_or_create(username=BENCH_USERS[0])
    leader, _c = User.objects.get_or_create(username=BENCH_USERS[1])
    Membership.objects.get_or_create(user=officer, unit=units[0], role=Role.OFFICER)
    Membership.objects.get_or_create(user=leader, unit=units[0], role=Role.LEADERSHIP)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    numbers = {u.pk: Note.objects.filter(unit=u).count() for u in units}
    made = 0
    while made < n:
        size = min(batch, n - made)
        notes = []
        for _i in range(size):
            unit = units[rng.random() < 0.5]
            numbers[unit.pk] += 1
            written = start + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
            body = sanitize_html(_text(rng, vocabulary, cumulative, rng.randint(60, 160)))
            classification = (
                Classification.RESTRICTED
                if rng.random() < 0.1
                else rng.choice([Classification.PUBLIC, Classification.INTERNAL])
            )
            notes.append(
                Note(
                    unit=unit,
                    author=officer,
                    year=2025,
                    number=numbers[unit.pk],
                    written_at=written,
                    date=written.date(),
                    title=_text(rng, vocabulary, cumulative, rng.randint(6, 14))[:300],
                    topics=rng.sample(TOPICS, rng.randint(1, 2)),
                    countries=rng.sample(COUNTRIES, rng.randint(0, 2)),
                    classification=classification,
                    body_html=body,
                    body_text=html_to_text(body),
                )
            )
        with transaction.atomic():
            Note.objects.bulk_create(notes)
            entries = SearchEntry.objects.bulk_create(
                [
                    SearchEntry(
                        kind="note",
                        key=str(note.pk),
                        unit_id=note.unit_id,
                        classification=note.classification,
                        date=note.date,
                        countries="|" + "|".join(note.countries) + "|" if note.countries else "",
                        topics="|" + "|".join(note.topics) + "|",
                        title=note.title,
                        url=f"/staff/briefings/notes/{note.pk}/",
                    )
                    for note in notes
                ]
            )
            SearchText.objects.bulk_create(
                [
                    SearchText(
                        entry=entry,
                        body=note.body_text,
                        folded=fold_for_index(note.title + "\n" + note.body_text),
                    )
                    for entry, note in zip(entries, notes, strict=True)
                ]
            )
        made += size
    return {"units": units, "officer": officer, "leader": leader}


def cleanup() -> None:
    from django.contrib.auth import get_user_model

    from chancery.briefings.models import Note
    from chancery.organization.models import Unit
    from chancery.search.models import SearchEntry

    units = Unit.objects.filter(code__in=BENCH_UNITS)
    ids = list(Note.objects.filter(unit__in=units).values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        chunk = [str(i) for i in ids[start : start + 5000]]
        SearchEntry.objects.filter(kind="note", key__in=chunk).delete()
    Note.objects.filter(unit__in=units).delete()
    get_user_model().objects.filter(username__in=BENCH_USERS).delete()
    units.delete()


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _existing(n: int) -> dict | None:
    """The bench units and readers of an earlier --keep run, if it left at least `n` notes."""
    from django.contrib.auth import get_user_model

    from chancery.briefings.models import Note
    from chancery.organization.models import Unit

    units = list(Unit.objects.filter(code__in=BENCH_UNITS).order_by("code"))
    users = {u.username: u for u in get_user_model().objects.filter(username__in=BENCH_USERS)}
    if len(units) < 2 or len(users) < 2 or Note.objects.filter(unit__in=units).count() < n:
        return None
    return {"units": units, "officer": users[BENCH_USERS[0]], "leader": users[BENCH_USERS[1]]}


def run(n: int, rounds: int, keep: bool, out=None, reuse: bool = False) -> dict:
    from django.db import connection

    out = out or sys.stdout
    from chancery.search.engine import search

    print(f"database: {connection.vendor}; corpus: {n} synthetic notes, 10 % restricted", file=out)
    began = time.perf_counter()
    existing = _existing(n) if reuse else None
    if existing:
        made = existing
        print("reusing the corpus of an earlier --keep run", file=out)
    else:
        made = generate(n)
        load = time.perf_counter() - began
        print(f"loaded in {load:.1f} s ({n / load:.0f} notes/s)", file=out)
    users = [("officer", made["officer"]), ("leadership", made["leader"])]
    timings: list[float] = []
    per_query: dict[str, list[float]] = {label: [] for label, _q, _f in QUERIES}
    totals: dict[str, int] = {}
    try:
        for _label, query, filters in QUERIES:  # warm-up: caches, query plans
            search(made["officer"], query, **filters)
        wall = time.perf_counter()
        for _round in range(rounds):
            for label, query, filters in QUERIES:
                for _name, user in users:
                    t0 = time.perf_counter()
                    results = search(user, query, **filters)
                    elapsed = (time.perf_counter() - t0) * 1000
                    timings.append(elapsed)
                    per_query[label].append(elapsed)
                    totals[label] = results.total
        wall = time.perf_counter() - wall
    finally:
        if not keep:
            cleanup()
    print(
        f"{len(timings)} searches ({rounds} rounds x {len(QUERIES)} queries x {len(users)} readers), "
        "first page of 20 with highlights",
        file=out,
    )
    print(f"{'query':<20} {'hits':>8} {'p50 ms':>8} {'p95 ms':>8}", file=out)
    for label, _q, _f in QUERIES:
        values = per_query[label]
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(f"{label:<20} {totals.get(label, 0):>8} {p50:>8.1f} {p95:>8.1f}", file=out)
    figures = {
        "p50": percentile(timings, 50),
        "p95": percentile(timings, 95),
        "p99": percentile(timings, 99),
        "mean": statistics.fmean(timings) if timings else 0.0,
        "qps": len(timings) / wall if wall else 0.0,
    }
    print(
        f"latency ms: p50 {figures['p50']:.1f}  p95 {figures['p95']:.1f}  p99 {figures['p99']:.1f}  "
        f"mean {figures['mean']:.1f}",
        file=out,
    )
    print(f"throughput: {figures['qps']:.1f} queries/s (one connection)", file=out)
    return figures


def main(argv: Sequence[str] | None = None, *, setup: bool = True) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="notes to generate (default 100000)")
    parser.add_argument("--rounds", type=int, default=5, help="times each query runs per reader")
    parser.add_argument("--keep", action="store_true", help="keep the generated notes")
    parser.add_argument("--reuse", action="store_true", help="search the corpus an earlier --keep run left")
    args = parser.parse_args(argv)
    if setup:
        setup_django()
    run(args.n, args.rounds, args.keep, reuse=args.reuse)
    return 0


if __name__ == "__main__":
    sys.exit(main())
