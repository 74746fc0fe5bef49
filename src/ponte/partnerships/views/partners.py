"""Funding partners: a public directory with each partner's profile and track record (contacts: secretariat)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET

from ponte.partnerships import selectors
from ponte.partnerships.models import PartnerKind

PER_PAGE = 50


@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    """Partners by name, filtered by kind and by name."""
    kind = request.GET.get("kind", "")
    text = request.GET.get("q", "").strip()[:100]
    partners = selectors.partner_list(kind=kind if kind in PartnerKind.values else "", text=text)
    page = Paginator(partners, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/partner_list.html",
        {"page": page, "kinds": PartnerKind.choices, "kind": kind, "q": text},
    )


@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A partner's mandate, strategy and priorities in the reader's language, and its agreements in figures."""
    partner = get_object_or_404(selectors.partner_list(), pk=pk)
    can_see_contacts = request.user.has_perm("partnerships.view_partner_contacts")
    context = {
        "partner": partner,
        "record": selectors.track_record(partner),
        "contacts": partner.contacts.all() if can_see_contacts else None,
        "agreements": (
            selectors.agreements_of(partner) if request.user.has_perm("partnerships.view_agreements") else None
        ),
    }
    return render(request, "partnerships/partner_detail.html", context)


urlpatterns = [
    path("partners/", partner_list, name="partner_list"),
    path("partners/<int:pk>/", partner_detail, name="partner_detail"),
]
