"""Applicants rate the service once their result is returned: a score and an optional comment.

Ratings are published only as counts and averages. Comments are never shown on the public
pages, and the audit record of a rating says only that one was given at a unit: no case, no
rating, no score, no IP address. Ratings cannot be changed or deleted (portal.models.Rating).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chancery.audit.services import record
from chancery.cases.lifecycle import Status
from chancery.cases.models import Case
from chancery.cases.services import CaseError, TransitionNotAllowed
from chancery.portal import statistics
from chancery.portal.models import Rating
from chancery.portal.session import applicant_case

SCORE_LABELS = {
    5: gettext_lazy("Very satisfied"),
    4: gettext_lazy("Satisfied"),
    3: gettext_lazy("Neither satisfied nor dissatisfied"),
    2: gettext_lazy("Dissatisfied"),
    1: gettext_lazy("Very dissatisfied"),
}


class AlreadyRated(CaseError):
    code = "already_rated"
    http_status = 409


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you with how your application was handled?"),
        choices=list(SCORE_LABELS.items()), coerce=int, widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Published figures never show your name or your comment. Please do not write personal "
            "details here."
        ),
    )


def may_rate(case: Case) -> bool:
    return case.status == Status.RESULT_RETURNED and not Rating.objects.filter(case=case).exists()


def rate_case(case: Case | int, score: int, comment: str = "") -> Rating:
    """Record the applicant's one rating, and count it, in one transaction."""
    if score not in SCORE_LABELS:
        raise CaseError(_("Please choose a score from 1 to 5."))
    case_id = case if isinstance(case, int) else case.pk
    try:
        with transaction.atomic():
            current = (
                Case.objects.select_for_update().select_related("procedure_version", "unit")
                .get(pk=case_id)
            )
            if current.status != Status.RESULT_RETURNED:
                raise TransitionNotAllowed(_("You can rate the service once the result is returned."))
            if Rating.objects.filter(case=current).exists():
                raise AlreadyRated(_("You have already rated this application. Thank you."))
            rating = Rating.objects.create(
                case=current, score=score, comment=(comment or "").strip()[:1000],
                created_at=timezone.now(),
            )
            statistics.record_rating(rating)
            # That a rating was given, and where: no case, no score, no address (no request is
            # handed to the audit service, so it records no IP); nothing leads back from a comment.
            record("rating.given", None, actor_label="applicant", unit=current.unit_id,
                   object_type="portal.rating")
    except IntegrityError as exc:  # two submissions at once: the one-to-one key decides
        raise AlreadyRated(_("You have already rated this application. Thank you.")) from exc
    return rating


@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    """The rating form on the applicant's status page posts here."""
    case = applicant_case(request, code)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a score from 1 to 5."))
        return redirect("portal:status", code=case.tracking_code)
    try:
        rate_case(case, form.cleaned_data["score"], form.cleaned_data["comment"])
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for rating our service."))
    return redirect("portal:status", code=case.tracking_code)
