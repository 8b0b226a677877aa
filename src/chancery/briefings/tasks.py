"""Background work for briefings, through Django's tasks interface (django-tasks backport)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from chancery.briefings import selectors
from chancery.briefings.models import BriefingDelivery
from chancery.core import mail

MAX_ATTEMPTS = 5


@task()
def compile_due_briefings() -> int:
    """Run every hour: compiles each unit's day once its local BRIEFING_HOUR has passed, and the
    ministry-wide day once every unit's has. Safe to run as often as wished: one briefing per day."""
    from chancery.briefings.services import compile_due

    return sum(1 for _briefing, created in compile_due() if created)


def render_delivery(delivery: BriefingDelivery) -> tuple[str, str]:
    """(subject, body) of one subscriber's e-mail. Restricted notes are never put in an e-mail:
    they are counted, and read in the application where each view is audited."""
    briefing = delivery.briefing
    view = selectors.briefing_view(briefing, delivery.user, include_restricted=False)
    link = settings.SITE_URL + reverse("briefings:briefing_detail", args=[briefing.pk])
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "briefings/email/briefing.txt",
            {
                "briefing": briefing,
                "view": view,
                "link": link,
                "pdf_link": settings.SITE_URL + reverse("briefings:briefing_pdf", args=[briefing.pk]),
                "user": delivery.user,
            },
        )
    subject, _sep, text = body.strip().partition("\n")
    return subject.strip()[:200], text.strip()


@task()
def send_briefing_delivery(delivery_id: int) -> str:
    """Send one subscriber's e-mail; a failure stays on the row and is retried by `retry_failed`."""
    with transaction.atomic():
        delivery = (
            BriefingDelivery.objects.select_for_update(of=("self",))
            .select_related("briefing__unit", "user")
            .get(pk=delivery_id)
        )
        if delivery.state in (BriefingDelivery.State.SENT, BriefingDelivery.State.SKIPPED):
            return delivery.state
        if not delivery.user.email:
            delivery.state = BriefingDelivery.State.SKIPPED
            delivery.save(update_fields=["state"])
            return delivery.state

        def send() -> None:
            subject, body = render_delivery(delivery)
            EmailMultiAlternatives(subject, body, None, [delivery.user.email]).send()

        return mail.attempt(delivery, send)


@task()
def retry_failed_deliveries() -> int:
    """Every quarter of an hour: e-mails that failed are tried again, up to MAX_ATTEMPTS."""
    return retry_failed()


def retry_failed() -> int:
    """Queue again every delivery that failed fewer than MAX_ATTEMPTS times."""
    return mail.requeue(BriefingDelivery.objects.all(), send_briefing_delivery, max_attempts=MAX_ATTEMPTS)
