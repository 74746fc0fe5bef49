"""Admin for the secretariat: partners with their contacts, agreements and their documents, history kept, nothing
deleted; the reference tables (action areas, regions, mechanisms) are shown only (migrations load them).

Agreements are imported and exported through django-import-export's admin pages, but with this app's own file
handling: the import calls ``importers.import_agreements`` (the checks, all rows or none, and the report per bad
cell the command and the upload page give), and the export writes the changelist as filtered with
``exports`` (the import's columns, so an exported file imports back unchanged).
"""

from __future__ import annotations

from typing import Any

import tablib
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm
from import_export.results import Result
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from ponte.core.admin import NoDeleteMixin
from ponte.partnerships import exports
from ponte.partnerships.importers import COLUMNS, AgreementImportReport, import_agreements
from ponte.partnerships.models import (
    ActionArea,
    Agreement,
    AgreementDocument,
    BeneficiaryRegion,
    FundingMechanism,
    Partner,
    PartnerContact,
)

VIEW = "partnerships.view_agreements"
MANAGE = "partnerships.manage_agreements"
MANAGE_PARTNERS = "partnerships.manage_partners"


class RulesPermissionsMixin:
    """The admin asks ``rules`` (rules.py) instead of Django's model permissions: who may see and who may change."""

    view_permission = VIEW
    change_permission = MANAGE

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.view_permission)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(self.view_permission) or self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(self.change_permission)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.has_perm(self.change_permission)


class ReadOnlyMixin(RulesPermissionsMixin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(ActionArea)
class ActionAreaAdmin(ReadOnlyMixin, NoDeleteMixin, TranslationAdmin):
    list_display = ["code", "name", "position"]


@admin.register(BeneficiaryRegion)
class BeneficiaryRegionAdmin(ReadOnlyMixin, NoDeleteMixin, TranslationAdmin):
    list_display = ["code", "name", "position"]


@admin.register(FundingMechanism)
class FundingMechanismAdmin(ReadOnlyMixin, NoDeleteMixin, TranslationAdmin):
    list_display = ["code", "name", "position"]


class PartnerContactInline(RulesPermissionsMixin, admin.TabularInline[PartnerContact, Partner]):
    model = PartnerContact
    extra = 0
    view_permission = "partnerships.view_partner_contacts"
    change_permission = MANAGE_PARTNERS

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(MANAGE_PARTNERS)  # a contact who left is removed


@admin.register(Partner)
class PartnerAdmin(RulesPermissionsMixin, NoDeleteMixin, SimpleHistoryAdmin, TranslationAdmin):
    change_permission = MANAGE_PARTNERS
    list_display = ["name", "kind", "country", "is_active"]
    list_filter = ["kind", "is_active", "regions", "action_areas"]
    search_fields = ["name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country", "organisation"]
    filter_horizontal = ["action_areas", "regions", "countries", "mechanisms"]
    inlines = [PartnerContactInline]


class SignedYearFilter(admin.SimpleListFilter):
    title = _("year signed")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = Agreement.objects.dates("signed_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(signed_on__year=int(value)) if value and value.isdigit() else queryset


class AgreementDocumentInline(RulesPermissionsMixin, admin.TabularInline[AgreementDocument, Agreement]):
    model = AgreementDocument
    extra = 0
    fields = ["title", "file", "size", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = ["title", "file", "size", "content_type", "uploaded_by", "uploaded_at"]
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # added on their own page, which records who uploaded them

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgreementFileResource(resources.Resource):
    """The columns of an agreements file, listed on the import and export pages (the files are read by
    ``importers`` and written by ``exports``)."""

    reference = fields.Field(column_name="reference")
    type = fields.Field(column_name="type")
    title = fields.Field(column_name="title")
    partner = fields.Field(column_name="partner")
    partner_kind = fields.Field(column_name="partner_kind")
    signed_on = fields.Field(column_name="signed_on")
    value = fields.Field(column_name="value")
    currency = fields.Field(column_name="currency")
    value_usd = fields.Field(column_name="value_usd")
    regions = fields.Field(column_name="regions")
    countries = fields.Field(column_name="countries")
    action_areas = fields.Field(column_name="action_areas")
    amends = fields.Field(column_name="amends")

    class Meta:
        import_order = COLUMNS
        export_order = COLUMNS

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("Agreements file"))


class _UnreadCSV(base_formats.CSV):
    """A CSV left for ``importers`` to read from the uploaded bytes (tablib does not parse it first)."""

    def create_dataset(self, in_stream: Any, **kwargs: Any) -> tablib.Dataset:
        return tablib.Dataset()


class _UnreadXLSX(base_formats.XLSX):
    """An XLSX left for ``importers`` to read from the uploaded bytes."""

    def create_dataset(self, in_stream: Any, **kwargs: Any) -> tablib.Dataset:
        return tablib.Dataset()


class AgreementImportResult(Result):
    """django-import-export's result, made from this app's report: each bad line with its bad cells."""

    def __init__(self, report: AgreementImportReport) -> None:
        super().__init__()
        self.report = report
        by_line: dict[int, dict[str, list[str]]] = {}
        for error in report.errors:
            by_line.setdefault(error.line, {}).setdefault(error.column or "__all__", []).append(error.reason)
        for line, errors in by_line.items():
            self.append_invalid_row(line, {}, _ErrorsOfLine(errors))


class _ErrorsOfLine:
    """What ``InvalidRow`` reads of a ValidationError: the messages by column (``__all__`` for the whole file)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.message_dict = errors


@admin.register(Agreement)
class AgreementAdmin(RulesPermissionsMixin, NoDeleteMixin, ImportExportMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["reference", "title", "type", "partner_names", "signed_on", "value_usd", "amends"]
    list_filter = ["type", SignedYearFilter, "regions", "action_areas"]
    search_fields = ["reference", "title", "partners__name"]
    list_select_related = ["amends"]
    filter_horizontal = ["partners", "regions", "countries", "action_areas"]
    raw_id_fields = ["amends"]
    inlines = [AgreementDocumentInline]
    # The import: this app's checks, in one step (a file with a bad cell is refused whole, with the report).
    resource_classes = [AgreementFileResource]
    import_formats = [_UnreadCSV, _UnreadXLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    export_form_class = ExportForm
    skip_import_confirm = True
    skip_admin_log = True  # the history of each agreement says what the import changed

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agreement]:
        partners = Prefetch("partners", queryset=Partner.objects.only("pk", "name").order_by("name"))
        return super().get_queryset(request).prefetch_related(partners)

    @admin.display(description=_("partners"))
    def partner_names(self, agreement: Agreement) -> str:
        return "; ".join(partner.name for partner in agreement.partners.all())

    def has_import_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(MANAGE))

    def has_export_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(VIEW))

    def process_dataset(self, dataset: Any, form: Form, request: HttpRequest, **kwargs: Any) -> Result:
        upload = form.cleaned_data["import_file"]
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        extension = f".{input_format.get_extension()}"
        name = upload.name if upload.name.lower().endswith(extension) else upload.name + extension
        content = b"".join(upload.chunks())
        return AgreementImportResult(import_agreements(actor=request.user, file_name=name, content=content))

    def add_success_message(self, result: Result, request: HttpRequest) -> None:
        report: AgreementImportReport = result.report
        message = gettext(
            "The file was imported: %(created)s agreements created, %(updated)s updated, %(unchanged)s unchanged; "
            "%(partners)s partners created."
        ) % {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "partners": report.partners_created,
        }
        messages.success(request, message)

    def get_export_data(
        self, file_format: Any, request: HttpRequest, queryset: QuerySet[Agreement], **kwargs: Any
    ) -> Any:
        if not self.has_export_permission(request):
            raise PermissionDenied(VIEW)
        if file_format.get_extension() == "xlsx":
            return exports.agreements_xlsx(queryset)
        return exports.agreements_csv(queryset).encode()


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(RulesPermissionsMixin, NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "agreement", "content_type", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["title", "agreement__reference"]
    list_select_related = ["agreement", "uploaded_by"]
    raw_id_fields = ["agreement"]
    fields = ["agreement", "title", "file", "size", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = ["size", "content_type", "uploaded_by", "uploaded_at"]

    def save_model(self, request: HttpRequest, obj: AgreementDocument, form: Any, change: bool) -> None:
        """Who uploaded the file, its size and its type come from the upload, not from the form."""
        upload = form.cleaned_data.get("file")
        if upload is not None and "file" in form.changed_data:
            obj.size = upload.size
            obj.content_type = getattr(upload, "content_type", "") or "application/octet-stream"
            obj.uploaded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
