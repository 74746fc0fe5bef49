"""Demo data from the seeds: the 22 pilot SMEs and one account per role.

Idempotent: every record is looked up before it is made, so a second run
changes nothing (and adds no history).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from ponte.core import services
from ponte.core.models import (
    Affiliation,
    Country,
    Group,
    Organisation,
    OrganisationCategory,
    Person,
    Role,
    RoleKind,
    User,
)
from ponte.core.reference import read_rows

DEMO_PASSWORD = "ponte-demo-2026"  # noqa: S105 - published demo credential, dev data only
# Published so a demo visitor can add it to an authenticator app (or `oathtool --totp -b`).
DEMO_STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    description: str


DEMO_ACCOUNTS = [
    DemoAccount("staff@ponte.example", "secretariat (TSB), two-factor: TOTP secret " + DEMO_STAFF_TOTP_SECRET),
    DemoAccount("focal.japan@ponte.example", "national focal point of Japan"),
    DemoAccount("focal.egypt@ponte.example", "national focal point of Egypt"),
    DemoAccount("sme@astem.example", "representative of ASTEM Co. Ltd. (SME, Japan)"),
    DemoAccount("expert@ponte.example", "expert of ITU-T SG16"),
    DemoAccount("lab@sitc.example", "representative of the Seoul IPTV Interoperability Test Centre (test lab, Korea)"),
    DemoAccount(
        "innovation.expert@ponte.example",
        "certified innovation expert of North Macedonia (drafts and publishes assessments)",
    ),
    DemoAccount("news@cabase.example", "representative of CABASE (SME association, Argentina): writes newsletters"),
]


@dataclass(frozen=True)
class DemoReport:
    organisations_created: int
    accounts_created: int


def _account(email: str, given_name: str, family_name: str) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        username=email, email=email, password=DEMO_PASSWORD, first_name=given_name, last_name=family_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    services.ensure_person_for_user(user=user)
    return user, True


def _staff() -> tuple[User, bool]:
    staff, created = _account("staff@ponte.example", "Amina", "Diallo")
    if not Role.objects.filter(user=staff, kind=RoleKind.SECRETARIAT).exists():
        # Bootstrap: the first secretariat role has no one to grant it.
        role = Role(user=staff, kind=RoleKind.SECRETARIAT)
        role._change_reason = "core.role.secretariat.granted"  # type: ignore[attr-defined]
        role.save()
        staff.is_staff = True
        staff.save(update_fields=["is_staff"])
    if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(staff, DEMO_STAFF_TOTP_SECRET)
    return staff, created


def _pilot_smes(staff: User) -> int:
    created = 0
    groups = {f"{g.sector.code} {g.code}": g for g in Group.objects.select_related("sector")}
    for row in read_rows("demo/pilot_smes.csv"):
        country = Country.objects.get(alpha3=row["approved_by"])
        wanted = {groups[key] for key in row["groups"].split(";")}
        organisation = Organisation.objects.filter(name=row["name"], country=country).first()
        if organisation is None:
            organisation = services.create_organisation(
                actor=staff, name=row["name"], category=OrganisationCategory.SME, country=country, groups=wanted
            )
            created += 1
        elif set(organisation.groups.all()) != wanted:
            services.update_organisation(actor=staff, organisation=organisation, groups=wanted)
    return created


@transaction.atomic
def load_demo() -> DemoReport:
    """Create the demo organisations and accounts that are missing."""
    staff, staff_created = _staff()
    organisations = _pilot_smes(staff)
    accounts = int(staff_created)
    japan, egypt = Country.objects.get(alpha3="JPN"), Country.objects.get(alpha3="EGY")
    people: list[tuple[str, str, str, str, dict[str, Any]]] = [
        ("focal.japan@ponte.example", "Haruto", "Sato", RoleKind.FOCAL_POINT, {"country": japan}),
        ("focal.egypt@ponte.example", "Mona", "Hassan", RoleKind.FOCAL_POINT, {"country": egypt}),
        (
            "sme@astem.example",
            "Yui",
            "Tanaka",
            RoleKind.REPRESENTATIVE,
            {"organisation": Organisation.objects.get(name="ASTEM Co. Ltd.")},
        ),
        (
            "expert@ponte.example",
            "Carlos",
            "Méndez",
            RoleKind.EXPERT,
            {"group": Group.objects.get(sector__code="ITU-T", code="SG16")},
        ),
    ]
    for email, given, family, kind, scope in people:
        user, created = _account(email, given, family)
        accounts += int(created)
        if not Role.objects.filter(user=user, kind=kind, revoked_at__isnull=True, **scope).exists():
            services.assign_role(actor=staff, user=user, kind=kind, **scope)
    _affiliate("sme@astem.example", "ASTEM Co. Ltd.", "Standardization manager", staff)
    return DemoReport(organisations_created=organisations, accounts_created=accounts)


def _affiliate(email: str, organisation_name: str, position: str, staff: User) -> None:
    person = Person.objects.get(user__email=email)
    organisation = Organisation.objects.get(name=organisation_name)
    if not Affiliation.objects.filter(person=person, organisation=organisation).exists():
        services.add_affiliation(actor=staff, person=person, organisation=organisation, position=position)
