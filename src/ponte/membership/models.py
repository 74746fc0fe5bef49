"""Applications to take part or become a member, national SME definitions.

An application moves interested → draft → submitted → approved | rejected;
the moves are made only by ``services.py`` and kept in history.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Country, Group, Organisation, Sector, User


class NationalSmeDefinition(models.Model):
    """A Member State's own definition of an SME (there is no international one), kept by its focal point."""

    country = models.OneToOneField(
        Country, on_delete=models.PROTECT, related_name="sme_definition", verbose_name=_("country")
    )
    max_employees = models.PositiveIntegerField(_("maximum number of employees"))
    max_turnover = models.DecimalField(
        _("maximum annual turnover"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    turnover_currency = models.CharField(_("currency of the turnover"), max_length=3, default="CHF")
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("national SME definition")
        verbose_name_plural = _("national SME definitions")

    def __str__(self) -> str:
        return str(self.country)


class ApplicationState(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting national approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApplicationKind(models.TextChoices):
    PARTICIPATION = "participation", _("Participation in study groups (SME programme)")
    MEMBERSHIP = "membership", _("Membership")


class Application(models.Model):
    """An organisation's request to take part in groups, decided by its country's focal point."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=ApplicationState.choices, db_index=True)
    sectors = models.ManyToManyField(Sector, related_name="applications", verbose_name=_("sectors"))
    groups: models.ManyToManyField[Group, Any] = models.ManyToManyField(
        Group, blank=True, related_name="applications", verbose_name=_("groups of interest")
    )
    employee_count = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    annual_turnover = models.DecimalField(
        _("annual turnover"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    turnover_currency = models.CharField(_("currency of the turnover"), max_length=3, default="CHF")
    is_placeholder = models.BooleanField(
        _("placeholder"),
        default=False,
        help_text=_("Stands for an organisation a report counts without naming it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    history = HistoricalRecords(m2m_fields=[sectors, groups])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("membership:application_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.state == ApplicationState.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("Give the reason for the rejection.")}, code="reason")


class Endorsement(models.Model):
    """An SME association vouching for an application (e.g. CABASE for Argentine SMEs)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="endorsements", verbose_name=_("application")
    )
    association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="endorsements",
        verbose_name=_("SME association"),
    )
    endorsed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("endorsed by"))
    created_at = models.DateTimeField(_("endorsed"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "association"], name="endorsement_once_per_association")
        ]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return f"{self.association} → {self.application}"


def _document_path(instance: ApplicationDocument, filename: str) -> str:
    # Never the uploaded name: a random one, under the private media root (not served by the web server).
    import uuid

    return f"applications/{instance.application_id}/{uuid.uuid4().hex}.pdf"


class ApplicationDocument(models.Model):
    """A supporting document (PDF) of an application, served only to those who may see the application."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="documents", verbose_name=_("application")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")

    def __str__(self) -> str:
        return self.title


class FeeSchedule(models.Model):
    """The year's fees in CHF (Decimal): one row per year, so past years stay as they were."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    currency = models.CharField(_("currency"), max_length=3, default="CHF")
    contributory_unit = models.DecimalField(_("Sector Member contributory unit"), max_digits=12, decimal_places=2)
    associate_fee = models.DecimalField(_("Associate fee per study group"), max_digits=12, decimal_places=2)
    academia_fee = models.DecimalField(_("Academia fee"), max_digits=12, decimal_places=2)
    academia_developing_fee = models.DecimalField(
        _("Academia fee, developing countries"), max_digits=12, decimal_places=2
    )
    sme_fee = models.DecimalField(_("SME fee"), max_digits=12, decimal_places=2)
    sme_employee_threshold = models.PositiveIntegerField(_("SME category: fewer employees than"))
    meeting_day_fee = models.DecimalField(_("Pay-as-you-go fee per meeting day"), max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")

    def __str__(self) -> str:
        return str(self.year)


class Membership(models.Model):
    """An organisation's membership of a sector in a category, over years."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organisation")
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("sector"))
    category = models.CharField(_("category"), max_length=32)
    contributory_units = models.DecimalField(
        _("contributory units"), max_digits=6, decimal_places=3, default=1, validators=[MinValueValidator(0)]
    )
    study_groups = models.PositiveSmallIntegerField(_("study groups (Associates)"), default=1)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.sector} {self.category}"


class FeeScenario(models.Model):
    """A fee policy the secretariat tried in the simulator, kept to compare."""

    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    employee_threshold = models.PositiveIntegerField(_("employee threshold"))
    sme_fee = models.DecimalField(
        _("SME fee (CHF)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    existing_may_switch = models.BooleanField(_("existing members may switch"), default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("fee scenario")
        verbose_name_plural = _("fee scenarios")

    def __str__(self) -> str:
        return self.name
