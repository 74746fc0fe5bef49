from django.urls import URLPattern, URLResolver

app_name = "opportunities"

urlpatterns: list[URLPattern | URLResolver] = []
