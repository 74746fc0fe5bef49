"""API tokens: how an organisation's own systems call the API as one of its representatives."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Organisation, User

TOKEN_PREFIX = "ponte"  # noqa: S105 - the fixed start of every token, not a secret


class ApiToken(models.Model):
    """A secret an organisation's system sends as ``Authorization: Bearer ponte_<prefix>_<secret>``.

    The token acts as the representative who created it, so every rule of the pages applies unchanged, narrowed
    further by its scopes. Only the SHA-256 of the secret is kept: the whole token is shown once, at creation.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("created by")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system using it."))
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(_("prefix"), max_length=8, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def state_label(self) -> str:
        if self.revoked_at is not None:
            return str(_("Revoked"))
        if self.is_expired:
            return str(_("Expired"))
        return str(_("Active"))
