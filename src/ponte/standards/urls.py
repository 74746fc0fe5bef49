from django.urls import URLPattern, URLResolver, path

from ponte.standards import views

app_name = "standards"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.recommendation_list, name="recommendation_list"),
    path("import/", views.recommendation_import, name="recommendation_import"),
    path("<str:sector>/<str:identifier>/", views.recommendation_detail, name="recommendation_detail"),
    path("<str:sector>/<str:identifier>/pdf/", views.recommendation_file, name="recommendation_file"),
]
