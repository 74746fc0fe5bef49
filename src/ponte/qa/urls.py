from django.urls import URLPattern, URLResolver, path, re_path

from ponte.qa import views

app_name = "qa"

POST_KIND = r"(?P<kind>question|answer|follow-up)"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.question_list, name="question_list"),
    path("ask/", views.ask, name="ask"),
    path("<int:pk>/", views.question_detail, name="question_detail"),
    path("<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("<int:pk>/answer/", views.answer_create, name="answer_create"),
    path("<int:pk>/follow-up/", views.follow_up_create, name="follow_up_create"),
    path("<int:pk>/withdraw-acceptance/", views.withdraw_acceptance, name="withdraw_acceptance"),
    re_path(r"^(?P<pk>\d+)/(?P<action>lock|unlock)/$", views.lock, name="lock"),
    path("answers/<int:pk>/edit/", views.answer_edit, name="answer_edit"),
    path("answers/<int:pk>/accept/", views.accept, name="accept"),
    re_path(rf"^{POST_KIND}/(?P<pk>\d+)/vote/$", views.vote, name="vote"),
    re_path(rf"^{POST_KIND}/(?P<pk>\d+)/flag/$", views.flag, name="flag"),
    re_path(rf"^{POST_KIND}/(?P<pk>\d+)/(?P<action>hide|unhide|dismiss-flags)/$", views.moderate, name="moderate"),
    path("flags/", views.flag_queue, name="flags"),
    path("unanswered/", views.unanswered, name="unanswered"),
    path("feed/<str:sector>/<str:identifier>/", views.RecommendationFeed(), name="feed"),
]
