"""Admin for the secretariat: meetings are managed here (titles in six languages); registrations are shown, and
move only through their services (seats, invoices)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ponte.core.admin import NoDeleteMixin
from ponte.meetings.models import Contribution, Fellowship, LeadershipPost, Meeting, Registration


@admin.register(Meeting)
class MeetingAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "title", "group", "starts_on", "ends_on", "city", "is_virtual", "is_hybrid"]
    list_filter = ["group__sector", "is_virtual", "is_hybrid", "starts_on"]
    search_fields = ["code", "title", "city"]
    list_select_related = ["group__sector"]
    autocomplete_fields = ["group", "country"]
    date_hierarchy = "starts_on"


@admin.register(Registration)
class RegistrationAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "person", "organisation", "delegation", "basis", "mode", "state"]
    list_filter = ["state", "mode", "basis"]
    search_fields = ["meeting__code", "person__family_name", "organisation__name"]
    list_select_related = ["meeting", "person", "organisation", "delegation"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Fellowship)
class FellowshipAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """Shown only: nominations and awards go through their services (eligibility, budget)."""

    list_display = ["meeting", "person", "country", "state", "kind", "amount"]
    list_filter = ["state", "kind"]
    list_select_related = ["meeting", "person", "country"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Contribution)
class ContributionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["number", "revision", "title", "group", "meeting", "submitted_at"]
    list_filter = ["group__sector"]
    search_fields = ["number", "title"]
    list_select_related = ["group__sector", "meeting"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(LeadershipPost)
class LeadershipPostAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["group", "role", "person", "organisation", "region", "starts_on", "ends_on"]
    list_filter = ["role", "region", "group__sector"]
    list_select_related = ["group__sector", "person", "organisation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
