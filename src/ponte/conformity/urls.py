from django.urls import URLPattern, URLResolver, path

from ponte.conformity import views

app_name = "conformity"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.product_list, name="product_list"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("labs/", views.lab_list, name="lab_list"),
    path("export.<str:file_format>", views.export, name="export"),
    path("import/", views.declaration_import, name="import"),
    path("declarations/new/", views.declaration_add, name="declaration_add"),
    path("declarations/<int:pk>/edit/", views.declaration_edit, name="declaration_edit"),
    path("declarations/<int:pk>/withdraw/", views.declaration_withdraw, name="declaration_withdraw"),
    path("declarations/<int:pk>/restore/", views.declaration_restore, name="declaration_restore"),
]
