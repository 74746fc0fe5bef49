"""Admin for the secretariat: the registry of test labs (accreditation and scope), manufacturers and products, with
their history; nothing deleted. Declarations are shown only: they are recorded, corrected and withdrawn on the
pages, where the rule of acceptance (accreditation on the report date, scope) is checked."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from ponte.conformity.models import Declaration, Manufacturer, Product, TestLab
from ponte.core.admin import NoDeleteMixin

MANAGE = "conformity.manage_labs"


class SecretariatMixin(NoDeleteMixin):
    """The admin asks ``rules`` (rules.py): the secretariat sees and changes; nobody deletes."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(MANAGE)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(MANAGE)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(MANAGE)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.has_perm(MANAGE)


@admin.register(TestLab)
class TestLabAdmin(SecretariatMixin, SimpleHistoryAdmin):
    list_display = ["name", "country", "accreditation_body", "accredited_until", "is_itu_recognised"]
    list_filter = ["is_itu_recognised", "country"]
    search_fields = ["name", "accreditation_number", "accreditation_body"]
    filter_horizontal = ["scope"]
    raw_id_fields = ["organisation"]


@admin.register(Manufacturer)
class ManufacturerAdmin(SecretariatMixin, SimpleHistoryAdmin):
    list_display = ["name", "country"]
    list_filter = ["country"]
    search_fields = ["name"]


@admin.register(Product)
class ProductAdmin(SecretariatMixin, SimpleHistoryAdmin):
    list_display = ["name", "manufacturer", "model", "category"]
    list_filter = ["category"]
    search_fields = ["name", "model", "manufacturer__name"]
    list_select_related = ["manufacturer"]
    raw_id_fields = ["manufacturer"]


@admin.register(Declaration)
class DeclarationAdmin(SecretariatMixin, SimpleHistoryAdmin):
    list_display = ["report_reference", "lab", "product", "report_date", "valid_until", "withdrawn_on"]
    list_filter = ["lab"]
    search_fields = ["report_reference", "product__model", "product__name"]
    list_select_related = ["lab", "product__manufacturer"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False
