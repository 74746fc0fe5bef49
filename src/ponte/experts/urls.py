from django.urls import URLPattern, URLResolver

app_name = "experts"

urlpatterns: list[URLPattern | URLResolver] = []
