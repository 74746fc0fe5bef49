"""What the partner search reads instead of the raw records: derived tables, rebuilt at will.

``ponte.partnerships.search`` fills them (``reindex_partners``) and reads them
(``match_partners``); ``ponte.partnerships.search_receivers`` marks a partner
stale when its texts or agreements change, and a background job re-indexes the
stale partners once the change is committed.

- ``PartnerSearchTerm``: the inverted index of the free-text search. One row per
  partner and normalised term of its name, mandate and strategy (six languages)
  and of its agreements' titles, with the weight of the best field the term is
  in. Chinese and Japanese text is indexed as character bigrams, Arabic without
  diacritics and with unified letters, so no language needs spaces between words.
  The partner's declared action areas, regions, countries and mechanisms are
  there too, as reserved keys ("@area:5"), so that every criterion is a lookup
  in one index.
- ``PartnerAgreementFact``: one row per partner, agreement, action area and
  beneficiary region of the agreement, for the track record of any combination
  of areas, regions and countries; each row also says which areas and regions
  the agreement has (bits) and whether it is the agreement's first area and
  region, so that a query counts each agreement once without sorting them out.
- ``PartnerTrackRecord``: the same summed per partner, for one action area (or
  any) and one region (or any): a query for one area and one region reads one
  row per partner.
- ``StalePartnerSearch``: partners changed since they were indexed.
- ``PartnerSearchVersion``: one row whose token changes whenever any of the rows
  above are rewritten, so that answers cached for the old token are not reused.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext_lazy as _

FACT_READ = [
    "partner",
    "agreement",
    "is_amendment",
    "value_cents",
    "recency",
    "recent_value",
    "signed_on",
    "area_bits",
    "region_bits",
    "first_area",
    "first_region",
]
TRACK_READ = [
    "partner",
    "agreements",
    "amendments",
    "value_cents",
    "recent_agreements",
    "recent_value",
    "latest_signed_on",
]


class TermField(models.CharField):  # type: ignore[type-arg]
    """Text compared byte by byte, so that the terms starting with a prefix are a range of the index.

    PostgreSQL gets the "C" collation whatever the database's; SQLite compares bytes already.
    """

    def db_parameters(self, connection: BaseDatabaseWrapper) -> dict[str, Any]:
        parameters: dict[str, Any] = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


class PartnerSearchTerm(models.Model):
    """A normalised term of a partner's texts, weighted by the best field it occurs in (name, profile, titles)."""

    partner = models.ForeignKey(
        "partnerships.Partner", on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("partner")
    )
    term = TermField(_("term"), max_length=64)
    weight = models.FloatField(_("weight"))

    class Meta:
        verbose_name = _("partner search term")
        verbose_name_plural = _("partner search terms")
        constraints = [models.UniqueConstraint(fields=["partner", "term"], name="search_term_once_per_partner")]
        indexes = [models.Index(fields=["term", "partner", "weight"], name="search_term_lookup")]

    def __str__(self) -> str:
        return self.term


class PartnerAgreementFact(models.Model):
    """A partner's agreement in one of its action areas and one of its regions (none: it names none).

    An amendment that names no areas, regions or countries takes those of the
    agreement it amends; ``countries_of`` is the agreement whose countries apply.
    """

    partner = models.ForeignKey(
        "partnerships.Partner",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the first column of search_fact_by_partner
        verbose_name=_("partner"),
    )
    agreement = models.ForeignKey(
        "partnerships.Agreement", on_delete=models.CASCADE, related_name="+", verbose_name=_("agreement")
    )
    countries_of = models.ForeignKey(
        "partnerships.Agreement",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the first column of search_fact_by_countries
        verbose_name=_("agreement whose beneficiary countries apply"),
    )
    area = models.ForeignKey(
        "partnerships.ActionArea",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name=_("action area"),
    )
    region = models.ForeignKey(
        "partnerships.BeneficiaryRegion",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name=_("beneficiary region"),
    )
    signed_on = models.DateField(_("signed on"))
    is_amendment = models.BooleanField(_("amendment"))
    value_cents = models.BigIntegerField(_("value in US cents"))
    recency = models.FloatField(_("recency weight at the epoch"))
    recent_value = models.FloatField(_("value in USD times the recency weight"))
    # So that an agreement in several of the areas and regions asked counts once without a DISTINCT over its
    # rows: it counts in the row of the first area asked that it has, and the first region (search.py).
    area_bits = models.BigIntegerField(_("bits of the agreement's action areas"), default=0)
    region_bits = models.BigIntegerField(_("bits of the agreement's regions"), default=0)
    first_area = models.BooleanField(_("the agreement's first action area"), default=True)
    first_region = models.BooleanField(_("the agreement's first region"), default=True)

    class Meta:
        verbose_name = _("partner agreement fact")
        verbose_name_plural = _("partner agreement facts")
        # Every column the search reads, so that PostgreSQL answers from the indexes alone.
        indexes = [
            models.Index(fields=["area", "region", *FACT_READ], name="search_fact_by_area"),
            models.Index(fields=["region", "area", *FACT_READ], name="search_fact_by_region"),
            models.Index(fields=["countries_of", "area", "region", *FACT_READ], name="search_fact_by_countries"),
            # A partner's rows newest first: the evidence of the partners shown.
            models.Index(
                fields=["partner", "signed_on", "agreement", "area", "region", "countries_of", "is_amendment"],
                name="search_fact_by_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.agreement_id} {self.area_id} {self.region_id}"


class PartnerTrackRecord(models.Model):
    """A partner's agreements in one action area and one region; no area or region means in any."""

    partner = models.ForeignKey(
        "partnerships.Partner", on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    area = models.ForeignKey(
        "partnerships.ActionArea",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name=_("action area"),
    )
    region = models.ForeignKey(
        "partnerships.BeneficiaryRegion",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name=_("beneficiary region"),
    )
    agreements = models.PositiveIntegerField(_("agreements"), help_text=_("Amendments not included."))
    amendments = models.PositiveIntegerField(_("amendments"))
    value_cents = models.BigIntegerField(_("value in US cents"), help_text=_("Amendments included."))
    recent_agreements = models.FloatField(_("agreements weighted by recency at the epoch"))
    recent_value = models.FloatField(_("value in USD weighted by recency at the epoch"))
    latest_signed_on = models.DateField(_("latest signed on"))

    class Meta:
        verbose_name = _("partner track record")
        verbose_name_plural = _("partner track records")
        indexes = [models.Index(fields=["area", "region", *TRACK_READ], name="search_track_by_scope")]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.area_id or '*'} {self.region_id or '*'}"


class StalePartnerSearch(models.Model):
    """A partner whose texts or agreements changed since it was indexed (insert only: writers never wait)."""

    partner = models.ForeignKey(
        "partnerships.Partner", on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    marked_at = models.DateTimeField(_("marked"), auto_now_add=True)

    class Meta:
        verbose_name = _("stale partner search entry")
        verbose_name_plural = _("stale partner search entries")

    def __str__(self) -> str:
        return str(self.partner_id)


class PartnerSearchVersion(models.Model):
    """The version of the search's rows: a new token each time partners are re-indexed (one row)."""

    token = models.CharField(_("token"), max_length=32)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("partner search version")
        verbose_name_plural = _("partner search versions")

    def __str__(self) -> str:
        return self.token
