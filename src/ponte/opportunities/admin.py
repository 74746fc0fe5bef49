"""Admin for the secretariat: find any opportunity, complete its texts in six languages, publish or close it
through the services (the same checks as the staff pages), and see documents, foci and interests.

Opportunities are created on the staff pages (documents need the content checks of ``add_pitch_document``), so
the admin adds none; documents, foci and interests are shown, never changed here; nothing is deleted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ponte.core.admin import NoDeleteMixin, ShownOnlyMixin
from ponte.opportunities import services
from ponte.opportunities.models import Interest, Opportunity, OrganisationFocus, PitchDocument


class PitchDocumentInline(ShownOnlyMixin, admin.TabularInline[PitchDocument, Opportunity]):
    model = PitchDocument
    extra = 0
    fields = ("title", "language", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("title", "language", "content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(Opportunity)
class OpportunityAdmin(NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "kind", "state", "budget_sought", "currency", "published_at", "closed_at"]
    list_filter = ["state", "kind", "action_areas", "regions"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_at"
    filter_horizontal = ["action_areas", "regions", "mechanisms"]
    autocomplete_fields = ["countries"]
    readonly_fields = ["state", "published_at", "closed_at", "created_by", "created_at", "updated_at"]
    inlines = [PitchDocumentInline]
    actions = ["publish", "close"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Publish the selected opportunities"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Opportunity]) -> None:
        self._move(request, queryset, services.publish_opportunity)

    @admin.action(description=_("Close the selected opportunities"))
    def close(self, request: HttpRequest, queryset: QuerySet[Opportunity]) -> None:
        self._move(request, queryset, services.close_opportunity)

    def _move(self, request: HttpRequest, queryset: QuerySet[Opportunity], change: Any) -> None:
        done = 0
        for opportunity in queryset:
            try:
                change(actor=request.user, opportunity=opportunity)
            except ValidationError as error:
                self.message_user(request, f"{opportunity}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d opportunity changed.", "%(count)d opportunities changed.", done) % {"count": done},
                messages.SUCCESS,
            )


@admin.register(OrganisationFocus)
class OrganisationFocusAdmin(ShownOnlyMixin, SimpleHistoryAdmin):
    list_display = ["organisation", "wants_digest", "updated_at"]
    list_filter = ["wants_digest"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Interest)
class InterestAdmin(ShownOnlyMixin, SimpleHistoryAdmin):
    list_display = ["opportunity", "organisation", "expressed_by", "created_at", "withdrawn_at"]
    list_filter = ["withdrawn_at"]
    search_fields = ["opportunity__title", "organisation__name"]
    list_select_related = ["opportunity", "organisation", "expressed_by"]
