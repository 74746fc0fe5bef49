"""Admin pages for the secretariat: history kept, nothing deleted, roles through services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ponte.core import services
from ponte.core.models import Affiliation, Country, Group, Organisation, Person, Role, Sector, User

admin.site.disable_action("delete_selected")


class NoDeleteMixin:
    """Domain records are archived, never deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ShownOnlyMixin(NoDeleteMixin):
    """Records that change only through their services: the admin lists and shows them, never adds or changes."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Country)
class CountryAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "alpha3", "name", "region", "is_developing", "is_ldc", "is_sids", "is_lldc"]
    list_filter = ["region", "is_developing", "is_ldc", "is_sids", "is_lldc", "is_transition_economy"]
    search_fields = ["code", "alpha3", "name"]


@admin.register(Sector)
class SectorAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "name"]


@admin.register(Group)
class GroupAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "sector", "kind", "title", "is_active"]
    list_filter = ["sector", "kind", "is_active"]
    search_fields = ["code", "title"]
    list_select_related = ["sector"]


@admin.register(Organisation)
class OrganisationAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "category", "country", "employee_count", "is_active"]
    list_filter = ["category", "is_active", "country__region"]
    search_fields = ["name"]
    list_select_related = ["country"]
    filter_horizontal = ["groups"]
    actions = ["archive"]

    @admin.action(description=_("Archive the selected organisations"))
    def archive(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        for organisation in queryset:
            services.archive_organisation(actor=request.user, organisation=organisation)
        messages.success(request, _("The organisations were archived."))


class AffiliationInline(admin.TabularInline[Affiliation, Person]):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["family_name", "given_name", "email", "country"]
    search_fields = ["family_name", "given_name", "email"]
    list_select_related = ["country"]
    inlines = [AffiliationInline]
    raw_id_fields = ["user"]


@admin.register(Role)
class RoleAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """Roles are granted and revoked through the services, so holders are told and staff flags follow."""

    list_display = ["user", "kind", "country", "organisation", "group", "granted_at", "revoked_at"]
    list_filter = ["kind", "revoked_at"]
    list_select_related = ["user", "country", "organisation", "group__sector"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
    fields = ["user", "kind", "country", "organisation", "group"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Role, form: Any, change: bool) -> None:
        role = services.assign_role(
            actor=request.user,
            user=obj.user,
            kind=obj.kind,
            country=obj.country,
            organisation=obj.organisation,
            group=obj.group,
        )
        obj.pk = role.pk

    @admin.action(description=_("Revoke the selected roles"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Role]) -> None:
        for role in queryset.select_related("user"):
            services.revoke_role(actor=request.user, role=role)
        messages.success(request, _("The roles were revoked."))


@admin.register(User)
class PonteUserAdmin(NoDeleteMixin, UserAdmin[User]):
    pass
