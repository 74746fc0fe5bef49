"""Sponsorship opportunities at events, and the requests of sponsors (seed 004, DOMAIN.md §4).

An event (``SponsoredEvent``) offers activities a sponsor can pay for: side events, social events, coffee
breaks… Each activity has a price and a number of slots. A sponsor's request holds a slot while it waits and
once confirmed; it moves requested → confirmed | declined | withdrawn, only through ``services.py``.
Titles, names and descriptions are written in six languages (``translation.py``, which also registers the
history of the translated models).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Country, Organisation, User, YearSequence
from ponte.funds.models import currency_code
from ponte.meetings.models import Meeting

event_code = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]*$",
    _("Use capital letters, digits and hyphens only, e.g. WTDC-25."),
    code="event_code",
)


class SponsoredEvent(models.Model):
    """An event of the organisation that sponsors can support; shown to everyone once published."""

    code = models.CharField(
        _("code"), max_length=40, unique=True, validators=[event_code], help_text=_("e.g. WTDC-25; used in addresses.")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"), db_index=True)
    ends_on = models.DateField(_("last day"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("country")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_events",
        verbose_name=_("meeting"),
        help_text=_("The meeting this event is held with, if any."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[currency_code])
    member_discount = models.DecimalField(
        _("member discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Taken off the price for members whose rights are not suspended."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Published events are shown to sponsors and quoted.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "code"]
        verbose_name = _("sponsored event")
        verbose_name_plural = _("sponsored events")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sponsorship:event_detail", kwargs={"code": self.code})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An event cannot end before it starts.")}, code="dates")


class ActivityKind(models.TextChoices):
    SIDE_EVENT = "side_event", _("Side event")
    SOCIAL_EVENT = "social_event", _("Social event")
    COFFEE_BREAK = "coffee_break", _("Coffee break")
    LUNCH = "lunch", _("Lunch")
    RECEPTION = "reception", _("Reception")
    NETWORKING = "networking", _("Networking event")
    LANYARDS = "lanyards", _("Lanyards")
    WIFI = "wifi", _("Wi-Fi")
    OTHER = "other", _("Other")


class RequestState(models.TextChoices):
    REQUESTED = "requested", _("Requested, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A request holds its slot while it waits for the secretariat and once confirmed.
HOLDING_STATES = (RequestState.REQUESTED, RequestState.CONFIRMED)


class Activity(models.Model):
    """Something at an event a sponsor can pay for, at a price, a limited number of times (slots)."""

    event = models.ForeignKey(
        SponsoredEvent, on_delete=models.PROTECT, related_name="activities", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(
        _("price"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("In the event's currency, before any member discount."),
    )
    slots = models.PositiveIntegerField(
        _("slots"), validators=[MinValueValidator(1)], help_text=_("How many sponsors it can have.")
    )

    class Meta:
        ordering = ["event", "kind", "price", "pk"]
        verbose_name = _("sponsorship activity")
        verbose_name_plural = _("sponsorship activities")

    def __str__(self) -> str:
        return f"{self.event.code}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("sponsorship:quote", kwargs={"code": self.event.code, "pk": self.pk})

    def clean(self) -> None:
        if self.pk is None or self.slots is None:
            return
        held = self.requests.filter(state__in=HOLDING_STATES).count()
        if self.slots < held:
            raise ValidationError(
                {
                    "slots": _(
                        "%(held)s sponsors have requested or been confirmed for this activity: "
                        "it needs at least as many slots."
                    )
                    % {"held": held}
                },
                code="slots_taken",
            )


class SponsorshipSequence(YearSequence):
    """The last sponsorship reference number given in a year: gapless, never reused."""


class SponsorshipRequest(models.Model):
    """A sponsor's request for an activity, at the price quoted when it asked (kept even if prices change)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="requests", verbose_name=_("activity")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sponsorship_requests", verbose_name=_("sponsor")
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    list_price = models.DecimalField(_("list price"), max_digits=12, decimal_places=2)
    discount_percent = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    price = models.DecimalField(_("price owed"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.REQUESTED, db_index=True
    )
    message = models.TextField(_("message from the sponsor"), blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note from the secretariat"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0) & Q(price__lte=models.F("list_price")), name="sponsorship_price_in_range"
            ),
        ]
        indexes = [models.Index(fields=["activity", "state"])]
        verbose_name = _("sponsorship request")
        verbose_name_plural = _("sponsorship requests")

    def __str__(self) -> str:
        return self.reference

    @property
    def discount_amount(self) -> Decimal:
        return self.list_price - self.price

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.state == RequestState.DECLINED and not self.note.strip():
            errors["note"] = _("Say why the request is declined: the sponsor reads it.")
        if errors:
            raise ValidationError(errors, code="request")
