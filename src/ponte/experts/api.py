"""Experts API: the headline counts, the workshops and each workshop, the public registry and the verification of a
certificate.

Everything here is public, as on the pages: no participant's name, email or other personal data; a certificate is
found only by its exact number.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from ponte.core.actions import require_request
from ponte.core.pagination import LimitOffsetPagination
from ponte.experts import selectors
from ponte.experts.models import Workshop
from ponte.experts.schemas import (
    HeadlineOut,
    RegistryEntryOut,
    RegistryFilter,
    VerificationOut,
    WorkshopDetailOut,
    WorkshopOut,
)

router = Router(tags=["experts"])


@router.get("/headline", response=HeadlineOut)
def headline(request: HttpRequest) -> Any:
    """The programme in figures, counted from the records (see ``ponte.experts.selectors`` for the rules)."""
    require_request(request, "experts.view_workshops")
    return selectors.headline()


@router.get("/workshops", response=list[WorkshopOut])
@paginate(LimitOffsetPagination)
def workshops(request: HttpRequest) -> Any:
    """Workshops and forums, latest first, with their participant counts (nobody named). Limit and offset: a few
    workshops a year."""
    require_request(request, "experts.view_workshops")
    return selectors.workshop_list()


@router.get("/workshops/{workshop_id}", response=WorkshopDetailOut)
def get_workshop(request: HttpRequest, workshop_id: int) -> Any:
    """A workshop as its page shows it, for everyone: when, where, with whom, its description, and how many took
    part and were trained from each country (nobody named)."""
    require_request(request, "experts.view_workshops")
    try:
        return selectors.workshop_detail(pk=workshop_id)
    except Workshop.DoesNotExist as error:
        raise Http404 from error


@router.get("/registry", response=list[RegistryEntryOut])
@paginate(LimitOffsetPagination)
def registry(request: HttpRequest, filters: Query[RegistryFilter]) -> Any:
    """Certified experts whose certificate is valid today: name, country, number, valid until. Limit and offset:
    hundreds of experts, certificates expire."""
    require_request(request, "experts.view_registry")
    return selectors.registry(country=filters.country, text=filters.q)


@router.get("/certificates/{number}", response=VerificationOut)
def verify(request: HttpRequest, number: str) -> Any:
    """The status today of the certificate with exactly this number; 404 when no certificate has it."""
    require_request(request, "experts.verify_certificate")
    result = selectors.verify(number)
    if not result.known:
        raise Http404
    return result
