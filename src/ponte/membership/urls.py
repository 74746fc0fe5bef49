from django.urls import path

from ponte.membership import views

app_name = "membership"

urlpatterns = [
    path("my/", views.my_programme, name="my_programme"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/<int:organisation_pk>/", views.application_start, name="application_start"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/documents/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("sme-definition/<str:country>/", views.sme_definition_edit, name="sme_definition_edit"),
    path("associations/<int:association_pk>/batch/", views.batch_upload, name="batch_upload"),
    path("fee-simulator/", views.fee_simulator, name="fee_simulator"),
    path("sme-report/", views.report, name="sme_report"),
    path("sme-report.csv", views.report_download, {"file_format": "csv"}, name="sme_report_csv"),
    path("sme-report.xlsx", views.report_download, {"file_format": "xlsx"}, name="sme_report_xlsx"),
    path("sme-report.pdf", views.report_download, {"file_format": "pdf"}, name="sme_report_pdf"),
    path("invoices/", views.invoice_list, name="invoice_list"),
    path("invoices/issue/", views.invoices_issue, name="invoices_issue"),
    path("invoices/<str:number>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<str:number>/pdf/", views.invoice_pdf_download, name="invoice_pdf"),
    path("invoices/<str:number>/payments/", views.invoice_payment, name="invoice_payment"),
    path("invoices/<str:number>/cancel/", views.invoice_cancel, name="invoice_cancel"),
    path("pay-as-you-go/", views.meeting_days_charge, name="meeting_days_charge"),
    path("bank-statements/", views.bank_statement, name="bank_statement"),
    path("bank-statements/entries/<int:pk>/match/", views.statement_entry_match, name="statement_entry_match"),
]
