from django.contrib import admin

from chancery.audit.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Administrators search the record; nobody edits it."""

    list_display = ("at", "actor_label", "action", "object_type", "object_id", "unit", "ip_address")
    list_filter = ("action", "object_type", "unit")
    search_fields = ("actor_label", "action", "object_type", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
