"""Demo data of the SME programme from seed 000: the 22 approved SMEs, the unnamed pending and interested ones.

The report counts 3 pending and 4 interested ITU-T SMEs without naming them;
they are recorded as placeholders, named as such. Idempotent like core's demo.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from ponte.core.models import Country, Organisation, OrganisationCategory, Sector
from ponte.membership.models import (
    Application,
    ApplicationKind,
    ApplicationState,
    FeeSchedule,
    Membership,
    NationalSmeDefinition,
)

SEED_REASON = "membership.application.recorded_from_seed"
PLACEHOLDERS = [
    (f"Pending ITU-T SME {n} (placeholder: unnamed in the 2017 report)", ApplicationState.SUBMITTED) for n in (1, 2, 3)
] + [
    (f"Interested ITU-T SME {n} (placeholder: unnamed in the 2017 report)", ApplicationState.INTERESTED)
    for n in (1, 2, 3, 4)
]

# Approximations of the national definitions, for the demo only.
SME_DEFINITIONS = [
    ("JPN", 300, None, "JPY", "Small and Medium-sized Enterprise Basic Act (manufacturing)"),
    ("EGY", 200, Decimal("200000000"), "EGP", "Law No. 152 of 2020 on micro, small and medium enterprises"),
]


def _record(application: Application) -> None:
    application._change_reason = SEED_REASON  # type: ignore[attr-defined]
    application.save()


@transaction.atomic
def load_demo() -> int:
    """Record the seed's applications that are missing; return how many were created."""
    created = 0
    smes = Organisation.objects.filter(category=OrganisationCategory.SME, applications__isnull=True)
    for organisation in smes.prefetch_related("groups__sector"):
        groups = list(organisation.groups.all())
        if not groups:
            continue
        application = Application(
            organisation=organisation,
            kind=ApplicationKind.PARTICIPATION,
            state=ApplicationState.APPROVED,
            employee_count=organisation.employee_count,
        )
        _record(application)
        application.groups.set(groups)
        application.sectors.set({group.sector for group in groups})
        created += 1
    itu_t = Sector.objects.get(code="ITU-T")
    for name, state in PLACEHOLDERS:
        if Organisation.objects.filter(name=name).exists():
            continue
        organisation = Organisation.objects.create(name=name, category=OrganisationCategory.SME)
        application = Application(
            organisation=organisation, kind=ApplicationKind.PARTICIPATION, state=state, is_placeholder=True
        )
        _record(application)
        application.sectors.set([itu_t])
        created += 1
    for alpha3, employees, turnover, currency, basis in SME_DEFINITIONS:
        country = Country.objects.get(alpha3=alpha3)
        if not NationalSmeDefinition.objects.filter(country=country).exists():
            NationalSmeDefinition.objects.create(
                country=country,
                max_employees=employees,
                max_turnover=turnover,
                turnover_currency=currency,
                legal_basis=basis,
            )
    return created


# Demo fee figures in CHF, in the spirit of the real schedule, not official ones.
DEMO_SCHEDULE = {
    "contributory_unit": Decimal("31800.00"),
    "associate_fee": Decimal("10600.00"),
    "academia_fee": Decimal("3975.00"),
    "academia_developing_fee": Decimal("1987.50"),
    "sme_fee": Decimal("3975.00"),
    "sme_employee_threshold": 50,
    "meeting_day_fee": Decimal("300.00"),
}
DEMO_MEMBERS = 260
DEMO_MEMBER_COUNTRIES = ["USA", "JPN", "CHN", "DEU", "FRA", "KOR", "GBR", "CHE", "IND", "BRA", "CAN", "ITA", "ESP"]


@transaction.atomic
def load_members_demo(year: int) -> int:
    """A year's fee schedule and a realistic set of existing Sector Members and Associates (generated, seeded).

    Company sizes are spread log-uniformly from 20 to 200,000 employees, so
    that, as seed 000 warns, 60+ members have fewer than 300.
    """
    import random

    FeeSchedule.objects.get_or_create(year=year, defaults=DEMO_SCHEDULE)
    itu_t = Sector.objects.get(code="ITU-T")
    countries = {c.alpha3: c for c in Country.objects.filter(alpha3__in=DEMO_MEMBER_COUNTRIES)}
    generator = random.Random(2017)  # noqa: S311 - demo data, reproducible
    created = 0
    for number in range(1, DEMO_MEMBERS + 1):
        employees = round(10 ** generator.uniform(1.3, 5.3))
        is_associate = generator.random() < 0.35
        name = f"Demo member {number:03d} (generated)"
        alpha3 = generator.choice(DEMO_MEMBER_COUNTRIES)
        category = OrganisationCategory.ASSOCIATE if is_associate else OrganisationCategory.SECTOR_MEMBER
        units = Decimal(generator.choice(["0.5", "1", "1", "1", "2", "3"])) if not is_associate else Decimal(1)
        if Organisation.objects.filter(name=name).exists():
            continue
        organisation = Organisation.objects.create(
            name=name, category=category, country=countries[alpha3], employee_count=employees
        )
        Membership.objects.create(
            organisation=organisation,
            sector=itu_t,
            category=category,
            contributory_units=units,
            study_groups=generator.randint(1, 3) if is_associate else 1,
            start_year=generator.randint(2005, year),
        )
        created += 1
    return created
