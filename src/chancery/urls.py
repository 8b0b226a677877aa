from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from chancery.api.urls import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/", include("chancery.cases.urls")),
    path("staff/directives/", include("chancery.directives.urls")),
    path("staff/briefings/", include("chancery.briefings.urls")),
    path("", include("chancery.portal.urls")),
]

admin.site.site_header = "Chancery"
if settings.DEBUG:
    admin.site.site_title = "Chancery (debug)"
