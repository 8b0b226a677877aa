"""The README's demo path on the embedded defaults: SQLite, local files, in-process tasks.

Runs the real commands in a separate process (whatever database the rest of the suite uses),
starts the server and fetches pages over HTTP as a person would."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "S3_BUCKET", "TASKS_BACKEND")}
    env.update({
        "CHANCERY_HOME": str(ROOT), "CHANCERY_DATA_DIR": str(tmp_path / "var"), "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "chancery.settings",
    })
    return env


def _chancery(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "chancery", *args], env=env, cwd=ROOT, capture_output=True,
        text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_demo_runs_on_sqlite_and_serves_pages(demo_env, tmp_path):
    _chancery(demo_env, "migrate", "--no-input", "-v", "0")
    assert (tmp_path / "var" / "chancery.sqlite3").exists()
    loaded = _chancery(demo_env, "catalog", "load")
    assert "published" in loaded
    output = _chancery(demo_env, "demo")
    assert "demo cases created: " in output
    assert re.search(r"demo cases created: [1-9]", output)
    assert "emb-sa.officer" in output and "chancery-demo-2026" in output
    # Running it again adds nothing and still prints the logins.
    again = _chancery(demo_env, "demo")
    assert "demo cases created: 0" in again and "leader" in again

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "chancery", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=demo_env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                home = urllib.request.urlopen(base + "/", timeout=5).read().decode()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        assert "Chancery" in home
        procedures = urllib.request.urlopen(base + "/procedures/", timeout=10).read().decode()
        assert "passport-issuance" in procedures
        # A demo officer can log in and sees the unit's queue.
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login_page = opener.open(base + "/accounts/login/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
        body = urlencode({"csrfmiddlewaretoken": token, "username": "emb-fr.officer",
                          "password": "chancery-demo-2026"}).encode()
        request = urllib.request.Request(base + "/accounts/login/", data=body,
                                         headers={"Referer": base + "/accounts/login/"})
        page = opener.open(request, timeout=10).read().decode()
        assert 'name="code"' in page  # two factors stay on in the demo
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        code = _chancery(demo_env, "otp", "code", "emb-fr.officer").strip()
        body = urlencode({"csrfmiddlewaretoken": token, "code": code, "next": "/staff/cases/"}).encode()
        request = urllib.request.Request(base + "/accounts/two-factor/", data=body,
                                         headers={"Referer": base + "/accounts/two-factor/"})
        queue = opener.open(request, timeout=10).read().decode()
        assert "/staff/cases/" in queue and re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}", queue)
    finally:
        server.terminate()
        server.wait(timeout=20)
