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
