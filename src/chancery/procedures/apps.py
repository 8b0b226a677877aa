from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "chancery.procedures"
    label = "procedures"
