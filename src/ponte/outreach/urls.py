from django.urls import URLPattern, URLResolver, path

from ponte.outreach import feeds, views

app_name = "outreach"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.announcement_list, name="list"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("feed/rss/", feeds.NewsFeed(), name="rss"),
    path("feed/atom/", feeds.AtomNewsFeed(), name="atom"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("manage/", views.manage_list, name="manage"),
    path("manage/new/", views.campaign_create, name="create"),
    path("manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("manage/<int:pk>/send/", views.campaign_send, name="send"),
]
