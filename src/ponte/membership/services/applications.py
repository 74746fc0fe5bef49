"""Membership owns applications and their national approval, and national SME definitions.

Every move of an application goes through one function here: it checks the
actor's right through ``rules``, locks the application row so that two
decisions at once end in exactly one, keeps the move in history with a
namespaced reason (``membership.application.approved``) and tells the
applicant's representatives by email after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Country, EmailKind, Group, Organisation, OrganisationCategory, Role, RoleKind
from ponte.core.notifications import notify
from ponte.core.services import list_organisation
from ponte.core.uploads import PDF, document_type
from ponte.membership.models import (
    Application,
    ApplicationDocument,
    ApplicationKind,
    ApplicationState,
    Endorsement,
    FeeScenario,
    NationalSmeDefinition,
)
from ponte.membership.services._common import _require, _save
from ponte.membership.services.invoices import admit_member, check_member_category


def _set_groups(application: Application, groups: Iterable[Group]) -> None:
    groups = list(groups)
    application.groups.set(groups)
    application.sectors.set({group.sector for group in groups})


@transaction.atomic
def record_interest(*, actor: Any, organisation: Organisation, groups: Iterable[Group] = ()) -> Application:
    """The secretariat records an organisation that has shown interest before applying."""
    _require(actor, "membership.record_interest")
    application = Application(
        organisation=organisation,
        kind=ApplicationKind.PARTICIPATION,
        state=ApplicationState.INTERESTED,
        employee_count=organisation.employee_count,
    )
    _save(application, "membership.application.interested", actor)
    _set_groups(application, groups)
    return application


@transaction.atomic
def start_application(
    *,
    actor: Any,
    organisation: Organisation,
    groups: Iterable[Group],
    employee_count: int | None,
    annual_turnover: Decimal | None = None,
    turnover_currency: str = "CHF",
    kind: str = ApplicationKind.PARTICIPATION,
) -> Application:
    """An organisation's representative starts an application (a draft), or turns its interest into one."""
    application = (
        Application.objects.select_for_update()
        .filter(organisation=organisation, kind=kind, state=ApplicationState.INTERESTED)
        .first()
    ) or Application(organisation=organisation, kind=kind)
    _require(actor, "membership.change_application", application)
    if kind == ApplicationKind.MEMBERSHIP:
        check_member_category(organisation, employee_count, timezone.localdate().year)
    application.state = ApplicationState.DRAFT
    application.employee_count = employee_count
    application.annual_turnover = annual_turnover
    application.turnover_currency = turnover_currency
    _save(application, "membership.application.drafted", actor)
    _set_groups(application, groups)
    return application


@transaction.atomic
def submit_application(*, actor: Any, application: Application) -> Application:
    """Send a draft to the country's focal point for national approval."""
    application = _locked(application)
    _require(actor, "membership.change_application", application)
    if application.state != ApplicationState.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."), code="not_draft")
    if not application.groups.exists():
        raise ValidationError({"groups": _("Choose at least one group of interest.")}, code="no_groups")
    if application.organisation.country_id is None:
        raise ValidationError(_("The organisation needs a country: its administration approves it."), code="country")
    application.state = ApplicationState.SUBMITTED
    application.submitted_at = timezone.now()
    _save(application, "membership.application.submitted", actor)
    _notify_focal_points(application)
    return application


@transaction.atomic
def approve_application(*, actor: Any, application: Application) -> Application:
    """The focal point of the applicant's country approves; the organisation then takes part in the groups and,
    if it applied for membership, becomes a member and receives the year's invoice. An organisation its own
    people recorded is listed publicly from then on: its administration vouched for it."""
    application = _decide(actor, application, ApplicationState.APPROVED, reason="")
    organisation = list_organisation(application.organisation, reason="core.organisation.approved", actor=actor)
    organisation.groups.add(*application.groups.all())
    admit_member(actor=actor, application=application)
    _notify_applicant(application)
    return application


@transaction.atomic
def reject_application(*, actor: Any, application: Application, reason: str) -> Application:
    """The focal point of the applicant's country rejects, saying why."""
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Give the reason for the rejection.")}, code="reason")
    application = _decide(actor, application, ApplicationState.REJECTED, reason=reason.strip())
    _notify_applicant(application)
    return application


def _locked(application: Application) -> Application:
    """The application re-read under a row lock: concurrent moves wait and then see the result."""
    return Application.objects.select_for_update().select_related("organisation").get(pk=application.pk)


def _decide(actor: Any, application: Application, state: str, reason: str) -> Application:
    application = _locked(application)
    _require(actor, "membership.decide_application", application)
    if application.state != ApplicationState.SUBMITTED:
        raise ValidationError(
            _("This application is %(state)s: there is nothing to decide.")
            % {"state": application.get_state_display()},
            code="already_decided",
        )
    application.state = state
    application.rejection_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = actor
    _save(application, f"membership.application.{state}", actor)
    return application


def _notify_applicant(application: Application) -> None:
    """Tell the organisation's representatives the decision, each in their language."""
    roles = Role.objects.filter(
        kind=RoleKind.REPRESENTATIVE, organisation=application.organisation, revoked_at__isnull=True
    ).select_related("user__person")
    for role in roles:
        user = role.user
        language = getattr(getattr(user, "person", None), "language", "en")
        with translation.override(language):
            context = {
                "organisation": application.organisation.name,
                "state": str(application.get_state_display()),
                "reason": application.rejection_reason,
            }
        transaction.on_commit(
            partial(
                notify,
                to=user.email,
                language=language,
                template="membership/email/decision",
                context=context,
                kind=EmailKind.DECISIONS,
                recipient=user,
            )
        )


def _notify_focal_points(application: Application) -> None:
    roles = Role.objects.filter(
        kind=RoleKind.FOCAL_POINT, country_id=application.organisation.country_id, revoked_at__isnull=True
    ).select_related("user__person")
    for role in roles:
        user = role.user
        language = getattr(getattr(user, "person", None), "language", "en")
        context = {"organisation": application.organisation.name}
        transaction.on_commit(
            partial(
                notify,
                to=user.email,
                language=language,
                template="membership/email/submitted",
                context=context,
                kind=EmailKind.DECISIONS,
                recipient=user,
            )
        )


@transaction.atomic
def set_sme_definition(
    *,
    actor: Any,
    country: Country,
    max_employees: int,
    max_turnover: Decimal | None,
    turnover_currency: str,
    legal_basis: str = "",
) -> NationalSmeDefinition:
    """The focal point records its country's own SME definition."""
    definition = NationalSmeDefinition.objects.filter(country=country).first() or NationalSmeDefinition(country=country)
    _require(actor, "membership.change_nationalsmedefinition", definition)
    definition.max_employees = max_employees
    definition.max_turnover = max_turnover
    definition.turnover_currency = turnover_currency
    definition.legal_basis = legal_basis
    _save(definition, "membership.sme_definition.updated", actor)
    return definition


@transaction.atomic
def endorse_application(*, actor: Any, application: Application, association: Organisation) -> Endorsement:
    """An SME association vouches for an application it knows (once per association)."""
    _require(actor, "membership.endorse_for", association)
    existing = Endorsement.objects.filter(application=application, association=association).first()
    if existing is not None:
        return existing
    if application.state not in (ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.INTERESTED):
        raise ValidationError(_("Only an application still under way can be endorsed."), code="decided")
    endorsement = Endorsement(application=application, association=association, endorsed_by=actor)
    _save(endorsement, "membership.application.endorsed", actor)
    return endorsement


@transaction.atomic
def submit_endorsed_application(
    *,
    actor: Any,
    association: Organisation,
    name: str,
    country: Country,
    employee_count: int,
    groups: Iterable[Group],
    annual_turnover: Decimal | None = None,
    turnover_currency: str = "CHF",
    website: str = "",
) -> Application:
    """An SME association onboards one of its member SMEs: the SME, its submitted application, the endorsement."""
    _require(actor, "membership.endorse_for", association)
    organisation = Organisation.objects.filter(name=name, country=country).first()
    if organisation is None:
        organisation = Organisation(
            name=name,
            category=OrganisationCategory.SME,
            country=country,
            employee_count=employee_count,
            website=website,
        )
        _save(organisation, "core.organisation.created", actor)
    if Application.objects.filter(
        organisation=organisation,
        state__in=[ApplicationState.SUBMITTED, ApplicationState.APPROVED],
        kind=ApplicationKind.PARTICIPATION,
    ).exists():
        raise ValidationError(
            {"name": _("%(name)s already has an application submitted or approved.") % {"name": name}},
            code="duplicate",
        )
    application = Application(
        organisation=organisation,
        kind=ApplicationKind.PARTICIPATION,
        state=ApplicationState.SUBMITTED,
        employee_count=employee_count,
        annual_turnover=annual_turnover,
        turnover_currency=turnover_currency,
        submitted_at=timezone.now(),
    )
    _save(application, "membership.application.submitted", actor)
    _set_groups(application, groups)
    endorsement = Endorsement(application=application, association=association, endorsed_by=actor)
    _save(endorsement, "membership.application.endorsed", actor)
    _notify_focal_points(application)
    return application


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def check_pdf(upload: Any) -> None:
    """A supporting document must be a PDF (checked by its content, not its name) of at most 10 MB."""
    document_type(upload, allowed=(PDF,), max_bytes=MAX_DOCUMENT_BYTES, wrong_type=_("The file is not a PDF document."))


@transaction.atomic
def add_document(*, actor: Any, application: Application, title: str, upload: Any) -> ApplicationDocument:
    """Attach a supporting PDF to an application still under way."""
    _require(actor, "membership.change_application", application)
    if application.state not in (ApplicationState.INTERESTED, ApplicationState.DRAFT, ApplicationState.SUBMITTED):
        raise ValidationError(_("Documents can no longer be added: the application is decided."), code="decided")
    check_pdf(upload)
    document = ApplicationDocument(application=application, title=title, size=upload.size, uploaded_by=actor)
    document.file.save("document.pdf", upload, save=False)
    _save(document, "membership.document.added", actor)
    return document


@transaction.atomic
def save_fee_scenario(
    *, actor: Any, name: str, year: int, employee_threshold: int, sme_fee: Decimal, existing_may_switch: bool
) -> FeeScenario:
    """Keep a simulated fee policy to compare it with others."""
    _require(actor, "membership.simulate_fees")
    scenario = FeeScenario(
        name=name,
        year=year,
        employee_threshold=employee_threshold,
        sme_fee=sme_fee,
        existing_may_switch=existing_may_switch,
        created_by=actor,
    )
    _save(scenario, "membership.fee_scenario.saved", actor)
    return scenario
