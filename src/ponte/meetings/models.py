"""Meetings of groups and who registers for them.

A meeting belongs to one group (study group, working party, TSAG, regional or
focus group); it is held in a place, fully virtual, or hybrid. A registration
puts one person in a meeting, on behalf of an organisation or in a Member
State's national delegation; it is confirmed at once, or pending until its
pay-as-you-go invoice is paid. Registrations move only through ``services``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Country, Group, Organisation, Person, Region, User
from ponte.membership.models import Invoice
from ponte.membership.rights import ParticipationBasis

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Meeting(models.Model):
    """A meeting of a group; its title is written in six languages (see ``translation.py``)."""

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("e.g. T25-SG16-250701"))
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("group"))
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("first day"), db_index=True)
    ends_on = models.DateField(_("last day"))
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("country")
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    is_virtual = models.BooleanField(_("fully virtual"), default=False)
    is_hybrid = models.BooleanField(
        _("hybrid"), default=True, help_text=_("Remote participation is offered beside the room.")
    )
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats in the room"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. Remote places are not limited."),
    )
    interpretation_languages = models.JSONField(
        _("interpretation offered in"), default=list, blank=True, help_text=_("Language codes, e.g. ar, fr.")
    )
    fellowship_budget = models.DecimalField(
        _("fellowship budget (CHF)"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["starts_on", "code"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"code": self.code})

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def has_room(self) -> bool:
        return not self.is_virtual

    @property
    def offers_remote(self) -> bool:
        return self.is_virtual or self.is_hybrid

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A meeting cannot end before it starts.")
        if self.is_virtual:
            if self.country_id or self.city:
                errors["is_virtual"] = _("A fully virtual meeting has no country or city.")
            if self.capacity:
                errors["capacity"] = _("A fully virtual meeting has no seats in a room.")
        elif not self.country_id or not self.city.strip():
            errors["city"] = _("Give the country and city, or mark the meeting fully virtual.")
        if self.registration_deadline and self.ends_on and self.registration_deadline > self.ends_on:
            errors["registration_deadline"] = _("Registration must close by the meeting's last day.")
        if self.pk and self.fellowship_budget is not None:
            awarded = self.fellowships.filter(state="awarded").aggregate(total=models.Sum("amount"))["total"] or 0
            if self.fellowship_budget < awarded:
                errors["fellowship_budget"] = _(
                    "Fellowships of %(awarded)s CHF are already awarded: the budget cannot be lower."
                ) % {"awarded": awarded}
        unknown = [code for code in self.interpretation_languages or [] if code not in LANGUAGE_CODES]
        if unknown or not isinstance(self.interpretation_languages, list):
            errors["interpretation_languages"] = _("Use the codes of the six languages: %(codes)s.") % {
                "codes": ", ".join(LANGUAGE_CODES)
            }
        if errors:
            raise ValidationError(errors)


class RegistrationMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote")


class RegistrationState(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """One person in one meeting, for an organisation or in a national delegation."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("meeting")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("on behalf of"),
    )
    delegation = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("national delegation of"),
    )
    basis = models.CharField(_("takes part as"), max_length=20, choices=ParticipationBasis.choices)
    mode = models.CharField(_("participation"), max_length=12, choices=RegistrationMode.choices)
    interpretation_language = models.CharField(
        _("interpretation requested"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    state = models.CharField(_("state"), max_length=20, choices=RegistrationState.choices, db_index=True)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("invoice")
    )
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=~models.Q(state="cancelled"),
                name="registration_once_per_person_and_meeting",
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(delegation__isnull=False),
                name="registration_for_organisation_or_delegation",
            ),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.person} → {self.meeting.code}"


class DelegateCategory(models.TextChoices):
    """The kind of entity a participant came for, as attendance lists record it."""

    MEMBER_STATE = "member_state", _("Member State")
    SECTOR_MEMBER = "sector_member", _("Sector Member")
    ASSOCIATE = "associate", _("Associate")
    ACADEMIA = "academia", _("Academia")
    SME = "sme", _("SME")
    SME_ASSOCIATION = "sme_association", _("SME association")
    OTHER = "other", _("Other")


class Attendance(models.Model):
    """One person present at one meeting on one day, in the room or remotely: the unit participation is
    measured in (person-days). Recorded by the secretariat's check-in or imported from attendance lists."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person"))
    day = models.DateField(_("day"))
    mode = models.CharField(_("participation"), max_length=12, choices=RegistrationMode.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("organisation"),
    )
    delegation = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("delegation of"),
        help_text=_("The country whose delegation, or whose entity, the person came with."),
    )
    category = models.CharField(_("category"), max_length=20, choices=DelegateCategory.choices)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person", "day"], name="attendance_once_per_person_and_day")
        ]
        indexes = [models.Index(fields=["day", "meeting"], name="attendance_day_meeting")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self) -> str:
        return f"{self.person} · {self.meeting.code} · {self.day}"

    def clean(self) -> None:
        if self.meeting_id and self.day and not self.meeting.starts_on <= self.day <= self.meeting.ends_on:
            raise ValidationError({"day": _("The day is not one of the meeting's days.")}, code="day")


class FellowshipState(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Not awarded")


class FellowshipKind(models.TextChoices):
    FULL = "full", _("Full (ticket and daily allowance)")
    PARTIAL = "partial", _("Partial")


class Fellowship(models.Model):
    """A travel grant to a delegate of an eligible developing country for a meeting: nominated by the country's
    focal point, decided by the secretariat within the meeting's fellowship budget."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="fellowships", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="fellowships", verbose_name=_("candidate")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="fellowships", verbose_name=_("country")
    )
    state = models.CharField(_("state"), max_length=12, choices=FellowshipState.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=FellowshipKind.choices, blank=True)
    ticket = models.DecimalField(
        _("ticket (CHF)"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    daily_allowance = models.DecimalField(
        _("daily allowance (CHF)"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    days = models.PositiveSmallIntegerField(_("days of allowance"), default=0)
    amount = models.DecimalField(_("amount awarded (CHF)"), max_digits=12, decimal_places=2, default=0)
    motivation = models.TextField(_("why this candidate"), blank=True)
    nominated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("nominated by"))
    nominated_at = models.DateTimeField(_("nominated"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="fellowship_once_per_meeting")]
        verbose_name = _("fellowship")
        verbose_name_plural = _("fellowships")

    def __str__(self) -> str:
        return f"{self.person} · {self.meeting.code}"


def _contribution_path(instance: Contribution, filename: str) -> str:
    # Never the uploaded name: a random one under the private media root.
    import uuid

    extension = ".docx" if filename.lower().endswith(".docx") else ".pdf"
    return f"contributions/{instance.group_id}/{uuid.uuid4().hex}{extension}"


class Contribution(models.Model):
    """A contribution (input document) to a group, sourced by one or more organisations."""

    number = models.CharField(_("number"), max_length=40, help_text=_("e.g. SG16-C123"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    title = models.CharField(_("title"), max_length=300)
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("group"))
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("meeting"),
    )
    question = models.CharField(_("question"), max_length=20, blank=True, help_text=_("e.g. Q5/16"))
    sources: models.ManyToManyField[Organisation, Any] = models.ManyToManyField(
        Organisation, related_name="contributions", verbose_name=_("source organisations")
    )
    file = models.FileField(_("file"), upload_to=_contribution_path, max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("file type"), max_length=100)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["-submitted_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "revision"], name="contribution_number_revision_unique")
        ]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return self.number if not self.revision else f"{self.number} Rev.{self.revision}"


class LeadershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    ASSOCIATE_RAPPORTEUR = "associate_rapporteur", _("Associate rapporteur")
    MENTOR = "mentor", _("Mentor")


class LeadershipPost(models.Model):
    """Someone leading a group for a term: chair, vice-chair (with the region they represent and their regional
    duties), rapporteur of a Question, or mentor of newcomers."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="leadership", verbose_name=_("group"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="leadership", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="leadership", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=24, choices=LeadershipRole.choices)
    region = models.CharField(_("region represented"), max_length=3, choices=Region.choices, blank=True)
    regional_duties = models.TextField(_("regional duties"), blank=True)
    question = models.CharField(_("question"), max_length=20, blank=True, help_text=_("e.g. Q5/16"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role", "starts_on"]
        verbose_name = _("leadership post")
        verbose_name_plural = _("leadership posts")

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.group} · {self.person}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A term cannot end before it starts.")}, code="dates")
        if self.role == LeadershipRole.VICE_CHAIR and not self.region:
            raise ValidationError({"region": _("Say which region the vice-chair represents.")}, code="region")


class CalendarFeed(models.Model):
    """A person's secret calendar address: calendar apps cannot sign in, so the token in the URL is the key.
    Resetting it makes the old address stop working."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("account"))
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
