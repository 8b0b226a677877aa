from django.contrib import admin

from chancery.directives.models import Directive, Reminder, Task, TaskGroup


class ReadOnly:
    """Every change goes through the services (history and audit record); the admin only shows."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TaskInline(ReadOnly, admin.TabularInline):
    model = Task
    extra = 0
    fields = ("marker", "lead_unit", "recurrence", "deadline", "next_due_on", "completed_on", "cancelled_on")
    readonly_fields = fields
    can_delete = False
    show_change_link = False


@admin.register(Directive)
class DirectiveAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "issued_by", "issued_on", "issuing_unit")
    list_filter = ("issuing_unit",)
    search_fields = ("title", "issued_by")
    readonly_fields = ("created_by", "created_at")
    inlines = [TaskInline]


@admin.register(Reminder)
class ReminderAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("task", "kind", "due_on", "state", "attempts", "sent_at")
    list_filter = ("kind", "state")
    readonly_fields = [f.name for f in Reminder._meta.fields]


@admin.register(TaskGroup)
class TaskGroupAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("text", "directive", "scope", "created_at")
    list_filter = ("scope",)
    readonly_fields = [f.name for f in TaskGroup._meta.fields]
    inlines = [TaskInline]
