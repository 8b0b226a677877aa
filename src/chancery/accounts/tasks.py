"""Background work for accounts: telling a person about failed logins to their account."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_login_failure_alert(user_id: int, failures: int, addresses: list[str]) -> str:
    """One e-mail to the account's owner: how many failures, from where, what to do."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return "no recipient"
    hours = int(settings.AXES_COOLOFF_TIME.total_seconds() // 3600)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Failed logins to your Chancery account")
        body = "\n\n".join([
            _("Someone tried to log in to Chancery as %(username)s and failed %(failures)d times "
              "in the last %(hours)d hours, from these addresses: %(addresses)s.") % {
                "username": user.get_username(), "failures": failures, "hours": hours,
                "addresses": ", ".join(addresses) or "?"},
            _("If it was you, there is nothing to do. If not, tell your unit's administrator. "
              "Those addresses have to wait longer after every failure; your own logins from "
              "elsewhere are not blocked."),
            settings.SITE_URL,
        ])
    send_mail(subject, body, None, [user.email])
    return "sent"
