from django.urls import path

from chancery.directives import views

app_name = "directives"

urlpatterns = [
    path("", views.index, name="index"),
]
