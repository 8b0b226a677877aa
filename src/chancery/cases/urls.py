from django.urls import path

from chancery.cases import views

app_name = "cases"

urlpatterns = [
    path("cases/", views.queue, name="queue"),
    path("cases/<str:code>/", views.case_detail, name="detail"),
    path("cases/<str:code>/actions/<slug:action>/", views.case_action, name="action"),
    path("cases/<str:code>/documents/<int:document_id>/", views.document_download, name="document"),
]
