"""Demo data of the SME programme from seed 000: the 22 approved SMEs, the unnamed pending and interested ones.

The report counts 3 pending and 4 interested ITU-T SMEs without naming them;
they are recorded as placeholders, named as such. Idempotent like core's demo.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from ponte.core.models import Country, Organisation, OrganisationCategory, Sector
from ponte.membership.models import Application, ApplicationKind, ApplicationState, NationalSmeDefinition

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
