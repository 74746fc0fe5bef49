from django.urls import URLPattern, URLResolver

app_name = "conformity"

urlpatterns: list[URLPattern | URLResolver] = []
