"""The API root (django-ninja): mounts each app's router under /api/v1/.

Domain errors become HTTP answers here, in one place: a denial is 403, a
missing record 404, invalid input 422 with the errors per field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from ponte.conformity.api import router as conformity_router
from ponte.core.api import router as core_router
from ponte.experts.api import router as experts_router
from ponte.funds.api import router as funds_router
from ponte.innovation.api import router as innovation_router
from ponte.meetings.api import router as meetings_router
from ponte.membership.api import router as membership_router
from ponte.opportunities.api import router as opportunities_router
from ponte.outreach.api import router as outreach_router
from ponte.partnerships.api import router as partnerships_router
from ponte.portal.api import router as portal_router
from ponte.privacy.api import router as privacy_router
from ponte.qa.api import router as qa_router
from ponte.search.api import router as search_router
from ponte.sponsorship.api import router as sponsorship_router
from ponte.standards.api import router as standards_router
from ponte.stats.api import router as stats_router

api = NinjaAPI(
    title="Ponte API",
    version="1",
    description="Public and authenticated access to Ponte's records; permissions are those of the pages.",
    urls_namespace="api",
)
api.add_router("/", core_router)
api.add_router("/membership", membership_router)
api.add_router("/meetings", meetings_router)
api.add_router("/stats", stats_router)
api.add_router("/funds", funds_router)
api.add_router("/partnerships", partnerships_router)
api.add_router("/sponsorship", sponsorship_router)
api.add_router("/opportunities", opportunities_router)
api.add_router("/standards", standards_router)
api.add_router("/qa", qa_router)
api.add_router("/conformity", conformity_router)
api.add_router("/experts", experts_router)
api.add_router("/innovation", innovation_router)
api.add_router("/my", portal_router)
api.add_router("/search", search_router)
api.add_router("/outreach", outreach_router)
api.add_router("/privacy", privacy_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("You are not allowed to do this.")}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = [{"loc": ["body", field], "msg": message} for field, messages in errors.items() for message in messages]
    return api.create_response(request, {"detail": detail}, status=422)
