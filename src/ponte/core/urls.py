from django.urls import path

from ponte.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("take-part/", views.take_part, name="take_part"),
    path("take-part/organisation/", views.organisation_register, name="organisation_register"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/confirm/", views.organisation_confirm, name="organisation_confirm"),
    path("organisations/<int:pk>/people/new/", views.staff_member_add, name="staff_member_add"),
    path("affiliations/<int:pk>/end/", views.affiliation_end, name="affiliation_end"),
    path("groups/", views.group_list, name="group_list"),
    # A working party's code holds a slash ("WP1/16"): the code is the rest of the path.
    path("groups/<str:sector>/<path:code>/", views.group_detail, name="group_detail"),
    path("countries/", views.country_list, name="country_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("me/", views.account, name="account"),
    path("history/<str:model>/<str:pk>/", views.history, name="history"),
]
