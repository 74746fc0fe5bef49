"""Core API: reference data, organisations and the signed-in account."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from ponte.core import selectors, services
from ponte.core.models import Country, Group, Organisation, User
from ponte.core.pagination import KeysetPagination
from ponte.core.schemas import (
    CountryOut,
    GroupDetailOut,
    GroupOut,
    MeOut,
    OrganisationDetailOut,
    OrganisationOut,
    OrganisationPatch,
)
from ponte.tokens.auth import session_or_token

router = Router(tags=["core"])


@router.get("/countries", response=list[CountryOut])
def list_countries(request: HttpRequest, region: str = "", classification: str = "") -> Any:
    return selectors.country_list(region=region, classification=classification)


@router.get("/countries/{code}", response=CountryOut)
def get_country(request: HttpRequest, code: str) -> Any:
    country = Country.objects.filter(code=code.upper()).first() or Country.objects.filter(alpha3=code.upper()).first()
    if country is None:
        raise Http404
    return country


@router.get("/groups", response=list[GroupOut])
def list_groups(request: HttpRequest) -> Any:
    return selectors.group_list()


def _group(sector: str, code: str) -> Group:
    try:
        return selectors.group_detail(sector=sector, code=code)
    except Group.DoesNotExist as exc:
        raise Http404 from exc


# A working party's code holds a slash ("WP1/16"), as on the pages: the code is the rest of the path. The list comes
# first, or the detail would read ".../SG16/organisations" as the code "SG16/organisations".
@router.get(
    "/groups/{sector}/{path:code}/organisations", response=list[OrganisationOut], url_name="group_organisations"
)
@paginate(KeysetPagination, ordering=selectors.ORGANISATION_ORDER)
def list_group_organisations(request: HttpRequest, sector: str, code: str) -> Any:
    """The organisations taking part in a group, by name, as its page lists them (active and listed ones); for
    everyone. In pages from a cursor (a study group has thousands): follow ``next`` until it is null."""
    return selectors.organisation_list(group=_group(sector, code))


@router.get("/groups/{sector}/{path:code}", response=GroupDetailOut)
def get_group(request: HttpRequest, sector: str, code: str) -> Any:
    """A group as its page shows it, for everyone: sector, code, kind, parent and title in the language of the
    request, with the address of its organisations (``organisations``, in pages)."""
    return _group(sector, code)


@router.get("/organisations", response=list[OrganisationOut])
@paginate(KeysetPagination, ordering=selectors.ORGANISATION_ORDER)
def list_organisations(request: HttpRequest, q: str = "", category: str = "", country: str = "") -> Any:
    """Active organisations by name, filtered by words of the name, category and country (ISO alpha-2); in pages
    from a cursor (the table grows without bound): follow ``next`` until it is null."""
    return selectors.organisation_list(query=q, category=category, country=country)


def _detail(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    entitled = request.user.has_perm("core.view_organisation_details", organisation)
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "category": organisation.category,
        "country_id": organisation.country_id,
        "website": organisation.website,
        "is_active": organisation.is_active,
        "employee_count": organisation.employee_count if entitled else None,
        "description": organisation.description or "",
        "groups": [str(group) for group in organisation.groups.all()],
    }


@router.get("/organisations/{organisation_id}", response=OrganisationDetailOut)
def get_organisation(request: HttpRequest, organisation_id: int) -> Any:
    try:
        organisation = selectors.organisation_detail(pk=organisation_id, with_staff=False)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("core.view_organisation", organisation):
        raise Http404  # not listed yet (``Organisation.listed``), as on its page
    return _detail(request, organisation)


@router.patch("/organisations/{organisation_id}", response=OrganisationDetailOut, auth=session_or_token)
def patch_organisation(request: HttpRequest, organisation_id: int, payload: OrganisationPatch) -> Any:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    if not request.user.has_perm("core.change_organisation", organisation):
        raise PermissionDenied
    fields = payload.dict(exclude_unset=True)
    if "website" in fields:
        fields["website"] = fields["website"] or ""
    services.update_organisation(actor=request.user, organisation=organisation, **fields)
    return _detail(request, selectors.organisation_detail(pk=organisation_id))


@router.get("/me", response=MeOut, auth=session_or_token)
def me(request: HttpRequest) -> Any:
    user = cast(User, request.user)  # session_or_token lets only accounts through
    person = services.ensure_person_for_user(user=user)
    return {
        "email": user.email,
        "name": person.full_name,
        "language": person.language,
        "roles": [str(role) for role in selectors.roles_of(user=user)],
    }
