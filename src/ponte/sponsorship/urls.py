"""The sponsorship pages, under /<language>/sponsorship/ (event codes are capitals, so they never meet the
lower-case words here)."""

from django.urls import URLPattern, URLResolver, path

from ponte.sponsorship.views import (
    confirm,
    decline,
    event_detail,
    event_list,
    my_sponsorships,
    quote,
    quote_pdf,
    request_sponsorship,
    revenue,
    revenue_download,
    staff_event,
    staff_events,
    withdraw,
)

app_name = "sponsorship"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", event_list, name="event_list"),
    path("mine/", my_sponsorships, name="my_sponsorships"),
    path("mine/<str:reference>/withdraw/", withdraw, name="withdraw"),
    path("staff/", staff_events, name="staff_events"),
    path("staff/requests/<str:reference>/confirm/", confirm, name="confirm"),
    path("staff/requests/<str:reference>/decline/", decline, name="decline"),
    path("staff/revenue/", revenue, name="revenue"),
    path("staff/revenue.csv", revenue_download, {"file_format": "csv"}, name="revenue_csv"),
    path("staff/revenue.xlsx", revenue_download, {"file_format": "xlsx"}, name="revenue_xlsx"),
    path("staff/<str:code>/", staff_event, name="staff_event"),
    path("<str:code>/", event_detail, name="event_detail"),
    path("<str:code>/<int:pk>/quote/", quote, name="quote"),
    path("<str:code>/<int:pk>/quote.pdf", quote_pdf, name="quote_pdf"),
    path("<str:code>/<int:pk>/request/", request_sponsorship, name="request"),
]
