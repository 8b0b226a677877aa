from django.urls import path

from chancery.payments import fee_views, views

app_name = "payments"

urlpatterns = [
    path("vnpay/ipn/", views.vnpay_ipn, name="vnpay_ipn"),
    path("staff/cases/<str:code>/fee/", fee_views.adjust_fee, name="adjust_fee"),
]
