"""Admin for the secretariat: campaigns with their history (written and sent on the outreach pages), deliveries
and unsubscribes shown only; nothing deleted."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ponte.core.admin import NoDeleteMixin, ShownOnlyMixin
from ponte.outreach.models import Campaign, Delivery, Unsubscribe


@admin.register(Campaign)
class CampaignAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "kind", "author_organisation", "state", "published_at", "msme_day_year"]
    list_filter = ["kind", "state"]
    search_fields = ["title", "body"]
    list_select_related = ["author_organisation"]
    readonly_fields = ["state", "published_at", "sent_at", "msme_day_year", "created_by", "created_at"]
    filter_horizontal = ["countries", "sectors", "groups"]


@admin.register(Delivery)
class DeliveryAdmin(ShownOnlyMixin, SimpleHistoryAdmin):
    list_display = ["campaign", "email", "language", "created_at", "sent_at", "error"]
    list_filter = ["language"]
    search_fields = ["email", "campaign__title"]
    list_select_related = ["campaign"]


@admin.register(Unsubscribe)
class UnsubscribeAdmin(ShownOnlyMixin, SimpleHistoryAdmin):
    list_display = ["campaign", "user", "created_at"]
    list_select_related = ["campaign", "user"]
