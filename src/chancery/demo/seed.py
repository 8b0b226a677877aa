"""Demo data: units in several countries, staff in every role, cases in every state.

Cases are made through the same services as real ones, so their events and audit records are real.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.cases.services import apply_transition, save_application
from chancery.core.uploads import check_upload
from chancery.demo.payments import settle_fee
from chancery.organization.models import Membership, Role, Unit, UnitKind
from chancery.procedures.selectors import published_procedures

DEMO_PASSWORD = "chancery-demo-2026"


@dataclass(frozen=True)
class DemoUnit:
    code: str
    kind: str
    name_vi: str
    name_en: str
    country: str
    city: str
    tz: str
    weekend: tuple[int, ...]
    jurisdiction: tuple[str, ...]


UNITS = [
    DemoUnit("CD-HN", UnitKind.MINISTRY_DEPARTMENT, "Cục Lãnh sự", "Consular Department",
             "VN", "Hanoi", "Asia/Ho_Chi_Minh", (5, 6), ("VN",)),
    DemoUnit("DFA-HCM", UnitKind.CITY_FOREIGN_AFFAIRS, "Sở Ngoại vụ TP. Hồ Chí Minh",
             "Ho Chi Minh City Department of Foreign Affairs", "VN", "Ho Chi Minh City",
             "Asia/Ho_Chi_Minh", (5, 6), ("VN",)),
    DemoUnit("EMB-FR", UnitKind.EMBASSY, "Đại sứ quán Việt Nam tại Pháp",
             "Embassy of Viet Nam in France", "FR", "Paris", "Europe/Paris", (5, 6), ("FR", "MC")),
    DemoUnit("EMB-JP", UnitKind.EMBASSY, "Đại sứ quán Việt Nam tại Nhật Bản",
             "Embassy of Viet Nam in Japan", "JP", "Tokyo", "Asia/Tokyo", (5, 6), ("JP",)),
    DemoUnit("CG-SF", UnitKind.CONSULATE_GENERAL, "Tổng Lãnh sự quán Việt Nam tại San Francisco",
             "Consulate General of Viet Nam in San Francisco", "US", "San Francisco",
             "America/Los_Angeles", (5, 6), ("US",)),
    DemoUnit("EMB-SA", UnitKind.EMBASSY, "Đại sứ quán Việt Nam tại Ả Rập Xê-út",
             "Embassy of Viet Nam in Saudi Arabia", "SA", "Riyadh", "Asia/Riyadh", (4, 5),
             ("SA", "YE")),
    DemoUnit("EMB-AU", UnitKind.EMBASSY, "Đại sứ quán Việt Nam tại Úc",
             "Embassy of Viet Nam in Australia", "AU", "Canberra", "Australia/Sydney", (5, 6),
             ("AU", "NZ")),
]

# What each office's public contact page shows. DEMO DATA: plausible, in the style offices publish,
# but not their real numbers; every address ends with a demo mark and e-mails use .example.
_DEMO_MARK = "(dữ liệu mẫu · demo data)"
_WEEKDAYS_VI = "Thứ Hai – Thứ Sáu: 8:30 – 12:00, 14:00 – 16:30"
_WEEKDAYS_EN = "Monday – Friday: 8:30 – 12:00, 14:00 – 16:30"
CONTACTS: dict[str, dict[str, str]] = {
    "CD-HN": {"public_slug": "consular-department", "city_vi": "Hà Nội",
              "address": "40 Trần Phú, Ba Đình, Hà Nội, Việt Nam",
              "phone": "+84 24 3799 0000", "email": "lanhsu@demo.mofa.example"},
    "DFA-HCM": {"public_slug": "ho-chi-minh-city-foreign-affairs", "city_vi": "TP. Hồ Chí Minh",
                "address": "6 Alexandre de Rhodes, Bến Nghé, TP. Hồ Chí Minh, Việt Nam",
                "phone": "+84 28 3822 0000", "email": "songoaivu@demo.hcm.example"},
    "EMB-FR": {"public_slug": "embassy-france", "address": "61 rue de Miromesnil\n75008 Paris, France",
               "phone": "+33 1 44 14 00 00", "email": "lanhsu.fr@demo.mofa.example"},
    "EMB-JP": {"public_slug": "embassy-japan",
               "address": "50-11 Motoyoyogi-cho, Shibuya-ku\nTokyo 151-0062, Japan",
               "phone": "+81 3 3466 0000", "email": "lanhsu.jp@demo.mofa.example"},
    "CG-SF": {"public_slug": "consulate-general-san-francisco",
              "address": "1700 California Street, Suite 580\nSan Francisco, CA 94109, USA",
              "phone": "+1 415 922 0000", "email": "lanhsu.sf@demo.mofa.example"},
    "EMB-SA": {"public_slug": "embassy-saudi-arabia", "address": "Diplomatic Quarter\nRiyadh, Saudi Arabia",
               "phone": "+966 11 488 0000", "email": "lanhsu.sa@demo.mofa.example",
               "opening_hours_vi": "Chủ Nhật – Thứ Năm: 9:00 – 12:00, 13:30 – 16:00",
               "opening_hours_en": "Sunday – Thursday: 9:00 – 12:00, 13:30 – 16:00"},
    "EMB-AU": {"public_slug": "embassy-australia",
               "address": "6 Timbarra Crescent, O'Malley\nCanberra ACT 2606, Australia",
               "phone": "+61 2 6286 0000", "email": "lanhsu.au@demo.mofa.example"},
}


def demo_contact(code: str) -> dict[str, str]:
    contact = {"opening_hours_vi": _WEEKDAYS_VI, "opening_hours_en": _WEEKDAYS_EN, **CONTACTS.get(code, {})}
    if contact.get("address"):
        contact["address"] += "\n" + _DEMO_MARK
    return contact


NAMES = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức",
    "Vũ Thị Giang", "Đặng Quốc Hải", "Bùi Thanh Hương", "Đỗ Văn Khoa", "Ngô Thị Lan",
    "Dương Minh Long", "Lý Thị Mai", "Trịnh Văn Nam", "Phan Thị Oanh", "Hồ Quang Phúc",
]

# Paths through the lifecycle the demo cases follow, so every status is represented.
PATHS = [
    [],
    ["receive"],
    ["not_accept"],
    ["receive", "start_processing"],
    ["receive", "start_processing", "request_supplement"],
    ["receive", "start_processing", "request_supplement", "provide_supplement"],
    ["receive", "start_processing", "request_fee"],
    ["receive", "start_processing", "request_fee", "record_payment"],
    ["receive", "start_processing", "request_fee", "record_payment", "approve"],
    ["receive", "start_processing", "refuse"],
    ["receive", "start_processing", "request_fee", "record_payment", "approve", "return_result"],
    ["receive", "start_processing", "withdraw"],
    ["receive", "start_processing", "stop"],
    ["request_completion"],
    ["request_completion", "complete_dossier", "receive"],
]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def demo_pdf(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def _user(username: str, first: str, last: str, **extra: object):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@mofa.example", **extra},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def create_units_and_staff() -> list[tuple[str, str]]:
    """Returns (username, what they can do) for the login list."""
    logins: list[tuple[str, str]] = []
    for spec in UNITS:
        unit, _ = Unit.objects.update_or_create(code=spec.code, defaults={
            "kind": spec.kind, "name_vi": spec.name_vi, "name_en": spec.name_en,
            "host_country": spec.country, "city": spec.city, "time_zone": spec.tz,
            "weekend_days": list(spec.weekend), "jurisdiction_countries": list(spec.jurisdiction),
            **demo_contact(spec.code),
        })
        slug = spec.code.lower()
        head = _user(f"{slug}.head", "Head", spec.code)
        officer = _user(f"{slug}.officer", "Officer", spec.code)
        Membership.objects.get_or_create(user=head, unit=unit, role=Role.HEAD)
        Membership.objects.get_or_create(user=officer, unit=unit, role=Role.OFFICER)
        unit.head = head
        unit.save(update_fields=["head"])
        logins.append((head.username, f"head of unit, {spec.name_en}"))
        logins.append((officer.username, f"consular officer, {spec.name_en}"))
    leader = _user("leader", "Lãnh đạo", "Bộ")
    admin = _user("admin", "Quản trị", "Hệ thống", is_staff=True, is_superuser=True)
    first = Unit.objects.get(code=UNITS[0].code)
    Membership.objects.get_or_create(user=leader, unit=first, role=Role.LEADERSHIP)
    Membership.objects.get_or_create(user=admin, unit=first, role=Role.ADMINISTRATOR)
    logins.append(("leader", "ministry leadership (sees every unit)"))
    logins.append(("admin", "administrator (/admin/)"))
    return logins


def _answers(version, rng: random.Random) -> dict:
    answers = {}
    for spec in version.form_fields:
        kind = spec["type"]
        if kind == "choice":
            answers[spec["name"]] = spec["choices"][0]["value"]
        elif kind == "date":
            answers[spec["name"]] = f"19{rng.randint(60, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        elif kind == "country":
            answers[spec["name"]] = "VN"
        elif kind == "email":
            answers[spec["name"]] = "demo@example.org"
        elif kind == "phone":
            answers[spec["name"]] = "+84 981 84 84 84"
        elif kind == "number":
            answers[spec["name"]] = str(spec.get("min") or 1)
        else:
            answers[spec["name"]] = "Demo"
    return answers


def _actor_for(unit: Unit, action: str):
    User = get_user_model()
    role = "head" if action in ("approve", "refuse") else "officer"
    return User.objects.get(username=f"{unit.code.lower()}.{role}")


@contextmanager
def _clock(moment: datetime) -> Iterator[None]:
    """Demo history happens in the past: every service reads this moment as "now"."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _office_hour(moment: datetime, unit: Unit, rng: random.Random) -> datetime:
    local = moment.astimezone(ZoneInfo(unit.time_zone))
    return local.replace(hour=rng.randint(8, 16), minute=rng.randint(0, 59), second=0, microsecond=0)


def create_cases(count: int = 90, seed: int = 2026, months: int = 12) -> int:
    """Cases filed over the last `months` months, each moved along one of PATHS over the
    following days, so deadlines, timeliness and the dashboard's trend have something to show."""
    rng = random.Random(seed)
    procedures = [p.current for p in published_procedures()]
    now = timezone.now()
    made = 0
    payments_made = 0
    for i in range(count):
        version = procedures[i % len(procedures)]
        units = list(Unit.objects.filter(kind__in=version.handled_by))
        if not units:
            continue
        unit = units[i % len(units)]
        name = NAMES[i % len(NAMES)]
        uploads = {}
        for doc in version.documents:
            if doc["required"] and "pdf" in doc["accepted_types"]:
                upload = demo_pdf(f"{doc['code']}.pdf")
                uploads[doc["code"]] = (upload, check_upload(upload, ["pdf"], doc["max_size_mb"]))
        # Older cases first; the newest few are still in the queue.
        moment = _office_hour(now - timedelta(days=(count - i) * months * 30 // count), unit, rng)
        with transaction.atomic(), _clock(moment):
            case, _ = save_application(
                version=version, unit=unit,
                applicant={"name": name, "email": f"applicant{i}@example.org", "phone": "+33 6 12 34 56 78"},
                answers=_answers(version, rng), uploads=uploads, submit=True,
            )
        for action in PATHS[i % len(PATHS)]:
            later = _office_hour(moment + timedelta(days=rng.choice((0, 1, 1, 2, 3, 5))), unit, rng)
            moment = max(later, moment + timedelta(minutes=20))
            if moment > now:
                break
            case.refresh_from_db()
            if action == "request_fee" and not version.fee:
                continue
            if action == "record_payment":
                # Paid (or exempted) through the payments services, never a bare transition.
                if case.status != Status.FEE_REQUESTED:
                    continue
                with _clock(moment):
                    paid = settle_fee(case, unit=unit, turn=payments_made)
                payments_made += 1
                if not paid:
                    break
                case.refresh_from_db()
                continue
            applicant = action in ("provide_supplement", "complete_dossier", "withdraw")
            upload = demo_pdf("supplement.pdf")
            checked = (upload, check_upload(upload, ["pdf"], 5))
            # A completion request names the first document that may be a PDF; the answer sends it.
            named = [next((d["code"] for d in version.documents if "pdf" in d["accepted_types"]), "")]
            named = [code for code in named if code and action == "request_completion"]
            with _clock(moment):
                case = apply_transition(
                    case, action, actor=None if applicant else _actor_for(unit, action),
                    applicant=applicant, expected_version=case.version,
                    reason="Demo: please see the attached note." if action in (
                        "not_accept", "refuse", "stop", "request_supplement", "request_completion") else "",
                    uploads=[checked] if applicant and not case.requested_documents else None,
                    documents=dict.fromkeys(case.requested_documents, checked) if applicant else None,
                    requirements=named,
                )
        made += 1
    return made


def demo_usernames() -> list[str]:
    names = []
    for unit in UNITS:
        slug = unit.code.lower()
        names += [f"{slug}.head", f"{slug}.officer"]
    return [*names, "leader", "admin"]


def seed_demo() -> tuple[list[tuple[str, str]], int]:
    logins = create_units_and_staff()
    from chancery.accounts.devices import ensure_demo_devices

    ensure_demo_devices([username for username, _ in logins])
    made = 0
    if not Case.objects.exists():
        made = create_cases()
    from chancery.demo.briefings import seed_briefings_demo
    from chancery.demo.directives import seed_directives_demo

    seed_directives_demo()
    seed_briefings_demo()
    from chancery.demo.appointments import seed_counter_hours

    seed_counter_hours()
    return logins, made
