"""E-mails to applicants. Each is stored first, then sent by a task, so failures show and retry."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from chancery.cases.models import Case, Notification

# Transitions the applicant is told about by e-mail (submission has its own message with the key).
ANNOUNCED = {
    "not_accept", "receive", "request_supplement", "request_fee", "approve", "refuse",
    "return_result", "stop", "withdraw", "reschedule", "record_payment", "provide_supplement",
}


def _queue(case: Case, template: str, context: dict) -> Notification:
    from chancery.cases.tasks import send_notification

    with translation.override("vi"):
        # Bilingual bodies: applicants abroad read either language.
        body = render_to_string(template, {"case": case, **context, "site_url": settings.SITE_URL})
    subject, _, text = body.strip().partition("\n")
    notification = Notification.objects.create(
        case=case, to=case.applicant_email, subject=subject.strip()[:255], body=text.strip()
    )
    transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


def _status_url() -> str:
    return settings.SITE_URL + reverse("portal:status_lookup")


def draft_saved(case: Case, access_key: str) -> Notification:
    return _queue(case, "cases/email/draft_saved.txt",
                  {"access_key": access_key, "status_url": _status_url()})


def submitted(case: Case, access_key: str | None) -> Notification:
    return _queue(case, "cases/email/submitted.txt",
                  {"access_key": access_key, "status_url": _status_url()})


def status_changed(case: Case, action: str, reason: str) -> Notification | None:
    if action not in ANNOUNCED:
        return None
    return _queue(case, "cases/email/status_changed.txt",
                  {"action": action, "reason": reason, "status_url": _status_url()})
