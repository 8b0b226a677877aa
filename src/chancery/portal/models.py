"""What the public dashboard reads: monthly counters per unit and procedure, and applicants' ratings.

The counters are kept up to date by `portal.statistics` inside every case transition, so a
dashboard view sums a few thousand counter rows instead of scanning millions of cases.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Working days from reception to decision are counted per value 0..HISTOGRAM_DAYS, plus one
# bucket for anything longer: enough for an exact 90th percentile without reading cases.
HISTOGRAM_DAYS = 60
HISTOGRAM_FIELDS = [f"wd_{d}" for d in range(HISTOGRAM_DAYS + 1)] + ["wd_over"]
RATING_FIELDS = [f"rating_{score}" for score in range(1, 6)]

# Every additive figure of a counter row, in the order exports and the rebuild use.
COUNT_FIELDS = [
    "received",            # submitted in the month (national code 1 onwards)
    "received_online",     # ... through the online channel (channel 2)
    "full_online_eligible",  # ... for a procedure that can be done fully online
    "full_online",         # ... online, for such a procedure: "submitted fully online"
    "digitised",           # ... with its documents as files from the start
    "not_accepted",        # closed in the month: not accepted at reception
    "withdrawn",           # closed in the month: withdrawn by the applicant
    "stopped",             # closed in the month: processing stopped by the office
    "resolved",            # decided in the month (approved or refused)
    "approved",
    "refused",
    "early",               # timeliness fixed at the decision (national portal rule)
    "on_time",
    "late",
    "returned",            # result returned in the month
    "wd_sum",              # sum of working days from reception to decision, resolved cases
    *HISTOGRAM_FIELDS,
    *RATING_FIELDS,        # ratings given in the month, by score
]


def _counter() -> models.PositiveIntegerField:
    # db_default: the statistics upsert inserts only the columns it increments.
    return models.PositiveIntegerField(default=0, db_default=0)


def _histogram_base() -> type[models.Model]:
    """An abstract model with one integer column per histogram bucket (wd_0 … wd_60, wd_over)."""
    attrs: dict[str, object] = {name: _counter() for name in HISTOGRAM_FIELDS + RATING_FIELDS}
    attrs["__module__"] = __name__
    attrs["Meta"] = type("Meta", (), {"abstract": True})
    return type("CounterBuckets", (models.Model,), attrs)


CounterBuckets = _histogram_base()


class ServiceCounter(CounterBuckets):
    """Additive figures of one unit, one procedure, one month (the unit's local month)."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.CASCADE, related_name="+")
    procedure_code = models.CharField(max_length=80)
    month = models.DateField(help_text="First day of the month, in the unit's time zone.")
    received = _counter()
    received_online = _counter()
    full_online_eligible = _counter()
    full_online = _counter()
    digitised = _counter()
    not_accepted = _counter()
    withdrawn = _counter()
    stopped = _counter()
    resolved = _counter()
    approved = _counter()
    refused = _counter()
    early = _counter()
    on_time = _counter()
    late = _counter()
    returned = _counter()
    wd_sum = models.PositiveBigIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "procedure_code"], name="unique_service_counter"
            ),
        ]
        # The ministry's views filter on months alone; a unit's on (unit, month) by the key.
        indexes = [models.Index(fields=["month"], name="service_counter_month")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.procedure_code} {self.month:%Y-%m}"


class RatingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("ratings cannot be changed or deleted")

    def delete(self):
        raise PermissionError("ratings cannot be changed or deleted")


class Rating(models.Model):
    """An applicant's one rating of a returned result. Published only as counts and averages.

    Written once, never changed or deleted (the application refuses, and on PostgreSQL the
    database too: migration 0002), so an unwelcome rating cannot be made to disappear; a case
    with a rating cannot be deleted either."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="rating")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.score}/5"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("ratings cannot be changed or deleted")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("ratings cannot be changed or deleted")
