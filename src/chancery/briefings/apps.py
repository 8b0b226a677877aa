from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "chancery.briefings"
    label = "briefings"
