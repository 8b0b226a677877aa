from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "chancery.directives"
    label = "directives"
