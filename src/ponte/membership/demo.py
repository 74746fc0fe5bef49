"""Demo data of the SME programme from seed 000: the 22 approved SMEs, the unnamed pending and interested ones.

The report counts 3 pending and 4 interested ITU-T SMEs without naming them;
they are recorded as placeholders, named as such. Idempotent like core's demo.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ponte.core.models import Country, Organisation, OrganisationCategory, Sector
from ponte.membership.models import (
    Application,
    ApplicationKind,
    ApplicationState,
    FeeSchedule,
    Invoice,
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
    for schedule_year in range(year, timezone.localdate().year + 1):
        FeeSchedule.objects.get_or_create(year=schedule_year, defaults=DEMO_SCHEDULE)
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


DEMO_ACADEMIA = ("University of Nairobi, School of Computing (demo)", "KEN", 2026)
DEMO_PAY_AS_YOU_GO = ("ASTEM Co. Ltd.", "ITU-T SG16, Geneva", 5)


@transaction.atomic
def load_billing_demo(*, first_year: int, staff_email: str) -> int:
    """Invoices of the demo members: earlier years paid, this year's partly paid; a waived Academia member from
    a developing country; a pay-as-you-go charge for a pilot SME. Returns the number of invoices issued."""
    from ponte.core.models import User
    from ponte.membership import services

    staff = User.objects.get(email=staff_email)
    this_year = timezone.localdate().year
    generator = random.Random(2026)  # noqa: S311 - demo data, reproducible
    name, alpha3, start = DEMO_ACADEMIA
    if not Organisation.objects.filter(name=name).exists():
        university = Organisation.objects.create(
            name=name, category=OrganisationCategory.ACADEMIA, country=Country.objects.get(alpha3=alpha3)
        )
        membership = Membership.objects.create(
            organisation=university,
            sector=Sector.objects.get(code="ITU-T"),
            category=university.category,
            start_year=min(start, this_year),
        )
        services.invoices._grant_waiver_if_due(staff, membership)
    issued = []
    for year in range(first_year, this_year + 1):
        issued += services.issue_annual_invoices(actor=staff, year=year)
    for invoice in issued:
        settled = invoice.state != "issued"
        if settled or (invoice.issued_on.year == this_year and generator.random() < 0.45):
            continue
        paid_on = min(invoice.issued_on + timedelta(days=generator.randint(5, 40)), timezone.localdate())
        services.record_payment(
            actor=staff, invoice=invoice, amount=invoice.total, received_on=paid_on, reference=invoice.number
        )
    organisation_name, meeting, days = DEMO_PAY_AS_YOU_GO
    sme = Organisation.objects.filter(name=organisation_name).first()
    if sme is not None and not Invoice.objects.filter(organisation=sme).exists():
        issued.append(
            services.charge_meeting_days(
                actor=staff, organisation=sme, subject=meeting, days=days, held_on=timezone.localdate()
            )
        )
    return len(issued)
