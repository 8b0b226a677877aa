from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chancery.core"
    label = "core"
