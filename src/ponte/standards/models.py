"""The catalogue of Recommendations and technical papers: what the Standards Q&A and the conformity database refer to.

A Recommendation is known by its sector and identifier (ITU-T H.702, ITU-R BT.709); technical papers (HSTP-…),
supplements and handbooks sit beside them. Titles and summaries are written in six languages
(``translation.py``); the text itself is a free online link or a PDF kept here.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Group, Sector

# As published: letters and digits, with dots, hyphens and spaces between them (H.702, BT.2100, HSTP-CONF-H702,
# Y Suppl. 55). No slash: the identifier is one segment of the Recommendation's address.
IDENTIFIER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9. -]*[A-Za-z0-9.])?")
BAD_IDENTIFIER = _(
    "Write the identifier as published, with letters, digits, dots, hyphens and spaces only, e.g. H.702."
)


class RecommendationKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    TECHNICAL_PAPER = "technical_paper", _("Technical paper")
    TECHNICAL_REPORT = "technical_report", _("Technical report")
    SUPPLEMENT = "supplement", _("Supplement")
    HANDBOOK = "handbook", _("Handbook")


class RecommendationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    PREPUBLISHED = "prepublished", _("Approved, pre-published")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def recommendation_file_path(recommendation: Recommendation, filename: str) -> str:
    """An unguessable name: files are served through a view, never by a predictable URL."""
    return f"standards/{uuid.uuid4().hex}.pdf"


class Recommendation(models.Model):
    """A Recommendation or technical paper of a sector, with the group responsible for it."""

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector"))
    identifier = models.CharField(
        _("identifier"), max_length=40, help_text=_("As published, without the sector: H.702, F.921, HSTP-CONF-H702.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=RecommendationKind.choices, default=RecommendationKind.RECOMMENDATION
    )
    title = models.CharField(_("title"), max_length=400)
    summary = models.TextField(_("summary"), blank=True)
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("responsible group"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.IN_FORCE
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    url = models.URLField(_("free online text"), blank=True, help_text=_("The address where anyone can read it."))
    file = models.FileField(_("PDF"), upload_to=recommendation_file_path, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["sector__code", "identifier"]
        constraints = [
            models.UniqueConstraint(fields=["sector", "identifier"], name="recommendation_unique_per_sector"),
        ]
        verbose_name = _("Recommendation")
        verbose_name_plural = _("Recommendations")

    def __str__(self) -> str:
        return f"{self.sector.code} {self.identifier}"

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:recommendation_detail", kwargs={"sector": self.sector.code, "identifier": self.identifier}
        )

    @property
    def file_name(self) -> str:
        """The name its PDF is downloaded under: "ITU-T-H.702.pdf"."""
        return f"{self.sector.code}-{self.identifier.replace(' ', '_')}.pdf"

    @property
    def title_lang(self) -> str:
        """The language (an HTML ``lang``) the reader sees the title in: theirs, or English when not translated."""
        return self._shown_language("title")

    @property
    def summary_lang(self) -> str:
        return self._shown_language("summary")

    def _shown_language(self, field: str) -> str:
        language = get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        if not getattr(self, build_localized_fieldname(field, language), None):
            language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return "zh-CN" if language == "zh-hans" else language

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.identifier and not IDENTIFIER.fullmatch(self.identifier):
            errors["identifier"] = BAD_IDENTIFIER
        group = self.group if self.group_id else None
        if group is not None and self.sector_id and group.sector_id != self.sector_id:
            errors["group"] = _("The group must belong to the Recommendation's sector.")
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("A Recommendation cannot supersede itself.")
        if self.status == RecommendationStatus.SUPERSEDED and not self.superseded_by_id:
            errors["superseded_by"] = _("Say which Recommendation supersedes it.")
        if errors:
            raise ValidationError(errors)
