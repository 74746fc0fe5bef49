from django.urls import path

from ponte.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.my_portal, name="home"),
    path("follow/<str:kind>/<int:pk>/", views.follow_toggle, name="follow"),
]
