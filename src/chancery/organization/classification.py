"""How widely a record may be read, ministry-wide (notes, briefings, directives, search entries)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    # State-secret material stays out of the system altogether.
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")
