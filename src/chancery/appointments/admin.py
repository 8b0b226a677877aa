from django.contrib import admin

from chancery.appointments.models import Appointment, CounterSchedule


@admin.register(CounterSchedule)
class CounterScheduleAdmin(admin.ModelAdmin):
    list_display = ("unit", "name", "opens_at", "closes_at", "slot_minutes", "capacity", "is_active")
    list_filter = ("is_active", "unit")


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("case", "slot", "status", "updated_at")
    list_filter = ("status",)
    readonly_fields = ("case", "slot", "status", "created_at", "version")

    def has_add_permission(self, request) -> bool:
        return False  # booked through the services (the slot's count, the e-mail, the audit)
