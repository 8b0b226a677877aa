from django.urls import path

from chancery.payments import fee_views, views

app_name = "payments"

# Public: the gateway's signed notifications, and the receipts' verification (the QR code's target).
# The fee adjustment; the other officer's payment pages are in staff_urls.py (/staff/payments/).
urlpatterns = [
    path("vnpay/ipn/", views.vnpay_ipn, name="vnpay_ipn"),
    path("staff/cases/<str:code>/fee/", fee_views.adjust_fee, name="adjust_fee"),
    path("staff/cases/<str:code>/fee/exempt/", fee_views.exempt_fee, name="exempt_fee"),
    path("verify/<str:token>/", views.verify_receipt, name="verify_receipt"),
]
