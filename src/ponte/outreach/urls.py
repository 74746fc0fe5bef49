from django.urls import path

from ponte.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.announcement_list, name="list"),
]
