"""API shapes of the experts app.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime

from ninja import Field, Schema

from ponte.experts.models import Certificate, Workshop


class HeadlineOut(Schema):
    workshops: int
    trained: int = Field(description="Different people who completed the training of at least one workshop.")
    countries: int = Field(description="Different countries the trained people came from.")
    certified: int = Field(description="Different people holding at least one certificate that was not revoked.")
    valid_now: int = Field(description="Certificates valid today.")


class WorkshopOut(Schema):
    id: int
    kind: str
    title: str = Field(description="In the language of the request (English when not translated).")
    starts_on: datetime.date
    ends_on: datetime.date
    city: str
    country: str = Field(description="ISO 3166 alpha-3.")
    partners: list[str]
    participants: int
    trained: int
    countries: int = Field(description="Different countries the participants came from.")
    url: str

    @staticmethod
    def resolve_country(workshop: Workshop) -> str:
        return workshop.country.alpha3

    @staticmethod
    def resolve_partners(workshop: Workshop) -> list[str]:
        return [partner.name for partner in workshop.partners.all()] + workshop.other_partner_names

    @staticmethod
    def resolve_participants(workshop: Workshop) -> int:
        return int(getattr(workshop, "participant_count", 0))

    @staticmethod
    def resolve_trained(workshop: Workshop) -> int:
        return int(getattr(workshop, "trained_count", 0))

    @staticmethod
    def resolve_countries(workshop: Workshop) -> int:
        return int(getattr(workshop, "country_count", 0))

    @staticmethod
    def resolve_url(workshop: Workshop) -> str:
        return workshop.get_absolute_url()


class RegistryEntryOut(Schema):
    name: str
    country: str | None = Field(description="ISO 3166 alpha-3 of the expert's country.")
    number: str
    valid_until: datetime.date = Field(alias="expires_on")

    @staticmethod
    def resolve_name(certificate: Certificate) -> str:
        return certificate.person.full_name

    @staticmethod
    def resolve_country(certificate: Certificate) -> str | None:
        country = certificate.person.country
        return country.alpha3 if country else None


class RegistryFilter(Schema):
    country: str = Field("", max_length=3, description="ISO 3166 alpha-3.")
    q: str = Field("", max_length=100, description="Words of the expert's name.")


class VerificationOut(Schema):
    number: str
    status: str = Field(description="valid, expired, revoked or not_yet_valid.")
    holder: str
    country: str
    issued_on: datetime.date | None
    expires_on: datetime.date | None
    revoked_on: datetime.date | None
