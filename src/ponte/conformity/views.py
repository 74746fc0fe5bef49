"""Pages of the conformity database: the public search of products and their declarations, the lab registry, and
the pages where the secretariat and accredited labs record, correct, withdraw, import and export declarations.

Thin: parse the input, ask ``rules``, call one service or selector, render. Refused input answers 400 with the
errors at the fields and saves nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ponte.conformity import importers, selectors, services
from ponte.conformity.forms import (
    DeclarationChangeForm,
    DeclarationForm,
    FilterForm,
    ImportForm,
    WithdrawForm,
    apply_errors,
)
from ponte.conformity.models import Declaration, Product, TestLab
from ponte.conformity.rules import accredited_labs_of
from ponte.core.actions import require_request
from ponte.core.rules import scopes_of

PER_PAGE = 25


def _filter_form(request: HttpRequest) -> FilterForm:
    return FilterForm(request.GET or None, may_see_withdrawn=selectors.sees_withdrawn(request.user))


@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    """Products conforming to Recommendations, searched and filtered; each row shows its matching declarations."""
    form = _filter_form(request)
    products = selectors.products_matching(user=request.user, filters=form.filters())
    page = Paginator(products, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "form": form,
        "page": page,
        "rows": [selectors.product_row(product, today) for product in page.object_list],
        "query_string": request.GET.urlencode(),
        "may_add": request.user.has_perm("conformity.add_declaration"),
    }
    return render(request, "conformity/product_list.html", context)


@require_GET
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A product with every declaration the reader may see, and what each reader may do with them."""
    product = selectors.product_detail(user=request.user, pk=pk)
    if product is None:
        raise Http404
    today = timezone.localdate()
    declarations = [
        {
            "declaration": declaration,
            "status": declaration.status_on(today),
            "may_change": request.user.has_perm("conformity.change_declaration", declaration),
        }
        for declaration in product.shown_declarations  # type: ignore[attr-defined]
    ]
    context = {
        "product": product,
        "summary": selectors.product_row(product, today),
        "declarations": declarations,
        "may_add": request.user.has_perm("conformity.add_declaration"),
    }
    return render(request, "conformity/product_detail.html", context)


@require_GET
def lab_list(request: HttpRequest) -> HttpResponse:
    """The registry of test labs with their accreditation, scope and status."""
    labs = list(selectors.lab_registry())
    context = {
        "labs": labs,
        "today": timezone.localdate(),
        "may_manage": request.user.has_perm("conformity.manage_labs"),
    }
    return render(request, "conformity/lab_list.html", context)


@require_GET
def export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The filtered list's declarations in the import's columns: CSV streamed line by line, or XLSX."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    declarations = selectors.declarations_for_export(user=request.user, filters=_filter_form(request).filters())
    name = f"conformity-{timezone.localdate().isoformat()}.{file_format}"
    response: HttpResponseBase
    if file_format == "csv":
        lines = importers.declarations_csv_lines(declarations.iterator(chunk_size=500))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(importers.declarations_xlsx(declarations), content_type=importers.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Withdrawn declarations are in the secretariat's and the labs' files only: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _labs_for(request: HttpRequest) -> list[TestLab]:
    """The labs the account records for: every lab for the secretariat, its accredited labs for a representative."""
    if scopes_of(request.user).secretariat:
        return list(TestLab.objects.order_by("name"))
    return accredited_labs_of(request.user)


@login_required
def declaration_add(request: HttpRequest) -> HttpResponse:
    """Record a new declaration of a lab: the product found by manufacturer and model, or added."""
    require_request(request, "conformity.add_declaration")
    labs = _labs_for(request)
    form = DeclarationForm(request.POST or None, labs=labs, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.record_declaration(actor=request.user, entry=form.entry())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The declaration is recorded."))
            return redirect(declaration.product)
    context = {"form": form, "manufacturer_names": selectors.manufacturer_names(), "labs": labs}
    return render(request, "conformity/declaration_form.html", context, status=400 if form.errors else 200)


def _initial(request: HttpRequest) -> dict[str, Any]:
    """The form filled from ``?lab=`` and ``?product=`` (another lab's declaration of a recorded product)."""
    initial: dict[str, Any] = {"lab": request.GET.get("lab")}
    product_id = request.GET.get("product", "")
    product = (
        Product.objects.select_related("manufacturer__country").filter(pk=int(product_id)).first()
        if product_id.isdigit()
        else None
    )
    if product is not None:
        initial.update(
            manufacturer=product.manufacturer.name,
            manufacturer_country=product.manufacturer.country.alpha3,
            model=product.model,
            product=product.name,
            category=product.category,
        )
    return initial


def _declaration(request: HttpRequest, pk: int) -> Declaration:
    """The declaration if the reader may see it (a withdrawn one is "not found" for the public), else 404."""
    declaration = Declaration.objects.select_related("lab", "product__manufacturer__country").filter(pk=pk).first()
    if declaration is None or not request.user.has_perm("conformity.view_declaration", declaration):
        raise Http404
    return declaration


@login_required
def declaration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a declaration (its Recommendations, report and validity) and its product's texts."""
    declaration = _declaration(request, pk)
    require_request(request, "conformity.change_declaration", declaration)
    form = DeclarationChangeForm(request.POST or None, declaration=declaration)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_declaration(
                actor=request.user,
                declaration=declaration,
                recommendations=list(data["recommendations"]),
                report_reference=data["report_reference"],
                report_date=data["report_date"],
                valid_until=data["valid_until"],
                product=data["product"],
                category=data["category"],
                description=data["description"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The declaration is corrected."))
            return redirect(declaration.product)
    context = {"form": form, "declaration": declaration}
    return render(request, "conformity/declaration_form.html", context, status=400 if form.errors else 200)


@login_required
def declaration_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a declaration, saying why."""
    declaration = _declaration(request, pk)
    require_request(request, "conformity.change_declaration", declaration)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_declaration(
                actor=request.user, declaration=declaration, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The declaration is withdrawn."))
            return redirect(declaration.product)
    context = {"form": form, "declaration": declaration}
    return render(request, "conformity/declaration_withdraw.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def declaration_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a withdrawal."""
    declaration = _declaration(request, pk)
    require_request(request, "conformity.change_declaration", declaration)
    try:
        services.restore_declaration(actor=request.user, declaration=declaration)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The declaration is in force again."))
    return redirect(declaration.product)


@login_required
def declaration_import(request: HttpRequest) -> HttpResponse:
    """Create or update declarations from a file: all rows or none, every problem listed by line and column."""
    require_request(request, "conformity.add_declaration")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importers.import_declarations(actor=request.user, file_name=upload.name, content=form.content)
        if report.ok:
            message = _(
                "The file is imported: %(created)s declarations created, %(updated)s updated, %(unchanged)s unchanged."
            ) % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
            messages.success(request, message)
            return redirect("conformity:product_list")
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "labs": None if scopes_of(request.user).secretariat else accredited_labs_of(request.user),
    }
    status = 400 if form.errors or (report and not report.ok) else 200
    return render(request, "conformity/import.html", context, status=status)
