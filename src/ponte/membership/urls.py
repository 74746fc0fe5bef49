from django.urls import path

from ponte.membership import views

app_name = "membership"

urlpatterns = [
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
    path("sme-report.csv", views.report_csv_download, name="sme_report_csv"),
]
