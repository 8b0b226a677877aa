"""Security headers on every answer, a Content-Security-Policy the pages really pass (no inline
script or style, no event handler attributes), session and CSRF cookies, the password policy.
Every staff page is also checked this way by the authorization matrix."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from chancery.cases.models import NoticeKind
from chancery.cases.notices import issue_notice
from tests.factories import submit_case
from tests.portal.helpers import Browser
from tests.security.conftest import device_for, password_login
from tests.security.endpoints import all_url_patterns
from tests.security.html_checks import csp_problems, inline_problems, page_problems


def _check(browser: Browser, url: str, status: int = 200) -> list[str]:
    response = browser.get(url)
    if response.status_code != status:
        return [f"{url}: status {response.status_code}"]
    return [f"{url}: {problem}" for problem in page_problems(response)]


# Pages that only take a form's POST (and answer a GET with 405).
POST_ONLY = {"portal:sign_out"}


def _public_pages_without_parameters() -> list[str]:
    return [path for path, name, _ in all_url_patterns()
            if name.startswith("portal:") and "<" not in path and name not in POST_ONLY]


def test_public_pages_carry_the_policy_and_pass_it(catalog, org, browser):
    case, key = submit_case(org.fr)
    notice = issue_notice(case, NoticeKind.RECEIPT)
    problems = []
    for url in _public_pages_without_parameters():
        problems += _check(browser, url)
    problems += _check(browser, reverse("portal:procedure", args=["passport-issuance"]))
    problems += _check(browser, reverse("portal:apply", args=["passport-issuance"]))
    problems += _check(browser, reverse("portal:verify_notice", args=[notice.verification_token]))
    problems += _check(browser, reverse("portal:dashboard_unit", args=["EMB-FR"]))
    lookup = browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    assert lookup.status_code == 302
    problems += _check(browser, reverse("portal:status", args=[case.tracking_code]))
    problems += _check(Browser(), reverse("portal:status", args=[case.tracking_code]))  # asks the key
    problems += _check(browser, reverse("portal:sign_in", args=["expired-or-unknown"]), status=410)
    problems += _check(browser, reverse("login"))
    assert not problems, "\n".join(problems)


@pytest.mark.two_factor
def test_account_pages_pass_the_policy(org, browser, settings):
    password_login(browser, "officer.fr")
    problems = _check(browser, reverse("two_factor_setup"))
    other = Browser()
    device_for(org.head)
    password_login(other, "head.fr")
    problems += _check(other, reverse("two_factor_verify"))
    locked = Browser()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = password_login(locked, "leader", password="wrong password 1")
    assert response.status_code == 429
    problems += [f"lockout page: {p}" for p in page_problems(response)]
    assert not problems, "\n".join(problems)


def test_main_staff_pages_pass_the_policy(catalog, org, client):
    case, _key = submit_case(org.fr)
    client.force_login(org.head)
    problems = []
    for url in (reverse("cases:queue"), reverse("cases:detail", args=[case.tracking_code]),
                reverse("directives:index"), reverse("directives:dashboard"), reverse("directives:import"),
                reverse("briefings:index"), reverse("briefings:note_create"), reverse("briefings:search")):
        problems += _check(client, url)
    client.force_login(org.admin)
    problems += _check(client, reverse("admin:index"))
    assert not problems, "\n".join(problems)


def test_api_documentation_works_under_the_policy(org, client):
    client.force_login(org.officer)  # staff only (tests/security/test_redirects_pdf_and_staff_areas.py)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert not page_problems(response), page_problems(response)
    assert "cdn" not in response.content.decode().lower()  # served from our own static files


@pytest.mark.django_db
def test_every_answer_carries_the_security_headers(client):
    for url in (reverse("portal:home"), reverse("login"), "/api/v1/procedures", "/staff/cases/", "/nowhere/"):
        response = client.get(url)
        assert not csp_problems(response), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert "camera=()" in response["Permissions-Policy"], url


def test_the_checker_finds_what_the_policy_would_block():
    page = """<html><head><style>p{}</style><script>alert(1)</script>
    <script src="https://cdn.example/x.js"></script><script src="/static/ok.js"></script>
    <script type="application/json" id="data">{"a": 1}</script></head>
    <body onload="go()"><p style="color:red">x</p><a href="javascript:go()">go</a>
    <img src="data:image/png;base64,AA"><img src="https://tracker.example/p.gif"></body></html>"""
    found = " | ".join(inline_problems(page))
    for expected in ("inline <style>", "inline script", "script from elsewhere",
                     "event handler attribute onload", "style attribute", "javascript: URL",
                     "image from elsewhere"):
        assert expected in found, expected
    assert len(inline_problems(page)) == 7


@pytest.mark.django_db
def test_session_and_csrf_cookies(org, browser, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    response = password_login(browser, "officer.fr")
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert not session["max-age"]  # gone when the browser closes
    assert browser.session.get_expiry_age() <= 8 * 3600
    csrf = browser.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


@pytest.mark.parametrize("password", ["short-pass", "password1234", "123456789012345", "officer.fr2024!"])
@pytest.mark.django_db
def test_weak_passwords_are_refused(org, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=org.officer)


@pytest.mark.django_db
def test_a_long_uncommon_passphrase_is_accepted(org):
    validate_password("lanterns-over-the-Seine-at-dusk", user=org.officer)
