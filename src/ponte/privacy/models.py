"""Privacy records: a person's request that Ponte delete their personal data, and the secretariat's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DeletionState(models.TextChoices):
    PENDING = "pending", _("Waiting for the secretariat")
    APPROVED = "approved", _("Approved: personal data deleted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeletionRequest(models.Model):
    """A person asks that their personal data be deleted; the secretariat approves (the person and the account are
    anonymised, their history too) or declines with a reason. At most one request of an account waits at a time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="deletion_requests",
        verbose_name=_("account"),
    )
    reason = models.TextField(_("reason given"), blank=True, max_length=2000)
    state = models.CharField(_("state"), max_length=10, choices=DeletionState.choices, default=DeletionState.PENDING)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deletion_decisions",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("reason for the decision"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(state="pending"), name="privacy_one_pending_deletion_per_account"
            ),
        ]
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_state_display()})"

    @property
    def is_pending(self) -> bool:
        return self.state == DeletionState.PENDING
