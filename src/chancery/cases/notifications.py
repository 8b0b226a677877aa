"""E-mails to applicants. Each is stored first, then sent by a task, so failures show and retry."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from chancery.cases.lifecycle import ASKS_FOR_DOCUMENTS, TELLS_APPLICANT
from chancery.cases.models import Case, Notification

# What the applicant is told about by e-mail: the transitions whose effects say so (lifecycle;
# submission has its own message with the key), and an apology's new date.
ANNOUNCED = TELLS_APPLICANT | {"reschedule"}


def _queue_to(to: str, template: str, context: dict, case: Case | None = None) -> Notification:
    from chancery.cases.tasks import send_notification

    with translation.override("vi"):
        # Bilingual bodies: applicants abroad read either language.
        body = render_to_string(template, {"case": case, **context, "site_url": settings.SITE_URL})
    subject, _, text = body.strip().partition("\n")
    notification = Notification.objects.create(
        case=case, to=to, subject=subject.strip()[:255], body=text.strip()
    )
    transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


def _queue(case: Case, template: str, context: dict) -> Notification | None:
    if not case.applicant_email:  # handed in at the counter without an address: told on paper
        return None
    return _queue_to(case.applicant_email, template, context, case=case)


def status_url(case: Case) -> str:
    """The case's own status page: in the browser that opened the case it shows the status, on
    any other device it asks for the access key with the code filled in."""
    return settings.SITE_URL + reverse("portal:status", args=[case.tracking_code])


def draft_saved(case: Case, access_key: str) -> Notification | None:
    return _queue(case, "cases/email/draft_saved.txt",
                  {"access_key": access_key, "status_url": status_url(case)})


def submitted(case: Case, access_key: str | None) -> Notification | None:
    return _queue(case, "cases/email/submitted.txt",
                  {"access_key": access_key, "status_url": status_url(case)})


def status_changed(case: Case, action: str, reason: str) -> Notification | None:
    if action not in ANNOUNCED:
        return None
    asks = action in ASKS_FOR_DOCUMENTS
    documents = case.requested_requirements() if asks else []
    return _queue(case, "cases/email/status_changed.txt",
                  {"action": action, "reason": reason, "status_url": status_url(case),
                   "documents": documents})


def new_access_keys(email: str, keys: list[tuple[Case, str]]) -> Notification:
    """One e-mail with each application's code, its new access key and its status link."""
    return _queue_to(email, "cases/email/new_access_keys.txt", {
        "applications": [(case, key, status_url(case)) for case, key in keys],
        "lost_url": settings.SITE_URL + reverse("portal:lost_key"),
    })


def sign_in_link(email: str, token: str, minutes: int) -> Notification:
    return _queue_to(email, "cases/email/sign_in_link.txt", {
        "sign_in_url": settings.SITE_URL + reverse("portal:sign_in", args=[token]),
        "minutes": minutes,
    })


def case_assigned(case: Case, assignee: object, by: object) -> Notification:
    """Tell a member of staff a case is now theirs, with the link to its staff page."""
    return _queue_to(assignee.email, "cases/email/assigned.txt", {
        "assignee": assignee, "by": by,
        "case_url": settings.SITE_URL + reverse("cases:detail", args=[case.tracking_code]),
    }, case=case)
