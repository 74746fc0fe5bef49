from django.urls import path

from ponte.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("participation.csv", views.download, {"file_format": "csv"}, name="participation_csv"),
    path("participation.xlsx", views.download, {"file_format": "xlsx"}, name="participation_xlsx"),
]
