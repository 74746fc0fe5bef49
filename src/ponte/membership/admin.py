"""Admin for the secretariat: applications are moved by their services, never deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from ponte.membership.models import (
    Application,
    BankStatementEntry,
    FeeScenario,
    FeeSchedule,
    FeeWaiver,
    Invoice,
    InvoiceLine,
    Membership,
    NationalSmeDefinition,
    Payment,
)


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "kind", "state", "submitted_at", "decided_at"]
    list_filter = ["state", "kind", "sectors"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    # States change only through the national approval (services), so the admin shows them.
    readonly_fields = ["state", "submitted_at", "decided_at", "decided_by", "rejection_reason"]
    autocomplete_fields = ["organisation"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(NationalSmeDefinition)
class NationalSmeDefinitionAdmin(SimpleHistoryAdmin):
    list_display = ["country", "max_employees", "max_turnover", "turnover_currency"]
    list_select_related = ["country"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(FeeSchedule)
class FeeScheduleAdmin(SimpleHistoryAdmin):
    """The year's fees: the secretariat edits them; past years stay in history."""

    list_display = ["year", "contributory_unit", "associate_fee", "academia_fee", "sme_fee", "meeting_day_fee"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "sector", "category", "contributory_units", "start_year", "end_year"]
    list_filter = ["sector", "category"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "sector"]
    autocomplete_fields = ["organisation"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FeeScenario)
class FeeScenarioAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "employee_threshold", "sme_fee", "existing_may_switch", "created_by"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Money records are written by their services (numbering, totals, states); the admin only shows them."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class InvoiceLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = InvoiceLine
    fields = readonly_fields = ("kind", "year", "subject", "quantity", "unit_price", "amount")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PaymentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Payment
    fields = readonly_fields = ("received_on", "amount", "currency", "method", "reference", "recorded_by")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "organisation", "issued_on", "due_on", "total", "currency", "state"]
    list_filter = ["state", "issued_on"]
    search_fields = ["number", "organisation__name"]
    list_select_related = ["organisation"]
    inlines = [InvoiceLineInline, PaymentInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "received_on", "amount", "currency", "method", "reference"]
    list_filter = ["method", "received_on"]
    search_fields = ["invoice__number", "reference"]
    list_select_related = ["invoice"]


@admin.register(BankStatementEntry)
class BankStatementEntryAdmin(ReadOnlyAdmin):
    list_display = ["booked_on", "amount", "currency", "reference", "invoice"]
    search_fields = ["reference"]
    list_select_related = ["invoice"]


@admin.register(FeeWaiver)
class FeeWaiverAdmin(ReadOnlyAdmin):
    list_display = ["membership", "first_year", "last_year", "granted_by"]
    list_select_related = ["membership__organisation"]
