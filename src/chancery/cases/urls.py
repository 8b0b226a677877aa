from django.urls import path

from chancery.cases import counter_views, desk_views, notice_views, views

app_name = "cases"

urlpatterns = [
    path("cases/", views.queue, name="queue"),
    path("cases/<str:code>/", views.case_detail, name="detail"),
    path("cases/<str:code>/actions/<slug:action>/", views.case_action, name="action"),
    path("cases/<str:code>/apology/", views.case_apology, name="apology"),
    path("cases/<str:code>/assignment/", desk_views.assign, name="assign"),
    path("cases/<str:code>/notes/", desk_views.note, name="note"),
    path("cases/<str:code>/recommendation/", desk_views.recommend, name="recommend"),
    path("cases/<str:code>/documents/<int:document_id>/", views.document_download, name="document"),
    path("cases/<str:code>/documents/<int:document_id>/view/", views.document_viewer, name="viewer"),
    path("cases/<str:code>/documents/<int:document_id>/inline/", views.document_inline,
         name="document_inline"),
    path("cases/<str:code>/notices/<int:notice_id>.pdf", notice_views.staff_notice_pdf, name="notice_pdf"),
    # Dossiers handed in at the counter (counter_views.py).
    path("counter/", counter_views.choose, name="counter"),
    path("counter/<slug:code>/", counter_views.register, name="counter_register"),
]
