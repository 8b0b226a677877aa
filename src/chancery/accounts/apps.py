from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chancery.accounts"
    label = "accounts"
    verbose_name = "Accounts"
