from django.contrib import admin

from chancery.organization.models import ClosureDay, Membership, Unit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ClosureDayInline(admin.TabularInline):
    model = ClosureDay
    extra = 0
    fields = ("date", "kind", "reason")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = (
        "code", "name_vi", "kind", "host_country", "host_subdivision", "city", "time_zone", "head",
    )
    list_filter = ("kind", "host_country")
    search_fields = ("code", "name_vi", "name_en", "city")
    inlines = [MembershipInline, ClosureDayInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role", "may_decide")
    list_filter = ("role", "unit")
    search_fields = ("user__username", "unit__code")
