"""Deletion requests in the admin: shown to the secretariat, read-only (decisions go through the secretariat's page
and its service, which anonymise in one transaction)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from ponte.privacy.models import DeletionRequest

VIEW = "privacy.view_deletion_requests"


@admin.register(DeletionRequest)
class DeletionRequestAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "user", "state", "requested_at", "decided_at", "decided_by"]
    list_filter = ["state"]
    readonly_fields = ["user", "reason", "state", "requested_at", "decided_at", "decided_by", "decision_note"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(VIEW)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(VIEW)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
