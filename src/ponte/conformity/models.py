"""The conformity database of Resolution 44 (DOMAIN.md §2): test labs, manufacturers, products, and the declarations
that a product conforms to Recommendations, backed by a lab's test report.

A declaration counts only while it is valid: it is withdrawn by a person, or expires on its ``valid_until`` date;
its status is computed from those, never stored. Product texts are single-language (a manufacturer's model names
are not translated); every table keeps its history.
"""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Country, Organisation, User
from ponte.standards.models import Recommendation

# A spreadsheet reads a cell starting with one of these as a formula: names never start so, and an exported file
# is then safe to open and imports back unchanged.
FORMULA_STARTS = ("=", "+", "-", "@")


def check_line(value: str) -> None:
    """One line of plain text: no control character, and not read as a formula by a spreadsheet."""
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise ValidationError(_("Remove the control characters (line breaks, tabs…)."), code="control_character")
    if value.startswith(FORMULA_STARTS):
        raise ValidationError(
            _("Do not start with =, +, - or @: spreadsheets would read it as a formula."), code="formula"
        )


class ProductCategory(models.TextChoices):
    IPTV_TERMINAL = "iptv_terminal", _("IPTV terminal or set-top box")
    VIDEO_EQUIPMENT = "video_equipment", _("Video or multimedia equipment")
    IOT_DEVICE = "iot_device", _("IoT device")
    CHARGER = "charger", _("Charger or power adapter")
    MOBILE_TERMINAL = "mobile_terminal", _("Mobile phone or terminal")
    NETWORK_EQUIPMENT = "network_equipment", _("Network equipment")
    ACCESSIBILITY = "accessibility", _("Accessibility aid")
    SOFTWARE = "software", _("Software or service")
    OTHER = "other", _("Other")


class DeclarationStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TestLab(models.Model):
    """A conformity or interoperability test lab, accredited for a scope of Recommendations until a date.

    Its ``organisation`` on the platform is how it acts: that organisation's representatives record the lab's
    declarations while the accreditation is current.
    """

    name = models.CharField(_("name"), max_length=200, unique=True, validators=[check_line])
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="test_labs",
        verbose_name=_("organisation on the platform"),
        help_text=_("Its representatives record the lab's declarations."),
    )
    accreditation_body = models.CharField(_("accreditation body"), max_length=200, validators=[check_line])
    accreditation_number = models.CharField(_("accreditation number"), max_length=60, validators=[check_line])
    scope: models.ManyToManyField[Recommendation, Any] = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="test_labs",
        verbose_name=_("accreditation scope"),
        help_text=_("The Recommendations the lab is accredited to test against."),
    )
    accredited_from = models.DateField(_("accredited from"), null=True, blank=True)
    accredited_until = models.DateField(_("accredited until"))
    is_itu_recognised = models.BooleanField(
        _("recognised by ITU"), default=False, help_text=_("Recognised under the ITU conformity assessment scheme.")
    )
    website = models.URLField(_("website"), blank=True)
    history = HistoricalRecords(m2m_fields=[scope])

    class Meta:
        ordering = ["name"]
        verbose_name = _("test lab")
        verbose_name_plural = _("test labs")
        constraints = [
            models.CheckConstraint(
                condition=Q(accredited_from__isnull=True) | Q(accredited_until__gte=F("accredited_from")),
                name="test_lab_accreditation_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('conformity:lab_list')}#lab-{self.pk}"

    def clean(self) -> None:
        if self.accredited_from and self.accredited_until and self.accredited_until < self.accredited_from:
            raise ValidationError(
                {"accredited_until": _("The accreditation cannot end before it starts.")}, code="dates"
            )

    def is_accredited_on(self, day: datetime.date) -> bool:
        """Whether the accreditation covers ``day`` (both ends included)."""
        started = self.accredited_from is None or self.accredited_from <= day
        return started and day <= self.accredited_until

    @property
    def is_accredited_now(self) -> bool:
        return self.is_accredited_on(timezone.localdate())


class Manufacturer(models.Model):
    """A maker of products, known by its name (whatever its case) and the country it is based in."""

    name = models.CharField(_("name"), max_length=200, validators=[check_line])
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country"))
    website = models.URLField(_("website"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("manufacturer")
        verbose_name_plural = _("manufacturers")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="manufacturer_unique_name",
                violation_error_message=_("A manufacturer with this name is recorded already."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """One model of a manufacturer (its ``model`` as printed on it, unique per manufacturer whatever its case)."""

    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, related_name="products", verbose_name=_("manufacturer")
    )
    model = models.CharField(_("model"), max_length=100, validators=[check_line])
    name = models.CharField(_("product name"), max_length=200, validators=[check_line])
    category = models.CharField(_("category"), max_length=30, choices=ProductCategory.choices)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["manufacturer__name", "model"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(
                F("manufacturer"),
                Lower("model"),
                name="product_unique_model_per_manufacturer",
                violation_error_message=_("This manufacturer has a product of this model already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manufacturer.name} {self.model}"

    def get_absolute_url(self) -> str:
        return reverse("conformity:product_detail", kwargs={"pk": self.pk})


class Declaration(models.Model):
    """A product's conformity to Recommendations, as a lab's test report established it, valid until a date."""

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("product")
    )
    lab = models.ForeignKey(TestLab, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("test lab"))
    recommendations: models.ManyToManyField[Recommendation, Any] = models.ManyToManyField(
        Recommendation, related_name="conformity_declarations", verbose_name=_("Recommendations")
    )
    report_reference = models.CharField(_("test report reference"), max_length=60, validators=[check_line])
    report_date = models.DateField(_("report date"))
    valid_until = models.DateField(_("valid until"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for the withdrawal"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[recommendations])

    class Meta:
        ordering = ["-report_date", "report_reference"]
        verbose_name = _("conformity declaration")
        verbose_name_plural = _("conformity declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "report_reference"],
                name="declaration_unique_report_per_lab",
                violation_error_message=_("This lab has a declaration with this report reference already."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("report_date")), name="declaration_valid_after_report"
            ),
        ]
        indexes = [models.Index(fields=["valid_until"])]

    def __str__(self) -> str:
        return f"{self.lab.name} {self.report_reference}"

    def clean(self) -> None:
        if self.report_date and self.valid_until and self.valid_until < self.report_date:
            raise ValidationError(
                {"valid_until": _("The validity cannot end before the report date.")}, code="valid_before_report"
            )

    def status_on(self, day: datetime.date) -> DeclarationStatus:
        if self.withdrawn_on is not None:
            return DeclarationStatus.WITHDRAWN
        return DeclarationStatus.VALID if day <= self.valid_until else DeclarationStatus.EXPIRED

    @property
    def status(self) -> DeclarationStatus:
        return self.status_on(timezone.localdate())
