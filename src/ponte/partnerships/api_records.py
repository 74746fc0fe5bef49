"""Partnerships API: the agreements and the partner directory, as their pages show them.

Permissions are the pages' (``ponte.partnerships.rules``): agreements are the secretariat's working records (401
without an account, 403 for any other account, whatever the reference); the partner directory and profiles are
public, and a profile shows a partner's agreements and contacts to the secretariat only (null for everyone else).
Filters are the pages'; an invalid value answers 422 with the error of its field.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import field_validator

from ponte.core.actions import require_request
from ponte.core.pagination import KeysetPagination
from ponte.partnerships import selectors
from ponte.partnerships.forms import FIRST_YEAR, LAST_YEAR
from ponte.partnerships.models import (
    ActionArea,
    Agreement,
    AgreementType,
    BeneficiaryRegion,
    Partner,
    PartnerKind,
)
from ponte.tokens.auth import session_or_token

router = Router(tags=["partnerships"])

# The order of ``selectors.agreements_matching`` (the page's): newest first, the unique reference breaking ties. The
# signed_on index serves it (PostgreSQL sorts the few agreements of one day incrementally).
AGREEMENT_ORDER = ("-signed_on", "reference")
# The order of ``selectors.partner_list``: by name, which is unique (and indexed as such).
PARTNER_ORDER = ("name",)


# --- Shared shapes ---------------------------------------------------------------------------------------------------


class CodeNameOut(Schema):
    code: str
    name: str = Field(description="In the language of the request.")


class CountryRefOut(Schema):
    alpha3: str = Field(description="ISO 3166-1 alpha-3.")
    name: str


def _code_names(items: Any) -> list[dict[str, str]]:
    return [{"code": item.code, "name": item.name} for item in items]


def _countries(items: Any) -> list[dict[str, str]]:
    return [{"alpha3": country.alpha3, "name": country.name} for country in items]


# --- Agreements ------------------------------------------------------------------------------------------------------


class AgreementFilter(Schema):
    """The agreement list page's filters (``AgreementFilterForm``)."""

    q: str = Field("", max_length=100, description="Words of the reference or of the title (English or yours).")
    partner: str = Field("", max_length=100, description="Part of the name of one of its partners.")
    type: AgreementType | None = Field(None, description="The type of agreement.")
    region: str = Field("", max_length=3, description="A beneficiary region: AFR, AMS, ARB, ASP, CIS, EUR or GLO.")
    action_area: str = Field("", max_length=40, description="An action area by code, e.g. cybersecurity.")
    year_from: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Signed in this year or later.")
    year_to: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Signed in this year or earlier.")

    @field_validator("region")
    @classmethod
    def known_region(cls, value: str) -> str:
        value = value.strip().upper()
        if value and not BeneficiaryRegion.objects.filter(code=value).exists():
            raise ValueError(_("No beneficiary region has the code %(code)s.") % {"code": value})
        return value

    @field_validator("action_area")
    @classmethod
    def known_action_area(cls, value: str) -> str:
        value = value.strip()
        if value and not ActionArea.objects.filter(code=value).exists():
            raise ValueError(_("No action area has the code %(code)s.") % {"code": value})
        return value

    def filters(self) -> dict[str, Any]:
        """The arguments of ``selectors.agreements_matching``, as the page passes them."""
        return {
            "query": self.q.strip(),
            "partner": self.partner.strip(),
            "type": self.type.value if self.type else "",
            "region": self.region,
            "action_area": self.action_area,
            "year_from": self.year_from,
            "year_to": self.year_to,
        }


class AgreementPartnerOut(Schema):
    id: int
    name: str
    kind: str


class AgreementOut(Schema):
    reference: str
    title: str = Field(description="In the language of the request (English when not translated).")
    type: str = Field(
        description="mou, cooperation, voluntary_contribution, sponsorship, letter_of_intent or project_document."
    )
    signed_on: datetime.date
    value: str = Field(description="Exact decimal string, in the agreement's currency.")
    currency: str = Field(description="ISO 4217 code of the value.")
    value_usd: str = Field(description="The value in USD, exact decimal string (what the statistics add up).")
    amends: str | None = Field(description="The reference of the agreement this one amends; null for an original.")
    partners: list[AgreementPartnerOut]
    regions: list[CodeNameOut] = Field(description="Beneficiary regions (GLO: global).")
    countries: list[CountryRefOut] = Field(description="Beneficiary countries.")
    action_areas: list[CodeNameOut]
    url: str = Field(description="The agreement's page.")

    @staticmethod
    def resolve_value(agreement: Agreement) -> str:
        return str(agreement.value)

    @staticmethod
    def resolve_value_usd(agreement: Agreement) -> str:
        return str(agreement.value_usd)

    @staticmethod
    def resolve_amends(agreement: Agreement) -> str | None:
        return agreement.amends.reference if agreement.amends else None

    @staticmethod
    def resolve_partners(agreement: Agreement) -> list[dict[str, Any]]:
        return [{"id": partner.pk, "name": partner.name, "kind": partner.kind} for partner in agreement.partners.all()]

    @staticmethod
    def resolve_regions(agreement: Agreement) -> list[dict[str, str]]:
        return _code_names(agreement.regions.all())

    @staticmethod
    def resolve_countries(agreement: Agreement) -> list[dict[str, str]]:
        return _countries(agreement.countries.all())

    @staticmethod
    def resolve_action_areas(agreement: Agreement) -> list[dict[str, str]]:
        return _code_names(agreement.action_areas.all())

    @staticmethod
    def resolve_url(agreement: Agreement) -> str:
        return reverse("partnerships:agreement_detail", args=[agreement.reference])


class AmendmentOut(Schema):
    reference: str
    title: str
    signed_on: datetime.date
    value_usd: str = Field(description="Exact decimal string.")


class AgreementDocumentOut(Schema):
    title: str
    content_type: str
    size: int = Field(description="In bytes.")
    uploaded_at: datetime.datetime


class AgreementDetailOut(AgreementOut):
    amends_title: str | None = Field(description="The title of the agreement this one amends.")
    amendments: list[AmendmentOut] = Field(description="Its amendments, first signed first.")
    documents: list[AgreementDocumentOut] = Field(description="Signed copies, annexes and project documents.")

    @staticmethod
    def resolve_amends_title(agreement: Agreement) -> str | None:
        return agreement.amends.title if agreement.amends else None

    @staticmethod
    def resolve_amendments(agreement: Agreement) -> list[dict[str, Any]]:
        return [
            {
                "reference": amendment.reference,
                "title": amendment.title,
                "signed_on": amendment.signed_on,
                "value_usd": str(amendment.value_usd),
            }
            for amendment in agreement.amendments.all()
        ]


def _with_lists(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """With what an agreement shows, in one query per list whatever the number of agreements."""
    return agreements.select_related("amends").prefetch_related(
        Prefetch("partners", queryset=Partner.objects.only("pk", "name", "kind").order_by("name")),
        "regions",
        "countries",
        "action_areas",
    )


@router.get("/agreements", response=list[AgreementOut], auth=session_or_token)
@paginate(KeysetPagination, ordering=AGREEMENT_ORDER)
def list_agreements(request: HttpRequest, filters: Query[AgreementFilter]) -> Any:
    """Agreements and amendments (each listed on its own), newest first, filtered as on the agreements page: words
    of the reference or title, a partner's name, type, beneficiary region, action area and signing years. For the
    secretariat only (403 for anyone else). In pages from a cursor (hundreds of thousands of agreements): follow
    ``next`` until it is null."""
    require_request(request, "partnerships.view_agreements")
    return _with_lists(selectors.agreements_matching(**filters.filters()))


@router.get("/agreements/{path:reference}", response=AgreementDetailOut, auth=session_or_token)
def get_agreement(request: HttpRequest, reference: str) -> Any:
    """One agreement by its reference (which may hold slashes), with its partners, beneficiaries, action areas,
    value, the agreement it amends, its amendments and its documents. For the secretariat only (403 for anyone
    else, whatever the reference); 404 when no agreement has this reference."""
    require_request(request, "partnerships.view_agreements")
    amendments = Agreement.objects.order_by("signed_on", "reference")
    agreement = (
        _with_lists(Agreement.objects.filter(reference=reference))
        .prefetch_related("documents", Prefetch("amendments", queryset=amendments))
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


# --- Partners --------------------------------------------------------------------------------------------------------


class PartnerFilter(Schema):
    """The partner directory's filters."""

    kind: PartnerKind | None = Field(None, description="The kind of partner.")
    q: str = Field("", max_length=100, description="Words of the name or of the mandate (in your language).")


class PartnerOut(Schema):
    id: int
    name: str
    kind: str = Field(
        description="administration, multilateral_agency, bilateral_agency, development_bank, "
        "foundation, private_company, un_agency, ngo, international_organisation or academia."
    )
    headquarters: CountryRefOut | None
    website: str
    action_areas: list[CodeNameOut] = Field(description="Its priority action areas.")
    regions: list[CodeNameOut] = Field(description="The beneficiary regions it funds.")
    mechanisms: list[CodeNameOut] = Field(description="How it funds: grant, in-kind, co-financing…")
    url: str = Field(description="The partner's page.")

    @staticmethod
    def resolve_headquarters(partner: Partner) -> dict[str, str] | None:
        return _countries([partner.country])[0] if partner.country else None

    @staticmethod
    def resolve_action_areas(partner: Partner) -> list[dict[str, str]]:
        return _code_names(partner.action_areas.all())

    @staticmethod
    def resolve_regions(partner: Partner) -> list[dict[str, str]]:
        return _code_names(partner.regions.all())

    @staticmethod
    def resolve_mechanisms(partner: Partner) -> list[dict[str, str]]:
        return _code_names(partner.mechanisms.all())

    @staticmethod
    def resolve_url(partner: Partner) -> str:
        return reverse("partnerships:partner_detail", args=[partner.pk])


class ShareOut(Schema):
    name: str = Field(description="In the language of the request.")
    share: float = Field(description="An original agreement naming k of them counts 1/k in each.")


class TrackRecordOut(Schema):
    agreements: int = Field(description="Original agreements, amendments not counted.")
    amendments: int
    value_usd: str = Field(description="Originals and amendments together, exact decimal string.")
    first_year: int | None
    last_year: int | None
    by_region: list[ShareOut] = Field(description="Largest first.")
    by_action_area: list[ShareOut] = Field(description="Largest first.")


class PartnerAgreementOut(Schema):
    reference: str
    title: str
    signed_on: datetime.date
    amends: str | None = Field(description="The reference of the agreement it amends; null for an original.")


class PartnerContactOut(Schema):
    name: str
    position: str
    email: str
    phone: str


class PartnerDetailOut(PartnerOut):
    countries: list[CountryRefOut] = Field(description="The beneficiary countries it funds.")
    mandate: str = Field(description="In the language of the request (English when not translated).")
    strategy: str = Field(description="Its development strategy, in the language of the request.")
    track_record: TrackRecordOut
    agreements: list[PartnerAgreementOut] | None = Field(
        description="Its agreements and amendments, latest first: for the secretariat; null for anyone else."
    )
    contacts: list[PartnerContactOut] | None = Field(
        description="The people to talk to: for the secretariat; null for anyone else."
    )

    @staticmethod
    def resolve_countries(partner: Partner) -> list[dict[str, str]]:
        return _countries(partner.countries.all())

    @staticmethod
    def resolve_mandate(partner: Partner) -> str:
        return partner.mandate or ""

    @staticmethod
    def resolve_strategy(partner: Partner) -> str:
        return partner.strategy or ""

    @staticmethod
    def resolve_track_record(partner: Partner) -> dict[str, Any]:
        record = selectors.track_record(partner)
        return {
            "agreements": record.agreements,
            "amendments": record.amendments,
            "value_usd": str(record.value_usd),
            "first_year": record.first_year,
            "last_year": record.last_year,
            "by_region": [{"name": name, "share": share} for name, share in record.by_region],
            "by_action_area": [{"name": name, "share": share} for name, share in record.by_action_area],
        }

    @staticmethod
    def resolve_agreements(partner: Partner, context: Any) -> list[dict[str, Any]] | None:
        if not context["request"].user.has_perm("partnerships.view_agreements"):
            return None
        return [
            {
                "reference": agreement.reference,
                "title": agreement.title,
                "signed_on": agreement.signed_on,
                "amends": agreement.amends.reference if agreement.amends else None,
            }
            for agreement in selectors.agreements_of(partner)
        ]

    @staticmethod
    def resolve_contacts(partner: Partner, context: Any) -> list[dict[str, str]] | None:
        if not context["request"].user.has_perm("partnerships.view_partner_contacts"):
            return None
        return [
            {"name": contact.name, "position": contact.position, "email": contact.email, "phone": contact.phone}
            for contact in partner.contacts.all()
        ]


@router.get("/partners", response=list[PartnerOut])
@paginate(KeysetPagination, ordering=PARTNER_ORDER)
def list_partners(request: HttpRequest, filters: Query[PartnerFilter]) -> Any:
    """The active funding partners by name, filtered as in the public directory: by kind and by words of the name or
    mandate. For everyone. In pages from a cursor: follow ``next`` until it is null."""
    kind = filters.kind.value if filters.kind else ""
    return selectors.partner_list(kind=kind, text=filters.q.strip())


@router.get("/partners/{partner_id}", response=PartnerDetailOut)
def get_partner(request: HttpRequest, partner_id: int) -> Any:
    """An active partner's profile as its public page shows it: what, where and how it funds, its mandate and
    strategy in your language, and its track record in figures; its agreements and contacts for the secretariat
    only (null for anyone else). 404 for an unknown or inactive partner."""
    partner = selectors.partner_list().prefetch_related("countries").filter(pk=partner_id).first()
    if partner is None:
        raise Http404
    return partner
