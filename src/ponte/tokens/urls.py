from django.urls import URLPattern, URLResolver, path

from ponte.tokens import views

app_name = "tokens"

urlpatterns: list[URLPattern | URLResolver] = [
    path("organisations/<int:pk>/", views.token_list, name="list"),
    path("organisations/<int:pk>/new/", views.token_create, name="create"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
