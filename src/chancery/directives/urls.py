from django.urls import path

from chancery.directives import views

app_name = "directives"

urlpatterns = [
    path("", views.index, name="index"),
    path("home/", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", views.export, name="export"),
    path("import/", views.import_text, name="import"),
    path("import/save/", views.import_save, name="import_save"),
    path("<int:pk>/", views.directive_detail, name="directive"),
    path("<int:pk>/source/", views.directive_source, name="source"),
    path("<int:pk>/tasks/add/", views.add_task, name="add_task"),
    path("<int:pk>/groups/add/", views.add_group, name="add_group"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/urge/", views.urge_group, name="urge_group"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/urge/", views.urge_task, name="urge_task"),
    path("tasks/<int:pk>/comment/", views.comment, name="comment"),
    path("tasks/<int:pk>/files/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("tasks/<int:pk>/<slug:action>/", views.task_action, name="task_action"),
]
