"""API input and output shapes of the membership app's applications (the SME programme and membership).

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from ponte.membership.models import Application, ApplicationDocument, ApplicationState, Endorsement
from ponte.membership.rights import RIGHT_LABELS, rights_of
from ponte.membership.selectors import sme_check


class ApplicationFilter(Schema):
    """The filters of the applications page."""

    state: ApplicationState | None = Field(None, description="Only the applications in this state.")


class ApplicationOut(Schema):
    id: int
    organisation_id: int
    organisation: str = Field(description="The applicant organisation's name.")
    country: str | None = Field(description="The applicant's country (ISO 3166-1 alpha-2 code); null if none.")
    kind: str = Field(description="participation (SME programme: study groups free of charge) or membership.")
    kind_label: str = Field(description="The kind, in the language of the request.")
    state: str = Field(description="interested, draft, submitted (awaiting national approval), approved, rejected.")
    state_label: str = Field(description="The state, in the language of the request.")
    sectors: list[str] = Field(description="The sectors applied to, e.g. ITU-T.")
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    url: str = Field(description="The application's page.")

    @staticmethod
    def resolve_organisation(application: Application) -> str:
        return application.organisation.name

    @staticmethod
    def resolve_country(application: Application) -> str | None:
        return application.organisation.country_id

    @staticmethod
    def resolve_kind_label(application: Application) -> str:
        return str(application.get_kind_display())

    @staticmethod
    def resolve_state_label(application: Application) -> str:
        return str(application.get_state_display())

    @staticmethod
    def resolve_sectors(application: Application) -> list[str]:
        return [sector.code for sector in application.sectors.all()]

    @staticmethod
    def resolve_url(application: Application) -> str:
        return application.get_absolute_url()


class EndorsementOut(Schema):
    association_id: int
    association: str = Field(description="The SME association that vouched for the application.")
    endorsed_at: datetime.datetime

    @staticmethod
    def resolve_association(endorsement: Endorsement) -> str:
        return endorsement.association.name

    @staticmethod
    def resolve_endorsed_at(endorsement: Endorsement) -> datetime.datetime:
        return endorsement.created_at


class SmeCheckOut(Schema):
    """The applicant measured against its country's national SME definition, as on the page."""

    country: str = Field(description="The country whose definition applies (ISO 3166-1 alpha-2 code).")
    legal_basis: str
    max_employees: int
    max_turnover: str | None = Field(description="Exact decimal string in turnover_currency; null if none is set.")
    turnover_currency: str
    employees_within: bool | None = Field(description="null when the applicant gave no number of employees.")
    turnover_within: bool | None = Field(
        description="null when either turnover is missing or they are in different currencies."
    )
    qualifies: bool | None = Field(description="Within every measure known; null when none is known.")


class RightOut(Schema):
    code: str
    label: str = Field(description="In the language of the request.")


class DocumentOut(Schema):
    id: int
    title: str
    size: int = Field(description="In bytes.")
    uploaded_at: datetime.datetime
    url: str = Field(description="Where the PDF is downloaded, with the same session.")

    @staticmethod
    def resolve_url(document: ApplicationDocument) -> str:
        return reverse("membership:document_download", kwargs={"pk": document.pk})


class StateChangeOut(Schema):
    state: str
    state_label: str = Field(description="In the language of the request.")
    at: datetime.datetime
    by: str = Field(description="The account that made the change; empty when not recorded.")
    reason: str = Field(description="What happened, as a code such as membership.application.approved.")


class ApplicationDetailOut(ApplicationOut):
    """An application as its page shows it."""

    groups: list[str] = Field(description="The groups of interest, e.g. ITU-T SG16.")
    employee_count: int | None
    annual_turnover: str | None = Field(description="Exact decimal string in turnover_currency; null if not given.")
    turnover_currency: str
    rejection_reason: str = Field(description="Why the national administration rejected it; empty otherwise.")
    endorsements: list[EndorsementOut]
    sme_check: SmeCheckOut | None = Field(description="Null while the country has no national SME definition.")
    rights: list[RightOut] = Field(description="What the organisation's people may do today.")
    documents: list[DocumentOut] = Field(description="The supporting documents (withdrawn ones left out).")
    history: list[StateChangeOut] | None = Field(
        description="The states it went through, oldest first: for the secretariat only (null for others)."
    )

    @staticmethod
    def resolve_groups(application: Application) -> list[str]:
        return [str(group) for group in application.groups.all()]

    @staticmethod
    def resolve_annual_turnover(application: Application) -> str | None:
        return None if application.annual_turnover is None else str(application.annual_turnover)

    @staticmethod
    def resolve_endorsements(application: Application) -> list[Endorsement]:
        return list(application.endorsements.select_related("association").order_by("created_at", "pk"))

    @staticmethod
    def resolve_sme_check(application: Application) -> dict[str, Any] | None:
        check = sme_check(application)
        definition = check.definition
        if definition is None:
            return None
        return {
            "country": definition.country_id,
            "legal_basis": definition.legal_basis,
            "max_employees": definition.max_employees,
            "max_turnover": None if definition.max_turnover is None else str(definition.max_turnover),
            "turnover_currency": definition.turnover_currency,
            "employees_within": check.employees_within,
            "turnover_within": check.turnover_within,
            "qualifies": check.qualifies,
        }

    @staticmethod
    def resolve_rights(application: Application) -> list[dict[str, str]]:
        return [
            {"code": str(right), "label": str(RIGHT_LABELS[right])}
            for right in sorted(rights_of(application.organisation))
        ]

    @staticmethod
    def resolve_documents(application: Application) -> list[ApplicationDocument]:
        return list(application.documents.filter(is_withdrawn=False))

    @staticmethod
    def resolve_history(application: Application, context: dict[str, Any]) -> list[dict[str, Any]] | None:
        if not context["request"].user.has_perm("core.view_history"):
            return None
        return state_changes(application)


def state_changes(application: Application) -> list[dict[str, Any]]:
    """The application's moves from state to state, oldest first, read from its history in one query."""
    records = application.history.select_related("history_user").order_by("history_date", "history_id")
    changes: list[dict[str, Any]] = []
    for record in records:
        if changes and changes[-1]["state"] == record.state:
            continue
        changes.append(
            {
                "state": record.state,
                "state_label": str(ApplicationState(record.state).label),
                "at": record.history_date,
                "by": str(record.history_user) if record.history_user else "",
                "reason": record.history_change_reason or "",
            }
        )
    return changes
