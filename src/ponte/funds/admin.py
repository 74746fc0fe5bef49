"""The ledger in the admin, for the secretariat to look up: read-only (entries are written by ``services``, and a
mistake is corrected by a reversing entry on the ledger's page)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from ponte.funds.models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "year", "booked_on", "source", "purpose", "amount", "currency"]
    list_filter = ["kind", "year", "source", "purpose", "currency"]
    search_fields = ["number", "description"]
    list_select_related = ["organisation", "country"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
