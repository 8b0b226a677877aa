"""Units of the ministry and the roles staff hold in them."""

from __future__ import annotations

from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    MINISTRY_DEPARTMENT = "ministry_department", _("Ministry department")
    EMBASSY = "embassy", _("Embassy")
    CONSULATE_GENERAL = "consulate_general", _("Consulate general")
    CITY_FOREIGN_AFFAIRS = "city_foreign_affairs", _("City department of foreign affairs")


def validate_country_code(value: str) -> None:
    import pycountry

    if not value or pycountry.countries.get(alpha_2=value.upper()) is None:
        raise ValidationError(_("%(value)s is not an ISO 3166 country code."), params={"value": value})


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def validate_weekend(value: list) -> None:
    if not isinstance(value, list) or any(d not in range(7) for d in value) or len(value) > 3:
        raise ValidationError(_("The weekend is a list of up to 3 weekdays, Monday = 0."))


def unique_public_slug(name: str, model: type, exclude: int | None = None) -> str:
    """A slug from the unit's English name ("embassy-of-viet-nam-in-france"), made unique."""
    from django.utils.text import slugify

    base = (slugify(name) or "office")[:72]
    slug, n = base, 2
    while model.objects.filter(public_slug=slug).exclude(pk=exclude).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class Unit(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    host_country = models.CharField(
        _("host country"), max_length=2, validators=[validate_country_code]
    )
    city = models.CharField(_("city"), max_length=100)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    # Weekdays off, Monday = 0: Saturday–Sunday in most places, Friday–Saturday in the Gulf.
    weekend_days = models.JSONField(_("weekend days"), default=list, validators=[validate_weekend])
    # A region of the host country whose own holidays the unit also keeps (e.g. ACT in Canberra).
    host_subdivision = models.CharField(
        _("host country region"), max_length=20, blank=True,
        help_text=_("Code of the state, territory or region whose public holidays the office keeps "
                    "too, e.g. ACT for Canberra. Empty: national holidays only."),
    )
    jurisdiction_countries = models.JSONField(
        _("jurisdiction countries"), default=list, blank=True,
        help_text=_("ISO 3166 codes of the countries this unit serves."),
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="headed_units", verbose_name=_("head of unit"),
    )
    # Vietnamese practice: a mission applies the 20 % fee rate in some countries (Circular 264/2016).
    is_active = models.BooleanField(default=True)
    # What the public reads on the office's contact page (/offices/<public_slug>/).
    public_slug = models.SlugField(
        _("public address name"), max_length=80, unique=True, null=True, blank=True,
        help_text=_("The office's page address, e.g. embassy-france (never the internal code)."),
    )
    city_vi = models.CharField(
        _("city (Vietnamese)"), max_length=100, blank=True,
        help_text=_("The city as Vietnamese readers write it, when it differs."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours_vi = models.TextField(_("opening hours (Vietnamese)"), blank=True)
    opening_hours_en = models.TextField(_("opening hours (English)"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs) -> None:
        if not self.public_slug:
            self.public_slug = unique_public_slug(self.name_en or self.code, Unit, exclude=self.pk)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_vi

    @property
    def city_name(self) -> str:
        """The city in the reader's language ("Hà Nội" / "Hanoi" when both are filled)."""
        return self.city if _english() or not self.city_vi else self.city_vi

    @property
    def opening_hours(self) -> str:
        return (self.opening_hours_en if _english() else self.opening_hours_vi) or (
            self.opening_hours_vi or self.opening_hours_en)

    @property
    def local_time_label(self) -> str:
        """The office's time zone as people say it: "Paris time" / "giờ Paris", never "Europe/Paris"."""
        from django.utils.translation import gettext

        return gettext("%(city)s time") % {"city": self.city_name}

    def clean(self) -> None:
        from chancery.organization.calendar import host_subdivisions

        for code in self.jurisdiction_countries or []:
            validate_country_code(code)
        if self.host_subdivision and self.host_subdivision not in host_subdivisions(self.host_country):
            raise ValidationError({"host_subdivision": _(
                "Not a region of this country. Known regions: %(codes)s."
            ) % {"codes": ", ".join(host_subdivisions(self.host_country)) or "—"}})
        if not self.weekend_days:
            self.weekend_days = [5, 6]


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    HEAD = "head", _("Head of unit")
    LEADERSHIP = "leadership", _("Leadership")
    ADMINISTRATOR = "administrator", _("Administrator")


class Membership(models.Model):
    """A role a person holds in a unit. Leadership sees every unit; the others see their own."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Clear delegation: the head may let an officer sign decisions on the unit's cases.
    may_decide = models.BooleanField(
        _("may decide cases"), default=False,
        help_text=_("Delegated by the head of unit to approve or refuse cases."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit.code}"


class ClosureDay(models.Model):
    """A day an administrator set for a unit: closed beyond weekends and public holidays, or
    worked although it is one (e.g. an office that opened on a Vietnamese holiday)."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("closed")
        WORKED = "worked", _("working day")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("the office is"), max_length=10, choices=Kind.choices, default=Kind.CLOSED)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="unique_closure_day")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.date}: {self.reason}"
