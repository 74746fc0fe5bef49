"""Admin for the secretariat: events and their activities are set up here (texts in six languages), history
kept, nothing deleted. Requests are only shown: they move through the services (slots, emails), from the
secretariat's request pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from ponte.core.admin import NoDeleteMixin
from ponte.sponsorship.models import Activity, SponsoredEvent, SponsorshipRequest


class ActivityInline(NoDeleteMixin, TranslationStackedInline):
    model = Activity
    extra = 0
    fields = ["kind", "name", "description", "price", "slots"]


@admin.register(SponsoredEvent)
class SponsoredEventAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "title", "starts_on", "ends_on", "city", "currency", "member_discount", "is_published"]
    list_filter = ["is_published", "currency", "starts_on"]
    search_fields = ["code", "title", "city"]
    list_select_related = ["country"]
    autocomplete_fields = ["country", "meeting"]
    date_hierarchy = "starts_on"
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "event", "kind", "price", "slots"]
    list_filter = ["kind", "event"]
    search_fields = ["name", "event__code"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]


@admin.register(SponsorshipRequest)
class SponsorshipRequestAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["reference", "organisation", "activity", "price", "currency", "state", "requested_at"]
    list_filter = ["state", "currency"]
    search_fields = ["reference", "organisation__name", "activity__event__code"]
    list_select_related = ["organisation", "activity__event"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
