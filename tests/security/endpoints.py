"""Every staff page and staff API endpoint, found in the URL configuration and the OpenAPI
document, with concrete addresses built from objects of two units.

A path parameter is filled through PARAMS, keyed by (the literal path segment before the
parameter, the parameter's name): ``cases/<str:code>/`` -> ("cases", "code"),
``tasks/<int:pk>/<slug:action>/`` -> ("tasks", "pk") and ("tasks", "action"). Keying on the
segment tells a directive's ``pk`` from a note's. A new page whose parameters are already known
(``cases/<str:code>/history/``) is covered without editing anything; an unknown one fails the
matrix with a message saying which entry to add.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from tests.factories import PDF_BYTES

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\{(?P<api_name>[^}]+)\}")
UNITS = ("FR", "JP")


# ---- Routes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "cases:detail", or "GET /api/v1/cases/{code}"
    path: str  # "/staff/cases/<str:code>/" or "/api/v1/cases/{code}"
    params: tuple[tuple[str, str], ...]  # ((segment, name), ...)
    regex: bool = False
    operation: dict = field(default_factory=dict, compare=False, hash=False)  # OpenAPI operation

    @property
    def id(self) -> str:
        return self.name


def params_of(path: str) -> tuple[tuple[str, str], ...]:
    found = []
    for match in PARAM.finditer(path):
        before = PARAM.sub("", path[: match.start()])
        segments = [s for s in before.split("/") if s]
        found.append((segments[-1] if segments else "", match.group("name") or match.group("api_name")))
    return tuple(found)


def _walk(patterns: list, prefix: str, namespaces: tuple[str, ...]) -> Iterator[tuple[str, str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else f"<unnamed {prefix}{entry.pattern}>"
            yield "/" + prefix + str(entry.pattern), name, entry


def all_url_patterns() -> list[tuple[str, str, Any]]:
    """(path, name, pattern) of every URL the project serves."""
    return list(_walk(get_resolver().url_patterns, "", ()))


def staff_routes() -> list[Route]:
    routes = []
    for path, name, entry in all_url_patterns():
        if path.startswith("/staff/"):
            routes.append(Route(name=name, path=path, params=params_of(path),
                                regex=isinstance(entry.pattern, RegexPattern)))
    return sorted(routes, key=lambda r: r.name)


def api_routes() -> list[Route]:
    """Operations of the OpenAPI document that need a staff token (they carry `security`)."""
    from chancery.api.urls import api

    schema = api.get_openapi_schema()
    routes = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if operation.get("security"):
                operation = {**operation, "components": schema.get("components", {})}
                routes.append(Route(name=f"{method.upper()} {path}", path=path, params=params_of(path),
                                    operation=operation))
    return sorted(routes, key=lambda r: r.name)


# ---- The world: two embassies, staff in every role, objects of each --------------------------


@dataclass
class World:
    units: dict[str, Any] = field(default_factory=dict)  # "FR", "JP", "CD"
    users: dict[str, Any] = field(default_factory=dict)  # role key -> user
    devices: dict[str, Any] = field(default_factory=dict)  # role key -> confirmed TOTP device
    objects: dict[tuple[str, str], Any] = field(default_factory=dict)  # (kind, unit key) -> object
    shared: dict[str, Any] = field(default_factory=dict)  # kind -> object every staff member sees

    def obj(self, kind: str, unit: str | None) -> Any:
        return self.objects[(kind, unit or "FR")]


def _pdf(name: str = "file.pdf") -> tuple[SimpleUploadedFile, Any]:
    from chancery.core.uploads import check_upload

    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    return upload, check_upload(upload, ["pdf"], 10)


def _appointment(unit: Any) -> Any:
    """A visit booked at the unit's counter, for a passport application (which needs one)."""
    from datetime import time

    from chancery.appointments import selectors, services
    from chancery.appointments.models import CounterSchedule
    from tests.factories import submit_case

    CounterSchedule.objects.create(unit=unit, name="Counter", weekdays=list(range(7)), opens_at=time(9),
                                   closes_at=time(12), slot_minutes=30, capacity=2)
    case, _key = submit_case(unit, "passport-issuance", email=f"visit.{unit.code.lower()}@example.org")
    offer = next(o for day in selectors.offers(case).values() for o in day)
    return services.book(case=case, schedule_id=offer.schedule_id, starts_at=offer.starts_at)


def build_world() -> World:
    """Objects are made through each app's services, as real ones are."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from chancery.briefings import intake
    from chancery.briefings import selectors as briefing_selectors
    from chancery.briefings import services as briefings
    from chancery.briefings.models import Classification
    from chancery.cases.models import NoticeKind
    from chancery.cases.notices import issue_notice
    from chancery.directives import services as directives
    from chancery.organization.models import Role, UnitKind
    from chancery.procedures.services import load_catalog
    from tests.factories import make_unit, make_user, submit_case

    load_catalog(settings.CATALOG_DIR)
    world = World()
    fr = make_unit("EMB-FR")
    jp = make_unit("EMB-JP", country="JP", tz="Asia/Tokyo")
    cd = make_unit("CD-HN", kind=UnitKind.MINISTRY_DEPARTMENT, country="VN", tz="Asia/Ho_Chi_Minh")
    world.units = {"FR": fr, "JP": jp, "CD": cd}
    users = world.users
    users["officer_fr"] = make_user("officer.fr", fr, Role.OFFICER)
    users["head_fr"] = make_user("head.fr", fr, Role.HEAD)
    users["officer_jp"] = make_user("officer.jp", jp, Role.OFFICER)
    users["head_jp"] = make_user("head.jp", jp, Role.HEAD)
    users["leadership"] = make_user("leader", cd, Role.LEADERSHIP)
    users["administrator"] = make_user("admin", cd, Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    users["outsider"] = make_user("outsider")
    users["issuer"] = make_user("officer.cd", cd, Role.OFFICER)
    for key, unit in (("FR", fr), ("JP", jp)):
        unit.head = users[f"head_{key.lower()}"]
        unit.save()
    for key, user in users.items():
        world.devices[key] = TOTPDevice.objects.create(user=user, name="matrix", confirmed=True)

    today = timezone.localdate()
    for key, unit in (("FR", fr), ("JP", jp)):
        officer, head = users[f"officer_{key.lower()}"], users[f"head_{key.lower()}"]
        case, _key = submit_case(unit)
        world.objects[("case", key)] = case
        world.objects[("document", key)] = case.documents.first()
        world.objects[("notice", key)] = issue_notice(case, NoticeKind.RECEIPT)
        world.objects[("payment", key)] = payment = _paid_at_counter(case)
        world.objects[("receipt", key)] = payment.receipt

        directive = directives.create_directive(
            actor=users["issuer"], issuing_unit=cd, title=f"Chỉ đạo {key}", issued_by="Bộ trưởng",
            source_text="Giao Đại sứ quán ...", source_file=("chi-dao.txt", "Giao Đại sứ quán".encode()),
            tasks=[directives.TaskSpec(text=f"Nhiệm vụ {key}", lead_unit=unit, coordinating_units=[],
                                       deadline=today + timedelta(days=30))],
        )
        task = directive.tasks.get()
        task = directives.report_progress(task, actor=officer, expected_version=task.version,
                                          text="Đã triển khai", percent=10, uploads=[_pdf("report.pdf")])
        world.objects[("directive", key)] = directive
        world.objects[("task", key)] = task
        world.objects[("group", key)] = directives.create_group(
            directive, directives.TaskSpec(text=f"Nhóm {key}", lead_unit=None,
                                           deadline=today + timedelta(days=30)),
            actor=users["issuer"], units=[unit, cd],
        )
        world.objects[("task_attachment", key)] = task.entries.filter(attachments__isnull=False).first(
        ).attachments.first()

        note = briefings.create_note(
            unit=unit, author=officer, title=f"Ghi chép {key}", body="<p>Tình hình trong ngày</p>",
            countries=[unit.host_country], classification=Classification.RESTRICTED,
            uploads=[_pdf("note.pdf")],
        )
        world.objects[("note", key)] = note
        world.objects[("note_attachment", key)] = note.attachments.first()
        world.objects[("briefing", key)] = briefings.compile_briefing(
            unit, briefing_selectors.unit_today(unit), actor=head, notify=False)[0]
        world.objects[("assignment", key)] = briefings.create_assignment(
            unit=unit, user=officer, country=unit.host_country, starts_on=today, actor=head)
        world.objects[("country", key)] = unit.host_country
        world.objects[("appointment", key)] = _appointment(unit)
        world.objects[("counter", key)] = world.objects[("appointment", key)].slot.schedule

    world.shared["news"] = briefings.add_news(intake.Article(
        title="Tin tức", text="Việt Nam và Pháp ký kết thỏa thuận.", format="text", source="Báo"),
        actor=users["issuer"])[0]
    return world


def _paid_at_counter(case: Any) -> Any:
    """A payment taken at the counter, with its receipt (the case itself stays as it is)."""
    from decimal import Decimal

    from chancery.payments.models import Payment
    from chancery.payments.services import issue_receipt

    now = timezone.now()
    payment = Payment.objects.create(
        case=case, reference=f"M{case.pk}", amount=Decimal("70"), currency="USD", provider="cash",
        method="cash", status="paid", paid_at=now, created_at=now, counter_receipt_no=f"Q{case.pk}")
    issue_receipt(payment)
    payment.refresh_from_db()
    return payment


# ---- Path parameters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """How to fill one path parameter. `scoped`: the value names an object of a unit, which staff
    of another unit must not see (404). Otherwise every staff member may open it."""

    value: Callable[[World, str], Any]
    scoped: bool = True


def _pk(kind: str) -> Callable[[World, str], Any]:
    return lambda world, unit: world.obj(kind, unit).pk


PARAMS: dict[tuple[str, str], Param] = {
    # cases
    ("cases", "code"): Param(lambda w, u: w.obj("case", u).tracking_code),
    ("documents", "document_id"): Param(_pk("document")),
    ("notices", "notice_id"): Param(_pk("notice")),
    ("actions", "action"): Param(lambda w, u: "receive", scoped=False),
    ("counter", "code"): Param(lambda w, u: "passport-issuance", scoped=False),  # a procedure
    # payments (staff/payments/cases/<code>/...)
    ("refund", "payment_id"): Param(_pk("payment")),
    ("receipts", "receipt_id"): Param(_pk("receipt")),
    # directives
    ("directives", "pk"): Param(_pk("directive")),
    ("tasks", "pk"): Param(_pk("task")),
    ("tasks", "task_id"): Param(_pk("task")),
    ("files", "attachment_id"): Param(_pk("task_attachment")),
    ("groups", "pk"): Param(_pk("group")),
    ("tasks", "action"): Param(lambda w, u: "report", scoped=False),
    ("export.", "fmt"): Param(lambda w, u: "csv", scoped=False),
    # briefings (notes are restricted: only their unit and the leadership read them)
    ("notes", "pk"): Param(_pk("note")),
    ("attachments", "attachment_id"): Param(_pk("note_attachment")),
    ("daily", "pk"): Param(_pk("briefing"), scoped=False),  # every staff member reads briefings
    ("monitoring", "pk"): Param(_pk("assignment")),
    ("news", "pk"): Param(lambda w, u: w.shared["news"].pk, scoped=False),
    ("partners", "code"): Param(lambda w, u: w.obj("country", u), scoped=False),
    # appointments at the counter
    ("appointments", "appointment_id"): Param(_pk("appointment")),
    ("counters", "schedule_id"): Param(_pk("counter")),
}


class UnknownParameter(LookupError):
    pass


def param_for(route: Route, segment: str, name: str) -> Param:
    try:
        return PARAMS[(segment, name)]
    except KeyError:
        raise UnknownParameter(
            f"{route.name} ({route.path}): no factory for path parameter {name!r} after "
            f"{segment!r}/. Add ({segment!r}, {name!r}) to PARAMS in tests/security/endpoints.py: "
            "how to make one such object for a unit, and whether other units may see it."
        ) from None


def is_scoped(route: Route) -> bool:
    return any(param_for(route, segment, name).scoped for segment, name in route.params)


@dataclass(frozen=True)
class Address:
    route: Route
    url: str
    unit: str | None  # the unit whose objects fill the address; None if none is scoped


def addresses(route: Route, world: World) -> list[Address]:
    """The route's concrete URLs: one per unit when it names a unit's objects, else one."""
    if route.regex:
        raise UnknownParameter(f"{route.name} ({route.path}): a regular-expression URL under /staff/; "
                               "use path() so its parameters can be filled")
    units: tuple[str | None, ...] = UNITS if is_scoped(route) else (None,)
    result = []
    for unit in units:
        url = route.path
        for (segment, name), match in zip(route.params, list(PARAM.finditer(route.path)), strict=True):
            value = param_for(route, segment, name).value(world, unit or "FR")
            url = url.replace(match.group(0), str(value), 1)
        result.append(Address(route, url, unit))
    return result
