"""Strings Django translates from its own catalogue, repeated here so that ours (which wins,
LOCALE_PATHS come first) carries a Vietnamese version: Django's own is incomplete for these."""

from django.utils.translation import ngettext_lazy

TIMESINCE_CHUNKS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
