from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "chancery.organization"
    label = "organization"

    def ready(self) -> None:
        from chancery.organization import services  # noqa: F401  (signal receivers)
