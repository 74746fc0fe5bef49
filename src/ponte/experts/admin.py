"""Admin for the secretariat: workshops can be corrected here (texts in six languages, history kept); participants
and certificates are only shown, since they change through the experts pages (numbers, revocation reasons)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ponte.core.admin import NoDeleteMixin, ShownOnlyMixin
from ponte.experts.models import Certificate, Participation, Workshop


@admin.register(Workshop)
class WorkshopAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on", "city", "country"]
    list_filter = ["kind", "country__region"]
    search_fields = ["title", "city"]
    list_select_related = ["country"]
    date_hierarchy = "starts_on"
    filter_horizontal = ["partners"]
    readonly_fields = ["created_by", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # recorded on the experts pages, which note who recorded it


@admin.register(Participation)
class ParticipationAdmin(ShownOnlyMixin, SimpleHistoryAdmin):
    list_display = ["person", "workshop", "country", "trained"]
    list_filter = ["trained", "workshop"]
    search_fields = ["person__given_name", "person__family_name"]
    list_select_related = ["person", "workshop", "country"]


@admin.register(Certificate)
class CertificateAdmin(ShownOnlyMixin, SimpleHistoryAdmin):
    list_display = ["number", "person", "issued_on", "expires_on", "revoked_on"]
    list_filter = ["issued_on", "revoked_on"]
    search_fields = ["number", "person__given_name", "person__family_name"]
    list_select_related = ["person"]
