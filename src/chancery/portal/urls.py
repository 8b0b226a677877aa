from django.urls import path

from chancery.portal import (
    access_views,
    dashboard_views,
    notice_views,
    payment_views,
    satisfaction,
    trust_views,
    views,
)

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("procedures/", views.procedure_list, name="procedures"),
    path("procedures/<slug:code>/", views.procedure_detail, name="procedure"),
    path("procedures/<slug:code>/apply/", views.apply, name="apply"),
    path("procedures/<slug:code>/apply/check/", views.apply_check, name="apply_check"),
    path("status/", views.status_lookup, name="status_lookup"),
    path("status/lost-key/", access_views.lost_key, name="lost_key"),
    path("my-applications/", access_views.my_applications, name="my_applications"),
    path("my-applications/sign-in/<str:token>/", access_views.sign_in, name="sign_in"),
    path("my-applications/sign-out/", access_views.sign_out, name="sign_out"),
    path("status/<str:code>/", views.status, name="status"),
    path("status/<str:code>/receipt/", views.receipt, name="receipt"),
    path("status/<str:code>/edit/", views.edit_draft, name="edit_draft"),
    path("status/<str:code>/edit/check/", views.edit_draft_check, name="edit_draft_check"),
    path("status/<str:code>/supplement/", views.provide_supplement, name="supplement"),
    path("status/<str:code>/complete/", views.complete_dossier, name="complete"),
    path("status/<str:code>/withdraw/", views.withdraw, name="withdraw"),
    path("status/<str:code>/pay/", payment_views.pay, name="pay"),
    path("payment/return/", payment_views.payment_return, name="payment_return"),
    path("status/<str:code>/notices/<int:notice_id>.pdf", notice_views.applicant_notice_pdf,
         name="notice_pdf"),
    path("verify/<str:token>/", notice_views.verify, name="verify_notice"),
    path("status/<str:code>/rating/", satisfaction.rate, name="rate"),
    path("dashboard/", dashboard_views.ministry, name="dashboard"),
    path("dashboard/units/<str:code>/", dashboard_views.unit, name="dashboard_unit"),
    path("privacy/", trust_views.privacy, name="privacy"),
    path("accessibility/", trust_views.accessibility, name="accessibility"),
    path("offices/", trust_views.office_list, name="offices"),
    path("offices/<slug:slug>/", trust_views.office_detail, name="office"),
]
