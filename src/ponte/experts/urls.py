from django.urls import URLPattern, URLResolver, path

from ponte.experts import views

app_name = "experts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("registry/", views.registry, name="registry"),
    path("verify/", views.verify, name="verify"),
    path("workshops/new/", views.workshop_create, name="workshop_create"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop_detail"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="workshop_edit"),
    path("workshops/<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("participations/<int:pk>/trained/", views.participant_trained, name="participant_trained"),
    path("participations/<int:pk>/certify/", views.certificate_issue, name="certificate_issue"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<str:number>/", views.certificate_detail, name="certificate_detail"),
]
