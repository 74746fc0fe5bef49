"""Admin for the secretariat: Recommendations with their titles and summaries in six languages and their PDF (checked
to be one), history kept, nothing deleted. Files of many Recommendations are imported on the catalogue's own page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ponte.core.admin import NoDeleteMixin
from ponte.standards.forms import RecommendationAdminForm
from ponte.standards.models import Recommendation

MANAGE = "standards.manage_recommendations"


@admin.register(Recommendation)
class RecommendationAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    form = RecommendationAdminForm
    list_display = ["identifier", "sector", "title", "kind", "status", "group", "approved_on"]
    list_filter = ["sector", "kind", "status", "group"]
    search_fields = ["identifier", "title"]
    list_select_related = ["sector", "group__sector"]
    raw_id_fields = ["superseded_by"]
    fields = [
        "sector",
        "identifier",
        "kind",
        "title",
        "summary",
        "group",
        "status",
        "approved_on",
        "url",
        "file",
        "superseded_by",
    ]

    # The admin asks ``rules`` (rules.py): the catalogue is public, but only the secretariat edits it here.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(MANAGE))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.has_perm(MANAGE))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.has_perm(MANAGE))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(MANAGE))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Recommendation]:
        return super().get_queryset(request).select_related("sector", "group__sector")

    def save_model(self, request: HttpRequest, obj: Recommendation, form: Any, change: bool) -> None:
        obj._change_reason = "standards.recommendation.changed" if change else "standards.recommendation.added"  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
