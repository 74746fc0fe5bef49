"""API input and output shapes of the meetings app: meetings and registrations, contributions, fellowships and
leadership posts.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError

from ponte.core.models import Organisation
from ponte.funds.services import FELLOWSHIP_CURRENCY
from ponte.meetings.models import Contribution, Fellowship, FellowshipState, LeadershipPost, Meeting, Registration
from ponte.meetings.selectors import contributions as contribution_selectors
from ponte.meetings.selectors.fellowships import FIRST, FellowshipBudget
from ponte.meetings.selectors.leadership import RegionalBalance

# --- Meetings and registrations --------------------------------------------------------------------------------


class MeetingOut(Schema):
    code: str
    sector: str
    group: str
    title: str = Field(..., description="In the language of the request.")
    starts_on: datetime.date
    ends_on: datetime.date
    country: str | None = Field(None, description="ISO 3166 alpha-3, none when fully virtual.")
    city: str
    is_virtual: bool
    is_hybrid: bool
    registration_deadline: datetime.date | None
    capacity: int | None
    interpretation_languages: list[str]

    @staticmethod
    def resolve_sector(meeting: Meeting) -> str:
        return meeting.group.sector.code

    @staticmethod
    def resolve_group(meeting: Meeting) -> str:
        return meeting.group.code

    @staticmethod
    def resolve_country(meeting: Meeting) -> str | None:
        return meeting.country.alpha3 if meeting.country else None


class MeetingDetailOut(MeetingOut):
    registered_in_person: int
    registered_remote: int

    @staticmethod
    def resolve_registered_in_person(meeting: Meeting) -> int:
        return int(meeting.in_person)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_registered_remote(meeting: Meeting) -> int:
        return int(meeting.remote)  # type: ignore[attr-defined]


class MeetingFilter(Schema):
    sector: str = Field("", max_length=16)
    group: str = Field("", max_length=32)
    year: int | None = Field(None, ge=1865, le=2200, description="Year the meeting starts (ITU: since 1865).")
    past: bool = False


class RegistrationOut(Schema):
    id: int
    meeting: str
    person: str
    organisation: str | None
    delegation: str | None
    basis: str
    mode: str
    interpretation_language: str
    state: str
    invoice: str | None

    @staticmethod
    def resolve_meeting(registration: Registration) -> str:
        return registration.meeting.code

    @staticmethod
    def resolve_person(registration: Registration) -> str:
        return registration.person.full_name

    @staticmethod
    def resolve_organisation(registration: Registration) -> str | None:
        return registration.organisation.name if registration.organisation else None

    @staticmethod
    def resolve_delegation(registration: Registration) -> str | None:
        return registration.delegation.alpha3 if registration.delegation else None

    @staticmethod
    def resolve_invoice(registration: Registration) -> str | None:
        return registration.invoice.number if registration.invoice else None


# --- Contributions ---------------------------------------------------------------------------------------------


class ContributionFilter(Schema):
    """The filters of the contributions page."""

    q: str = Field("", max_length=100, description="Words of the number, the title or a source organisation's name.")
    sector: str = Field("", max_length=16, description="A sector's code, e.g. ITU-T.")
    group: str = Field("", max_length=32, description="A group's code, e.g. SG16 (its subgroups included).")
    meeting: str = Field("", max_length=40, description="A meeting's code, e.g. T25-SG16-260615.")
    question: str = Field("", max_length=20, description="A Question, e.g. Q5/16.")
    source: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The id of an organisation that has sourced a contribution."
    )

    def filters(self) -> dict[str, Any]:
        """The selector's arguments; a sector or source the page's filter form does not offer is a 422."""
        errors: list[dict[str, Any]] = []
        if self.sector or self.source is not None:
            sectors, sources = contribution_selectors.filter_choices()
            if self.sector and self.sector not in {sector.code for sector in sectors}:
                message = _("No sector has the code %(code)s.") % {"code": self.sector}
                errors.append({"type": "unknown_sector", "loc": ["query", "sector"], "msg": message})
            if self.source is not None and self.source not in {organisation.pk for organisation in sources}:
                message = _("No contribution has this organisation as its source.")
                errors.append({"type": "unknown_source", "loc": ["query", "source"], "msg": message})
        if errors:
            raise ValidationError(errors)
        return {
            "query": self.q.strip(),
            "sector": self.sector,
            "group": self.group.strip(),
            "meeting": self.meeting.strip(),
            "question": self.question,
            "source": self.source,
        }


class SourceOut(Schema):
    id: int
    name: str
    country: str | None = Field(description="ISO 3166 alpha-3; null for an international organisation.")


def _sources(contribution: Contribution) -> list[dict[str, Any]]:
    """The source organisations, by name (prefetched by the selectors)."""
    return [_source(organisation) for organisation in contribution.sources.all()]


def _source(organisation: Organisation) -> dict[str, Any]:
    country = organisation.country.alpha3 if organisation.country else None
    return {"id": organisation.pk, "name": organisation.name, "country": country}


class ContributionOut(Schema):
    number: str
    revision: int = Field(description="The latest revision: 0 for the original, 1 for Rev. 1, …")
    title: str
    sector: str
    group: str = Field(description="The group's code, e.g. SG16.")
    question: str = Field(description="e.g. Q5/16; empty when none is named.")
    meeting: str | None = Field(description="The meeting's code; null when none is named.")
    sources: list[SourceOut]
    submitted_at: datetime.datetime
    url: str = Field(description="The contribution's page.")

    @staticmethod
    def resolve_sector(contribution: Contribution) -> str:
        return contribution.group.sector.code

    @staticmethod
    def resolve_group(contribution: Contribution) -> str:
        return contribution.group.code

    @staticmethod
    def resolve_meeting(contribution: Contribution) -> str | None:
        return contribution.meeting.code if contribution.meeting else None

    @staticmethod
    def resolve_sources(contribution: Contribution) -> list[dict[str, Any]]:
        return _sources(contribution)

    @staticmethod
    def resolve_url(contribution: Contribution) -> str:
        return reverse("meetings:contribution_detail", kwargs={"number": contribution.number})


class RevisionOut(Schema):
    revision: int
    title: str
    sources: list[SourceOut]
    submitted_at: datetime.datetime
    content_type: str = Field(description="application/pdf, or the Word (DOCX) type.")
    size: int = Field(description="The file's size in bytes.")
    download: str = Field(description="The page's download address of the file (for a signed-in reader).")


class ContributionDetailOut(ContributionOut):
    group_title: str = Field(description="In the language of the request.")
    meeting_title: str | None = Field(description="In the language of the request.")
    revisions: list[RevisionOut] = Field(description="Every revision, the latest first.")

    @staticmethod
    def resolve_group_title(contribution: Contribution) -> str:
        return str(contribution.group.title)

    @staticmethod
    def resolve_meeting_title(contribution: Contribution) -> str | None:
        return contribution.meeting.title if contribution.meeting else None

    @staticmethod
    def resolve_revisions(contribution: Contribution) -> list[dict[str, Any]]:
        revisions: list[Contribution] = contribution.all_revisions  # type: ignore[attr-defined]
        return [
            {
                "revision": revision.revision,
                "title": revision.title,
                "sources": _sources(revision),
                "submitted_at": revision.submitted_at,
                "content_type": revision.content_type,
                "size": revision.size,
                "download": reverse(
                    "meetings:contribution_download",
                    kwargs={"number": revision.number, "revision": revision.revision},
                ),
            }
            for revision in revisions
        ]


# --- Fellowships -----------------------------------------------------------------------------------------------


def _amount(fellowship: Fellowship) -> str | None:
    """The amount, as on the pages: only once awarded."""
    return str(fellowship.amount) if fellowship.state == FellowshipState.AWARDED else None


class NominationOut(Schema):
    """A focal point's nomination and what became of it."""

    id: int
    meeting: str = Field(description="The meeting's code.")
    meeting_starts_on: datetime.date
    candidate: str = Field(description="The candidate's name.")
    country: str = Field(description="ISO 3166 alpha-3 of the nominating country.")
    state: str = Field(description="nominated, awarded or declined.")
    kind: str = Field(description="full or partial once awarded, else empty.")
    currency: str = Field(description="Of the amount: fellowships are awarded in CHF.")
    amount: str | None = Field(description="Exact decimal string; null until awarded.")
    decision_note: str = Field(description="The secretariat's note on its decision.")

    @staticmethod
    def resolve_meeting(fellowship: Fellowship) -> str:
        return fellowship.meeting.code

    @staticmethod
    def resolve_meeting_starts_on(fellowship: Fellowship) -> datetime.date:
        return fellowship.meeting.starts_on

    @staticmethod
    def resolve_candidate(fellowship: Fellowship) -> str:
        return fellowship.person.full_name

    @staticmethod
    def resolve_country(fellowship: Fellowship) -> str:
        return fellowship.country.alpha3

    @staticmethod
    def resolve_amount(fellowship: Fellowship) -> str | None:
        return _amount(fellowship)

    @staticmethod
    def resolve_currency(fellowship: Fellowship) -> str:
        return FELLOWSHIP_CURRENCY


class CandidateOut(Schema):
    """A candidate on the secretariat's decision page."""

    id: int
    candidate: str = Field(description="The candidate's name.")
    country: str = Field(description="ISO 3166 alpha-3.")
    region: str = Field(description="The country's ITU-D region (AFR, AMS, ARB, ASP, CIS, EUR).")
    priority: str = Field(description="first (LDC, SIDS, LLDC), else developing.")
    classifications: list[str] = Field(description="The UN lists the country is on: LDC, SIDS, LLDC, EIT.")
    gender: str | None = Field(description="null when not given.")
    state: str = Field(description="nominated, awarded or declined.")
    kind: str = Field(description="full or partial once awarded, else empty.")
    currency: str = Field(description="Of the amount: fellowships are awarded in CHF.")
    amount: str | None = Field(description="Exact decimal string; null until awarded.")
    motivation: str = Field(description="Why the focal point nominated this candidate.")
    nominated_at: datetime.datetime

    @staticmethod
    def resolve_candidate(fellowship: Fellowship) -> str:
        return fellowship.person.full_name

    @staticmethod
    def resolve_country(fellowship: Fellowship) -> str:
        return fellowship.country.alpha3

    @staticmethod
    def resolve_region(fellowship: Fellowship) -> str:
        return fellowship.country.region

    @staticmethod
    def resolve_priority(fellowship: Fellowship) -> str:
        return "first" if fellowship.priority == FIRST else "developing"  # type: ignore[attr-defined]

    @staticmethod
    def resolve_classifications(fellowship: Fellowship) -> list[str]:
        return fellowship.country.classifications

    @staticmethod
    def resolve_gender(fellowship: Fellowship) -> str | None:
        return fellowship.person.gender or None

    @staticmethod
    def resolve_amount(fellowship: Fellowship) -> str | None:
        return _amount(fellowship)

    @staticmethod
    def resolve_currency(fellowship: Fellowship) -> str:
        return FELLOWSHIP_CURRENCY


class FellowshipBudgetOut(Schema):
    currency: str = Field(description="Fellowships are awarded in CHF.")
    budget: str = Field(description="Exact decimal string.")
    awarded: str = Field(description="The sum awarded so far; exact decimal string.")
    left: str = Field(description="Exact decimal string.")
    percent_awarded: int
    awaiting_decision: int = Field(description="Candidates nominated and not yet decided.")
    fellowships_awarded: int
    to_women: int
    to_men: int
    regions: int = Field(description="The ITU-D regions the awards went to.")

    @staticmethod
    def from_budget(budget: FellowshipBudget) -> dict[str, Any]:
        return {
            "currency": FELLOWSHIP_CURRENCY,
            "budget": str(budget.budget),
            "awarded": str(budget.used),
            "left": str(budget.left),
            "percent_awarded": budget.percent_used,
            "awaiting_decision": budget.nominated,
            "fellowships_awarded": budget.awarded,
            "to_women": budget.women,
            "to_men": budget.men,
            "regions": budget.regions,
        }


class MeetingFellowshipsOut(Schema):
    meeting: str = Field(description="The meeting's code.")
    nominations_close_on: datetime.date = Field(description="The last day a focal point may nominate.")
    budget: FellowshipBudgetOut
    candidates: list[CandidateOut] = Field(
        description="By priority: LDC, SIDS and LLDC first, then by region, country and order of nomination."
    )


# --- Leadership ------------------------------------------------------------------------------------------------


class LeadershipQuery(Schema):
    sector: str = Field(..., max_length=16, description="The group's sector, e.g. ITU-T.")
    group: str = Field(..., max_length=32, description="The group's code, e.g. SG16 or WP1/16.")


class PostOut(Schema):
    group: str = Field(description="The group's code: the group asked for or one of its subgroups.")
    role: str = Field(description="chair, vice_chair, rapporteur, associate_rapporteur or mentor.")
    person: str = Field(description="The post holder's name.")
    organisation: str = Field(description="The organisation they hold the post for.")
    organisation_country: str | None = Field(description="ISO 3166 alpha-3; null for an international one.")
    region: str = Field(description="Vice-chairs: the ITU-D region they represent; empty otherwise.")
    regional_duties: str
    question: str = Field(description="Rapporteurs: the Question they lead, e.g. Q5/16.")
    starts_on: datetime.date
    ends_on: datetime.date | None = Field(description="The term's last day; null while not known.")

    @staticmethod
    def resolve_group(post: LeadershipPost) -> str:
        return post.group.code

    @staticmethod
    def resolve_person(post: LeadershipPost) -> str:
        return post.person.full_name

    @staticmethod
    def resolve_organisation(post: LeadershipPost) -> str:
        return post.organisation.name

    @staticmethod
    def resolve_organisation_country(post: LeadershipPost) -> str | None:
        return post.organisation.country.alpha3 if post.organisation.country else None


class RegionalBalanceOut(Schema):
    sector: str | None = Field(description="null on the row adding up every group.")
    group: str | None = Field(description="The group's code; null on the row adding up every group.")
    by_region: dict[str, int] = Field(description="Current posts per ITU-D region.")
    without_region: int = Field(description="Posts of international organisations (no country).")
    posts: int
    from_developing: int = Field(description="Posts held by people from developing countries.")
    developing_share: float | None = Field(description="Percentage from developing countries; null without posts.")

    @staticmethod
    def from_balance(balance: RegionalBalance) -> dict[str, Any]:
        return {
            "sector": balance.group.sector.code if balance.group else None,
            "group": balance.group.code if balance.group else None,
            "by_region": {row.region: row.posts for row in balance.by_region},
            "without_region": balance.without_region,
            "posts": balance.posts,
            "from_developing": balance.from_developing,
            "developing_share": balance.developing_share,
        }


class GroupLeadershipOut(Schema):
    sector: str
    group: str
    title: str = Field(description="In the language of the request.")
    posts: list[PostOut] = Field(description="Current posts of the group and its subgroups, by group then role.")
    balance: list[RegionalBalanceOut] = Field(description="Per group with current posts: the posts per region.")
    total: RegionalBalanceOut = Field(description="The groups of the list added up.")


class LeadershipBalanceOut(Schema):
    groups: list[RegionalBalanceOut] = Field(description="Per group with current posts, study groups by number.")
    total: RegionalBalanceOut = Field(description="Every group added up.")
