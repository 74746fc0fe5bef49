"""Who may see and move applications, and keep national SME definitions.

Only the focal point of the applicant's own country decides an application;
the secretariat sees everything and records interested organisations, but the
national approval is the Member State's.
"""

from __future__ import annotations

from typing import Any

import rules

from ponte.core.models import Organisation, OrganisationCategory
from ponte.core.rules import is_secretariat, scopes_of
from ponte.membership.models import Application, Invoice, NationalSmeDefinition


@rules.predicate
def is_focal_point_of_applicant(user: Any, application: Application | None) -> bool:
    if application is None:
        return False
    country_id = application.organisation.country_id
    return country_id is not None and country_id in scopes_of(user).countries


@rules.predicate
def represents_applicant(user: Any, application: Application | None) -> bool:
    return application is not None and application.organisation_id in scopes_of(user).organisations


@rules.predicate
def is_focal_point_of_definition_country(user: Any, definition: NationalSmeDefinition | None) -> bool:
    return definition is not None and definition.country_id in scopes_of(user).countries


@rules.predicate
def represents_an_endorser(user: Any, application: Application | None) -> bool:
    organisations = scopes_of(user).organisations
    if application is None or not organisations:
        return False
    return application.endorsements.filter(association_id__in=organisations).exists()


@rules.predicate
def represents_sme_association(user: Any, association: Organisation | None) -> bool:
    return (
        association is not None
        and association.category == OrganisationCategory.SME_ASSOCIATION
        and association.is_active
        and association.pk in scopes_of(user).organisations
    )


@rules.predicate
def represents_billed_organisation(user: Any, invoice: Invoice | None) -> bool:
    return invoice is not None and invoice.organisation_id in scopes_of(user).organisations


rules.add_perm(
    "membership.view_application",
    is_secretariat | is_focal_point_of_applicant | represents_applicant | represents_an_endorser,
)
rules.add_perm("membership.endorse_for", represents_sme_association)
rules.add_perm("membership.change_application", represents_applicant | is_secretariat)
rules.add_perm("membership.decide_application", is_focal_point_of_applicant)
rules.add_perm("membership.record_interest", is_secretariat)
rules.add_perm("membership.view_sme_report", rules.always_allow)
rules.add_perm("membership.view_nationalsmedefinition", rules.always_allow)
rules.add_perm("membership.change_nationalsmedefinition", is_focal_point_of_definition_country)
rules.add_perm("membership.add_application", is_secretariat)
rules.add_perm("membership.add_nationalsmedefinition", is_secretariat)
rules.add_perm("membership.simulate_fees", is_secretariat)
rules.add_perm("membership.view_feeschedule", rules.always_allow)
rules.add_perm("membership.view_membership", is_secretariat)
rules.add_perm("membership.view_feescenario", is_secretariat)
rules.add_perm("membership.view_invoice", is_secretariat | represents_billed_organisation)
rules.add_perm("membership.list_invoices", rules.is_authenticated)
rules.add_perm("membership.issue_invoices", is_secretariat)
rules.add_perm("membership.charge_meeting_days", is_secretariat)
rules.add_perm("membership.record_payment", is_secretariat)
rules.add_perm("membership.cancel_invoice", is_secretariat)
rules.add_perm("membership.import_bank_statement", is_secretariat)

# The admin asks for Django's model permissions: fees and memberships are the secretariat's.
for _model in (
    "feeschedule",
    "membership",
    "feescenario",
    "application",
    "nationalsmedefinition",
    "endorsement",
    "feewaiver",
    "invoice",
    "invoiceline",
    "payment",
    "bankstatemententry",
):
    for _action in ("add", "change", "view"):
        if not rules.perm_exists(f"membership.{_action}_{_model}"):
            rules.add_perm(f"membership.{_action}_{_model}", is_secretariat)
