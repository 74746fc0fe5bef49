"""Admin for the secretariat: the reference data (pillars, income groups) can be corrected here; assessments are
only shown, since they are written, published and withdrawn on the innovation pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ponte.core.admin import NoDeleteMixin
from ponte.innovation.models import Assessment, CountryIncome, Pillar


@admin.register(Pillar)
class PillarAdmin(NoDeleteMixin, TranslationAdmin):
    list_display = ["code", "name", "position"]


@admin.register(CountryIncome)
class CountryIncomeAdmin(NoDeleteMixin, admin.ModelAdmin[CountryIncome]):
    list_display = ["country", "group"]
    list_filter = ["group", "country__region"]
    search_fields = ["country__name", "country__alpha3"]
    list_select_related = ["country"]


@admin.register(Assessment)
class AssessmentAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["country", "assessed_on", "led_by", "state", "published_at"]
    list_filter = ["state", "led_by", "country__region"]
    search_fields = ["country__name", "country__alpha3"]
    list_select_related = ["country"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
