from django.urls import URLPattern, URLResolver

app_name = "sponsorship"

urlpatterns: list[URLPattern | URLResolver] = []
