from django.urls import path

from chancery.appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.day, name="day"),
    path("<int:appointment_id>/mark/", views.mark, name="mark"),
]
