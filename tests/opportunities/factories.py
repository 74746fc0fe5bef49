"""Opportunities for the tests: ``opportunity(...)`` makes a published one (or a draft) with its lists in one call."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ponte.core.models import Country, Organisation, RoleKind, User
from ponte.opportunities.models import Opportunity, OrganisationFocus
from tests.factories import UserFactory, with_role
from tests.partnerships.factories import mechanisms

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def areas_by_code(*codes: str) -> list[Any]:
    from ponte.partnerships.models import ActionArea

    return list(ActionArea.objects.filter(code__in=codes))


def regions_by_code(*codes: str) -> list[Any]:
    from ponte.partnerships.models import BeneficiaryRegion

    return list(BeneficiaryRegion.objects.filter(code__in=codes))


def opportunity(
    title: str = "Connecting schools",
    *,
    areas: tuple[str, ...] = ("infrastructure",),
    regions: tuple[str, ...] = ("AFR",),
    mechanism_codes: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    state: str = "published",
    published_at: datetime.datetime | None = None,
    kind: str = "concept_project",
    created_by: User | None = None,
    budget: str | None = "100000.00",
    **fields: Any,
) -> Opportunity:
    """An opportunity straight in the database (the services are tested on their own)."""
    if state != "draft" and published_at is None:
        published_at = timezone.now()
    made = Opportunity.objects.create(
        kind=kind,
        title_en=title,
        summary_en=fields.pop("summary_en", f"Summary of {title}."),
        state=state,
        published_at=published_at,
        created_by=created_by or with_role(RoleKind.SECRETARIAT),
        budget_sought=Decimal(budget) if budget is not None else None,
        currency=fields.pop("currency", "USD"),
        **fields,
    )
    made.action_areas.set(areas_by_code(*areas))
    made.regions.set(regions_by_code(*regions))
    made.mechanisms.set(mechanisms(*mechanism_codes))
    made.countries.set(Country.objects.filter(alpha3__in=countries))
    return made


def focus(
    organisation: Organisation,
    *,
    areas: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    mechanism_codes: tuple[str, ...] = (),
    wants_digest: bool = False,
    updated_by: User | None = None,
) -> OrganisationFocus:
    made = OrganisationFocus.objects.create(
        organisation=organisation, wants_digest=wants_digest, updated_by=updated_by or UserFactory()
    )
    made.action_areas.set(areas_by_code(*areas))
    made.regions.set(regions_by_code(*regions))
    made.mechanisms.set(mechanisms(*mechanism_codes))
    return made


def office_file(kind: str, *, macros: bool = False) -> bytes:
    """A minimal DOCX or PPTX (a zip with the part that names it), optionally with a macro project."""
    main = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main, "<document/>")
        if macros:
            archive.writestr(f"{main.split('/')[0]}/vbaProject.bin", b"\x00")
    return buffer.getvalue()
