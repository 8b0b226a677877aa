"""Account pages, included at /accounts/ without a namespace (LOGIN_URL is "login")."""

from django.contrib.auth import views as auth_views
from django.urls import path

from chancery.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.verify, name="two_factor_verify"),
    path("two-factor/setup/", views.setup, name="two_factor_setup"),
]
