"""Which applications this browser may open: the applicant's session, one rule for every page.

A browser opens a case it filed, or whose key was given here, or every case of the e-mail address
whose sign-in link it used; nothing else, and a new key closes what the old one opened."""

from __future__ import annotations

import hmac

from django.http import Http404, HttpRequest

from chancery.cases.models import Case
from chancery.cases.selectors import normalized_email

# case id -> fingerprint of its access key (see _fingerprint), for the cases this browser opened.
SESSION_CASES = "applicant_cases"
# The e-mail address of the sign-in link this browser used.
SESSION_SIGNED_IN = "applicant_email"


def _fingerprint(case: Case) -> str:
    """What the session keeps of a case it opened: the start of the key's keyed digest. Not the
    key, and not enough to find it; it stops matching when the case gets a new key ("I lost my
    code or key"), which closes the sessions opened with the old one."""
    return case.access_key_digest[:16]


def _session_cases(request: HttpRequest) -> dict[str, str]:
    cases = request.session.get(SESSION_CASES)
    return dict(cases) if isinstance(cases, dict) else {}


def _rotate(request: HttpRequest) -> None:
    """Security 12.12: whenever this browser gains access to a case, its session gets a new key
    (data kept), so a session id planted or seen before cannot ride on the new access."""
    request.session.cycle_key()


def remember(request: HttpRequest, case: Case) -> None:
    """This browser may now open this case (its key was given or it was just filed here)."""
    cases = _session_cases(request)
    cases[str(case.pk)] = _fingerprint(case)
    _rotate(request)
    request.session[SESSION_CASES] = cases


def signed_in_email(request: HttpRequest) -> str | None:
    """The e-mail address whose sign-in link this browser used ("My applications"), if any."""
    return request.session.get(SESSION_SIGNED_IN)


def sign_in(request: HttpRequest, email: str) -> None:
    """Every case filed with this address opens in this browser (a sign-in link was used)."""
    _rotate(request)
    request.session[SESSION_SIGNED_IN] = email


def _may_open(request: HttpRequest, case: Case) -> bool:
    opened = _session_cases(request).get(str(case.pk))
    if opened is not None and hmac.compare_digest(opened, _fingerprint(case)):
        return True
    email = signed_in_email(request)
    return email is not None and normalized_email(case.applicant_email) == email


def opened_case(request: HttpRequest, code: str) -> Case | None:
    case = Case.objects.select_related("procedure_version", "unit").filter(tracking_code=code).first()
    return case if case is not None and _may_open(request, case) else None


def applicant_case(request: HttpRequest, code: str) -> Case:
    """Only a case this browser unlocked with its key, or by a sign-in link; anything else is 404."""
    case = opened_case(request, code)
    if case is None:
        raise Http404
    return case
