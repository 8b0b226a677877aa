from django.urls import path

from chancery.payments import views

app_name = "payments_staff"

# The officer's payment pages: a case's payments (counter payment, refunds, receipts) and the bank
# statement import.
urlpatterns = [
    path("statement/", views.statement_import, name="statement"),
    path("cases/<str:code>/", views.case_payments, name="case"),
    path("cases/<str:code>/counter/", views.counter_payment, name="counter"),
    path("cases/<str:code>/refund/<int:payment_id>/", views.refund, name="refund"),
    path("cases/<str:code>/receipts/<int:receipt_id>.pdf", views.staff_receipt_pdf, name="receipt_pdf"),
]
