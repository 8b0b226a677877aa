from django.urls import path

from chancery.appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.day, name="day"),
    path("<int:appointment_id>/mark/", views.mark, name="mark"),
    path("counters/", views.counters, name="counters"),
    path("counters/new/", views.counter_new, name="counter_new"),
    path("counters/<int:schedule_id>/", views.counter_edit, name="counter_edit"),
]
