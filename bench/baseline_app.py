"""The floor the HTTP benchmark compares the status lookup with: a bare WSGI callable, no Django.

    DATABASE_URL=postgres://... gunicorn -c deploy/gunicorn.conf.py bench.baseline_app:app

POST a JSON ``{"code": ..., "key": ...}`` and it runs the same SQL as ``POST /api/v1/status``
(the case by tracking code joined to its unit and procedure version, then its events joined to
their actors), checks the key's digest the same way, and answers a small JSON. One psycopg
connection per worker thread, opened on first use and kept. Nothing else: no middleware, no
sessions, no templates, no translation. The same gunicorn settings serve both, so the ratio of
their throughputs is what the framework and the application's own work cost.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

import psycopg

from chancery.cases import codes

SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-demo-key-change-me-" + "x" * 24  # as settings.py

CASE_SQL = """
SELECT c.*, v.*, u.*
FROM cases_case c
JOIN procedures_procedureversion v ON v.id = c.procedure_version_id
JOIN organization_unit u ON u.id = c.unit_id
WHERE c.tracking_code = %s
ORDER BY c.submitted_at DESC, c.id DESC
LIMIT 1
"""
EVENTS_SQL = """
SELECT e.*, a.*
FROM cases_caseevent e
LEFT OUTER JOIN auth_user a ON a.id = e.actor_id
WHERE e.case_id = %s
ORDER BY e.at ASC, e.id ASC
"""

_local = threading.local()


def _connection() -> psycopg.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        _local.conn = conn
    return conn


def _digest(key: str) -> str:
    normalized = "".join(ch for ch in key.upper() if ch.isalnum())
    return hmac.new(SECRET_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def lookup(code: str, key: str) -> dict[str, Any] | None:
    canonical = codes.canonical(code)
    row = None
    conn = _connection()
    if canonical is not None:
        with conn.cursor(row_factory=psycopg.rows.dict_row) as cursor:
            row = cursor.execute(CASE_SQL, (canonical,)).fetchone()
    digest = _digest(key)
    if row is None or not hmac.compare_digest(row["access_key_digest"], digest) or row["status"] == "draft":
        return None
    with conn.cursor() as cursor:
        events = cursor.execute(EVENTS_SQL, (row["id"],)).fetchall()
        at = [column.name for column in cursor.description].index("at")
    return {
        "tracking_code": row["tracking_code"], "status": row["status"], "unit": row["name_en"],
        "submitted_at": row["submitted_at"].isoformat() if row["submitted_at"] else None,
        "timeline": [{"at": e[at].isoformat()} for e in events],
    }


def app(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
    def answer(status: str, body: dict[str, Any]) -> list[bytes]:
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    if environ.get("PATH_INFO") == "/healthz":
        return answer("200 OK", {"ok": True})
    if environ["REQUEST_METHOD"] != "POST":
        return answer("405 Method Not Allowed", {"code": "method"})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        payload = json.loads(environ["wsgi.input"].read(length) or b"{}")
        code, key = str(payload["code"]), str(payload["key"])
    except (ValueError, KeyError, TypeError):
        return answer("422 Unprocessable Entity", {"code": "invalid"})
    found = lookup(code, key)
    if found is None:
        return answer("404 Not Found", {"code": "not_found"})
    return answer("200 OK", found)
