"""Pages of contributions (see ponte.meetings.services.contributions)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
