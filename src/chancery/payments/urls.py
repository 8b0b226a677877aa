from django.urls import path

from chancery.payments import fee_views, views

app_name = "payments"

urlpatterns = [
    path("vnpay/ipn/", views.vnpay_ipn, name="vnpay_ipn"),
    path("staff/cases/<str:code>/fee/", fee_views.adjust_fee, name="adjust_fee"),
    path("verify/<str:token>/", views.verify_receipt, name="verify_receipt"),
    path("staff/statement/", views.statement_import, name="statement"),
    path("staff/cases/<str:code>/", views.case_payments, name="case"),
    path("staff/cases/<str:code>/counter/", views.counter_payment, name="counter"),
    path("staff/cases/<str:code>/refund/<int:payment_id>/", views.refund, name="refund"),
    path("staff/cases/<str:code>/receipts/<int:receipt_id>.pdf", views.staff_receipt_pdf, name="receipt_pdf"),
]
