"""Administrators read ratings' comments here, without the applicant: no case, no name."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chancery.portal.models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("created_at", "unit", "procedure", "score", "comment")
    list_filter = ("score", "case__unit")
    fields = ("created_at", "unit", "procedure", "score", "comment")
    readonly_fields = fields
    list_select_related = ("case__unit", "case__procedure_version")

    @admin.display(description=_("unit"))
    def unit(self, rating: Rating) -> str:
        return rating.case.unit.code

    @admin.display(description=_("procedure"))
    def procedure(self, rating: Rating) -> str:
        return rating.case.procedure_version.code

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # ratings are kept whatever they say (the database refuses too)
