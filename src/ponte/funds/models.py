"""The BSG fund's ledger (Resolution 44, bridging the standardization gap): money received by source and paid out
by purpose, in exact decimals with their currency.

An entry never changes and is never deleted: a mistake is corrected by a reversing entry (the exact opposite
amount), recorded by ``services.reverse_entry``. Numbers are gapless per financial year (``BSG-2026-00001``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Country, Organisation, User, YearSequence


class FundSource(models.TextChoices):
    """Where the fund's money comes from (Resolution 44)."""

    PARTNER_CONTRIBUTION = "partner_contribution", _("Partner contribution")
    ADDITIONAL_BUDGET = "additional_budget", _("Additional budget allocation")
    VOLUNTARY_DEVELOPING = "voluntary_developing", _("Voluntary contribution from a developing country")
    VOLUNTARY_PRIVATE = "voluntary_private", _("Voluntary contribution from the private sector")
    VOLUNTARY_OTHER = "voluntary_other", _("Voluntary contribution from others")


class DisbursementPurpose(models.TextChoices):
    """What the fund pays for (Resolution 44)."""

    DELEGATE_ASSISTANCE = "delegate_assistance", _("Assistance to developing-country delegates (fellowships included)")
    CONSULTANCY = "consultancy", _("Consultancy")
    TRAINING = "training", _("Training")
    CONFORMITY_STUDIES = "conformity_studies", _("Conformity, interconnection and interoperability studies")


class EntryKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    DISBURSEMENT = "disbursement", _("Disbursement")


currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("Give the currency as its three-letter ISO 4217 code, e.g. CHF."), code="currency"
)


class LedgerSequence(YearSequence):
    """The last ledger entry number given in a financial year."""


class FundAccount(models.Model):
    """A source of the fund in one currency: its row is locked while an entry is recorded against it, so that
    two disbursements at the same time cannot together overdraw it. It holds no figure: balances are always
    summed from the entries."""

    source = models.CharField(_("source"), max_length=24, choices=FundSource.choices)
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "currency"], name="fund_account_once")]
        verbose_name = _("fund account")
        verbose_name_plural = _("fund accounts")

    def __str__(self) -> str:
        return f"{self.get_source_display()} ({self.currency})"


class ImmutableEntryError(Exception):
    """A ledger entry was about to be changed or deleted: record a reversing entry instead."""


class LedgerEntryQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableEntryError("Ledger entries never change: record a reversing entry.")

    def delete(self) -> NoReturn:
        raise ImmutableEntryError("Ledger entries are never deleted: record a reversing entry.")


class LedgerEntry(models.Model):
    """One receipt or disbursement of the BSG fund; never changed, never deleted.

    ``amount`` is signed: an original entry is positive, its reversal the exact opposite. A disbursement is
    charged to a source, so each source has its own balance (per currency).
    """

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    year = models.PositiveSmallIntegerField(_("financial year"), db_index=True)
    booked_on = models.DateField(_("booked on"))
    source = models.CharField(_("source"), max_length=24, choices=FundSource.choices)
    purpose = models.CharField(_("purpose"), max_length=24, choices=DisbursementPurpose.choices, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CHF", validators=[currency_code])
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_entries",
        verbose_name=_("partner organisation"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_entries",
        verbose_name=_("contributing country"),
    )
    description = models.CharField(_("description"), max_length=500)
    fellowship = models.ForeignKey(
        "meetings.Fellowship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_entries",
        verbose_name=_("fellowship"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("reverses"),
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        indexes = [models.Index(fields=["source", "currency", "year"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="ledger_entry_kind_known"),
            models.CheckConstraint(condition=Q(source__in=FundSource.values), name="ledger_entry_source_known"),
            models.CheckConstraint(
                condition=Q(kind=EntryKind.RECEIPT, purpose="")
                | Q(kind=EntryKind.DISBURSEMENT, purpose__in=DisbursementPurpose.values),
                name="ledger_entry_purpose_iff_disbursement",
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount__gt=0) | Q(reverses__isnull=False, amount__lt=0),
                name="ledger_entry_original_positive_reversal_negative",
            ),
            models.CheckConstraint(
                condition=Q(fellowship__isnull=True)
                | Q(kind=EntryKind.DISBURSEMENT, purpose=DisbursementPurpose.DELEGATE_ASSISTANCE),
                name="ledger_entry_fellowship_is_delegate_assistance",
            ),
        ]
        verbose_name = _("fund ledger entry")
        verbose_name_plural = _("fund ledger entries")

    def __str__(self) -> str:
        return f"{self.number} {self.amount} {self.currency}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableEntryError(f"Ledger entry {self.number} never changes: record a reversing entry.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableEntryError(f"Ledger entry {self.number} is never deleted: record a reversing entry.")

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def effect(self) -> Decimal:
        """What the entry does to its source's balance: a receipt adds its amount, a disbursement takes it."""
        return self.amount if self.kind == EntryKind.RECEIPT else -self.amount

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == EntryKind.DISBURSEMENT and not self.purpose:
            errors["purpose"] = ValidationError(_("Say what the disbursement pays for."), code="purpose")
        if self.kind == EntryKind.RECEIPT and self.purpose:
            errors["purpose"] = ValidationError(_("A receipt has no purpose: leave it empty."), code="purpose")
        if self.amount is not None and self.reverses_id is None and self.amount <= 0:
            errors["amount"] = ValidationError(_("The amount must be more than zero."), code="amount")
        if self.fellowship_id is not None and self.purpose != DisbursementPurpose.DELEGATE_ASSISTANCE:
            errors["purpose"] = ValidationError(
                _("A fellowship is assistance to a developing-country delegate."), code="fellowship_purpose"
            )
        if errors:
            raise ValidationError(errors)
