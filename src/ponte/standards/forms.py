"""Forms of the catalogue: the list's filters, the file of Recommendations to import, the admin's PDF check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ponte.standards import selectors
from ponte.standards.models import Recommendation, RecommendationKind, RecommendationStatus
from ponte.standards.services import check_recommendation_pdf

# A catalogue of 20,000 rows with summaries in six languages stays well under this.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class RecommendationFilterForm(forms.Form):
    """The list's filters; empty fields mean "all", and a filter that is wrong is said so at the field."""

    q = forms.CharField(
        label=_("Identifier or words of the title"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("H.702, accessibility…")}),
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    group = forms.CharField(
        label=_("Group"), required=False, max_length=32, widget=forms.TextInput(attrs={"placeholder": "SG16"})
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *RecommendationStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *RecommendationKind.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ChoiceField)  # noqa: S101 - declared above
        sector.choices = [("", _("All sectors")), *((code, code) for code in selectors.sector_codes())]

    def clean_group(self) -> str:
        code: str = self.cleaned_data["group"].strip()
        if code and not selectors.group_exists(code):
            raise forms.ValidationError(
                _("There is no group with the code %(code)s."), code="unknown_group", params={"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        sector, group = cleaned.get("sector"), cleaned.get("group")
        if sector and group and not selectors.group_exists(group, sector=sector):
            self.add_error(
                "group",
                forms.ValidationError(
                    _("%(sector)s has no group %(code)s."),
                    code="group_not_in_sector",
                    params={"sector": sector, "code": group},
                ),
            )
        return cleaned

    def filters(self) -> dict[str, str]:
        """The selector's keyword arguments: the valid filters (a wrong one is left out, and shown as wrong)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "text": cleaned.get("q") or "",
            "sector": cleaned.get("sector") or "",
            "group": cleaned.get("group") or "",
            "status": cleaned.get("status") or "",
            "kind": cleaned.get("kind") or "",
        }


class RecommendationFileForm(forms.Form):
    file = forms.FileField(
        label=_("Recommendations file (CSV or XLSX)"),
        help_text=_(
            "Columns: sector, identifier, kind, status, group, approved_on (YYYY-MM-DD), url, title_en, title_fr, "
            "title_es, title_ru, title_zh_hans, title_ar; optionally summary_en … summary_ar and superseded_by."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."), code="type")
        if upload.size > MAX_UPLOAD_BYTES:
            message = _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            raise forms.ValidationError(message, code="size")
        return upload


class RecommendationAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """The admin's form: an uploaded text must be a PDF (by its content) of at most 20 MB."""

    class Meta:
        model = Recommendation
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

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            try:
                check_recommendation_pdf(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict["file"]) from error
        return upload
