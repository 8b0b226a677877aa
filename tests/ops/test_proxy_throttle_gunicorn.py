"""Through gunicorn, as deployed behind one proxy (security test, finding 1): every request
connects from the proxy's address and carries the client's in X-Forwarded-For. One client's failed
status lookups lock that client out, on whichever worker process they land, and nobody else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.ops.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def _lookup(port: int, client: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/status",
        data=json.dumps({"code": "K7QM-4XTR-9PB", "key": "AAAA-AAAA"}).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": client}, method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_one_clients_failures_behind_the_proxy_do_not_lock_out_another(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_", "S3_", "CACHE_")) and k != "PYTEST_CURRENT_TEST"}
    env.update(CHANCERY_DATA_DIR=str(tmp_path), CACHE_TABLE="chancery_cache", TRUSTED_PROXY_COUNT="1",
               STATUS_LOOKUP_MAX_FAILURES="5", DEBUG="0", ALLOWED_HOSTS="127.0.0.1",
               GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2", GUNICORN_THREADS="1")
    for command in (["migrate", "--noinput"], ["createcachetable"]):
        done = subprocess.run([sys.executable, "-m", "chancery", *command], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py"), "chancery.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.3)

        guesser, citizen = "203.0.113.9", "198.51.100.20"
        answers = [_lookup(port, f"6.6.6.6, {guesser}") for _ in range(5)]
        assert answers == [404] * 5
        # Locked out on both worker processes (the counter is in the shared cache).
        assert [_lookup(port, guesser) for _ in range(4)] == [429] * 4
        # Another citizen, through the same proxy, is still answered.
        assert _lookup(port, citizen) == 404
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    assert log.count("Booting worker") >= 2, log
