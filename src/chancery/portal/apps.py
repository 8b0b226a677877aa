from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "chancery.portal"
    label = "portal"
