from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from chancery.api.models import ApiToken
from chancery.api.services import revoke_tokens


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see tokens (never their secret) and revoke them; tokens are made with
    `chancery token create`, which shows the token once."""

    list_display = ("prefix", "user", "created_at", "expires_at", "last_used_at", "revoked", "revoked_reason")
    list_filter = ("revoked",)
    search_fields = ("prefix", "user__username")
    fields = ("prefix", "user", "created_at", "expires_at", "last_used_at", "revoked", "revoked_at",
              "revoked_reason")
    readonly_fields = fields
    actions = ["revoke_tokens"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, for the record

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke_tokens(self, request, queryset):
        count = revoke_tokens(queryset, reason="revoked in the admin", actor=request.user, request=request)
        self.message_user(request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.",
                                            count) % {"count": count}, messages.SUCCESS)
