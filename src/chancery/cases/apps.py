from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "chancery.cases"
    label = "cases"
