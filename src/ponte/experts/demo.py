"""Demo of innovation capacity building, from seed 002: the three workshops of 2017 (Ljubljana with the Regional
Cooperation Council and ICPE; Busan at ITU Telecom World 2017 with 10 countries; Gaborone with the SADC
secretariat), 42 national and regional experts trained there from 21 countries, and 30 of them certified.

The people are made up (names usual in their countries), nobody real. Some certificates were renewed last year,
so the registry lists experts whose certificate is valid today; one renewal was revoked, to show the
verification's answers. Recorded through the services, as the secretariat would; a second run changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from ponte.core.models import Country, Person, User
from ponte.experts import services
from ponte.experts.models import Certificate, Participation, Workshop, WorkshopKind

STAFF_EMAIL = "staff@ponte.example"
EXPERT_EMAIL = "innovation.expert@ponte.example"  # the North Macedonian expert, to sign in as a certified expert
EXPERT_PASSWORD = "ponte-demo-2026"  # noqa: S105 - the published demo password (ponte.core.demo)


@dataclass(frozen=True)
class DemoWorkshop:
    key: str
    kind: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    city: str
    country: str
    other_partners: str
    certified_on: datetime.date


WORKSHOPS = [
    DemoWorkshop(
        "ljubljana", WorkshopKind.WORKSHOP,
        "Executive workshop for Europe: bridging the digital innovation divide",
        datetime.date(2017, 9, 12), datetime.date(2017, 9, 13), "Ljubljana", "SVN",
        "Regional Cooperation Council (RCC); International Centre for Promotion of Enterprises (ICPE)",
        datetime.date(2017, 10, 16),
    ),
    DemoWorkshop(
        "busan", WorkshopKind.WORKSHOP,
        "ITU Telecom World 2017 multistakeholder global workshop: bridging the digital innovation divide",
        datetime.date(2017, 9, 26), datetime.date(2017, 9, 28), "Busan", "KOR", "",
        datetime.date(2017, 10, 30),
    ),
    DemoWorkshop(
        "gaborone", WorkshopKind.WORKSHOP,
        "Bridging the digital innovation divide: accelerating digital transformation for the fourth industrial "
        "revolution",
        datetime.date(2017, 12, 11), datetime.date(2017, 12, 12), "Gaborone", "BWA",
        "Southern African Development Community (SADC) Secretariat",
        datetime.date(2018, 1, 15),
    ),
]  # fmt: skip

# (workshop, country, given name, family name, trained, certified)
PEOPLE = [
    ("ljubljana", "MKD", "Ana", "Stojanovska", True, True),
    ("ljubljana", "MKD", "Marko", "Trajkovski", True, True),
    ("ljubljana", "SRB", "Jelena", "Petrović", True, True),
    ("ljubljana", "SRB", "Nikola", "Jovanović", True, True),
    ("ljubljana", "BIH", "Amra", "Hadžić", True, True),
    ("ljubljana", "BIH", "Emir", "Kovačević", True, True),
    ("ljubljana", "ALB", "Elira", "Hoxha", True, True),
    ("ljubljana", "ALB", "Arben", "Shehu", True, True),
    ("ljubljana", "MNE", "Milica", "Vuković", True, True),
    ("ljubljana", "MNE", "Stefan", "Radović", True, True),
    ("ljubljana", "MDA", "Irina", "Ciobanu", True, True),
    ("ljubljana", "MDA", "Andrei", "Rusu", True, True),
    ("ljubljana", "SVN", "Maja", "Novak", True, False),
    ("ljubljana", "HRV", "Ivana", "Babić", True, False),
    ("ljubljana", "SVN", "Tadej", "Kranjc", False, False),
    ("busan", "KOR", "Min-jun", "Kim", True, True),
    ("busan", "KOR", "Seo-yeon", "Lee", True, True),
    ("busan", "KOR", "Ji-hoon", "Park", True, False),
    ("busan", "RWA", "Aline", "Uwase", True, True),
    ("busan", "RWA", "Jean Bosco", "Habimana", True, True),
    ("busan", "KEN", "Grace", "Wanjiru", True, True),
    ("busan", "KEN", "Brian", "Otieno", True, True),
    ("busan", "THA", "Nattapong", "Chaiyasit", True, True),
    ("busan", "IDN", "Dewi", "Lestari", True, True),
    ("busan", "PHL", "Paolo", "Reyes", True, False),
    ("busan", "VNM", "Lan", "Nguyen", True, True),
    ("busan", "IND", "Priya", "Sharma", True, False),
    ("busan", "ARG", "Lucía", "Fernández", True, False),
    ("busan", "COL", "Andrés", "Gómez", True, False),
    ("busan", "KOR", "Yu-na", "Choi", False, False),
    ("busan", "KOR", "Hyun-woo", "Jung", False, False),
    ("gaborone", "BWA", "Kagiso", "Molefe", True, True),
    ("gaborone", "BWA", "Neo", "Seretse", True, True),
    ("gaborone", "BWA", "Thato", "Mogotsi", True, True),
    ("gaborone", "BWA", "Onalenna", "Kgosi", True, False),
    ("gaborone", "BWA", "Boitumelo", "Dikgang", True, False),
    ("gaborone", "ZAF", "Thandiwe", "Nkosi", True, True),
    ("gaborone", "ZAF", "Sipho", "Dlamini", True, True),
    ("gaborone", "ZAF", "Lerato", "Mokoena", True, True),
    ("gaborone", "ZAF", "Johan", "van der Merwe", True, False),
    ("gaborone", "ZAF", "Ayesha", "Patel", True, False),
    ("gaborone", "NAM", "Ndapewa", "Shikongo", True, True),
    ("gaborone", "NAM", "Tangeni", "Amutenya", True, True),
    ("gaborone", "NAM", "Hilma", "Nghilifa", True, True),
    ("gaborone", "NAM", "Petrus", "Haufiku", True, False),
]
# Renewed last year (valid today); the last renewal was revoked.
RENEWED = [("Ana", "Stojanovska"), ("Jelena", "Petrović"), ("Irina", "Ciobanu"), ("Grace", "Wanjiru"),
           ("Aline", "Uwase"), ("Thandiwe", "Nkosi"), ("Min-jun", "Kim"), ("Elira", "Hoxha")]  # fmt: skip
REVOKED = ("Elira", "Hoxha")


def _person(staff: User, given: str, family: str, country: Country) -> Person:
    person = Person.objects.filter(given_name=given, family_name=family, country=country).first()
    if person is None:
        from ponte.core import services as core_services

        person = core_services.create_person(actor=staff, given_name=given, family_name=family, country=country)
    return person


def _workshop(staff: User, spec: DemoWorkshop) -> tuple[Workshop, bool]:
    workshop = Workshop.objects.filter(title_en=spec.title, starts_on=spec.starts_on).first()
    if workshop is not None:
        return workshop, False
    workshop = services.create_workshop(
        actor=staff, kind=spec.kind, texts={"title_en": spec.title}, starts_on=spec.starts_on, ends_on=spec.ends_on,
        city=spec.city, country=Country.objects.get(alpha3=spec.country), other_partners=spec.other_partners,
    )  # fmt: skip
    return workshop, True


def _expert_account(person: Person) -> None:
    """Give the North Macedonian expert an account, so a demo visitor can act as a certified national expert."""
    if person.user_id is not None:
        return
    user = User.objects.filter(email=EXPERT_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            username=EXPERT_EMAIL, email=EXPERT_EMAIL, password=EXPERT_PASSWORD,
            first_name=person.given_name, last_name=person.family_name,
        )  # fmt: skip
        EmailAddress.objects.create(user=user, email=EXPERT_EMAIL, verified=True, primary=True)
    if not Person.objects.filter(user=user).exists():
        person.user = user
        person.save(update_fields=["user"])


@transaction.atomic
def load_experts_demo(*, staff_email: str = STAFF_EMAIL) -> int:
    """The three 2017 workshops, their participants, and the certificates; returns how many records it created."""
    staff = User.objects.get(email=staff_email)
    created = 0
    workshops = {}
    for spec in WORKSHOPS:
        workshops[spec.key], new = _workshop(staff, spec)
        created += int(new)
    specs = {spec.key: spec for spec in WORKSHOPS}
    for key, alpha3, given, family, trained, certified in PEOPLE:
        country = Country.objects.get(alpha3=alpha3)
        person = _person(staff, given, family, country)
        workshop = workshops[key]
        if not Participation.objects.filter(workshop=workshop, person=person).exists():
            services.add_participant(actor=staff, workshop=workshop, person=person, country=country, trained=trained)
            created += 1
        if certified and not Certificate.objects.filter(person=person, workshop=workshop).exists():
            services.issue_certificate(actor=staff, person=person, workshop=workshop, issued_on=specs[key].certified_on)
            created += 1
    created += _renewals(staff)
    _expert_account(Person.objects.get(given_name="Ana", family_name="Stojanovska"))
    return created


def _renewals(staff: User) -> int:
    created = 0
    renewed_on = datetime.date(timezone.localdate().year - 1, 1, 15)
    for given, family in RENEWED:
        person = Person.objects.get(given_name=given, family_name=family)
        if Certificate.objects.filter(person=person, workshop__isnull=True).exists():
            continue
        certificate = services.issue_certificate(actor=staff, person=person, issued_on=renewed_on)
        created += 1
        if (given, family) == REVOKED:
            services.revoke_certificate(
                actor=staff, certificate=certificate, revoked_on=renewed_on + datetime.timedelta(days=200),
                reason="The expert asked for it to be withdrawn after changing profession (demo).",
            )  # fmt: skip
    return created
