"""The authorization matrix: every staff page (from the URL configuration), every staff API
endpoint (from the OpenAPI document) and the admin, called as each kind of person, on objects of
their own unit and of another unit. The expected answer comes from the policy below; no answer
may be a server error. A new page or endpoint is picked up without editing this file; one whose
path parameters are unknown fails until tests/security/endpoints.py learns to make its objects.

Everyone logs in with both factors (two-factor authentication is required here, as in
production); "unverified" has given only a password.
"""

from __future__ import annotations

import enum
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from chancery.audit.models import AuditRecord
from chancery.search import engine as search
from chancery.search.models import SearchEntry, SearchKind
from tests.security.endpoints import (
    PARAM,
    Address,
    Route,
    UnknownParameter,
    World,
    addresses,
    all_url_patterns,
    api_routes,
    build_world,
    param_for,
    staff_routes,
)
from tests.security.html_checks import page_problems

pytestmark = pytest.mark.two_factor


class O(enum.Enum):  # noqa: E742 - short on purpose: the tables below read as a grid
    ALLOWED = "allowed"  # the page answers (2xx/3xx, or 400 for an empty form); WRITES: the change is made
    REFUSED = "refused"  # 403/409, or the page answers but nothing is changed
    FORBIDDEN = "403"
    HIDDEN = "404"  # another unit's object answers exactly like a missing one
    LOGIN = "login"  # redirect to the login page (pages) / 401 (API)
    TWO_FACTOR = "2fa"  # redirect to the code (or enrolment) page
    ADMIN_LOGIN = "admin login"  # the admin's own "log in as staff" redirect


A, R, F, H, L, T = O.ALLOWED, O.REFUSED, O.FORBIDDEN, O.HIDDEN, O.LOGIN, O.TWO_FACTOR

ROLES = ["anonymous", "unverified", "outsider", "officer_fr", "head_fr", "officer_jp", "leadership",
         "administrator"]
HOME_UNIT = {"officer_fr": "FR", "head_fr": "FR", "officer_jp": "JP"}

# ---- The policy ---------------------------------------------------------------------------------
# role -> relation to the object in the address -> (GET, POST).
# own: an object of the person's unit; other: of another unit; none: no unit's object in the address.

PAGES: dict[str, dict[str, tuple[O, O]]] = {
    #                own unit            other unit          no unit object
    "anonymous":     {"own": (L, L),     "other": (L, L),    "none": (L, L)},
    "unverified":    {"own": (T, T),     "other": (T, T),    "none": (T, T)},
    "outsider":      {"own": (F, F),     "other": (F, F),    "none": (F, F)},  # no role anywhere
    "officer":       {"own": (A, A),     "other": (H, H),    "none": (A, A)},
    "head":          {"own": (A, A),     "other": (H, H),    "none": (A, A)},
    "leadership":    {"own": (A, R),     "other": (A, R),    "none": (A, R)},  # reads all, acts on none
    "administrator": {"own": (H, H),     "other": (H, H),    "none": (A, A)},  # no unit's data
}

API: dict[str, dict[str, tuple[O, O]]] = {
    "anonymous":     {"own": (L, L),     "other": (L, L),    "none": (L, L)},
    "outsider":      {"own": (L, L),     "other": (L, L),    "none": (L, L)},  # token refused: 401
    "officer":       {"own": (A, A),     "other": (H, H),    "none": (A, A)},
    "head":          {"own": (A, A),     "other": (H, H),    "none": (A, A)},
    "leadership":    {"own": (A, R),     "other": (A, R),    "none": (A, R)},
    "administrator": {"own": (H, H),     "other": (H, H),    "none": (A, A)},
}

# Where a page's own rule differs from the table: (route, method) -> {role or role@relation: outcome}.
EXCEPTIONS: dict[tuple[str, str], dict[str, O]] = {
    # Only the head of unit (and the leadership) assigns monitoring and ends assignments.
    ("briefings:assignment_create", "GET"): {"officer": F, "administrator": F},
    ("briefings:assignment_create", "POST"): {"officer": F, "administrator": F},
    ("briefings:assignment_end", "POST"): {"officer@own": F, "leadership": A},
    # Without a unit the compiled briefing is the ministry's: the leadership's alone.
    ("briefings:briefing_compile", "POST"): {"officer": F, "head": F, "administrator": F, "leadership": A},
    # Subscribing to a briefing by e-mail is a personal setting, not an act on a unit's data.
    ("briefings:subscription", "POST"): {"leadership": A},
    # Relationship levels are set by the leadership and administrators.
    ("briefings:country_detail", "POST"): {"officer": F, "head": F},
    # Notes are written by a unit's officers and head; edited by their author or the head.
    ("briefings:note_create", "GET"): {"leadership": F, "administrator": F},
    ("briefings:note_create", "POST"): {"administrator": F},
    ("briefings:note_edit", "GET"): {"leadership": F},
    # Directives are issued by a unit's staff or the leadership; an administrator has no unit.
    ("directives:import", "GET"): {"administrator": F},
    ("directives:import", "POST"): {"administrator": F},
    ("directives:import_save", "POST"): {"administrator": F},
    # Only the issuing office and the leadership assign an item to several units; the lead unit's
    # staff see the directive but may not assign.
    ("directives:add_group", "POST"): {"officer@own": F, "head@own": F},
    # Dossiers handed in at the counter are registered by a unit's officers and head.
    ("cases:counter", "GET"): {"leadership": F, "administrator": F},
    ("cases:counter", "POST"): {"administrator": F},
    ("cases:counter_register", "GET"): {"leadership": F, "administrator": F},
    ("cases:counter_register", "POST"): {"administrator": F},
    # A counter's hours and capacity are kept by the head of its office alone.
    ("appointments:counters", "GET"): {"officer": F, "leadership": F, "administrator": F},
    ("appointments:counters", "POST"): {"officer": F, "leadership": F, "administrator": F},
    ("appointments:counter_new", "GET"): {"officer": F, "leadership": F, "administrator": F},
    ("appointments:counter_new", "POST"): {"officer": F, "leadership": F, "administrator": F},
    ("appointments:counter_edit", "GET"): {"officer": F, "leadership": F, "administrator": F},
    ("appointments:counter_edit", "POST"): {"officer": F, "leadership": F, "administrator": F},
    # The matrix's case is just submitted: nothing awaits a decision yet, so recommending is refused
    # (409) for everyone; tests/cases/test_desk.py covers recommending on a case in processing.
    ("POST /api/v1/cases/{code}/recommendation", "POST"): {"officer@own": R, "head@own": R},
}

# Deviations to fix in the pages (reported to their owners), kept visible here until fixed.
TO_FIX: dict[tuple[str, str], dict[str, O]] = {
    # The assignment is looked up unscoped, so another unit's staff get 403 where the rule is 404.
    ("briefings:assignment_end", "POST"): {"officer@other": F, "head@other": F, "administrator": F},
}

# Responses the site's own pages frame (the staff's document viewer): same origin only, for these
# alone; every other page keeps frame-ancestors 'none' and X-Frame-Options DENY.
FRAMED = {"cases:document_inline"}

# POSTs sent with a complete form: the allowed roles must really change something (an audit
# record), the refused ones must not. Other POSTs go empty: they prove access, not the action.
WRITES = {"cases:action", "directives:task_action", "POST /api/v1/cases/{code}/transitions",
          "POST /api/v1/tasks/{pk}/progress", "cases:assign", "cases:note",
          "POST /api/v1/cases/{code}/assignment", "POST /api/v1/cases/{code}/notes"}


def _version(obj: Any) -> int:
    return type(obj).objects.get(pk=obj.pk).version


def payload(route: Route, world: World, unit: str | None) -> dict[str, Any]:
    u = unit or "FR"
    if route.name == "cases:action":
        return {"version": _version(world.obj("case", u)), "reason": ""}
    if route.name == "cases:assign":  # the unit's officer takes the case, or the head gives it to them
        return {"version": _version(world.obj("case", u)), "assignee": f"officer.{u.lower()}"}
    if route.name == "cases:note":
        return {"text": "Matrix: a note for colleagues"}
    if route.name == "directives:task_action":
        return {"version": _version(world.obj("task", u)), "text": "Matrix: progress", "percent": "20"}
    return {}


BODY_VALUES = {  # JSON bodies of the API, by property name; other properties get a value of their type
    "action": lambda w, u, r: "receive",
    "version": lambda w, u, r: _version(w.obj("task" if r.path.startswith("/api/v1/tasks/") else "case", u)),
    "reason": lambda w, u, r: "",
    "text": lambda w, u, r: "Matrix: progress",
    "percent": lambda w, u, r: 20,
    "assignee": lambda w, u, r: f"officer.{u.lower()}",  # the unit's officer: taken, or given by the head
    "decision": lambda w, u, r: "approve",
    "new_due_date": lambda w, u, r: "2026-12-31",  # an apology's date, refused or not by the rules
}


def api_body(route: Route, world: World, unit: str | None) -> dict[str, Any] | None:
    body = route.operation.get("requestBody")
    if not body:
        return None
    schema = body.get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = route.operation["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    by_type = {"string": "matrix", "integer": 1, "number": 1, "boolean": False, "array": [], "object": {}}
    properties = schema.get("properties", {})
    return {name: BODY_VALUES[name](world, unit or "FR", route) if name in BODY_VALUES
            else by_type.get(spec.get("type"), "") for name, spec in properties.items()}


# ---- Running the requests -------------------------------------------------------------------------


def kind_of(role: str) -> str:
    return role.split("_")[0] if role in HOME_UNIT else role


def relation(role: str, address: Address) -> str:
    if address.unit is None:
        return "none"
    return "own" if HOME_UNIT.get(role) == address.unit else "other"


def expected(table: dict, route: Route, method: str, role: str, address: Address) -> O:
    special = {**EXCEPTIONS.get((route.name, method), {}), **TO_FIX.get((route.name, method), {})}
    rel = relation(role, address)
    for key in (f"{role}@{rel}", role, f"{kind_of(role)}@{rel}", kind_of(role)):
        if key in special:
            return special[key]
    get, post = table[kind_of(role)][relation(role, address)]
    return get if method == "GET" else post


def _redirect_path(response: Any) -> str | None:
    if response.status_code in (301, 302, 303, 307, 308):
        return urlsplit(response["Location"]).path
    return None


def matches(want: O, response: Any, wrote: bool, must_write: bool, api: bool) -> bool:
    status, target = response.status_code, _redirect_path(response)
    gate = target in (reverse("login"), reverse("two_factor_verify"), reverse("two_factor_setup"),
                      reverse("admin:login"))
    answered = (200 <= status < 400 or status in (400, 422)) and not gate  # 400: the form was refused
    return {
        O.ALLOWED: answered and (wrote or not must_write),
        O.REFUSED: status in (403, 409) or (answered and not wrote),
        O.FORBIDDEN: status == 403,
        O.HIDDEN: status == 404,
        O.LOGIN: status == 401 if api else target == reverse("login"),
        O.TWO_FACTOR: target in (reverse("two_factor_verify"), reverse("two_factor_setup")),
        O.ADMIN_LOGIN: target == reverse("admin:login"),
    }[want]


def send(client: Client, method: str, url: str, data: Any = None, *, json: bool = False,
         headers: dict | None = None) -> tuple[Any, bool, str]:
    """One request in a transaction that is rolled back, so every role meets the same objects.
    Returns (response, whether it changed anything, error)."""
    last = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(url, **(headers or {}))
            elif json:
                response = client.post(url, data or {}, content_type="application/json", **(headers or {}))
            else:
                response = client.post(url, data or {}, **(headers or {}))
            if response.streaming:  # read to the end: the test client then closes it (and its file)
                b"".join(response.streaming_content)
            wrote = AuditRecord.objects.filter(pk__gt=last).exclude(action__endswith="viewed").exclude(
                action__endswith="downloaded").exists()
            transaction.set_rollback(True)
    except Exception as exc:  # the client re-raises what the view raised: that is a 500
        return None, False, f"500 {type(exc).__name__}: {exc}"
    if response.status_code >= 500:
        return None, False, f"{response.status_code}"
    return response, wrote, ""


def _describe(response: Any, wrote: bool) -> str:
    target = _redirect_path(response)
    return f"{response.status_code}" + (f" -> {target}" if target else "") + (" (wrote)" if wrote else "")


# ---- Fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media) -> World:
    """Built once for the module (through the services, which is slow) and rolled back after it."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(media)}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with django_db_blocker.unblock(), override_settings(
        STORAGES=storages, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, media):
    """Replaces the suite's per-test media folder: the module's objects keep their files here."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(media)}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def clients(db, world) -> dict[str, Client]:
    """One browser per role, logged in with password and code (except anonymous and unverified)."""
    result = {"anonymous": Client()}
    for role in ROLES[1:]:
        client = Client()
        user = world.users["administrator" if role == "unverified" else role]
        client.force_login(user)
        if role != "unverified":
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = world.devices[role].persistent_id
            session.save()
        result[role] = client
    return result


@pytest.fixture
def api_clients(db, world) -> dict[str, tuple[Client, dict]]:
    from chancery.api.services import create_token

    result: dict[str, tuple[Client, dict]] = {"anonymous": (Client(), {})}
    for role in ("outsider", "officer_fr", "head_fr", "officer_jp", "leadership", "administrator"):
        token = create_token(world.users[role].username)
        result[role] = (Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"})
    return result


# ---- The matrix ---------------------------------------------------------------------------------

STAFF_ROUTES = staff_routes()
API_ROUTES = api_routes()


def _methods(route: Route, world: World, probe: Client) -> list[str]:
    """GET unless the page refuses it (405: POST-only); POST too unless it refuses POST."""
    first = addresses(route, world)[0]
    methods = []
    for method in ("GET", "POST"):
        response, _wrote, error = send(probe, method, first.url, payload(route, world, first.unit))
        if error or response.status_code != 405:
            methods.append(method)
    return methods


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=lambda r: r.name)
def test_staff_page(route, world, clients):
    failures = []
    for method in _methods(route, world, clients["head_fr"]):
        for address in addresses(route, world):
            data = payload(route, world, address.unit) if method == "POST" else None
            for role in ROLES:
                want = expected(PAGES, route, method, role, address)
                response, wrote, error = send(clients[role], method, address.url, data)
                if error:
                    failures.append(f"{method} {address.url} as {role}: {error}")
                elif not matches(want, response, wrote, route.name in WRITES, api=False):
                    failures.append(f"{method} {address.url} as {role}: expected {want.value}, "
                                    f"got {_describe(response, wrote)}")
                elif response.status_code == 200:  # and every page it shows passes the CSP
                    failures += [f"{method} {address.url} as {role}: {p}"
                                 for p in page_problems(response, framed=route.name in FRAMED)]
    assert not failures, f"{route.name} ({route.path}):\n  " + "\n  ".join(failures)


@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: r.name)
def test_staff_api_endpoint(route, world, api_clients):
    method = route.name.split(" ", 1)[0]
    assert method in ("GET", "POST"), f"{route.name}: add {method} to the matrix"
    failures = []
    for address in addresses(route, world):
        body = api_body(route, world, address.unit)
        for role, (client, headers) in api_clients.items():
            want = expected(API, route, method, role, address)
            response, wrote, error = send(client, method, address.url, body, json=True, headers=headers)
            if error:
                failures.append(f"{method} {address.url} as {role}: {error}")
            elif not matches(want, response, wrote, route.name in WRITES, api=True):
                failures.append(f"{method} {address.url} as {role}: expected {want.value}, "
                                f"got {_describe(response, wrote)}: {response.content[:200]!r}")
    assert not failures, f"{route.name}:\n  " + "\n  ".join(failures)


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse("admin:app_list", kwargs={"app_label": opts.app_label}))
    return sorted(set(urls))


def test_admin_is_for_administrators_only(world, clients):
    failures = []
    for url in _admin_urls():
        for role in ROLES:
            # Visitors go to the one login page (never the admin's own form); others: no admin.
            want = {"anonymous": O.LOGIN, "unverified": O.TWO_FACTOR,
                    "administrator": O.ALLOWED}.get(role, O.HIDDEN)
            response, wrote, error = send(clients[role], "GET", url)
            if error:
                failures.append(f"GET {url} as {role}: {error}")
            elif not matches(want, response, wrote, False, api=False):
                failures.append(f"GET {url} as {role}: expected {want.value}, "
                                f"got {_describe(response, wrote)}")
    assert not failures, "\n".join(failures)


# ---- Search shows exactly what each person may open ----------------------------------------------

_HIT_LINK = re.compile(r'<div class="hit">\s*<h3>.*?<a href="([^"]+)"', re.S)


def _shown_in_search(client: Client, **params: str) -> set[str]:
    """Addresses of the hits of the search page, as this person sees them."""
    response, _wrote, error = send(client, "GET", f"{reverse('briefings:search')}?{urlencode(params)}")
    assert not error, error
    if response.status_code != 200:
        return set()
    return set(_HIT_LINK.findall(response.content.decode()))


def _opens(client: Client, url: str) -> bool:
    response, _wrote, error = send(client, "GET", url)
    assert not error, f"{url}: {error}"
    return response.status_code == 200


@pytest.mark.parametrize("kind", sorted(set(SearchKind.values) | set(search.registered_kinds())))
def test_search_shows_each_role_exactly_what_it_may_open(kind, world, clients):
    """For every indexed kind, every role and the objects of every unit: an entry is in the search
    results (listed by kind, and found by its own words) if and only if its page opens for that
    person. Generated from the kinds: a new kind fails here until it has a visibility rule and
    the world makes objects of it."""
    assert kind in search.registered_kinds(), (
        f"search kind {kind!r} has no visibility rule: register the selector of its pages with "
        "search.register_kind in its app's AppConfig.ready")
    entries = list(SearchEntry.objects.filter(kind=kind).order_by("pk"))
    assert entries, f"build_world (tests/security/endpoints.py) makes no {kind!r} entry: add objects of it"
    failures = []
    for role in ROLES:
        client = clients[role]
        may_open = {e.url for e in entries if _opens(client, e.url)}
        listed = _shown_in_search(client, kind=kind)
        if listed != may_open:
            failures.append(f"{role}: listed {sorted(listed)}, may open {sorted(may_open)}")
        for entry in entries:
            found = entry.url in _shown_in_search(client, q=entry.title, kind=kind)
            if found != (entry.url in may_open):
                failures.append(f"{role}: {entry.title!r} ({entry.url}) found by its words: {found}, "
                                f"may open: {entry.url in may_open}")
    assert not failures, f"search kind {kind}:\n  " + "\n  ".join(failures)


def test_the_world_gives_search_something_to_hide(world, clients):
    """The test above means something only if some entries are closed to some people."""
    closed = [e for e in SearchEntry.objects.all() if not _opens(clients["officer_jp"], e.url)]
    assert {e.kind for e in closed} >= {SearchKind.NOTE, SearchKind.DIRECTIVE}


# ---- Nothing escapes the matrix ------------------------------------------------------------------

# Served to everyone by design; anything else must live under /staff/, /admin/ or the API.
PUBLIC_PREFIXES = ("/accounts/", "/i18n/", "/api/v1/")
PUBLIC_NAMES = {"healthz"}
PUBLIC_NAMESPACES = {"portal", "payments"}  # payments: the gateway's signed notifications
PUBLIC_API = {
    "GET /api/v1/procedures", "GET /api/v1/procedures/{code}",  # the catalogue
    "POST /api/v1/applications", "POST /api/v1/status",  # applying; status by code and access key
    "GET /api/v1/dashboard",  # the public transparency dashboard (aggregate figures only)
}


def test_every_url_is_in_the_matrix_or_declared_public():
    stray = []
    for path, name, _entry in all_url_patterns():
        if path.startswith(("/staff/", "/admin/", *PUBLIC_PREFIXES)) or name in PUBLIC_NAMES:
            continue
        if name.split(":")[0] in PUBLIC_NAMESPACES:
            continue
        stray.append(f"{path} ({name})")
    assert not stray, (
        "URLs neither under /staff/ (the matrix tests those) nor declared public in "
        f"{__name__}: put staff pages under /staff/, or add public ones to PUBLIC_*: {stray}"
    )


def test_every_api_operation_needs_a_token_or_is_declared_public():
    from chancery.api.urls import api

    schema = api.get_openapi_schema()
    open_ops = {f"{m.upper()} {p}" for p, ops in schema["paths"].items() for m, op in ops.items()
                if not op.get("security")}
    assert open_ops <= PUBLIC_API, (
        f"API operations without a token that are not declared public: {sorted(open_ops - PUBLIC_API)}. "
        "Drop their auth=None (the API asks for a staff token by default), or add them to PUBLIC_API "
        "if citizens may call them."
    )


def test_every_path_parameter_has_a_factory():
    missing = []
    for route in STAFF_ROUTES + API_ROUTES:
        for segment, name in route.params:
            try:
                param_for(route, segment, name)
            except UnknownParameter as exc:
                missing.append(str(exc))
        if route.regex:
            missing.append(f"{route.name}: regular-expression URL under /staff/")
    assert not missing, "\n".join(missing)


def test_an_unknown_parameter_fails_with_instructions():
    route = Route(name="widgets:detail", path="/staff/widgets/<int:widget_id>/",
                  params=(("widgets", "widget_id"),))
    with pytest.raises(UnknownParameter, match=r"Add \('widgets', 'widget_id'\) to PARAMS"):
        addresses(route, World())
    assert PARAM.search(route.path)
