from django.urls import URLPattern, URLResolver, path

from ponte.opportunities import views

app_name = "opportunities"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.opportunity_list, name="list"),
    path("<int:pk>/", views.opportunity_detail, name="detail"),
    path("<int:pk>/interest/", views.interest_express, name="express_interest"),
    path("interests/<int:pk>/withdraw/", views.interest_withdraw, name="withdraw_interest"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("mine/", views.my_opportunities, name="mine"),
    path("manage/", views.manage_list, name="manage"),
    path("manage/new/", views.opportunity_create, name="create"),
    path("manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", views.opportunity_edit, name="edit"),
    path("manage/<int:pk>/publish/", views.opportunity_publish, name="publish"),
    path("manage/<int:pk>/close/", views.opportunity_close, name="close"),
    path("manage/<int:pk>/documents/", views.document_add, name="document_add"),
    path("manage/documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("manage/<int:pk>/interests.csv", views.interests_csv, name="interests_csv"),
]
