"""Funding partners and their agreements with the development bureau (seed 004, DOMAIN.md §4).

Action areas, beneficiary regions and funding mechanisms are reference tables
(codes fixed, names in six languages) so that partners, agreements and the
opportunities they match share one vocabulary, and the dashboard can split an
agreement across its k regions or areas (1/k each) with plain joins.

An amendment is an agreement of its own that ``amends`` another: it carries its
own value (counted in the totals) but is not a *new* agreement.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ponte.core.models import Country, Organisation, User


class ActionArea(models.Model):
    """One of the eleven action areas of the bureau's partnership reports (DOMAIN.md §4)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80, help_text=_("The English name is the one files use."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("action area")
        verbose_name_plural = _("action areas")

    def __str__(self) -> str:
        return self.name


class BeneficiaryRegion(models.Model):
    """The six ITU-D regions and GLO for global agreements."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("beneficiary region")
        verbose_name_plural = _("beneficiary regions")

    def __str__(self) -> str:
        return self.code


class FundingMechanism(models.Model):
    """How a partner funds: grant, in-kind, co-financing, trust fund, sponsorship, secondment…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("funding mechanism")
        verbose_name_plural = _("funding mechanisms")

    def __str__(self) -> str:
        return self.name


class PartnerKind(models.TextChoices):
    ADMINISTRATION = "administration", pgettext_lazy("partner kind", "Administration")
    MULTILATERAL_AGENCY = "multilateral_agency", _("Multilateral agency")
    BILATERAL_AGENCY = "bilateral_agency", _("Bilateral agency")
    DEVELOPMENT_BANK = "development_bank", _("Development bank")
    FOUNDATION = "foundation", _("Foundation")
    PRIVATE_COMPANY = "private_company", _("Private company")
    UN_AGENCY = "un_agency", _("UN agency")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    ACADEMIA = "academia", _("Academia")


class Partner(models.Model):
    """A funding partner: who it is, what it funds, where and how."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=PartnerKind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("headquarters")
    )
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner",
        verbose_name=_("organisation on the platform"),
    )
    website = models.URLField(_("website"), blank=True)
    mandate = models.TextField(_("mandate"), blank=True)
    strategy = models.TextField(_("development strategy"), blank=True)
    action_areas: models.ManyToManyField[ActionArea, Any] = models.ManyToManyField(
        ActionArea, blank=True, related_name="partners", verbose_name=_("priority action areas")
    )
    regions: models.ManyToManyField[BeneficiaryRegion, Any] = models.ManyToManyField(
        BeneficiaryRegion, blank=True, related_name="partners", verbose_name=_("beneficiary regions")
    )
    countries: models.ManyToManyField[Country, Any] = models.ManyToManyField(
        Country, blank=True, related_name="funding_partners", verbose_name=_("beneficiary countries")
    )
    mechanisms: models.ManyToManyField[FundingMechanism, Any] = models.ManyToManyField(
        FundingMechanism, blank=True, related_name="partners", verbose_name=_("funding types and mechanisms")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding partner")
        verbose_name_plural = _("funding partners")

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    """A person to talk to at a partner."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner"))
    name = models.CharField(_("name"), max_length=160)
    position = models.CharField(_("position"), max_length=160, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["partner", "name"]
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"


class AgreementType(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    COOPERATION = "cooperation", _("Cooperation agreement")
    VOLUNTARY_CONTRIBUTION = "voluntary_contribution", _("Voluntary contribution")
    SPONSORSHIP = "sponsorship", _("Sponsorship")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    PROJECT_DOCUMENT = "project_document", _("Project document")


class Agreement(models.Model):
    """An agreement signed with one or more partners, or an amendment to one (``amends``)."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    type = models.CharField(_("type"), max_length=32, choices=AgreementType.choices, db_index=True)
    title = models.CharField(_("title"), max_length=400)
    partners = models.ManyToManyField(Partner, related_name="agreements", verbose_name=_("partners"))
    signed_on = models.DateField(_("signed on"), db_index=True)
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    value_usd = models.DecimalField(
        _("value in USD"), max_digits=16, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    regions: models.ManyToManyField[BeneficiaryRegion, Any] = models.ManyToManyField(
        BeneficiaryRegion, blank=True, related_name="agreements", verbose_name=_("beneficiary regions")
    )
    countries: models.ManyToManyField[Country, Any] = models.ManyToManyField(
        Country, blank=True, related_name="agreements", verbose_name=_("beneficiary countries")
    )
    action_areas: models.ManyToManyField[ActionArea, Any] = models.ManyToManyField(
        ActionArea, blank=True, related_name="agreements", verbose_name=_("action areas")
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-signed_on", "reference"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="agreement_value_not_negative"),
            models.CheckConstraint(condition=models.Q(value_usd__gte=0), name="agreement_value_usd_not_negative"),
            models.CheckConstraint(condition=~models.Q(amends=models.F("pk")), name="agreement_does_not_amend_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None

    def clean(self) -> None:
        if self.amends_id is not None and self.amends_id == self.pk:
            raise ValidationError({"amends": _("An agreement cannot amend itself.")}, code="self")


def agreement_document_path(document: AgreementDocument, filename: str) -> str:
    import secrets

    return f"agreements/{secrets.token_hex(16)}/{filename}"


class AgreementDocument(models.Model):
    """A signed copy, an annex or a project document of an agreement (not public)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=agreement_document_path)
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("file type"), max_length=100)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["agreement", "uploaded_at"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.title


from ponte.partnerships import search_models  # noqa: E402, F401 - the partner search's derived tables
