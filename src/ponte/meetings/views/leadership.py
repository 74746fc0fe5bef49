"""Pages of leadership (see ponte.meetings.services.leadership)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
