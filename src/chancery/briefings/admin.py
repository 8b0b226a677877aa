"""Admin for reference data (partners) and for watching e-mail deliveries.

Notes, news and briefings are not editable here: their writes go through services.py, which keeps
the search index and the audit trail in step.
"""

from django.contrib import admin

from chancery.briefings.models import Agreement, BriefingDelivery, Country, RelationshipChange, Subscription


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


class RelationshipChangeInline(admin.TabularInline):
    model = RelationshipChange
    extra = 0


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_vi", "level", "level_since")
    list_filter = ("level",)
    search_fields = ("code", "name_en", "name_vi")
    inlines = [RelationshipChangeInline, AgreementInline]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "created_at")


@admin.register(BriefingDelivery)
class BriefingDeliveryAdmin(admin.ModelAdmin):
    list_display = ("briefing", "user", "state", "attempts", "sent_at")
    list_filter = ("state",)
    readonly_fields = ("briefing", "user", "state", "attempts", "last_error", "sent_at")

    def has_add_permission(self, request) -> bool:
        return False
