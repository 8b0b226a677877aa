"""Demo data for mission reporting: partners, monitoring, notes (one restricted), news from the
seed articles, and compiled briefings. Everything goes through the services, so the audit trail and
the search index are real. Safe to run again: nothing is duplicated.

Needs the demo units and staff of chancery.demo.seed (create_units_and_staff) first.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from chancery.briefings import services
from chancery.briefings.models import (
    Classification,
    MonitoringAssignment,
    NewsItem,
    Note,
    RelationshipLevel,
    Subscription,
)
from chancery.organization.models import Unit

CSP = RelationshipLevel.COMPREHENSIVE_STRATEGIC
STRATEGIC = RelationshipLevel.STRATEGIC
COMPREHENSIVE = RelationshipLevel.COMPREHENSIVE

# (code, [(level, since, source)], summary, [(agreement, signed on)]); dates from the joint
# statements as reported by VNA, Reuters and the partners' governments.
PARTNERS: list[tuple[str, list[tuple[str, date, str]], str, list[tuple[str, date | None]]]] = [
    (
        "JP",
        [(CSP, date(2023, 11, 27), "Joint statement, Tokyo, 27 Nov 2023")],
        "Comprehensive strategic partnership for peace and prosperity in Asia and the world.",
        [("Joint statement on the comprehensive strategic partnership", date(2023, 11, 27))],
    ),
    (
        "US",
        [
            (COMPREHENSIVE, date(2013, 7, 25), "Joint statement, Washington, 25 Jul 2013"),
            (CSP, date(2023, 9, 10), "Joint leaders' statement, Hà Nội, 10 Sep 2023"),
        ],
        "Comprehensive strategic partnership for peace, cooperation and sustainable development.",
        [("Joint leaders' statement on the comprehensive strategic partnership", date(2023, 9, 10))],
    ),
    (
        "FR",
        [
            (STRATEGIC, date(2013, 9, 25), "Joint statement, Paris, 25 Sep 2013"),
            (CSP, date(2024, 10, 7), "Talks To Lam – Macron, Paris, 7 Oct 2024"),
        ],
        "First comprehensive strategic partner in the European Union.",
        [
            ("Joint statement on the strategic partnership", date(2013, 9, 25)),
            ("Joint statement on the comprehensive strategic partnership", date(2024, 10, 7)),
        ],
    ),
    (
        "AU",
        [
            (STRATEGIC, date(2018, 3, 15), "Strategic partnership, Canberra, 15 Mar 2018"),
            (CSP, date(2024, 3, 7), "Joint statement, Canberra, 7 Mar 2024"),
        ],
        "Comprehensive strategic partnership announced at the annual leaders' meeting.",
        [("Joint statement on the comprehensive strategic partnership", date(2024, 3, 7))],
    ),
    (
        "NZ",
        [(CSP, date(2025, 2, 26), "Joint statement, Hà Nội, Feb 2025")],
        "Raised from the 2020 strategic partnership on the 50th anniversary of relations.",
        [("Joint statement on the comprehensive strategic partnership", date(2025, 2, 26))],
    ),
    (
        "SA",
        [(RelationshipLevel.DIPLOMATIC, date(1999, 10, 21), "Diplomatic relations since Oct 1999")],
        "No partnership framework yet; growing trade, labour and investment ties.",
        [],
    ),
]

ASSIGNMENTS = [
    ("emb-fr.officer", "EMB-FR", "politics", "FR"),
    ("emb-fr.officer", "EMB-FR", "economy", ""),
    ("emb-jp.officer", "EMB-JP", "economy", "JP"),
    ("cg-sf.officer", "CG-SF", "", "US"),
    ("emb-au.officer", "EMB-AU", "politics", "AU"),
    ("emb-sa.officer", "EMB-SA", "consular", "SA"),
    ("cd-hn.officer", "CD-HN", "consular", ""),
]

# (author, unit, days ago, local time, classification, topics, countries, title, text, comment)
NOTES: list[tuple[str, str, int, time, str, list[str], list[str], str, str, str]] = [
    (
        "emb-fr.officer",
        "EMB-FR",
        1,
        time(10, 15),
        Classification.INTERNAL,
        ["politics"],
        ["FR"],
        "Quốc hội Pháp thảo luận chính sách Ấn Độ Dương – Thái Bình Dương",
        "Ủy ban Đối ngoại Quốc hội Pháp tổ chức phiên điều trần về chiến lược Ấn Độ Dương – "
        "Thái Bình Dương, nhắc tới quan hệ đối tác chiến lược toàn diện với Việt Nam.\n\n"
        "Các nghị sĩ đề nghị tăng cường hợp tác hàng hải và đào tạo.",
        "Cơ hội đề xuất chuyến thăm của đoàn Ủy ban Đối ngoại Quốc hội trong quý tới.",
    ),
    (
        "emb-fr.officer",
        "EMB-FR",
        1,
        time(23, 30),
        Classification.PUBLIC,
        ["economy"],
        ["FR"],
        "Doanh nghiệp Pháp quan tâm đầu tư vào Đà Nẵng",
        "Tại diễn đàn doanh nghiệp ở Paris, nhiều tập đoàn Pháp bày tỏ quan tâm tới các dự án năng lượng "
        "tái tạo và cảng biển tại Đà Nẵng.\n\nĐại sứ quán đã giới thiệu cơ chế ưu đãi đầu tư mới.",
        "",
    ),
    (
        "emb-jp.officer",
        "EMB-JP",
        1,
        time(9, 0),
        Classification.INTERNAL,
        ["economy"],
        ["JP"],
        "Nhật Bản công bố gói hỗ trợ chuỗi cung ứng bán dẫn",
        "Bộ Kinh tế, Thương mại và Công nghiệp Nhật Bản công bố gói hỗ trợ doanh nghiệp dịch chuyển "
        "chuỗi cung ứng bán dẫn sang Đông Nam Á. Việt Nam nằm trong nhóm địa bàn ưu tiên.",
        "Đề nghị Bộ Ngoại giao phối hợp Bộ Công Thương chuẩn bị danh mục dự án.",
    ),
    (
        "emb-jp.head",
        "EMB-JP",
        1,
        time(17, 40),
        Classification.RESTRICTED,
        ["politics"],
        ["JP"],
        "Trao đổi riêng với Vụ Đông Nam Á, Bộ Ngoại giao Nhật Bản",
        "Phía Nhật Bản thông báo riêng dự kiến chương trình chuyến thăm cấp cao sắp tới và đề nghị giữ kín "
        "cho tới khi hai bên công bố.",
        "Chỉ báo cáo Lãnh đạo Bộ.",
    ),
    (
        "cg-sf.officer",
        "CG-SF",
        1,
        time(16, 20),
        Classification.INTERNAL,
        ["science"],
        ["US"],
        "Các công ty công nghệ ở Thung lũng Silicon tìm hiểu môi trường đầu tư tại Việt Nam",
        "Tổng Lãnh sự quán làm việc với ba công ty thiết kế chip về khả năng mở trung tâm nghiên cứu tại "
        "Hà Nội và Thành phố Hồ Chí Minh.",
        "",
    ),
    (
        "emb-au.officer",
        "EMB-AU",
        1,
        time(11, 5),
        Classification.PUBLIC,
        ["politics", "culture"],
        ["AU"],
        "Australia tăng học bổng cho sinh viên Việt Nam",
        "Bộ Ngoại giao và Thương mại Australia công bố tăng số học bổng cho sinh viên Việt Nam trong "
        "khuôn khổ quan hệ đối tác chiến lược toàn diện.",
        "",
    ),
    (
        "emb-sa.officer",
        "EMB-SA",
        2,
        time(14, 0),
        Classification.INTERNAL,
        ["consular"],
        ["SA"],
        "Hỗ trợ lao động Việt Nam tại Riyadh",
        "Đại sứ quán tiếp nhận đề nghị hỗ trợ của 12 lao động Việt Nam về hợp đồng lao động; đã làm việc với "
        "cơ quan chức năng sở tại.",
        "Theo dõi sát, báo cáo Cục Lãnh sự.",
    ),
    (
        "cd-hn.officer",
        "CD-HN",
        0,
        time(9, 30),
        Classification.INTERNAL,
        ["consular"],
        [],
        "Tổng hợp công tác bảo hộ công dân trong ngày",
        "Cục Lãnh sự phối hợp các cơ quan đại diện xử lý 5 vụ việc bảo hộ công dân; không có vụ việc nghiêm "
        "trọng.",
        "",
    ),
]


def seeds_dir() -> Path:
    """CHANCERY_SEEDS_DIR, or the shared seeds next to the repository."""
    configured = os.environ.get("CHANCERY_SEEDS_DIR")
    if configured:
        return Path(configured)
    return Path(settings.PACKAGE_DIR).parent.parent.parent / "shared" / "seeds"


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _partners() -> int:
    for code, levels, summary, agreements in PARTNERS:
        for level, since, source in levels:
            services.set_relationship(code, level=level, since=since, source=source, summary=summary)
        for title, signed_on in agreements:
            services.add_agreement(code, title=title, signed_on=signed_on)
    return len(PARTNERS)


def _assignments(today: date) -> int:
    made = 0
    for username, unit_code, topic, country in ASSIGNMENTS:
        user, unit = _user(username), Unit.objects.filter(code=unit_code).first()
        if user is None or unit is None:
            continue
        if MonitoringAssignment.objects.filter(unit=unit, user=user, topic=topic, country=country).exists():
            continue
        head = unit.head or user
        services.create_assignment(
            unit=unit,
            user=user,
            topic=topic,
            country=country,
            starts_on=today - timedelta(days=30),
            actor=head if services.may_manage_unit(head, unit.pk) else _user("leader"),
        )
        made += 1
    return made


def _news() -> list[NewsItem]:
    folder = seeds_dir()
    items: list[NewsItem] = []
    if not folder.is_dir():
        return items
    for path in sorted(folder.glob("*.txt")):
        report = services.import_news_file(path.read_bytes(), name=path.name)
        items += report.created + [item for _title, item in report.duplicates]
    return items


def _notes(now: datetime, news: list[NewsItem]) -> list[Note]:
    made: list[Note] = []
    for (
        author_name,
        unit_code,
        days_ago,
        at,
        classification,
        topics,
        countries,
        title,
        text,
        comment,
    ) in NOTES:
        author, unit = _user(author_name), Unit.objects.filter(code=unit_code).first()
        if author is None or unit is None:
            continue
        tz = ZoneInfo(unit.time_zone)
        day = now.astimezone(tz).date() - timedelta(days=days_ago)
        written_at = datetime.combine(day, at, tzinfo=tz)
        if written_at > now:
            written_at = now - timedelta(minutes=5)
        made.append(
            services.create_note(
                unit=unit,
                author=author,
                title=title,
                body=text,
                topics=topics,
                countries=countries,
                classification=classification,
                comment=comment,
                written_at=written_at,
                news=news[:1] if unit_code == "EMB-FR" and news else (),
            )
        )
    return made


def seed_briefings_demo(now: datetime | None = None) -> dict[str, int]:
    """Partners, monitoring, notes, news and yesterday's briefings; returns what was made."""
    now = now or timezone.now()
    summary = {"partners": _partners(), "assignments": _assignments(timezone.localdate(now))}
    news = _news()
    summary["news"] = len(news)
    notes: list[Note] = []
    if not Note.objects.exists():
        notes = _notes(now, news)
    summary["notes"] = len(notes)
    leader = _user("leader")
    if leader:
        Subscription.objects.get_or_create(user=leader, unit=None)
    compiled = 0
    days = sorted({n.date for n in notes} | {timezone.localdate(now) - timedelta(days=1)})
    for unit in Unit.objects.filter(notes__isnull=False).distinct():
        for day in days:
            if Note.objects.filter(unit=unit, date=day).exists():
                services.compile_briefing(unit, day, now=now, notify=False)
                compiled += 1
    for day in days:
        if Note.objects.filter(date=day).exists():
            services.compile_briefing(None, day, now=now, notify=False)
            compiled += 1
    summary["briefings"] = compiled
    return summary
