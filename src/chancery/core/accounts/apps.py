from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chancery.core.accounts"
    label = "accounts"
    verbose_name = "Accounts"
