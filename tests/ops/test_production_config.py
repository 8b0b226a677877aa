"""Production configuration comes from environment variables: `chancery check --deploy` passes
with them, the health check answers load balancers, reads can go to a replica where safe."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections

from chancery.core.ops import health
from chancery.core.ops.routers import ReplicaRouter, reading_from_replica, replica_reads

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "chancery.settings",
    "SECRET_KEY": secrets.token_urlsafe(48)[:50],
    "ALLOWED_HOSTS": "example.org",
    "HTTPS": "1",
    "TRUSTED_PROXY_COUNT": "1",  # behind nginx
    "DEBUG": "0",
    # Not contacted: `check` without --database does not open a connection.
    "DATABASE_URL": "postgres://chancery:secret@db.example.org:5432/chancery",
}


def run_chancery(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("S3_", "DATABASE_", "EMAIL_", "SECURE_", "TASKS_", "CACHE_"))
            and k not in {"SECRET_KEY", "DEBUG", "HTTPS", "ALLOWED_HOSTS", "PYTEST_CURRENT_TEST",
                          # set by the browser tests for Playwright's event loop; never in production
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "-m", "chancery", *args],
        env={**base, "CHANCERY_DATA_DIR": str(tmp_path), **env},
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_passes_with_production_environment(tmp_path):
    result = run_chancery(tmp_path, PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout


def test_check_deploy_fails_on_the_demo_key_and_sqlite(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    result = run_chancery(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "chancery.W001" in result.stderr and "chancery.W002" in result.stderr


def test_check_deploy_fails_behind_a_proxy_without_trusted_proxies(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "TRUSTED_PROXY_COUNT"}
    result = run_chancery(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "chancery.W003" in result.stderr


def test_production_settings_come_from_the_environment(tmp_path):
    env = {
        **PRODUCTION,
        "DATABASE_REPLICA_URL": "postgres://reader:secret@replica.example.org:5432/chancery",
        "S3_BUCKET": "mofa-documents", "S3_ENDPOINT_URL": "https://s3.example.org",
        "TASKS_BACKEND": "database", "CACHE_TABLE": "chancery_cache",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "smtp.example.org",
        "DATABASE_HEALTH_CHECKS": "1",
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({"
        "'db': s.DATABASES['default']['HOST'], 'replica': s.DATABASES['replica']['HOST'],"
        "'health_checks': s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        "'routers': s.DATABASE_ROUTERS, 'storage': s.STORAGES['default']['BACKEND'],"
        "'tasks': s.TASKS['default']['BACKEND'], 'cache': s.CACHES['default']['BACKEND'],"
        "'email': s.EMAIL_HOST, 'ssl_redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,"
        "'secure_cookies': s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE, 'debug': s.DEBUG}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "S3_BUCKET"}}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env={**base, **env, "CHANCERY_DATA_DIR": str(tmp_path)}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "db": "db.example.org", "replica": "replica.example.org", "health_checks": True,
        "routers": ["chancery.core.ops.routers.ReplicaRouter"],
        "storage": "storages.backends.s3.S3Storage", "tasks": "django_tasks_db.DatabaseBackend",
        "cache": "django.core.cache.backends.db.DatabaseCache", "email": "smtp.example.org",
        "ssl_redirect": True, "hsts": 31536000, "secure_cookies": True, "debug": False,
    }


def test_health_check_answers_200_with_the_database_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "databases": {"default": "ok"}}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_health_check_is_not_redirected_to_https_for_the_load_balancer(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_health_check_answers_503_when_the_database_is_unreachable(rf, monkeypatch):
    class Broken:
        def __iter__(self):
            return iter(["default"])

        def __getitem__(self, alias):
            raise ConnectionRefusedError("database down")

    monkeypatch.setattr(health, "connections", Broken())
    response = health.healthz(rf.get("/healthz"))
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "databases": {"default": "unavailable"}}


def test_a_lost_replica_is_reported_but_keeps_the_process_in_the_load_balancer(rf, monkeypatch):
    class Cursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql):
            pass

        def fetchone(self):
            return (1,)

    class Primary:
        def cursor(self):
            return Cursor()

    class Connections:
        def __iter__(self):
            return iter(["default", "replica"])

        def __getitem__(self, alias):
            if alias == "replica":
                raise ConnectionRefusedError("replica down")
            return Primary()

    monkeypatch.setattr(health, "connections", Connections())
    response = health.healthz(rf.get("/healthz"))
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok", "databases": {"default": "ok", "replica": "unavailable"}}


@pytest.fixture
def replica_configured(monkeypatch):
    monkeypatch.setattr("chancery.core.ops.routers.replica_configured", lambda: True)


def test_reads_go_to_the_replica_only_inside_marked_views(replica_configured):
    router = ReplicaRouter()
    assert connections["default"].in_atomic_block is False
    assert router.db_for_read(object) is None  # the primary
    with reading_from_replica():
        assert router.db_for_read(object) == "replica"
    assert router.db_for_read(object) is None
    assert replica_reads(lambda: router.db_for_read(object))() == "replica"
    assert router.db_for_write(object) == "default"
    assert router.allow_migrate("replica", "cases") is False


def test_reads_inside_a_transaction_stay_on_the_primary(replica_configured, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(object) is None


def test_without_a_replica_everything_reads_from_the_primary():
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(object) is None


def test_the_environment_example_lists_every_variable_the_settings_read():
    import re

    read = set()
    for source in (ROOT / "src/chancery/settings.py", ROOT / "deploy/gunicorn.conf.py"):
        read |= set(re.findall(r"""(?:environ(?:\.get)?|env_bool|env_list)[(\[]["']([A-Z][A-Z0-9_]+)["']""",
                               source.read_text()))
    example = (ROOT / "deploy/chancery.env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert read >= {"DATABASE_URL", "S3_BUCKET", "TASKS_BACKEND", "EMAIL_HOST", "GUNICORN_WORKERS"}
    assert read - listed == set(), "add these to deploy/chancery.env.example"


def test_gunicorn_serves_the_application_with_the_deployment_config(tmp_path):
    import time
    import urllib.request

    from tests.ops.conftest import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "S3_"))}
    env.update(CHANCERY_DATA_DIR=str(tmp_path), GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2",
               GUNICORN_THREADS="2", DEBUG="0", ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py"), "chancery.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    assert response.status == 200
                    assert json.loads(response.read())["status"] == "ok"
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.3)
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    assert "Booting worker" in log
    assert '"GET /healthz HTTP/1.1" 200' in log
