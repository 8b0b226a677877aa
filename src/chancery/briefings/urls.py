from django.urls import path

from chancery.briefings import views

app_name = "briefings"

urlpatterns = [
    path("", views.index, name="index"),
]
