"""Outreach campaigns (issue 8, seed 001): announcements and newsletters that the secretariat and SME associations
write in six languages for an audience chosen by country, ITU-D region, sector, group and organisation category,
delivered by email (with an unsubscribe link) and published on the news pages and feeds.

Deliveries and unsubscribes are counted; opens and clicks are not (no pixel, no redirect link): privacy first.
Titles and bodies are translated (``translation.py``, where the history of ``Campaign`` is registered too).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Country, Group, Organisation, OrganisationCategory, Region, Sector, User


class CampaignKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    NEWSLETTER = "newsletter", _("Newsletter")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Queued for sending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


def _codes_of(choices: type[models.TextChoices], field: str, message: Any) -> Any:
    def validate(value: Any) -> None:
        if not isinstance(value, list) or any(code not in choices.values for code in value):
            raise ValidationError({field: ValidationError(message, code="unknown_code")})

    return validate


class Campaign(models.Model):
    """An announcement or a newsletter, its audience (every criterion optional) and where it is in its life."""

    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices, default=CampaignKind.ANNOUNCEMENT)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=20000, help_text=_("Markdown: **bold**, *italic*, lists, links."))
    author_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("written by"),
        help_text=_("Empty: the secretariat."),
    )
    # Targeting: an empty criterion takes everyone in; kinds combine with AND, values of one kind with OR.
    countries: models.ManyToManyField[Country, Any] = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries")
    )
    regions = models.JSONField(_("ITU-D regions"), default=list, blank=True)
    sectors: models.ManyToManyField[Sector, Any] = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("sectors")
    )
    groups: models.ManyToManyField[Group, Any] = models.ManyToManyField(
        Group, blank=True, related_name="+", verbose_name=_("groups")
    )
    categories = models.JSONField(_("organisation categories"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=CampaignState.choices, default=CampaignState.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("sending finished"), null=True, blank=True)
    # The year of International MSME Day this campaign was drafted for (one per year), empty for the others.
    msme_day_year = models.PositiveSmallIntegerField(_("MSME Day of year"), null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False), name="campaign_sent_has_date"
            ),
        ]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.state != CampaignState.DRAFT

    def region_names(self) -> list[str]:
        return [str(Region(code).label) for code in self.regions if code in Region.values]

    def category_names(self) -> list[str]:
        return [
            str(OrganisationCategory(code).label) for code in self.categories if code in OrganisationCategory.values
        ]

    def clean(self) -> None:
        _codes_of(Region, "regions", _("Choose regions among the six ITU-D regions."))(self.regions)
        _codes_of(OrganisationCategory, "categories", _("Choose known organisation categories."))(self.categories)


class Delivery(models.Model):
    """One campaign emailed to one account: made before the email leaves, so it never leaves twice."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="deliveries")
    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient"))
    email = models.EmailField(_("address"))
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "recipient"], name="delivery_once_per_recipient")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.campaign} → {self.email}"


class Unsubscribe(models.Model):
    """An account that turned newsletters off through a campaign's link (counted per campaign)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="unsubscribes")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("account"))
    created_at = models.DateTimeField(_("unsubscribed"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="unsubscribe_once_per_campaign")]
        verbose_name = _("unsubscribe")
        verbose_name_plural = _("unsubscribes")

    def __str__(self) -> str:
        return f"{self.user} ✕ {self.campaign}"
