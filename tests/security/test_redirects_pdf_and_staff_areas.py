"""Security test, finding 16: no open redirect through the briefing subscription form; briefing
PDFs fetch nothing (the one offline URL fetcher notices use); ``/admin/`` and ``/api/v1/docs``
answer staff only unless a setting opens them."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

import chancery
from chancery.briefings.models import Note

# ---- The subscription form's `next` ---------------------------------------------------------------

ELSEWHERE = ["https://evil.example/phish", "//evil.example/x", "/\\evil.example", "http:evil.example",
             "javascript:alert(1)", " https://evil.example"]


@pytest.mark.parametrize("next_url", ELSEWHERE)
def test_the_subscription_form_never_sends_anyone_to_another_site(next_url, org, client):
    client.force_login(org.officer)
    response = client.post(reverse("briefings:subscription"), {"scope": str(org.fr.pk), "next": next_url})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert not target.netloc and not target.scheme, response["Location"]
    assert response["Location"] == reverse("briefings:briefing_list")


def test_the_subscription_form_returns_to_a_page_of_this_site(org, client):
    client.force_login(org.officer)
    back = reverse("briefings:briefing_list") + "?scope=ministry"
    response = client.post(reverse("briefings:subscription"), {"scope": str(org.fr.pk), "next": back})
    assert response["Location"] == back


# ---- Briefing PDFs fetch nothing -------------------------------------------------------------------


@pytest.fixture
def listener():
    """A local web server that notes every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_a_briefing_pdf_fetches_nothing_even_if_a_note_carries_addresses(org, client, listener, tmp_path):
    from chancery.briefings import selectors, services

    address, hits = listener
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    note = services.create_note(unit=org.fr, author=org.officer, title="Ghi chép", body="<p>Tình hình</p>",
                                countries=["FR"])
    # As if the sanitiser had let them through (defence in depth: the renderer refuses anyway).
    Note.objects.filter(pk=note.pk).update(body_html=(
        f'<p>x</p><img src="{address}/img.png"><link rel="stylesheet" href="{address}/style.css">'
        f'<link rel="stylesheet" href="file://{secret}"><object data="{address}/obj"></object>'
        f'<p style="background: url({address}/bg.png)">y</p>'))
    day = selectors.unit_today(org.fr)
    briefing = services.compile_briefing(org.fr, day, actor=org.head, notify=False)[0]
    client.force_login(org.head)
    response = client.get(reverse("briefings:briefing_pdf", args=[briefing.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert hits == []


def test_one_url_fetcher_for_every_pdf():
    """Notices and briefings use chancery.core.pdf; nobody writes a second fetcher."""
    root = Path(chancery.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "weasyprint" in text and "HTML(" in text:
            assert "url_fetcher=offline_url_fetcher()" in text, path
        if path.name != "pdf.py" or path.parent.name != "core":
            assert "URLFetcher" not in text and "default_url_fetcher" not in text, path


# ---- /admin/ and /api/v1/docs ----------------------------------------------------------------------

AREAS = [("/admin/", "admin"), ("/admin/portal/rating/", "admin"), ("/admin/login/?next=/admin/", "admin"),
         ("/api/v1/docs", "docs")]


@pytest.mark.parametrize(("url", "area"), AREAS)
def test_staff_areas_send_visitors_to_the_login_page(url, area, db, client):
    response = client.get(url)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("login")  # never the admin's own form


@pytest.mark.parametrize(("url", "area"), AREAS)
def test_staff_areas_do_not_exist_for_others(url, area, org, client):
    outsiders = [org.outsider] + ([org.officer, org.head, org.leader] if area == "admin" else [])
    for user in outsiders:
        client.force_login(user)
        assert client.get(url).status_code == 404, (url, user.username)


@pytest.mark.parametrize(("url", "area"), AREAS)
def test_staff_areas_answer_staff(url, area, org, client):
    client.force_login(org.admin)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    if area == "docs":
        client.force_login(org.officer)  # API users: anybody holding a role
        assert client.get(url).status_code == 200


@pytest.mark.two_factor
def test_staff_areas_want_the_second_factor(org, client):
    client.force_login(org.admin)  # password only
    for url in ("/admin/", "/api/v1/docs"):
        response = client.get(url)
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path in (
            reverse("two_factor_verify"), reverse("two_factor_setup"))


def test_settings_open_the_areas(db, client, settings):
    settings.ADMIN_OPEN = True
    settings.API_DOCS_OPEN = True
    response = client.get("/admin/")
    assert urlsplit(response["Location"]).path == reverse("admin:login")
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200
