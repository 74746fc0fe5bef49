"""Who may see and change what in the conformity database: the one place that says it.

- Everyone reads the products and their valid and expired declarations, and the lab registry. A withdrawn
  declaration is seen by the secretariat and by the representatives of its lab's organisation (marked withdrawn).
- The secretariat records, changes and withdraws any declaration, and keeps the lab registry.
- A lab acts through its organisation on the platform: the representatives of that organisation record, change
  and withdraw the lab's own declarations while the lab's accreditation is current (today). Nobody else does.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from ponte.conformity.models import Declaration, Product, TestLab
from ponte.core.rules import is_secretariat, scopes_of


def accredited_labs_of(user: Any) -> list[TestLab]:
    """The labs whose organisation the account represents and whose accreditation is current today.

    Read once per account object and day (cached beside the account's scopes, and dropped with them).
    """
    scopes = scopes_of(user)
    if not scopes.organisations:
        return []
    today = timezone.localdate()
    cached: tuple[Any, Any, list[TestLab]] | None = getattr(user, "_ponte_conformity_labs", None)
    if cached is not None and cached[0] is scopes and cached[1] == today:
        return cached[2]
    labs = list(
        TestLab.objects.filter(organisation_id__in=scopes.organisations, accredited_until__gte=today)
        .exclude(accredited_from__gt=today)
        .order_by("name")
    )
    user._ponte_conformity_labs = (scopes, today, labs)
    return labs


@rules.predicate
def acts_for_lab(user: Any, lab: TestLab | None) -> bool:
    """The account represents the lab's organisation and the lab's accreditation is current today."""
    return lab is not None and any(own.pk == lab.pk for own in accredited_labs_of(user))


@rules.predicate
def acts_for_any_lab(user: Any) -> bool:
    return bool(accredited_labs_of(user))


@rules.predicate
def acts_for_declaration_lab(user: Any, declaration: Declaration | None) -> bool:
    return declaration is not None and any(own.pk == declaration.lab_id for own in accredited_labs_of(user))


@rules.predicate
def represents_declaration_lab(user: Any, declaration: Declaration | None) -> bool:
    """The account represents the lab's organisation, whatever the accreditation (to see the lab's own records)."""
    if declaration is None:
        return False
    organisation_id = declaration.lab.organisation_id
    return organisation_id is not None and organisation_id in scopes_of(user).organisations


@rules.predicate
def is_not_withdrawn(user: Any, declaration: Declaration | None) -> bool:
    return declaration is None or declaration.withdrawn_on is None


@rules.predicate
def has_declaration_by_own_lab(user: Any, product: Product | None) -> bool:
    """One of the account's currently accredited labs has a declaration of the product."""
    labs = [lab.pk for lab in accredited_labs_of(user)]
    return product is not None and bool(labs) and product.declarations.filter(lab_id__in=labs).exists()


rules.add_perm("conformity.view_product", rules.always_allow)
rules.add_perm("conformity.view_labs", rules.always_allow)
rules.add_perm("conformity.view_declaration", is_not_withdrawn | is_secretariat | represents_declaration_lab)
rules.add_perm("conformity.add_declaration", is_secretariat | acts_for_any_lab)
rules.add_perm("conformity.record_for_lab", is_secretariat | acts_for_lab)
rules.add_perm("conformity.change_declaration", is_secretariat | acts_for_declaration_lab)
rules.add_perm("conformity.change_product", is_secretariat | has_declaration_by_own_lab)
rules.add_perm("conformity.manage_labs", is_secretariat)

# The admin asks for Django's model permissions; here they are the secretariat's.
for _model in ("testlab", "manufacturer", "product", "declaration"):
    for _action in ("add", "change", "view"):
        _name = f"conformity.{_action}_{_model}"
        if not rules.perm_exists(_name):
            rules.add_perm(_name, is_secretariat)
