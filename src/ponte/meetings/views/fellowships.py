"""Pages of fellowships (see ponte.meetings.services.fellowships)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
