"""Capacity building in digital innovation (seed 002, DOMAIN.md §3): workshops and forums, the people trained
there, and the certificates of the experts certified after them.

A certificate number reads like ``ITU-INN-2017-0007-K4QX``: the series, the year, a gapless number of the year
(``CertificateSequence``) and four random characters, so that the number of a lapsed or revoked certificate,
which the public registry does not list, cannot be guessed from its neighbours'.

Titles and descriptions are written in six languages (``translation.py``, where the history of the translated
``Workshop`` is registered too).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Country, Person, User, YearSequence
from ponte.partnerships.models import Partner

CERTIFICATE_PREFIX = "ITU-INN"


class WorkshopKind(models.TextChoices):
    WORKSHOP = "workshop", _("Capacity-building workshop")
    FORUM = "forum", _("Innovation forum")


class Workshop(models.Model):
    """A capacity-building workshop or regional innovation forum: when, where, with whom, who took part."""

    kind = models.CharField(_("kind"), max_length=12, choices=WorkshopKind.choices, default=WorkshopKind.WORKSHOP)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    starts_on = models.DateField(_("first day"), db_index=True)
    ends_on = models.DateField(_("last day"))
    city = models.CharField(_("city"), max_length=120)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country"))
    partners: models.ManyToManyField[Partner, Any] = models.ManyToManyField(
        Partner, blank=True, related_name="workshops", verbose_name=_("partners in the directory")
    )
    other_partners = models.CharField(
        _("other partners"),
        max_length=500,
        blank=True,
        help_text=_("Partners that are not in the partner directory, separated by semicolons."),
    )
    participants: models.ManyToManyField[Person, Participation] = models.ManyToManyField(
        Person, through="Participation", related_name="innovation_workshops", verbose_name=_("participants")
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="workshop_ends_after_start"),
        ]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("experts:workshop_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")}, code="dates")

    @property
    def other_partner_names(self) -> list[str]:
        return [name.strip() for name in self.other_partners.split(";") if name.strip()]


class Participation(models.Model):
    """A person taking part in a workshop, for a country, and whether they completed the training."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="participations", verbose_name=_("workshop")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="innovation_participations", verbose_name=_("person")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("The country the participant came from (national or regional expert)."),
    )
    trained = models.BooleanField(_("completed the training"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["workshop", "person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], name="participation_once_per_workshop"),
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.person} — {self.workshop}"


class CertificateSequence(YearSequence):
    """The gapless numbers of innovation-expert certificates, one series per year of issue."""

    class Meta:
        verbose_name = _("certificate number sequence")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(models.Model):
    """An expert certified in innovation-ecosystem assessment: valid from ``issued_on`` to ``expires_on``
    (both included) unless revoked; revoked, never deleted."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="innovation_certificates", verbose_name=_("expert")
    )
    number = models.CharField(_("certificate number"), max_length=32, unique=True, editable=False)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"))
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("after the workshop"),
    )
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True, max_length=2000)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gte=F("issued_on")), name="certificate_expires_after_issue"),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revocation_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("experts:certificate_detail", kwargs={"number": self.number})

    def clean(self) -> None:
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("A certificate cannot expire before it is issued.")}, code="dates")

    def status_on(self, day: datetime.date) -> CertificateStatus:
        """What the certificate was on ``day``: revoked from its revocation day on, else by its dates."""
        if self.revoked_on is not None and day >= self.revoked_on:
            return CertificateStatus.REVOKED
        if day < self.issued_on:
            return CertificateStatus.NOT_YET_VALID
        if day > self.expires_on:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.status_on(day) == CertificateStatus.VALID

    @property
    def status(self) -> CertificateStatus:
        return self.status_on(timezone.localdate())


def valid_on(day: datetime.date, prefix: str = "") -> Q:
    """The filter of certificates valid on ``day`` (the one definition the selectors and rules use); ``prefix``
    reaches them from another model, e.g. ``innovation_certificates__`` from a person."""
    return Q(**{f"{prefix}issued_on__lte": day, f"{prefix}expires_on__gte": day}) & (
        Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": day})
    )
