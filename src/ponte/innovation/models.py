"""National innovation-ecosystem assessments and the country digital-innovation profiles made from them (seed 002,
DOMAIN.md §3).

An assessment scores a country on each pillar of the ITU digital innovation framework (``Pillar``, reference data
in ``data/pillars.csv``) at a date. Scores are on a **0 to 100 scale with one decimal** (0: the pillar is absent,
100: it is as strong as in the most mature ecosystems), so that pillars, countries and averages compare directly
and read as percentages of the way. It is led by the secretariat or by a certified national expert of the country
(an ``experts.Certificate`` valid on the assessment's date).

A country's income group (World Bank: low, lower-middle, upper-middle, high) is reference data of this app
(``CountryIncome``, from ``data/income_groups.csv``); its ITU-D region is the core ``Country.region``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Country, User
from ponte.experts.models import Certificate

SCORE_MIN, SCORE_MAX = Decimal("0"), Decimal("100")


class Pillar(models.Model):
    """One of the enabling pillars of the digital innovation framework (vision and strategy, talent…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self) -> str:
        return self.name


class IncomeGroup(models.TextChoices):
    LOW = "low", _("Low income")
    LOWER_MIDDLE = "lower_middle", _("Lower-middle income")
    UPPER_MIDDLE = "upper_middle", _("Upper-middle income")
    HIGH = "high", _("High income")


class CountryIncome(models.Model):
    """A country's World Bank income group (reference data)."""

    country = models.OneToOneField(
        Country, on_delete=models.CASCADE, primary_key=True, related_name="income", verbose_name=_("country")
    )
    group = models.CharField(_("income group"), max_length=16, choices=IncomeGroup.choices, db_index=True)

    class Meta:
        ordering = ["country"]
        verbose_name = _("country income group")
        verbose_name_plural = _("country income groups")

    def __str__(self) -> str:
        return f"{self.country_id}: {self.group}"


class LeadKind(models.TextChoices):
    SECRETARIAT = "secretariat", _("The secretariat")
    NATIONAL_EXPERT = "national_expert", _("A certified national expert")


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Assessment(models.Model):
    """A country's innovation ecosystem assessed at a date: one score per pillar, a summary, who led it."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="innovation_assessments", verbose_name=_("country")
    )
    assessed_on = models.DateField(_("assessed on"), db_index=True)
    led_by = models.CharField(_("led by"), max_length=20, choices=LeadKind.choices)
    lead_certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments_led",
        verbose_name=_("certificate of the lead expert"),
    )
    summary = models.TextField(_("summary"), blank=True, max_length=10000)
    state = models.CharField(
        _("state"), max_length=12, choices=AssessmentState.choices, default=AssessmentState.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawal_reason = models.TextField(
        _("why it was withdrawn"), blank=True, max_length=2000, help_text=_("The last reason it was unpublished.")
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-assessed_on", "country"]
        constraints = [
            models.UniqueConstraint(fields=["country", "assessed_on"], name="assessment_one_per_country_and_day"),
            models.CheckConstraint(
                condition=Q(led_by="secretariat", lead_certificate__isnull=True)
                | Q(led_by="national_expert", lead_certificate__isnull=False),
                name="assessment_lead_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False), name="assessment_published_has_date"
            ),
        ]
        verbose_name = _("innovation ecosystem assessment")
        verbose_name_plural = _("innovation ecosystem assessments")

    def __str__(self) -> str:
        return f"{self.country} {self.assessed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("innovation:assessment_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.state == AssessmentState.PUBLISHED


class PillarScore(models.Model):
    """An assessment's score on one pillar (0-100, one decimal) with the evidence behind it."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="scores", verbose_name=_("pillar"))
    score = models.DecimalField(
        _("score (0-100)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    evidence = models.TextField(_("evidence"), blank=True, max_length=5000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "pillar__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "pillar"], name="score_once_per_pillar"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="score_between_0_and_100"),
        ]
        verbose_name = _("pillar score")
        verbose_name_plural = _("pillar scores")

    def __str__(self) -> str:
        return f"{self.assessment} {self.pillar_id}: {self.score}"

    def clean(self) -> None:
        if self.score is not None and not SCORE_MIN <= self.score <= SCORE_MAX:
            raise ValidationError({"score": _("A score is between 0 and 100.")}, code="range")
