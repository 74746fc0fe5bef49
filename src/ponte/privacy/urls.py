from django.urls import path

from ponte.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.json", views.export, name="export"),
    path("deletion/", views.request_deletion, name="request_deletion"),
    path("deletion/<int:pk>/withdraw/", views.withdraw_deletion, name="withdraw_deletion"),
    path("deletion-requests/", views.deletion_requests, name="deletion_requests"),
    path("deletion-requests/<int:pk>/decide/", views.decide_deletion, name="decide_deletion"),
]
