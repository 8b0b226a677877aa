from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "chancery.organization"
    label = "organization"
