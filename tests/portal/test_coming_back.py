"""Coming back without an account, through the real HTTP stack: a status link opened on another
device, "I lost my code or key", "My applications" by a one-time sign-in link, and the session
rules that go with them (new session key on every access gained, no access key in the store)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from chancery.audit.models import AuditRecord
from chancery.cases import codes
from chancery.cases.models import Case, SignInLink
from tests.factories import advance
from tests.portal.helpers import Browser
from tests.portal.test_apply_and_status import look_up, submit_through_the_portal


def status_path(code: str) -> str:
    return reverse("portal:status", args=[code])


def _page(response) -> str:
    return response.content.decode()


def _normalised(response) -> str:
    """A page without what differs between two requests: the CSRF token, the code echoed back."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", _page(response))
    return re.sub(r'(id="code" name="code" value=)"[^"]*"', r"\1", page)


@pytest.fixture
def apply(org, passport, django_capture_on_commit_callbacks):
    """apply(email=...) -> (code, key): an application sent through the portal by a new browser."""

    def make(email: str = "an@example.org") -> tuple[str, str]:
        _response, code, key = submit_through_the_portal(
            Browser(), passport, org.fr, django_capture_on_commit_callbacks, applicant_email=email
        )
        return code, key

    return make


def _sent(browser: Browser, url: str, email: str, capture) -> object:
    with capture(execute=True):
        return browser.post(url, {"email": email})


# ---- A status link opened on another device ---------------------------------------------------


def test_a_status_link_on_a_fresh_browser_asks_for_the_key_then_shows_the_status(apply):
    code, key = apply()
    phone = Browser()
    asked = phone.get(status_path(code))
    assert asked.status_code == 200
    page = _page(asked)
    assert 'id="key-asked"' in page
    assert f'id="code" name="code" value="{code}"' in page
    assert 'id="status"' not in page  # nothing of the case before the key

    response = phone.post(status_path(code), {"code": code, "key": key})
    assert response.status_code == 302
    assert response["Location"] == status_path(code)
    shown = phone.get(status_path(code))
    assert shown.status_code == 200
    assert 'id="status"' in _page(shown)
    assert 'id="key-asked"' not in _page(shown)


def test_the_key_page_of_an_unknown_code_is_the_same_as_of_a_real_one(apply):
    code, _key = apply()
    stranger = Browser()
    real = stranger.get(status_path(code))
    made_up = codes.new_tracking_code()
    unknown = stranger.get(status_path(made_up))
    assert real.status_code == unknown.status_code == 200
    assert _normalised(real).replace(code, "C") == _normalised(unknown).replace(made_up, "C")


def test_a_wrong_key_on_a_status_link_is_refused_and_counts_with_the_lookup_throttle(apply):
    code, key = apply()
    guesser = Browser(REMOTE_ADDR="203.0.113.50")
    refused = guesser.post(status_path(code), {"code": code, "key": "WRNG-KEY0"})
    assert refused.status_code == 404
    assert "We found no application with this tracking code and access key" in _page(refused)
    assert 'id="status"' not in _page(refused)
    assert 'id="status"' not in _page(guesser.get(status_path(code)))
    # The status link and the lookup page share one counter per client address.
    for _attempt in range(settings.STATUS_LOOKUP_MAX_FAILURES - 1):
        assert look_up(guesser, code, "WRNG-KEY0").status_code == 404
    throttled = guesser.post(status_path(code), {"code": code, "key": key})
    assert throttled.status_code == 429
    assert "Too many unsuccessful attempts" in _page(throttled)


def test_every_email_to_an_applicant_links_to_the_case_status_page(
    org, apply, passport, django_capture_on_commit_callbacks
):
    code, _key = apply()
    case = Case.objects.get(tracking_code=code)
    with django_capture_on_commit_callbacks(execute=True):
        advance(case, ["receive", "start_processing", "request_supplement"], officer=org.officer)
    draft = Browser()
    with django_capture_on_commit_callbacks(execute=True):
        draft.post(reverse("portal:apply", args=["passport-issuance"]), {
            "unit": str(org.fr.pk), "applicant_name": "An", "applicant_email": "an@example.org",
            "save": "draft", "consent": "on",
        })
    draft_code = Case.objects.exclude(tracking_code=code).get().tracking_code
    mentioned = [m for m in mail.outbox if code in m.subject or draft_code in m.subject]
    assert len(mentioned) == 4  # submitted, received, supplement requested, draft saved
    for message in mentioned:
        own = code if code in message.subject else draft_code
        assert settings.SITE_URL + status_path(own) in message.body, message.subject


def test_every_email_template_that_names_a_case_carries_a_link():
    """Templates added later are held to the same rule; the staff reminder links the queue."""
    from chancery.cases import notifications

    folder = Path(notifications.__file__).parent / "templates" / "cases" / "email"
    staff_only = {"reminder.txt", "assigned.txt"}  # staff e-mails link the staff pages instead
    for template in folder.glob("*.txt"):
        text = template.read_text()
        if template.name in staff_only or "tracking_code" not in text:
            continue
        assert "{{ status_url }}" in text or "{{ url }}" in text, template.name


# ---- "I lost my code or key" ----------------------------------------------------------------------


def test_lost_key_mails_every_code_with_a_new_key_and_the_old_keys_stop_working(
    apply, django_capture_on_commit_callbacks
):
    first, first_key = apply("an@example.org")
    second, second_key = apply("An@Example.ORG")
    other, other_key = apply("binh@example.org")
    holder = Browser()
    assert look_up(holder, first, first_key).status_code == 302  # opened with the old key
    mail.outbox.clear()

    response = _sent(Browser(), reverse("portal:lost_key"), " an@EXAMPLE.org ",
                     django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert 'id="email-sent"' in _page(response)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.org"]
    assert other not in message.body
    new_keys = dict(re.findall(r"Tracking code: (\S+)\n.*New access key: (\S+)", message.body))
    assert set(new_keys) == {first, second}
    for code, old in ((first, first_key), (second, second_key)):
        assert new_keys[code] != old
        assert settings.SITE_URL + status_path(code) in message.body
        assert look_up(Browser(), code, old).status_code == 404
        assert look_up(Browser(), code, new_keys[code]).status_code == 302
    assert look_up(Browser(), other, other_key).status_code == 302  # someone else's: untouched
    # The browser that held the old key must give the new one.
    assert 'id="key-asked"' in _page(holder.get(status_path(first)))
    assert AuditRecord.objects.filter(action="case.access_key_reissued").count() == 2
    assert AuditRecord.objects.filter(action="applicant.new_keys_requested").count() == 1


def test_lost_key_for_an_unknown_address_answers_the_same_and_sends_nothing(
    apply, django_capture_on_commit_callbacks
):
    apply("an@example.org")
    mail.outbox.clear()
    known = _sent(Browser(), reverse("portal:lost_key"), "an@example.org", django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    unknown = _sent(Browser(), reverse("portal:lost_key"), "nobody@example.org",
                    django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200
    assert _normalised(known) == _normalised(unknown)
    assert sent == 1 and len(mail.outbox) == 1
    # Still audited, by a digest rather than the address.
    requests = AuditRecord.objects.filter(action="applicant.new_keys_requested")
    assert requests.count() == 2
    assert not any("nobody" in r.object_id for r in requests)


def test_a_malformed_address_is_told_next_to_the_field(db, django_capture_on_commit_callbacks):
    response = _sent(Browser(), reverse("portal:lost_key"), "not an address",
                     django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Enter a valid email address" in _page(response)
    assert 'id="email-sent"' not in _page(response)


def test_requests_for_emails_are_limited_per_address_and_per_client(
    apply, settings, django_capture_on_commit_callbacks
):
    apply("an@example.org")
    settings.APPLICANT_MAIL_MAX_PER_EMAIL = 2
    settings.APPLICANT_MAIL_MAX_PER_CLIENT = 4
    url = reverse("portal:lost_key")
    one = Browser(REMOTE_ADDR="198.51.100.1")
    mail.outbox.clear()
    for _attempt in range(2):
        assert _sent(one, url, "an@example.org", django_capture_on_commit_callbacks).status_code == 200
    assert len(mail.outbox) == 2
    # Per address: from anywhere, and through the sign-in link page too.
    elsewhere = Browser(REMOTE_ADDR="198.51.100.2")
    for limited in (_sent(one, url, "an@example.org", django_capture_on_commit_callbacks),
                    _sent(elsewhere, reverse("portal:my_applications"), "AN@example.org",
                          django_capture_on_commit_callbacks)):
        assert limited.status_code == 429
        assert "Too many requests for e-mails" in _page(limited)
    assert len(mail.outbox) == 2
    # Per client: other addresses, known or not, until the client's budget is spent.
    for address in ("x1@example.org", "x2@example.org"):
        assert _sent(one, url, address, django_capture_on_commit_callbacks).status_code == 200
    assert _sent(one, url, "x3@example.org", django_capture_on_commit_callbacks).status_code == 429
    assert _sent(elsewhere, url, "x3@example.org", django_capture_on_commit_callbacks).status_code == 200


# ---- "My applications" by a sign-in link ------------------------------------------------------------


def _link_from_outbox() -> str:
    found = re.search(r"https?://\S+/my-applications/sign-in/[^/\s]+/", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0).removeprefix(settings.SITE_URL)


def test_a_sign_in_link_lists_only_that_addresses_applications_and_opens_them(
    apply, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    mine = {apply("an@example.org")[0], apply("AN@example.org")[0]}
    theirs, _key = apply("binh@example.org")
    mail.outbox.clear()
    citizen = Browser()
    sent = _sent(citizen, reverse("portal:my_applications"), "an@example.org",
                 django_capture_on_commit_callbacks)
    assert sent.status_code == 200 and 'id="email-sent"' in _page(sent)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.org"]
    link = _link_from_outbox()

    assert 'id="sign-in-button"' in _page(citizen.get(link))  # opening it spends nothing
    response = citizen.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_applications")
    with django_assert_max_num_queries(8):
        listing = citizen.get(reverse("portal:my_applications"))
    page = _page(listing)
    for code in mine:
        assert status_path(code) in page
    assert theirs not in page
    shown = citizen.get(status_path(sorted(mine)[0]))
    assert 'id="status"' in _page(shown)  # no key asked in this session
    assert 'id="key-asked"' in _page(citizen.get(status_path(theirs)))
    assert AuditRecord.objects.filter(action="applicant.signed_in").count() == 1


def test_a_sign_in_link_works_once(apply, django_capture_on_commit_callbacks):
    apply("an@example.org")
    _sent(Browser(), reverse("portal:my_applications"), "an@example.org", django_capture_on_commit_callbacks)
    link = _link_from_outbox()
    first, second = Browser(), Browser()
    assert first.post(link).status_code == 302
    again = second.post(link)  # a second click, or someone else with the e-mail
    assert again.status_code == 410
    assert 'id="link-unusable"' in _page(again)
    assert 'id="applications"' not in _page(second.get(reverse("portal:my_applications")))
    assert second.get(link).status_code == 410
    assert SignInLink.objects.get().used_at is not None


@pytest.mark.parametrize(("minutes", "works"), [(29, True), (31, False)])
def test_a_sign_in_link_expires_after_30_minutes(apply, django_capture_on_commit_callbacks, minutes, works):
    apply("an@example.org")
    _sent(Browser(), reverse("portal:my_applications"), "an@example.org", django_capture_on_commit_callbacks)
    link = _link_from_outbox()
    later = timezone.now() + timedelta(minutes=minutes)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = Browser().post(link)
    assert (response.status_code == 302) is works
    assert (response.status_code == 410) is not works


def test_a_sign_in_link_for_an_unknown_address_is_the_same_page_and_sends_nothing(
    apply, django_capture_on_commit_callbacks
):
    apply("an@example.org")
    mail.outbox.clear()
    url = reverse("portal:my_applications")
    known = _sent(Browser(), url, "an@example.org", django_capture_on_commit_callbacks)
    unknown = _sent(Browser(), url, "nobody@example.org", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200
    assert _normalised(known) == _normalised(unknown)
    assert len(mail.outbox) == 1
    assert SignInLink.objects.count() == 1
    assert AuditRecord.objects.filter(action="applicant.sign_in_link_requested").count() == 2


def test_a_made_up_sign_in_link_does_not_open_anything(db):
    browser = Browser()
    assert browser.get(reverse("portal:sign_in", args=["made-up"])).status_code == 410
    assert browser.post(reverse("portal:sign_in", args=["made-up"])).status_code == 410


# ---- The session (security finding 12.12) -----------------------------------------------------------


def _session_key(browser: Browser) -> str:
    return browser.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_session_key_changes_whenever_the_session_gains_access(
    apply, org, passport, django_capture_on_commit_callbacks
):
    code, key = apply("an@example.org")
    browser = Browser()
    before = browser.session.session_key  # a session that exists first, as a planted one would
    assert look_up(browser, code, key).status_code == 302
    after_lookup = _session_key(browser)
    assert after_lookup != before
    assert not Session.objects.filter(session_key=before).exists()

    assert browser.post(status_path(code), {"code": code, "key": key}).status_code == 302

    _sent(Browser(), reverse("portal:my_applications"), "an@example.org", django_capture_on_commit_callbacks)
    assert browser.post(_link_from_outbox()).status_code == 302
    after_link = _session_key(browser)
    assert after_link != after_lookup

    _response, _code, _key = submit_through_the_portal(
        browser, passport, org.fr, django_capture_on_commit_callbacks
    )
    assert _session_key(browser) != after_link


def test_no_access_key_is_kept_in_clear_in_the_session_store(
    org, passport, django_capture_on_commit_callbacks
):
    from tests.portal.helpers import application_data, apply_url, send_application

    browser = Browser()
    with django_capture_on_commit_callbacks(execute=True):
        redirected = send_application(browser, apply_url(), application_data(passport, org.fr))
    assert redirected.status_code == 302
    key = re.search(r"Access key: (\S+)", mail.outbox[-1].body).group(1)
    code = Case.objects.get().tracking_code

    def stored() -> str:
        return " ".join(s.session_data + repr(s.get_decoded()) for s in Session.objects.all())

    def forms(k: str) -> set[str]:
        return {k, k.replace("-", ""), k.encode().hex(), k.lower()}

    # Between the form and its receipt: only the key masked by a pad the browser holds.
    assert not any(f in stored() for f in forms(key))
    receipt = browser.get(redirected["Location"])
    assert f'id="access-key">{key}<' in _page(receipt)  # shown once...
    assert not any(f in stored() for f in forms(key))
    assert 'id="access-key"' not in _page(browser.get(redirected["Location"]))  # ...only once
    assert receipt["Cache-Control"].startswith("max-age=0")

    assert look_up(Browser(), code, key).status_code == 302
    assert not any(f in stored() for f in forms(key))


def test_a_wrong_key_on_a_status_link_is_listed_in_the_error_summary(browser, org, catalog):
    from django.conf import settings as django_settings
    from django.urls import reverse as url_for

    from tests.factories import submit_case

    case, _key = submit_case(org.fr)
    browser.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    url = url_for("portal:status", args=[case.tracking_code])
    browser.get(url)
    page = browser.post(url, {"code": case.tracking_code, "key": "WRONG-KEY1"}).content.decode()
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#code"' in summary
    assert "We found no application" in summary
