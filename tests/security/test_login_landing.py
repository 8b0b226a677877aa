"""Where staff land after logging in: a person whose only role is leadership on the directives
overview, everybody else on the cases queue; a ``next`` they brought wins in both cases."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from chancery.organization.models import Membership, Role
from tests.portal.helpers import Browser
from tests.security.conftest import code_for, device_for, password_login

QUEUE = reverse("cases:queue")
OVERVIEW = reverse("directives:home")
BRIEFINGS = reverse("briefings:index")


def lands(username: str, next_url: str = "") -> str:
    """Logs in through the real form and follows the redirect; the page it landed on."""
    browser = Browser()
    response = password_login(browser, username, next_url=next_url)
    assert response.status_code == 302, response.content.decode()[:500]
    assert browser.get(response["Location"]).status_code == 200  # the landing page opens for them
    return urlsplit(response["Location"]).path


@pytest.mark.parametrize(("username", "page"), [
    ("leader", OVERVIEW), ("head.fr", QUEUE), ("officer.fr", QUEUE), ("delegated.fr", QUEUE),
])
def test_leadership_lands_on_the_overview_and_unit_staff_on_the_queue(org, username, page):
    assert lands(username) == page


@pytest.mark.parametrize("username", ["leader", "head.fr", "officer.fr"])
def test_a_next_url_wins(org, username):
    assert lands(username, next_url=BRIEFINGS) == BRIEFINGS


def test_a_leader_who_also_works_a_unit_lands_on_the_queue(org):
    Membership.objects.create(user=org.leader, unit=org.fr, role=Role.HEAD)
    assert lands("leader") == QUEUE


def test_another_site_as_next_still_lands_a_leader_on_the_overview(org):
    assert lands("leader", next_url="https://evil.example/") == OVERVIEW


@pytest.mark.two_factor
def test_with_two_factor_the_leader_lands_on_the_overview_after_the_code(org, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = device_for(org.leader)
    browser = Browser()
    response = password_login(browser, "leader")
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [OVERVIEW]
    # The code page, reached without its next, still sends the leader to the overview.
    response = browser.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == OVERVIEW
    assert browser.get(OVERVIEW).status_code == 200
