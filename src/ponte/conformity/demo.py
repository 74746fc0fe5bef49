"""Demo conformity database (data/demo_conformity.json): three test labs (an ITU-recognised IPTV lab in Korea, a lab
in Kenya, and one in Tunisia whose accreditation lapsed), their organisations, a representative account of the
Korean lab (lab@sitc.example), and products conforming to H.702, HSTP-CONF-H702, F.921, H.265 and L.1000, two of
them expired. Idempotent: what is there already is left as it is."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction

from ponte.conformity import services
from ponte.conformity.models import Declaration, TestLab
from ponte.core import services as core_services
from ponte.core.demo import DEMO_PASSWORD
from ponte.core.models import Country, Organisation, OrganisationCategory, Role, RoleKind, User
from ponte.standards.models import Recommendation

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_conformity.json"
STAFF_EMAIL = "staff@ponte.example"


def _staff() -> User | None:
    """The demo secretariat account, or any secretariat account."""
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is not None:
        return staff
    role = Role.objects.filter(kind=RoleKind.SECRETARIAT, revoked_at__isnull=True).select_related("user").first()
    return role.user if role else None


def _organisation(staff: User, name: str, country: Country) -> Organisation:
    organisation = Organisation.objects.filter(name=name, country=country).first()
    if organisation is None:
        organisation = core_services.create_organisation(
            actor=staff, name=name, category=OrganisationCategory.PRIVATE_COMPANY, country=country
        )
    return organisation


def _representative(staff: User, organisation: Organisation, person: dict[str, str]) -> None:
    user = User.objects.filter(email=person["email"]).first()
    if user is None:
        user = User.objects.create_user(
            username=person["email"],
            email=person["email"],
            password=DEMO_PASSWORD,
            first_name=person["given_name"],
            last_name=person["family_name"],
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        core_services.ensure_person_for_user(user=user)
    if not Role.objects.filter(user=user, organisation=organisation, revoked_at__isnull=True).exists():
        core_services.assign_role(actor=staff, user=user, kind=RoleKind.REPRESENTATIVE, organisation=organisation)


def _lab(staff: User, entry: dict[str, Any], recommendations: dict[str, Recommendation]) -> TestLab:
    lab = TestLab.objects.filter(name=entry["name"]).first()
    if lab is not None:
        return lab
    country = Country.objects.get(alpha3=entry["country"])
    organisation = _organisation(staff, entry["organisation"], country) if entry.get("organisation") else None
    if organisation is not None and entry.get("representative"):
        _representative(staff, organisation, entry["representative"])
    return services.register_lab(
        actor=staff,
        name=entry["name"],
        country=country,
        organisation=organisation,
        accreditation_body=entry["accreditation_body"],
        accreditation_number=entry["accreditation_number"],
        accredited_from=datetime.date.fromisoformat(entry["accredited_from"]),
        accredited_until=datetime.date.fromisoformat(entry["accredited_until"]),
        scope=[recommendations[label] for label in entry["scope"] if label in recommendations],
        is_itu_recognised=entry["is_itu_recognised"],
        website=entry["website"],
    )


@transaction.atomic
def load_conformity_demo() -> int:
    """Register the demo labs and record the demo declarations that are missing; return how many were recorded.

    Loads the demo Recommendations first; a declaration whose Recommendations are all missing is skipped, and
    without a secretariat account (the demo's staff@ponte.example) nothing is made.
    """
    from ponte.standards.demo import load_recommendations_demo

    load_recommendations_demo()
    staff = _staff()
    if staff is None:
        return 0
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    recommendations = {
        f"{recommendation.sector.code} {recommendation.identifier}": recommendation
        for recommendation in Recommendation.objects.select_related("sector")
    }
    labs = {entry["name"]: _lab(staff, entry, recommendations) for entry in data["labs"]}
    created = 0
    for entry in data["declarations"]:
        lab = labs[entry["lab"]]
        wanted = [recommendations[label] for label in entry["recommendations"] if label in recommendations]
        if not wanted or Declaration.objects.filter(lab=lab, report_reference=entry["report_reference"]).exists():
            continue
        services.record_declaration(
            actor=staff,
            entry=services.Entry(
                lab=lab,
                manufacturer=entry["manufacturer"],
                manufacturer_country=Country.objects.get(alpha3=entry["manufacturer_country"]),
                model=entry["model"],
                product=entry["product"],
                category=entry["category"],
                recommendations=tuple(wanted),
                report_reference=entry["report_reference"],
                report_date=datetime.date.fromisoformat(entry["report_date"]),
                valid_until=datetime.date.fromisoformat(entry["valid_until"]),
                description=entry["description"] or None,
            ),
        )
        created += 1
    return created
