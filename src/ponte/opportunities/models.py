"""The partner-opportunity platform (seed 004, DOMAIN.md §4): concept projects and initiatives the bureau publishes
with their pitch material, the focus an organisation declares, the interests it expresses, and the digests mailed.

Opportunities share the partnerships vocabulary (action areas, beneficiary regions, funding mechanisms), so that
an organisation's focus, a partner's priorities and an opportunity are compared with the same codes. Titles,
summaries and descriptions are written in six languages (``translation.py``, where the history of the translated
``Opportunity`` is registered too).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Country, Organisation, User
from ponte.core.uploads import EXTENSIONS
from ponte.partnerships.models import ActionArea, BeneficiaryRegion, FundingMechanism

currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("Write the currency as its three-letter ISO 4217 code, e.g. USD or CHF."), code="currency"
)
https_only = URLValidator(schemes=["https"], message=_("Give an https:// address."), code="https_only")


class OpportunityKind(models.TextChoices):
    CONCEPT_PROJECT = "concept_project", _("Concept project")
    INITIATIVE = "initiative", _("Initiative")


class OpportunityState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Opportunity(models.Model):
    """A concept project or initiative looking for partners: what, where, how much, and its pitch."""

    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    action_areas: models.ManyToManyField[ActionArea, Any] = models.ManyToManyField(
        ActionArea, blank=True, related_name="opportunities", verbose_name=_("action areas")
    )
    regions: models.ManyToManyField[BeneficiaryRegion, Any] = models.ManyToManyField(
        BeneficiaryRegion, blank=True, related_name="opportunities", verbose_name=_("beneficiary regions")
    )
    countries: models.ManyToManyField[Country, Any] = models.ManyToManyField(
        Country, blank=True, related_name="opportunities", verbose_name=_("beneficiary countries")
    )
    mechanisms: models.ManyToManyField[FundingMechanism, Any] = models.ManyToManyField(
        FundingMechanism, blank=True, related_name="opportunities", verbose_name=_("funding mechanisms sought")
    )
    budget_sought = models.DecimalField(
        _("budget sought"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[currency_code])
    video_url = models.URLField(_("video link"), blank=True, max_length=500, validators=[https_only])
    state = models.CharField(
        _("state"), max_length=12, choices=OpportunityState.choices, default=OpportunityState.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_sought__isnull=True) | Q(budget_sought__gte=0),
                name="opportunity_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="opportunity_published_has_date",
            ),
        ]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opportunities:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        """Whether organisations may express interest now."""
        return self.state == OpportunityState.PUBLISHED

    def clean(self) -> None:
        if self.currency:
            self.currency = self.currency.strip().upper()


# A pitch document is a PDF, DOCX or PPTX (``core.uploads``), recognised by its content
# (``services.pitch_file_type``), never by its name.


def pitch_document_path(document: PitchDocument, filename: str) -> str:
    """An unguessable name under the private media root (not served by the web server); never the uploaded one."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"opportunities/{secrets.token_hex(16)}.{extension}"


class PitchDocument(models.Model):
    """Pitch material of an opportunity (a PDF, a slide deck or a Word document), for signed-in readers."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.PROTECT, related_name="documents", verbose_name=_("opportunity")
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language of the document"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    file = models.FileField(_("file"), upload_to=pitch_document_path, max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("file type"), max_length=100, choices=[(kind, kind) for kind in EXTENSIONS])
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["opportunity", "uploaded_at", "pk"]
        verbose_name = _("pitch document")
        verbose_name_plural = _("pitch documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opportunities:document", kwargs={"pk": self.pk})

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.content_type, "bin")


class OrganisationFocus(models.Model):
    """What an organisation wants to be told about: action areas, regions, funding mechanisms; one per organisation."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="opportunity_focus", verbose_name=_("organisation")
    )
    action_areas: models.ManyToManyField[ActionArea, Any] = models.ManyToManyField(
        ActionArea, blank=True, related_name="+", verbose_name=_("action areas")
    )
    regions: models.ManyToManyField[BeneficiaryRegion, Any] = models.ManyToManyField(
        BeneficiaryRegion, blank=True, related_name="+", verbose_name=_("regions")
    )
    mechanisms: models.ManyToManyField[FundingMechanism, Any] = models.ManyToManyField(
        FundingMechanism, blank=True, related_name="+", verbose_name=_("funding mechanisms")
    )
    wants_digest = models.BooleanField(_("email me new matching opportunities"), default=False)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[action_areas, regions, mechanisms])

    class Meta:
        verbose_name = _("opportunity focus")
        verbose_name_plural = _("opportunity focuses")

    def __str__(self) -> str:
        return str(self.organisation)


class Interest(models.Model):
    """An organisation telling the secretariat it is interested in an opportunity; withdrawn, never deleted.

    One standing interest per opportunity and organisation; after a withdrawal it may be expressed again (a new
    row), so the record of what was said and when stays whole.
    """

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.PROTECT, related_name="interests", verbose_name=_("opportunity")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="opportunity_interests", verbose_name=_("organisation")
    )
    expressed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("expressed by"))
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("expressed"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("withdrawn by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="interest_one_standing_per_organisation",
            )
        ]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.opportunity}"

    @property
    def is_standing(self) -> bool:
        return self.withdrawn_at is None

    def clean(self) -> None:
        if self.withdrawn_at is not None and self.created_at is not None and self.withdrawn_at < self.created_at:
            raise ValidationError({"withdrawn_at": _("An interest cannot be withdrawn before it was expressed.")})


class DigestDelivery(models.Model):
    """One digest email: to whom, for which focus, when, and the opportunities it listed (never listed again)."""

    focus = models.ForeignKey(
        OrganisationFocus, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("focus")
    )
    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient"))
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    opportunities: models.ManyToManyField[Opportunity, Any] = models.ManyToManyField(
        Opportunity, related_name="digest_deliveries", verbose_name=_("opportunities sent")
    )
    history = HistoricalRecords(m2m_fields=[opportunities])

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")

    def __str__(self) -> str:
        return f"{self.recipient} · {self.sent_at:%Y-%m-%d}"
