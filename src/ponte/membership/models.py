"""Applications to take part or become a member, national SME definitions.

An application moves interested → draft → submitted → approved | rejected;
the moves are made only by ``services.py`` and kept in history.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import (
    Country,
    Group,
    Organisation,
    OrganisationCategory,
    Sector,
    StudyPeriod,
    User,
    YearSequence,
)


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
    category = models.CharField(_("category"), max_length=32, choices=OrganisationCategory.choices)
    contributory_units = models.DecimalField(
        _("contributory units"), max_digits=6, decimal_places=3, default=1, validators=[MinValueValidator(0)]
    )
    study_groups = models.PositiveSmallIntegerField(_("study groups (Associates)"), default=1)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("application"),
    )
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


class FeeWaiver(models.Model):
    """Resolution 44's waiver: a new Academia member from a developing country pays nothing, for at most one
    full study period — from its first year to the end of the study period it joined in."""

    membership = models.OneToOneField(
        Membership, on_delete=models.PROTECT, related_name="fee_waiver", verbose_name=_("membership")
    )
    first_year = models.PositiveSmallIntegerField(_("first year waived"))
    last_year = models.PositiveSmallIntegerField(_("last year waived"))
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("granted by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee waiver")
        verbose_name_plural = _("fee waivers")

    def __str__(self) -> str:
        return f"{self.membership.organisation} {self.first_year}-{self.last_year}"

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def clean(self) -> None:
        period = StudyPeriod.containing(self.first_year)
        if period is None:
            raise ValidationError({"first_year": _("No study period holds this year.")}, code="no_study_period")
        if not self.first_year <= self.last_year <= period.last_year:
            raise ValidationError(
                {
                    "last_year": _("A fee waiver ends by the end of its study period (%(last)s).")
                    % {"last": period.last_year}
                },
                code="beyond_study_period",
            )
        if self.membership_id and self.first_year != self.membership.start_year:
            raise ValidationError(
                {"first_year": _("A fee waiver starts in the member's first year.")}, code="not_new_member"
            )


class InvoiceState(models.TextChoices):
    ISSUED = "issued", _("Due")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class InvoiceLineKind(models.TextChoices):
    MEMBERSHIP_FEE = "membership_fee", _("Membership fee")
    FEE_WAIVER = "fee_waiver", _("Fee waiver")
    MEETING_DAYS = "meeting_days", _("Pay-as-you-go participation")


class InvoiceSequence(YearSequence):
    """The last invoice number given in a year: numbers are gapless and never reused."""


class Invoice(models.Model):
    """A bill to an organisation; its lines and total never change once issued, only its state."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("organisation")
    )
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    currency = models.CharField(_("currency"), max_length=3, default="CHF")
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    state = models.CharField(_("state"), max_length=12, choices=InvoiceState.choices, db_index=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-number"]
        # The API's pages of invoices start at an (issued_on, number) from a cursor (``selectors.INVOICE_ORDER``).
        indexes = [models.Index(fields=["-issued_on", "-number"], name="membership_invoice_keyset")]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("membership:invoice_detail", kwargs={"number": self.number})


class InvoiceLine(models.Model):
    """One charge of an invoice; a yearly membership fee is charged once per membership and year."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines", verbose_name=_("invoice"))
    kind = models.CharField(_("kind"), max_length=20, choices=InvoiceLineKind.choices)
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("membership")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    subject = models.CharField(_("subject"), max_length=200, help_text=_("What is charged: a sector, a meeting."))
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=3, default=1)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year", "kind"],
                condition=models.Q(membership__isnull=False),
                name="invoice_line_once_per_membership_year",
            )
        ]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self) -> str:
        return f"{self.invoice} · {self.description}"

    @property
    def description(self) -> str:
        """The line in the reader's language (rendered when read, not when issued)."""
        texts = {
            InvoiceLineKind.MEMBERSHIP_FEE: _("Membership fee %(year)s: %(subject)s, %(category)s"),
            InvoiceLineKind.FEE_WAIVER: _(
                "Fee waiver %(year)s (Resolution 44, new Academia member from a developing country)"
            ),
            InvoiceLineKind.MEETING_DAYS: _("Pay-as-you-go participation: %(subject)s (meeting days)"),
        }
        category = self.membership.get_category_display() if self.membership else ""
        return str(texts[InvoiceLineKind(self.kind)]) % {
            "year": self.year,
            "subject": self.subject,
            "category": category,
        }


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CARD = "card", _("Card")
    OTHER = "other", _("Other")


class StatementProblem(models.TextChoices):
    NO_INVOICE_NUMBER = "no_invoice_number", _("The reference names no invoice")
    UNKNOWN_INVOICE = "unknown_invoice", _("No invoice has the number in the reference")
    CANCELLED = "cancelled", _("The invoice is cancelled")
    CURRENCY = "currency", _("The currency differs from the invoice's")


class BankStatementEntry(models.Model):
    """A credit read from a bank statement; its key makes re-importing the same statement change nothing."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    booked_on = models.DateField(_("booked on"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("invoice")
    )
    problem = models.CharField(_("why it was not matched"), max_length=20, choices=StatementProblem.choices, blank=True)
    imported_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by"))
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-booked_on", "pk"]
        verbose_name = _("bank statement entry")
        verbose_name_plural = _("bank statement entries")

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount} {self.currency} {self.reference}"


class Payment(models.Model):
    """Money received against an invoice, recorded by staff or read from a bank statement."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments", verbose_name=_("invoice"))
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3)
    received_on = models.DateField(_("received on"))
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    statement_entry = models.OneToOneField(
        BankStatementEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment",
        verbose_name=_("bank statement entry"),
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.invoice} {self.amount} {self.currency}"
