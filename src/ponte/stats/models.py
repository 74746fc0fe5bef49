"""Rollups of the participation indicators: what the dashboard and the API read instead of millions of person-days.

A rollup holds every indicator of one *scope*: a year (0 for all years), a
sector and a group code ("" for all) and a delegation region ("" for all). The
figures are those ``ponte.stats.selectors.participation_stats`` computes over
the raw records, stored as its JSON. They are derived data, rebuilt at will
(``rebuild_participation_rollups``), so they keep no history.

When a record the indicators count changes, a ``StaleScope`` row says which
year and group it touched; a background job (``ponte.stats.tasks``) recomputes
only the scopes those rows cover and deletes the rows, in one transaction.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Group

ALL_YEARS = 0


class ParticipationRollup(models.Model):
    """The indicators of one scope (a year, a sector, a group and a region), as last computed."""

    year = models.PositiveSmallIntegerField(_("year"), help_text=_("0 for all years"))
    sector = models.CharField(_("sector"), max_length=8, blank=True)
    group = models.CharField(_("group"), max_length=32, blank=True)
    region = models.CharField(_("region"), max_length=3, blank=True)
    figures = models.JSONField(_("figures"))
    refreshed_at = models.DateTimeField(_("refreshed"), auto_now=True)

    class Meta:
        verbose_name = _("participation rollup")
        verbose_name_plural = _("participation rollups")
        constraints = [
            models.UniqueConstraint(fields=["year", "sector", "group", "region"], name="rollup_one_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.year or '*'} {self.sector or '*'} {self.group or '*'} {self.region or '*'}"


class StaleScope(models.Model):
    """Records of a year and a group changed since their rollups were computed.

    ``year`` 0 means every year; no ``group`` means every group. Rows are never
    unique on purpose: a writer only inserts, so it never waits for the job.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    marked_at = models.DateTimeField(_("marked"), auto_now_add=True)

    class Meta:
        verbose_name = _("stale rollup scope")
        verbose_name_plural = _("stale rollup scopes")

    def __str__(self) -> str:
        return f"{self.year or '*'} {self.group_id or '*'}"
