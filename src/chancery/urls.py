from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from chancery.api.urls import api
from chancery.core.ops.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("chancery.accounts.urls")),  # login, 2FA, logout
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("payments/", include("chancery.payments.urls")),  # the gateway's notifications
    path("staff/appointments/", include("chancery.appointments.urls")),
    path("staff/payments/", include("chancery.payments.staff_urls")),  # counter, refunds, statements
    path("staff/", include("chancery.cases.urls")),
    path("staff/directives/", include("chancery.directives.urls")),
    path("staff/briefings/", include("chancery.briefings.urls")),
    path("", include("chancery.portal.urls")),
]

admin.site.site_header = "Chancery"
if settings.DEBUG:
    admin.site.site_title = "Chancery (debug)"
