from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "chancery.demo"
    label = "demo"
    verbose_name = "Demo data"
