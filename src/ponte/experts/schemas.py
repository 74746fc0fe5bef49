"""API shapes of the experts app.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from typing import Any

from ninja import Field, Schema

from ponte.experts.models import Certificate, Workshop
from ponte.experts.selectors import participants_by_country


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


class CountryParticipantsOut(Schema):
    country: str = Field(description="The country's name, in the language of the request.")
    participants: int
    trained: int


class WorkshopDetailOut(WorkshopOut):
    """A workshop as its public page shows it: nobody who took part is named."""

    kind_label: str = Field(description="In the language of the request.")
    description: str = Field(description="In the language of the request (English when not translated).")
    by_country: list[CountryParticipantsOut] = Field(
        description="How many came from each country and how many of them were trained, by country name."
    )

    @staticmethod
    def resolve_kind_label(workshop: Workshop) -> str:
        return str(workshop.get_kind_display())

    @staticmethod
    def resolve_by_country(workshop: Workshop) -> list[dict[str, Any]]:
        return [
            {"country": row.name, "participants": row.participants, "trained": row.trained}
            for row in participants_by_country(workshop)
        ]


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
