from django.urls import URLPattern, URLResolver

from ponte.partnerships.views import agreements, dashboard, partners, search

app_name = "partnerships"

urlpatterns: list[URLPattern | URLResolver] = [
    *dashboard.urlpatterns,
    *search.urlpatterns,
    *agreements.urlpatterns,
    *partners.urlpatterns,
]
