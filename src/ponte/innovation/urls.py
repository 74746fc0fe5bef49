from django.urls import URLPattern, URLResolver, path, re_path

from ponte.innovation import views

app_name = "innovation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/publish/", views.assessment_publish, name="assessment_publish"),
    path("assessments/<int:pk>/unpublish/", views.assessment_unpublish, name="assessment_unpublish"),
    re_path(r"^(?P<alpha3>[A-Za-z]{3})/$", views.profile, name="profile"),
    re_path(r"^(?P<alpha3>[A-Za-z]{3})/profile\.pdf$", views.profile_pdf, name="profile_pdf"),
]
