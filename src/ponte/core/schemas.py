"""API input and output shapes of the core app."""

from __future__ import annotations

from ninja import Field, Schema


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
