"""HTTP benchmark: N cases on PostgreSQL, Chancery under gunicorn, concurrent load from another process.

    python bench/http_bench.py                                  # 1,000,000 cases, throw-away PostgreSQL
    python bench/http_bench.py --n 100000 --duration 20 --concurrency 8
    python bench/http_bench.py --keep ...; python bench/http_bench.py --reuse DIR --only "queue page"
    DATABASE_URL=postgres://user@127.0.0.1:5432/x python bench/http_bench.py --n 5000 --keep

The database: with DATABASE_URL (a PostgreSQL server), a fresh database ``chancery_http_bench_<pid>``
is created on that server and dropped at the end (``--keep`` keeps it and prints its URL); the
database named in the URL is never written to (audit records are append-only: bench rows could
not be deleted from it). Without DATABASE_URL, a throw-away PostgreSQL is started from
/usr/lib/postgresql/*/bin, as scripts/start-postgres does, and removed at the end.

The N cases of 100 units come from bench/dashboard_bench.py's bulk generator (COPY); a sample of
them then gets real tracking codes (chancery.cases.codes) and access keys, kept for the load,
with a few events each. An officer of the largest unit logs in over HTTP (the servers run with
REQUIRE_2FA=0). Chancery and bench/baseline_app.py (the same SQL as the status lookup through
psycopg, in a bare WSGI callable) both run under gunicorn with deploy/gunicorn.conf.py on free
127.0.0.1 ports. A second process then loads each scenario with C keep-alive connections for D
seconds, and a table of requests, throughput and p50/p95/p99 latency is printed, with the status
lookup's throughput as a share of the baseline's, and the targets (informational: the process
never fails on them; they are set for a 2-core machine with 1,000,000 cases).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pwd
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the load generator talks to nothing else
KNOWN_CASES = 2000  # cases given a real tracking code and access key
MAX_REQUESTS = 500_000  # per scenario, whatever the duration
OFFICER = "bench.officer"
PASSWORD = "bench-officer-password-2026"
SUBMIT_PROCEDURE = "passport-issuance"
# (scenario, p95 limit in ms or None, minimum share of the baseline's throughput or None)
TARGETS = {"status lookup": (25.0, 0.40), "queue page": (80.0, None)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# ---- The database ------------------------------------------------------------------------------


class ThrowAwayPostgres:
    """A PostgreSQL cluster in a temporary folder, like scripts/start-postgres (as `postgres` when root)."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            raise SystemExit("DATABASE_URL is unset and no PostgreSQL binaries are under /usr/lib/postgresql")
        self.bin = bins[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="chancery-bench-pg."))
        self.port = free_port()
        self.as_pg: list[str] = []
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                _run([shutil.which("useradd") or "/usr/sbin/useradd", "--system", "--no-create-home",
                      "postgres"])
            shutil.chown(self.dir, "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]

    def start(self) -> str:
        data = self.dir / "data"
        _run([*self.as_pg, str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses={HOST} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                   "-c shared_buffers=256MB")
        _run([*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "log"),
              "-w", "start", "-o", options])
        return f"postgres://postgres@{HOST}:{self.port}/postgres"

    def stop(self) -> None:
        _run([*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"],
             check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def _run(command: list[str], check: bool = True) -> None:
    subprocess.run(command, check=check, capture_output=True)  # noqa: S603 - our own arguments


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def create_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return _with_database(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---- Data --------------------------------------------------------------------------------------


def prepare(n: int, units: int, out: Any) -> dict[str, Any]:
    """Cases, known code/key pairs, an officer; what the load needs, as plain data."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from bench import dashboard_bench
    from chancery.cases import codes
    from chancery.cases.models import Case, CaseEvent, access_key_digest
    from chancery.demo.seed import _answers
    from chancery.organization.models import Membership, Role, Unit
    from chancery.portal import statistics
    from chancery.procedures.selectors import current_version

    began = time.perf_counter()
    made = dashboard_bench.generate(n, units)
    took = time.perf_counter() - began
    print(f"generated {made['cases']} cases in {units} units in {took:.1f} s "
          f"({made['cases'] / max(took, 1e-9):.0f} cases/s)", file=out, flush=True)
    statistics.rebuild()

    # Real tracking codes and keys for a sample, spread over the table; a few events each.
    rng = random.Random(7)
    ids = list(Case.objects.values_list("pk", flat=True).order_by("?")[:KNOWN_CASES])
    known, used = [], set()
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        rows, events = [], []
        for pk in ids:
            code = codes.new_tracking_code()
            while code in used:
                code = codes.new_tracking_code()
            used.add(code)
            key = codes.new_access_key()
            rows.append((code, access_key_digest(key), pk))
            known.append((code, key))
            for step, (action, before, after) in enumerate((("submit", "draft", "submitted"),
                                                            ("receive", "submitted", "received"))):
                events.append(CaseEvent(case_id=pk, at=now.replace(microsecond=step), actor_label="bench",
                                        action=action, from_status=before, to_status=after))
        cursor.executemany(f"UPDATE {Case._meta.db_table} SET tracking_code = %s, "  # noqa: S608
                           "access_key_digest = %s WHERE id = %s", rows)
        CaseEvent.objects.bulk_create(events, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    bench_units = list(Unit.objects.filter(code__startswith=dashboard_bench.PREFIX).order_by("code"))
    largest = bench_units[0]  # the generator weighs the first unit most
    officer = get_user_model().objects.create_user(username=OFFICER, password=PASSWORD,
                                                   email="bench.officer@mofa.example")
    Membership.objects.create(user=officer, unit=largest, role=Role.OFFICER)
    unit_codes = list(Case.objects.filter(unit=largest).values_list("tracking_code", flat=True)[:500])

    version = current_version(SUBMIT_PROCEDURE)
    target = next(u for u in bench_units if u.kind in version.handled_by)
    files = []
    for doc in version.documents:
        if doc["required"]:
            kind = "pdf" if "pdf" in doc["accepted_types"] else doc["accepted_types"][0]
            files.append((f"doc_{doc['code']}", f"{doc['code']}.{kind}", FILES[kind]))
    fields = {"procedure": SUBMIT_PROCEDURE, "unit": target.code, "applicant_name": "Bench Applicant",
              "applicant_email": "bench@example.org", "answers": json.dumps(_answers(version, rng)),
              "consent": "true"}
    content_type, body = multipart(fields, files)
    return {"known": known, "unit_codes": unit_codes, "largest": largest.code,
            "submission": {"content_type": content_type, "body": body}}


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
              + b"\x00" * 64 + b"\xff\xd9")
FILES = {"pdf": PDF_BYTES, "png": PNG_BYTES, "jpeg": JPEG_BYTES}


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + value.encode() + b"\r\n")
    for name, filename, content in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
                     "\r\nContent-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


# ---- Servers -----------------------------------------------------------------------------------


def server_env(database_url: str, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url, "CHANCERY_DATA_DIR": data_dir, "CHANCERY_HOME": str(ROOT),
        "DEBUG": "0", "STATIC_MANIFEST": "0", "REQUIRE_2FA": "0", "HTTPS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "chancery.settings",
        # All the load comes from one address: the per-client hourly limits would measure
        # themselves (429s), not the application submission.
        "APPLICATIONS_PER_CLIENT_HOUR": "1000000", "UPLOAD_MB_PER_CLIENT_HOUR": "1000000",
    })
    return env


class Server:
    """gunicorn with deploy/gunicorn.conf.py on a free local port."""

    def __init__(self, app: str, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log.open("w")
        env = {**env, "GUNICORN_BIND": f"{HOST}:{self.port}", "GUNICORN_ACCESS_LOG": str(log) + ".access"}
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), app],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.wait_ready(log)

    def wait_ready(self, log: Path, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {log}:\n{log.read_text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer on port {self.port} within {timeout} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def login(port: int) -> str:
    """The officer's session cookie, by the login form (password only: REQUIRE_2FA=0)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = _cookies(response)
    marker = 'name="csrfmiddlewaretoken" value="'
    token = page[page.index(marker) + len(marker):].split('"', 1)[0]
    body = urlencode({"csrfmiddlewaretoken": token, "username": OFFICER, "password": PASSWORD})
    conn.request("POST", "/accounts/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie_header(cookies),
        "Referer": f"http://{HOST}:{port}/accounts/login/"})
    response = conn.getresponse()
    response.read()
    cookies.update(_cookies(response))
    if response.status != 302 or not any("session" in name for name in cookies):
        raise SystemExit(f"login failed: HTTP {response.status}")
    return _cookie_header(cookies)


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        found[name.strip()] = value.strip()
    return found


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


# ---- Load (runs in a second process) -------------------------------------------------------------


def run_load(spec: dict[str, Any]) -> dict[str, Any]:
    """C threads, each with one keep-alive connection, for `duration` seconds after `warmup`.

    spec: port, concurrency, duration, warmup, expect (status code), requests: a list of
    (method, path, body bytes or None, headers) picked at random by each thread."""
    port, requests, expect = spec["port"], spec["requests"], spec["expect"]
    assert spec.get("host", HOST) == HOST
    latencies: list[list[float]] = [[] for _ in range(spec["concurrency"])]
    errors = [0] * spec["concurrency"]
    samples: list[str] = []
    start = time.monotonic() + spec["warmup"]
    stop = start + spec["duration"]
    budget = threading.Semaphore(MAX_REQUESTS)

    def worker(index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < stop:
            method, path, body, headers = rng.choice(requests)
            began = time.monotonic()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                status, content = f"{type(exc).__name__}", b""
            ended = time.monotonic()
            if began < start:
                continue
            if not budget.acquire(blocking=False):
                break
            if status == expect:
                latencies[index].append((ended - began) * 1000)
            else:
                errors[index] += 1
                if len(samples) < 3:
                    samples.append(f"{status} {content[:300]!r}")
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(spec["concurrency"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = min(time.monotonic(), stop) - start
    merged = sorted(v for per in latencies for v in per)
    return {"ok": len(merged), "errors": sum(errors), "samples": samples, "seconds": elapsed,
            "p50": percentile(merged, 50), "p95": percentile(merged, 95), "p99": percentile(merged, 99)}


def percentile(ordered: Sequence[float], p: float) -> float:
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def scenarios(data: dict[str, Any], app_port: int, base_port: int, cookie: str) -> list[dict[str, Any]]:
    json_headers = {"Content-Type": "application/json"}
    lookups = [("POST", "/api/v1/status", json.dumps({"code": c, "key": k}).encode(), json_headers)
               for c, k in data["known"]]
    baseline = [("POST", "/status", body, headers) for _m, _p, body, headers in lookups]
    staff = {"Cookie": cookie}
    submission = data["submission"]
    return [
        {"name": "baseline (bare WSGI)", "port": base_port, "expect": 200, "requests": baseline},
        {"name": "status lookup", "port": app_port, "expect": 200, "requests": lookups},
        {"name": "queue page", "port": app_port, "expect": 200,
         "requests": [("GET", "/staff/cases/", None, staff)]},
        {"name": "case page", "port": app_port, "expect": 200,
         "requests": [("GET", f"/staff/cases/{code}/", None, staff) for code in data["unit_codes"]]},
        {"name": "application submission", "port": app_port, "expect": 201,
         "requests": [("POST", "/api/v1/applications", submission["body"],
                       {"Content-Type": submission["content_type"]})]},
        {"name": "dashboard", "port": app_port, "expect": 200,
         "requests": [("GET", "/dashboard/", None, {})]},
    ]


def measure(specs: list[dict[str, Any]], concurrency: int, duration: float, out: Any) -> dict[str, dict]:
    warmup = min(2.0, duration * 0.25)
    results: dict[str, dict] = {}
    print(f"\nload: {concurrency} connections, {duration:g} s per scenario (after {warmup:g} s warm-up), "
          "from a second process", file=out)
    header = (f"{'scenario':<24} {'requests':>9} {'errors':>7} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'p99 ms':>8}  {'vs baseline':>11}  target")
    print(header, file=out, flush=True)
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        for spec in specs:
            result = pool.submit(run_load, {**spec, "concurrency": concurrency, "duration": duration,
                                            "warmup": warmup}).result()
            result["rps"] = result["ok"] / result["seconds"] if result["seconds"] > 0 else 0.0
            results[spec["name"]] = result
            ratio, verdict = "", ""
            base = results.get("baseline (bare WSGI)")
            if spec["name"] in TARGETS:
                p95_limit, share = TARGETS[spec["name"]]
                ok = result["p95"] < p95_limit and result["ok"] > 0
                verdict = f"p95 < {p95_limit:g} ms"
                if share is not None and base and base["rps"]:
                    result["ratio"] = result["rps"] / base["rps"]
                    ratio = f"{result['ratio']:.0%}"
                    ok = ok and result["ratio"] >= share
                    verdict += f", ≥ {share:.0%} of baseline"
                verdict = f"{'PASS' if ok else 'FAIL'} ({verdict})"
            print(f"{spec['name']:<24} {result['ok']:>9} {result['errors']:>7} {result['rps']:>9.1f} "
                  f"{result['p50']:>8.1f} {result['p95']:>8.1f} {result['p99']:>8.1f}  {ratio:>11}  "
                  f"{verdict}",
                  file=out, flush=True)
            if result["errors"]:
                print(f"  unexpected answers, e.g.: {', '.join(result['samples'])}", file=out)
    return results


# ---- Main --------------------------------------------------------------------------------------


def setup_django(database_url: str, data_dir: str) -> None:
    os.environ.update(server_env(database_url, data_dir))
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    from bench import dashboard_bench

    dashboard_bench.setup_django()


KEPT = "http-bench.json"


def keep(data_dir: Path, database_url: str, data: dict[str, Any] | None) -> None:
    """What --reuse needs: the database, the known code/key pairs, the submission's body."""
    if data is None:
        return
    saved = {**data, "database_url": database_url,
             "submission": {**data["submission"], "body": data["submission"]["body"].decode("latin-1")}}
    (data_dir / KEPT).write_text(json.dumps(saved))


def remeasure(data_dir: Path, args: argparse.Namespace) -> int:
    saved = json.loads((data_dir / KEPT).read_text())
    saved["submission"]["body"] = saved["submission"]["body"].encode("latin-1")
    env = server_env(saved["database_url"], str(data_dir))
    servers = []
    try:
        servers.append(app := Server("chancery.wsgi", env, data_dir / "chancery.log"))
        servers.append(base := Server("bench.baseline_app:app", env, data_dir / "baseline.log"))
        cookie = login(app.port)
        measure(chosen(scenarios(saved, app.port, base.port, cookie), args.only), args.concurrency,
                args.duration, sys.stdout)
    finally:
        for server in servers:
            server.stop()
    return 0


def chosen(specs: list[dict[str, Any]], only: list[str] | None) -> list[dict[str, Any]]:
    if not only:
        return specs
    unknown = set(only) - {spec["name"] for spec in specs}
    if unknown:
        raise SystemExit(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    return [spec for spec in specs if spec["name"] in only or spec["name"].startswith("baseline")]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="cases to generate (default 1,000,000)")
    parser.add_argument("--units", type=int, default=100, help="units (default 100)")
    parser.add_argument("--duration", type=float, default=20, help="seconds per scenario (default 20)")
    parser.add_argument("--concurrency", type=int, default=2 * (os.cpu_count() or 1),
                        help="concurrent keep-alive connections (default 2 × CPUs: every core kept "
                             "busy, as the throughput at twice as many shows; beyond that latency "
                             "only adds queueing)")
    parser.add_argument("--keep", action="store_true", help="keep the database (and its PostgreSQL)")
    parser.add_argument("--reuse", metavar="DIR", help="measure again the database a --keep run left in DIR")
    parser.add_argument("--only", action="append", metavar="SCENARIO",
                        help="run only this scenario (and the baseline); may be repeated")
    args = parser.parse_args(argv)
    if args.reuse:
        return remeasure(Path(args.reuse), args)
    out = sys.stdout
    started = time.perf_counter()
    server_url = os.environ.get("DATABASE_URL", "")
    own_pg = None
    if not server_url:
        own_pg = ThrowAwayPostgres()
        server_url = own_pg.start()
        print(f"started a throw-away PostgreSQL on port {own_pg.port}", file=out)
    elif not server_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must point at PostgreSQL (or be unset for a throw-away one)")
    name = f"chancery_http_bench_{os.getpid()}"
    database_url = create_database(server_url, name)
    data_dir = tempfile.mkdtemp(prefix="chancery-http-bench.")
    servers: list[Server] = []
    try:
        setup_django(database_url, data_dir)
        data = prepare(args.n, args.units, out)
        from django.db import connections

        connections.close_all()
        env = server_env(database_url, data_dir)
        logs = Path(data_dir)
        app = Server("chancery.wsgi", env, logs / "chancery.log")
        servers.append(app)
        base = Server("bench.baseline_app:app", env, logs / "baseline.log")
        servers.append(base)
        workers = env.get("GUNICORN_WORKERS") or f"{os.cpu_count() * 2 + 1} (2 × CPU + 1)"
        print(f"gunicorn: {workers} workers × {env.get('GUNICORN_THREADS', '4')} threads each, "
              f"{os.cpu_count()} CPUs; officer of {data['largest']} logged in", file=out)
        cookie = login(app.port)
        measure(chosen(scenarios(data, app.port, base.port, cookie), args.only), args.concurrency,
                args.duration, out)
    finally:
        for server in servers:
            server.stop()
        if args.keep:
            keep(Path(data_dir), database_url, locals().get("data"))
            print(f"kept: DATABASE_URL={database_url} CHANCERY_DATA_DIR={data_dir}\n"
                  f"measure it again with: python bench/http_bench.py --reuse {data_dir}", file=out)
        else:
            from django.db import connections

            connections.close_all()
            drop_database(server_url, name)
            shutil.rmtree(data_dir, ignore_errors=True)
            if own_pg:
                own_pg.stop()
    print(f"done in {time.perf_counter() - started:.1f} s", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
