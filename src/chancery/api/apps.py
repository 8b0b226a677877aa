from typing import Any

from django.apps import AppConfig


def _user_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not instance.is_active:
        from chancery.api.services import revoke_tokens_of_inactive_user

        revoke_tokens_of_inactive_user(instance)


class ApiConfig(AppConfig):
    name = "chancery.api"
    label = "api"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="api-token-user-deactivated")
