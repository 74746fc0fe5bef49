"""What a person follows: a group, a Recommendation or a partner opportunity, so that "My portal" shows its news.

A follow is one row per account and target; stopping deletes it (its history keeps who followed what, and when
they stopped).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Group, User


class FollowKind(models.TextChoices):
    GROUP = "group", _("Group")
    RECOMMENDATION = "recommendation", _("Recommendation")
    OPPORTUNITY = "opportunity", _("Partner opportunity")


def _exactly_one_target() -> Q:
    """Each kind of target is a nullable foreign key named as the kind: exactly one of them is set."""
    condition = Q()
    for kind in FollowKind:
        others = {f"{other.value}__isnull": True for other in FollowKind if other != kind}
        condition |= Q(**{f"{kind.value}__isnull": False}, **others)
    return condition


class Follow(models.Model):
    """An account following one group, Recommendation or opportunity."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows", verbose_name=_("account"))
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("group")
    )
    recommendation: models.ForeignKey[Any, Any] = models.ForeignKey(
        "standards.Recommendation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Recommendation"),
    )
    opportunity: models.ForeignKey[Any, Any] = models.ForeignKey(
        "opportunities.Opportunity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opportunity"),
    )
    created_at = models.DateTimeField(_("following since"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_target(), name="follow_exactly_one_target"),
            *(
                models.UniqueConstraint(
                    fields=["user", kind.value],
                    condition=Q(**{f"{kind.value}__isnull": False}),
                    name=f"follow_once_per_user_and_{kind.value}",
                )
                for kind in FollowKind
            ),
        ]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.user} → {self.target}"

    @property
    def kind(self) -> FollowKind:
        for kind in FollowKind:
            if getattr(self, f"{kind.value}_id") is not None:
                return kind
        raise ValueError("A follow without a target")

    @property
    def target(self) -> Any:
        return getattr(self, self.kind.value)


class ReminderKind(models.TextChoices):
    """Which reminder of a deadline; each is sent at most once per account and thing (see ``reminders``)."""

    INVOICE_DUE_SOON = "invoice_due_soon", _("Invoice due in 7 days")
    INVOICE_OVERDUE = "invoice_overdue", _("Invoice overdue")
    REGISTRATION_CLOSING = "registration_closing", _("Meeting registration closes in 3 days")
    NOMINATIONS_CLOSING = "nominations_closing", _("Fellowship nominations close in 3 days")


INVOICE_REMINDERS = (ReminderKind.INVOICE_DUE_SOON, ReminderKind.INVOICE_OVERDUE)
MEETING_REMINDERS = (ReminderKind.REGISTRATION_CLOSING, ReminderKind.NOMINATIONS_CLOSING)


class Reminder(models.Model):
    """A deadline reminder queued for an account: written in the transaction that queues the email, so the same
    reminder of the same invoice or meeting never goes twice to the same account.

    Written once by the daily job and never changed: the row is its own record (no history table).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("account"))
    kind = models.CharField(_("reminder"), max_length=24, choices=ReminderKind.choices)
    invoice: models.ForeignKey[Any, Any] = models.ForeignKey(
        "membership.Invoice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invoice"),
    )
    meeting: models.ForeignKey[Any, Any] = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    due_on = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=INVOICE_REMINDERS, invoice__isnull=False, meeting__isnull=True)
                    | Q(kind__in=MEETING_REMINDERS, meeting__isnull=False, invoice__isnull=True)
                ),
                name="reminder_target_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "invoice"],
                condition=Q(invoice__isnull=False),
                name="reminder_once_per_user_kind_and_invoice",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "meeting"],
                condition=Q(meeting__isnull=False),
                name="reminder_once_per_user_kind_and_meeting",
            ),
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} · {self.invoice_id or self.meeting_id}"
