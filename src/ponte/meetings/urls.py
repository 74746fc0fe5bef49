from django.urls import path

from ponte.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("my/", views.my_meetings, name="my_meetings"),
    path("my.ics", views.my_calendar, name="my_calendar"),
    path("calendar/<str:sector>/<str:code>.ics", views.group_calendar, name="group_calendar"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("<str:code>/", views.meeting_detail, name="meeting_detail"),
    path("<str:code>/register/", views.register, name="register"),
    path("<str:code>/check-in/", views.check_in, name="check_in"),
]
