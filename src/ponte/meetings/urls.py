from django.urls import path

from ponte.meetings.views import contributions, fellowships, leadership, registrations

app_name = "meetings"

# Feature pages first: the catch-all "<code>/" of a meeting comes last.
urlpatterns = [
    path("", registrations.meeting_list, name="meeting_list"),
    path("my/", registrations.my_meetings, name="my_meetings"),
    path("my.ics", registrations.my_calendar, name="my_calendar"),
    path("calendar/personal/<str:token>.ics", registrations.personal_calendar, name="personal_calendar"),
    path("calendar/<str:sector>/<path:code>.ics", registrations.group_calendar, name="group_calendar"),
    path("registrations/<int:pk>/cancel/", registrations.registration_cancel, name="registration_cancel"),
    *fellowships.urlpatterns,
    *contributions.urlpatterns,
    *leadership.urlpatterns,
    path("<str:code>/", registrations.meeting_detail, name="meeting_detail"),
    path("<str:code>/register/", registrations.register, name="register"),
    path("<str:code>/check-in/", registrations.check_in, name="check_in"),
]
