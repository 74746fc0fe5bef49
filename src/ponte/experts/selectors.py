"""Reads of the experts app: the headline counts, workshops, the public registry and the verification answer.

The headline counts come from the records by one selector (``headline``), which the index page and the API
both show:

- *experts trained*: different people marked as having completed the training of at least one workshop;
- *countries*: the different countries those trained people came from (as recorded for their participation);
- *experts certified*: different people holding at least one certificate that was not revoked;
- *certificates valid now*: certificates valid today (issued, not expired, not revoked).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ponte.core.models import Country, Person
from ponte.experts.models import Certificate, CertificateStatus, Participation, Workshop, valid_on
from ponte.experts.services import normalise_number
from ponte.partnerships.models import Partner


@dataclass(frozen=True)
class Headline:
    workshops: int
    trained: int
    countries: int
    certified: int
    valid_now: int


def headline(*, day: datetime.date | None = None) -> Headline:
    """The programme in four numbers (and the number of workshops), counted from the records."""
    day = day or timezone.localdate()
    trained = Participation.objects.filter(trained=True).aggregate(
        people=Count("person", distinct=True), countries=Count("country", distinct=True)
    )
    certificates = Certificate.objects.aggregate(
        certified=Count("person", filter=Q(revoked_on__isnull=True), distinct=True),
        valid_now=Count("pk", filter=valid_on(day)),
    )
    return Headline(
        workshops=Workshop.objects.count(),
        trained=trained["people"],
        countries=trained["countries"],
        certified=certificates["certified"],
        valid_now=certificates["valid_now"],
    )


def workshop_list() -> QuerySet[Workshop]:
    """Workshops, latest first, with their place, partners and participant counts: a constant number of queries."""
    return (
        Workshop.objects.select_related("country")
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.only("pk", "name").order_by("name")))
        .annotate(
            participant_count=Count("participations", distinct=True),
            trained_count=Count("participations", filter=Q(participations__trained=True), distinct=True),
            country_count=Count("participations__country", distinct=True),
        )
        .order_by("-starts_on", "pk")
    )


def workshop_detail(*, pk: int) -> Workshop:
    return workshop_list().get(pk=pk)


@dataclass(frozen=True)
class CountryCount:
    name: str
    participants: int
    trained: int


def participants_by_country(workshop: Workshop) -> list[CountryCount]:
    """How many came from each country, and how many of them were trained (public: nobody is named)."""
    rows = (
        Participation.objects.filter(workshop=workshop)
        .values("country_id")
        .annotate(participants=Count("pk"), trained=Count("pk", filter=Q(trained=True)))
        .order_by()
    )
    names = dict(Country.objects.filter(code__in=[row["country_id"] for row in rows]).values_list("code", "name"))
    counted = [CountryCount(names[row["country_id"]], row["participants"], row["trained"]) for row in rows]
    return sorted(counted, key=lambda row: row.name)


def participations_of(workshop: Workshop) -> QuerySet[Participation]:
    """The workshop's participants with their country and certificates (the secretariat's list)."""
    certificates = Certificate.objects.filter(workshop=workshop).order_by("-issued_on")
    return (
        Participation.objects.filter(workshop=workshop)
        .select_related("person", "country")
        .prefetch_related(Prefetch("person__innovation_certificates", queryset=certificates, to_attr="workshop_certs"))
        .order_by("person__family_name", "person__given_name", "pk")
    )


def registry(*, country: str = "", text: str = "", day: datetime.date | None = None) -> QuerySet[Certificate]:
    """The public registry: certificates valid on ``day`` (today), by the holder's name; filtered by country
    (ISO alpha-3) and words of the name. Only name, country, number and dates are meant to be shown."""
    day = day or timezone.localdate()
    found = Certificate.objects.filter(valid_on(day)).select_related("person__country")
    if country:
        found = found.filter(person__country__alpha3=country.upper())
    for word in text.split()[:5]:
        found = found.filter(Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word))
    return found.order_by("person__family_name", "person__given_name", "number")


def certificate_list(*, status: str = "", text: str = "") -> QuerySet[Certificate]:
    """Every certificate for the secretariat, filtered by its status today and by number or name."""
    today = timezone.localdate()
    found = Certificate.objects.select_related("person__country", "workshop")
    if status == CertificateStatus.VALID:
        found = found.filter(valid_on(today))
    elif status == CertificateStatus.REVOKED:
        found = found.filter(revoked_on__lte=today)
    elif status == CertificateStatus.EXPIRED:
        found = found.filter(expires_on__lt=today).exclude(revoked_on__lte=today)
    elif status == CertificateStatus.NOT_YET_VALID:
        found = found.filter(issued_on__gt=today).exclude(revoked_on__lte=today)
    for word in text.split()[:5]:
        found = found.filter(
            Q(number__icontains=word) | Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word)
        )
    return found.order_by("-issued_on", "number")


@dataclass(frozen=True)
class Verification:
    """What the verification form says about a number: its status and, when known, whose it is and its dates."""

    number: str
    status: str  # a CertificateStatus value, or "unknown"
    holder: str = ""
    country: str = ""
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    revoked_on: datetime.date | None = None

    @property
    def known(self) -> bool:
        return self.status != UNKNOWN


UNKNOWN = "unknown"


def verify(number: str, *, day: datetime.date | None = None) -> Verification:
    """The status of the certificate with exactly this number (case and spaces aside), or "unknown"."""
    cleaned = normalise_number(number)
    certificate = Certificate.objects.select_related("person__country").filter(number=cleaned).first()
    if certificate is None:
        return Verification(number=cleaned, status=UNKNOWN)
    status = certificate.status_on(day or timezone.localdate())
    person = certificate.person
    return Verification(
        number=certificate.number,
        status=str(status),
        holder=person.full_name,
        country=person.country.name if person.country else "",
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        revoked_on=certificate.revoked_on if status == CertificateStatus.REVOKED else None,
    )


def trained_people_without_certificate() -> QuerySet[Person]:
    """People trained at a workshop who hold no certificate yet (for the secretariat's follow-up)."""
    return (
        Person.objects.filter(innovation_participations__trained=True)
        .exclude(innovation_certificates__isnull=False)
        .distinct()
        .select_related("country")
        .order_by("family_name", "given_name")
    )
