from django.urls import path

from ponte.funds import views

app_name = "funds"

urlpatterns = [
    path("", views.report, name="report"),
    path("bsg-fund.csv", views.report_download, {"file_format": "csv"}, name="report_csv"),
    path("bsg-fund.xlsx", views.report_download, {"file_format": "xlsx"}, name="report_xlsx"),
    path("bsg-fund.pdf", views.report_download, {"file_format": "pdf"}, name="report_pdf"),
    path("entries/", views.entries, name="entries"),
    path("entries/receipts/", views.receipt_add, name="receipt_add"),
    path("entries/disbursements/", views.disbursement_add, name="disbursement_add"),
    path("entries/<str:number>/reverse/", views.entry_reverse, name="entry_reverse"),
]
