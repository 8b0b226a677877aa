from django.urls import path

from chancery.briefings import views

app_name = "briefings"

urlpatterns = [
    path("", views.index, name="index"),
    path("notes/", views.note_list, name="note_list"),
    path("notes/new/", views.note_create, name="note_create"),
    path("notes/<int:pk>/", views.note_detail, name="note_detail"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("daily/", views.briefing_list, name="briefing_list"),
    path("daily/compile/", views.briefing_compile, name="briefing_compile"),
    path("daily/subscription/", views.subscription, name="subscription"),
    path("daily/<int:pk>/", views.briefing_detail, name="briefing_detail"),
    path("daily/<int:pk>/pdf/", views.briefing_pdf, name="briefing_pdf"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/new/", views.assignment_create, name="assignment_create"),
    path("monitoring/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("news/", views.news_list, name="news_list"),
    path("news/import/", views.news_import, name="news_import"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("partners/", views.partners, name="partners"),
    path("partners/<str:code>/", views.country_detail, name="country_detail"),
    path("search/", views.search, name="search"),
]
