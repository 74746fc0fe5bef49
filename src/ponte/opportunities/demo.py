"""Demo partner opportunities (data/demo_opportunities.json): eight published concept projects and initiatives in
six languages, and the focus of one demo organisation (ASTEM Co. Ltd.) so that its representative sees
recommendations at once. Idempotent: an opportunity whose English title is there already is left as it is."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Country, Organisation, Role, RoleKind, User
from ponte.opportunities import services
from ponte.opportunities.models import Opportunity, OrganisationFocus
from ponte.partnerships.models import ActionArea, BeneficiaryRegion, FundingMechanism

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_opportunities.json"
STAFF_EMAIL = "staff@ponte.example"


def _staff() -> User | None:
    """The demo secretariat account, or any secretariat account."""
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is not None:
        return staff
    role = Role.objects.filter(kind=RoleKind.SECRETARIAT, revoked_at__isnull=True).select_related("user").first()
    return role.user if role else None


def _texts(entry: dict[str, Any]) -> dict[str, str]:
    return {
        build_localized_fieldname(field, code): text
        for field in services.TRANSLATED_FIELDS
        for code, text in entry[field].items()
    }


def _create(staff: User, entry: dict[str, Any]) -> None:
    opportunity = services.create_opportunity(
        actor=staff,
        kind=entry["kind"],
        texts=_texts(entry),
        action_areas=ActionArea.objects.filter(code__in=entry["areas"]),
        regions=BeneficiaryRegion.objects.filter(code__in=entry["regions"]),
        countries=Country.objects.filter(alpha3__in=entry["countries"]),
        mechanisms=FundingMechanism.objects.filter(code__in=entry["mechanisms"]),
        budget_sought=Decimal(entry["budget"]),
        currency=entry["currency"],
        video_url=entry["video"],
    )
    services.publish_opportunity(actor=staff, opportunity=opportunity)


def _focus(entry: dict[str, Any]) -> None:
    organisation = Organisation.objects.filter(name=entry["organisation"]).first()
    representative = User.objects.filter(email=entry["representative"]).first()
    if organisation is None or representative is None:
        return
    if OrganisationFocus.objects.filter(organisation=organisation).exists():
        return
    if not representative.has_perm("opportunities.act_for_organisation", organisation):
        return
    services.save_focus(
        actor=representative,
        organisation=organisation,
        action_areas=ActionArea.objects.filter(code__in=entry["areas"]),
        regions=BeneficiaryRegion.objects.filter(code__in=entry["regions"]),
        mechanisms=FundingMechanism.objects.filter(code__in=entry["mechanisms"]),
        wants_digest=entry["wants_digest"],
    )


@transaction.atomic
def load_opportunities_demo() -> int:
    """Publish the demo opportunities that are not there yet and set the demo focus; return how many were made.

    Needs a secretariat account (the demo's staff@ponte.example): without one nothing is made.
    """
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    staff = _staff()
    if staff is None:
        return 0
    created = 0
    with translation.override("en"):
        for entry in data["opportunities"]:
            if Opportunity.objects.filter(title_en=entry["title"]["en"]).exists():
                continue
            _create(staff, entry)
            created += 1
        _focus(data["focus"])
    return created
