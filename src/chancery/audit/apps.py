from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chancery.audit"
    label = "audit"
