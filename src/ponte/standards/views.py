"""Pages of the catalogue: browse by group and search, a Recommendation in the reader's language, its PDF, and the
secretariat's import of a file (all rows or none, every bad cell listed).

Thin: parse the input, ask ``rules``, call one selector or the importer, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ponte.core.actions import require_request
from ponte.standards import selectors
from ponte.standards.forms import RecommendationFileForm, RecommendationFilterForm
from ponte.standards.importers import import_recommendations
from ponte.standards.models import Recommendation

PAGE_SIZE = 25


@require_GET
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """The catalogue: the groups with their counts to browse by, the filters, and the matching Recommendations."""
    require_request(request, "standards.view_recommendation")
    form = RecommendationFilterForm(request.GET or None)
    found = selectors.recommendation_list(**form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "groups": selectors.groups_with_recommendations(),
        "filtered": any(form.filters().values()),
        "may_manage": request.user.has_perm("standards.manage_recommendations"),
    }
    return render(request, "standards/recommendation_list.html", context)


def _recommendation(sector: str, identifier: str) -> Recommendation:
    try:
        return selectors.recommendation_detail(sector=sector, identifier=identifier)
    except Recommendation.DoesNotExist as error:
        raise Http404 from error


@require_GET
def recommendation_detail(request: HttpRequest, sector: str, identifier: str) -> HttpResponse:
    """A Recommendation in the reader's language, with its group, its text and what it replaced or replaces it."""
    try:
        recommendation = selectors.recommendation_detail(sector=sector, identifier=identifier)
    except Recommendation.DoesNotExist as error:
        # An address typed as people say it (/ITU-T/h702/) leads to the Recommendation's own.
        meant = selectors.recommendation_written_otherwise(sector=sector, identifier=identifier)
        if meant is None:
            raise Http404 from error
        return redirect(meant)
    require_request(request, "standards.view_recommendation", recommendation)
    context = {
        "recommendation": recommendation,
        "may_manage": request.user.has_perm("standards.manage_recommendations"),
    }
    return render(request, "standards/recommendation_detail.html", context)


@require_GET
def recommendation_file(request: HttpRequest, sector: str, identifier: str) -> FileResponse:
    """The Recommendation's PDF, streamed with its type and name: the stored file has no address of its own."""
    recommendation = _recommendation(sector, identifier)
    require_request(request, "standards.view_recommendation_file", recommendation)
    if not recommendation.file:
        raise Http404
    response = FileResponse(
        recommendation.file.open("rb"),
        as_attachment=False,
        filename=recommendation.file_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def recommendation_import(request: HttpRequest) -> HttpResponse:
    """Create or update Recommendations from a file: all rows or none; every bad cell is listed."""
    require_request(request, "standards.manage_recommendations")
    form = RecommendationFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_recommendations(actor=request.user, file_name=upload.name, content=upload.read())
        if report.ok:
            message = _(
                "The file was imported: %(created)s Recommendations created, %(updated)s updated, %(unchanged)s "
                "unchanged."
            ) % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
            messages.success(request, message)
            return redirect("standards:recommendation_list")
    status = 400 if form.errors or (report and not report.ok) else 200
    return render(request, "standards/recommendation_import.html", {"form": form, "report": report}, status=status)
