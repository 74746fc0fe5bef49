"""API input and output shapes of the core app."""

from __future__ import annotations

from django.urls import reverse
from ninja import Field, Schema

from ponte.core.models import Group


class CountryOut(Schema):
    code: str
    alpha3: str
    name: str
    region: str
    is_itu_member: bool
    is_developing: bool
    is_ldc: bool
    is_sids: bool
    is_lldc: bool
    is_transition_economy: bool


class GroupOut(Schema):
    sector: str = Field(..., alias="sector.code")
    code: str
    kind: str
    number: int | None
    title: str
    parent: str | None = Field(None, alias="parent.code")


class GroupDetailOut(GroupOut):
    """A group as its page shows it; its organisations are a list of their own (``organisations``), in pages."""

    sector_name: str = Field(..., alias="sector.name", description="In the language of the request.")
    kind_label: str = Field(..., description="In the language of the request.")
    is_active: bool
    url: str = Field(..., description="The group's page.")
    organisations: str = Field(..., description="The address of the organisations taking part, in pages.")

    @staticmethod
    def resolve_kind_label(group: Group) -> str:
        return str(group.get_kind_display())

    @staticmethod
    def resolve_url(group: Group) -> str:
        return group.get_absolute_url()

    @staticmethod
    def resolve_organisations(group: Group) -> str:
        return reverse("api:group_organisations", kwargs={"sector": group.sector.code, "code": group.code})


class OrganisationOut(Schema):
    id: int
    name: str
    category: str
    country: str | None = Field(None, alias="country_id")
    website: str
    is_active: bool


class OrganisationDetailOut(OrganisationOut):
    """The card plus what only those entitled may see (``employee_count`` is null otherwise)."""

    employee_count: int | None = None
    description: str
    groups: list[str]


class OrganisationPatch(Schema):
    """Types only: the values are checked by the model, as in the form, so all errors come at once."""

    name: str | None = None
    employee_count: int | None = None
    website: str | None = None
    description: str | None = None


class MeOut(Schema):
    email: str
    name: str
    language: str
    roles: list[str]
