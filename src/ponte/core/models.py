"""Core data: reference lists, organisations, people, accounts and roles.

Translated fields (``name``, ``title``, ``description``) are registered in
``translation.py``; history for every domain model is kept by
django-simple-history (registered there too for translated models).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A sign-in account; the person behind it is ``user.person``."""

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


class YearSequence(models.Model):
    """The last number given in a year of one series (invoices, fund ledger entries): gapless, never reused.

    Abstract: each series is its own table, so that two series never wait for each other.
    """

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"

    @classmethod
    def take_next(cls, year: int) -> int:
        """The year's next number, under a row lock held until the transaction ends: two writers never share one,
        and a rolled-back transaction gives its number back."""
        manager = cls._default_manager
        manager.get_or_create(year=year)
        sequence = manager.select_for_update().get(year=year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
        return sequence.last


class Region(models.TextChoices):
    """The six regions of ITU-D (BDT)."""

    AFR = "AFR", _("Africa")
    AMS = "AMS", _("Americas")
    ARB = "ARB", _("Arab States")
    ASP = "ASP", _("Asia and the Pacific")
    CIS = "CIS", _("Commonwealth of Independent States")
    EUR = "EUR", _("Europe")


class Country(models.Model):
    """An ISO 3166-1 country or territory with its ITU-D region and UN classification."""

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric code"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=120)
    is_itu_member = models.BooleanField(_("ITU Member State"), default=False)
    region = models.CharField(_("ITU-D region"), max_length=3, choices=Region.choices, blank=True)
    is_developing = models.BooleanField(_("developing country"), default=False)
    is_ldc = models.BooleanField(_("least developed country (LDC)"), default=False)
    is_sids = models.BooleanField(_("small island developing state (SIDS)"), default=False)
    is_lldc = models.BooleanField(_("landlocked developing country (LLDC)"), default=False)
    is_transition_economy = models.BooleanField(_("economy in transition"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def classifications(self) -> list[str]:
        """Short labels of the UN lists the country is on (LDC, SIDS, LLDC, EIT)."""
        flags = [
            (self.is_ldc, "LDC"),
            (self.is_sids, "SIDS"),
            (self.is_lldc, "LLDC"),
            (self.is_transition_economy, "EIT"),
        ]
        return [label for on, label in flags if on]


class Sector(models.Model):
    """ITU-T, ITU-D or ITU-R."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.code


class StudyPeriod(models.Model):
    """A study period of the sectors (between two assemblies), e.g. 2025-2028; periods need not be 4 years."""

    first_year = models.PositiveSmallIntegerField(_("first year"), unique=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["first_year"]
        verbose_name = _("study period")
        verbose_name_plural = _("study periods")

    def __str__(self) -> str:
        return f"{self.first_year}-{self.last_year}"

    def clean(self) -> None:
        if self.last_year < self.first_year:
            raise ValidationError({"last_year": _("A study period cannot end before it starts.")}, code="order")

    @classmethod
    def containing(cls, year: int) -> StudyPeriod | None:
        return cls.objects.filter(first_year__lte=year, last_year__gte=year).first()


class GroupKind(models.TextChoices):
    ADVISORY = "tsag", _("Advisory group")
    STUDY_GROUP = "study_group", _("Study group")
    WORKING_PARTY = "working_party", _("Working party")
    REGIONAL_GROUP = "regional_group", _("Regional group")
    FOCUS_GROUP = "focus_group", _("Focus group")


class Group(models.Model):
    """A group of a sector where work happens: TSAG, a study group, a regional or focus group."""

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="groups", verbose_name=_("sector"))
    code = models.CharField(_("code"), max_length=32, help_text=_("Short code, e.g. SG16 or TSAG."))
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subgroups",
        verbose_name=_("parent group"),
    )
    title = models.CharField(_("title"), max_length=255)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sector__code", "kind", "number", "code"]
        constraints = [models.UniqueConstraint(fields=["sector", "code"], name="group_unique_code_per_sector")]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return f"{self.sector.code} {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("core:group_detail", kwargs={"sector": self.sector.code, "code": self.code})


class OrganisationCategory(models.TextChoices):
    ADMINISTRATION = "administration", _("Member State administration")
    SECTOR_MEMBER = "sector_member", _("Sector Member")
    ASSOCIATE = "associate", _("Associate")
    ACADEMIA = "academia", _("Academia")
    SME = "sme", _("Small or medium enterprise (SME)")
    SME_ASSOCIATION = "sme_association", _("SME association")
    MULTILATERAL_AGENCY = "multilateral_agency", _("Multilateral agency")
    BILATERAL_AGENCY = "bilateral_agency", _("Bilateral agency")
    DEVELOPMENT_BANK = "development_bank", _("Development bank")
    FOUNDATION = "foundation", _("Foundation")
    PRIVATE_COMPANY = "private_company", _("Private company")
    UN_AGENCY = "un_agency", _("UN agency")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International or regional organisation")


class Organisation(models.Model):
    """Any organisation taking part: administrations, members, SMEs, academia, partners."""

    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("category"), max_length=32, choices=OrganisationCategory.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("country"),
        help_text=_("The Member State it belongs to; empty for international organisations."),
    )
    employee_count = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    groups = models.ManyToManyField(
        Group, blank=True, related_name="organisations", verbose_name=_("groups taken part in")
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Archived organisations are kept."))
    # Anyone may record the organisation they work for (``services.register_own_organisation``); the public sees it
    # only once someone accountable vouched for it, so a made-up or impersonated name is never shown as a member.
    listed = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_(
            "Organisations recorded by their own people are listed once the secretariat or their country's focal "
            "point confirms them, or an application of theirs is approved."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name_country")]
        indexes = [
            models.Index(fields=["category", "country"]),
            # The API's pages of organisations start at a (name, id) from a cursor (``selectors.ORGANISATION_ORDER``).
            models.Index(fields=["name", "id"], name="core_organisation_keyset"),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organisation_detail", kwargs={"pk": self.pk})


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Another gender")


def _not_in_future(year: int) -> None:
    if year > datetime.date.today().year:  # noqa: DTZ011 - a calendar year, no time zone involved
        raise ValidationError(_("The birth year cannot be in the future."), code="future_birth_year")


class Person(models.Model):
    """A person known to the platform, with or without an account.

    Gender and birth year are optional and never public: they feed only the
    aggregate women's and youth shares of the participation indicators.
    """

    user = models.OneToOneField(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="person", verbose_name=_("account")
    )
    given_name = models.CharField(_("given name"), max_length=120)
    family_name = models.CharField(_("family name"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("country")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), _not_in_future],
    )
    language = models.CharField(_("preferred language"), max_length=10, default="en")
    organisations: models.ManyToManyField[Organisation, Affiliation] = models.ManyToManyField(
        Organisation, through="Affiliation", related_name="people", verbose_name=_("organisations")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~Q(email=""), name="person_unique_email"),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("core:person_detail", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Affiliation(models.Model):
    """A person working for an organisation over a period; ended, never deleted."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="affiliations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="affiliations")
    position = models.CharField(_("position"), max_length=160, blank=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date cannot be before the start date.")}, code="dates")


class RoleKind(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("National focal point")
    REPRESENTATIVE = "representative", _("Entity representative")
    EXPERT = "expert", _("Expert")


class Role(models.Model):
    """What an account may do, and where: a kind and its scope.

    A focal point acts for one country, a representative for one organisation,
    an expert in one group; the secretariat acts everywhere. Roles are revoked
    (``revoked_at``), never deleted, so who held what and when stays known.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="roles", verbose_name=_("account"))
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="roles", verbose_name=_("country")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("organisation"),
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="roles", verbose_name=_("group")
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="secretariat", country__isnull=True, organisation__isnull=True, group__isnull=True)
                    | Q(kind="focal_point", country__isnull=False, organisation__isnull=True, group__isnull=True)
                    | Q(kind="representative", organisation__isnull=False, country__isnull=True, group__isnull=True)
                    | Q(kind="expert", group__isnull=False, country__isnull=True, organisation__isnull=True)
                ),
                name="role_scope_matches_kind",
            ),
        ]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        scope = self.country or self.organisation or self.group
        return f"{self.get_kind_display()} — {scope}" if scope else str(self.get_kind_display())

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def clean(self) -> None:
        required = {
            RoleKind.FOCAL_POINT: ("country", _("A focal point acts for one country: choose it.")),
            RoleKind.REPRESENTATIVE: ("organisation", _("A representative acts for one organisation: choose it.")),
            RoleKind.EXPERT: ("group", _("An expert belongs to one group: choose it.")),
        }
        scope_fields = ("country", "organisation", "group")
        needed = required.get(RoleKind(self.kind)) if self.kind in RoleKind.values else None
        errors = {}
        for field in scope_fields:
            has_value = getattr(self, f"{field}_id") is not None
            if needed and field == needed[0] and not has_value:
                errors[field] = needed[1]
            elif has_value and (not needed or field != needed[0]):
                errors[field] = _("This role has no scope of this kind: leave it empty.")
        if errors:
            raise ValidationError(errors, code="role_scope")


class EmailKind(models.TextChoices):
    """The kinds of email a person may turn off; account and security email is always sent."""

    DECISIONS = "decisions", _("Decisions on my applications, registrations and requests")
    DEADLINES = "deadlines", _("Deadlines and reminders")
    MATCHES = "matches", _("New opportunities matching my organisation")
    ANSWERS = "answers", _("Questions and answers in the Standards Q&A")
    NEWS = "news", _("Newsletters and announcements")


class EmailPreference(models.Model):
    """Which kinds of email an account receives: one place, honoured by every sender.

    No row means every kind is on; a row is written on the first change
    (the preferences page, or an unsubscribe link in a newsletter).
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="email_preference", verbose_name=_("account")
    )
    decisions = models.BooleanField(EmailKind.DECISIONS.label, default=True)
    deadlines = models.BooleanField(EmailKind.DEADLINES.label, default=True)
    matches = models.BooleanField(EmailKind.MATCHES.label, default=True)
    answers = models.BooleanField(EmailKind.ANSWERS.label, default=True)
    news = models.BooleanField(EmailKind.NEWS.label, default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: EmailKind | str) -> bool:
        return bool(getattr(self, EmailKind(kind).value))


class WaitingJob(models.Model):
    """A background job kept while the broker could not be reached, published once it is back (``core.jobs``)."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("waiting job")
        verbose_name_plural = _("waiting jobs")

    def __str__(self) -> str:
        return f"{self.task} ({self.created_at:%Y-%m-%d %H:%M:%S})"
