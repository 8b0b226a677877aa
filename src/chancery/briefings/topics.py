"""The closed list of subject tags for notes and news, with the words that suggest each topic.

A closed list (not free tags) so that briefings group the same way at every mission and
monitoring assignments can be checked against notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from chancery.briefings.text import fold


@dataclass(frozen=True)
class Topic:
    code: str
    label: object  # lazy translation
    keywords: tuple[str, ...]  # matched on folded text, whole words


TOPICS: tuple[Topic, ...] = (
    Topic(
        "politics",
        _("Politics and diplomacy"),
        (
            "chinh tri",
            "ngoai giao",
            "hoi dam",
            "chuyen tham",
            "tiep xuc",
            "quan he song phuong",
            "doi tac chien luoc",
            "tuyen bo chung",
            "diplomacy",
            "diplomatic",
            "bilateral",
            "state visit",
            "summit",
            "joint statement",
            "foreign minister",
        ),
    ),
    Topic(
        "economy",
        _("Economy, trade and investment"),
        (
            "kinh te",
            "thuong mai",
            "dau tu",
            "xuat khau",
            "nhap khau",
            "ngoai giao kinh te",
            "tang truong",
            "doanh nghiep",
            "oda",
            "economy",
            "economic",
            "trade",
            "investment",
            "export",
            "import",
            "growth",
        ),
    ),
    Topic(
        "security",
        _("Defence and security"),
        (
            "quoc phong",
            "an ninh",
            "bien gioi",
            "bien dong",
            "chu quyen",
            "defence",
            "defense",
            "security",
            "military",
            "maritime",
            "border",
        ),
    ),
    Topic(
        "consular",
        _("Consular affairs and citizen protection"),
        (
            "bao ho cong dan",
            "lanh su",
            "nguoi viet nam o nuoc ngoai",
            "cong dong nguoi viet",
            "ho chieu",
            "thi thuc",
            "consular",
            "citizen protection",
            "passport",
            "visa",
            "diaspora",
        ),
    ),
    Topic(
        "multilateral",
        _("Multilateral affairs"),
        (
            "da phuong",
            "asean",
            "lien hop quoc",
            "apec",
            "g20",
            "wto",
            "multilateral",
            "united nations",
        ),
    ),
    Topic(
        "culture",
        _("Culture, education and tourism"),
        (
            "van hoa",
            "giao duc",
            "du lich",
            "dao tao",
            "giao luu nhan dan",
            "culture",
            "cultural",
            "education",
            "tourism",
            "students",
        ),
    ),
    Topic(
        "science",
        _("Science, technology and digital transformation"),
        (
            "khoa hoc",
            "cong nghe",
            "chuyen doi so",
            "ban dan",
            "tri tue nhan tao",
            "du lieu lon",
            "science",
            "technology",
            "digital",
            "semiconductor",
            "artificial intelligence",
        ),
    ),
    Topic(
        "climate",
        _("Climate, energy and environment"),
        (
            "bien doi khi hau",
            "nang luong",
            "chuyen doi xanh",
            "moi truong",
            "kinh te tuan hoan",
            "climate",
            "energy",
            "environment",
            "emissions",
        ),
    ),
    Topic(
        "ministry",
        _("Building the foreign service"),
        (
            "xay dung nganh",
            "bo may",
            "can bo ngoai giao",
            "cai cach hanh chinh",
            "thu tuc hanh chinh",
            "quy che",
            "quy trinh",
            "civil service",
            "administrative reform",
        ),
    ),
)

TOPIC_BY_CODE = {t.code: t for t in TOPICS}
TOPIC_ORDER = {t.code: i for i, t in enumerate(TOPICS)}
CHOICES = [(t.code, t.label) for t in TOPICS]
GENERAL = "general"


def label(code: str) -> str:
    """The topic's name in the reader's language; notes without a topic read "General"."""
    topic = TOPIC_BY_CODE.get(code)
    return str(topic.label) if topic else str(_("General"))


def valid(codes: list[str]) -> list[str]:
    """Keep known codes, once each, in the order given."""
    seen: list[str] = []
    for code in codes:
        if code in TOPIC_BY_CODE and code not in seen:
            seen.append(code)
    return seen


_PATTERNS = {
    t.code: re.compile(r"\b(?:" + "|".join(re.escape(k) for k in t.keywords) + r")\b") for t in TOPICS
}


def suggest(text: str, *, minimum: int = 2, limit: int = 3) -> list[str]:
    """Topics whose keywords occur at least `minimum` times, most frequent first."""
    folded = fold(text)
    counts = {code: len(pattern.findall(folded)) for code, pattern in _PATTERNS.items()}
    ranked = sorted(
        (c for c, n in counts.items() if n >= minimum), key=lambda c: (-counts[c], TOPIC_ORDER[c])
    )
    return ranked[:limit]
