"""Planned reads (issue 9): every list page and every API list reads the same number of queries with 2 rows as with
7, for the viewer who sees it, and the rows really are on it."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ponte.core.models import Organisation, RoleKind, User
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, PersonFactory, country, group, with_role

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


@dataclass(frozen=True)
class World:
    """The viewers of the lists: the public, the secretariat (with 2FA), a Japanese SME's representative and Japan's
    focal point."""

    secretariat: User
    representative: User
    sme: Organisation
    focal_point: User


Builder = Callable[[World], str]


@dataclass(frozen=True)
class Case:
    url: str
    viewer: str
    build: Builder
    shows: int = 20  # a page (or a portal section) shows at most this many rows


def _unique(prefix: str) -> str:
    return f"{prefix} {next(_numbers):04d}"


# --- builders: each makes one row of what the list shows and returns a text of it that the response must contain.


def _organisation(world: World) -> str:
    name = _unique("Listed SME")
    OrganisationFactory(name=name, country=country("KEN"))
    return name


def _meeting(world: World) -> str:
    from tests.portal.factories import meeting

    title = _unique("Listed meeting")
    meeting(title=title)
    return title


def _my_meeting(world: World) -> str:
    from tests.portal.factories import meeting, registration

    return registration(world.representative, meeting(title=_unique("My meeting")), world.sme).meeting.code


def _my_meeting_title(world: World) -> str:
    from ponte.meetings.models import Meeting

    return str(Meeting.objects.get(code=_my_meeting(world)).title)


def _opportunity(world: World) -> str:
    from tests.opportunities.factories import opportunity

    title = _unique("Listed opportunity")
    opportunity(title, areas=("infrastructure", "capacity_building"), regions=("AFR", "ASP"), countries=("KEN",))
    return title


def _interest(world: World) -> str:
    from ponte.opportunities import services
    from tests.opportunities.factories import opportunity

    title = _unique("Interesting opportunity")
    services.express_interest(actor=world.representative, opportunity=opportunity(title), organisation=world.sme)
    return title


def _recommendation(world: World) -> str:
    from tests.standards.factories import recommendation

    title = _unique("Listed Recommendation")
    recommendation("ITU-T", f"Y.{next(_numbers)}", title=title, group_code="SG20")
    return title


def _question(world: World) -> str:
    from tests.qa.factories import answer, ask, person
    from tests.qa.factories import recommendation as qa_recommendation

    title = _unique("How to listen to question")
    asked = ask(person("Awa", "Ndiaye"), title=title, recommendations=(qa_recommendation(),))
    answer(asked)
    return title


def _unanswered(world: World) -> str:
    from tests.qa.factories import ask, person

    title = _unique("Unanswered question")
    ask(person("Awa", "Ndiaye"), title=title, target=group("ITU-T", "SG16"), days_ago=30)
    return title


def _flag(world: World) -> str:
    from ponte.qa import services
    from tests.qa.factories import ask, person

    title = _unique("Flagged question")
    services.flag_post(actor=person("Flag", "Ger"), post=ask(person("Awa", "Ndiaye"), title=title), reason="spam")
    return title


def _declaration(world: World) -> str:
    from tests.conformity.factories import DeclarationFactory, ProductFactory, recommendation

    name = _unique("Listed product")
    DeclarationFactory(product=ProductFactory(name=name), recommendations=[recommendation("H.702")])
    return name


def _lab(world: World) -> str:
    from tests.conformity.factories import LabFactory, recommendation

    name = _unique("Listed lab")
    LabFactory(name=name, scope=[recommendation("H.702"), recommendation("H.703")])
    return name


def _certificate(world: World) -> str:
    from tests.experts.factories import certificate, workshop

    family_name = _unique("Certified")
    certificate(PersonFactory(family_name=family_name, country=country("MKD")), at=workshop())
    return family_name


def _workshop(world: World) -> str:
    from tests.experts.factories import trained, workshop

    title = _unique("Listed workshop")
    held = workshop(title)
    trained(PersonFactory(), held)
    return title


def _assessment(world: World) -> str:
    from ponte.innovation.models import Assessment
    from tests.innovation.factories import assessment

    used = set(Assessment.objects.values_list("country__alpha3", flat=True))
    alpha3 = next(code for code in ("KEN", "RWA", "SEN", "GHA", "NGA", "UGA", "ZMB", "BEN") if code not in used)
    assessment(alpha3, summary=_unique("Assessment"))
    return country(alpha3).name


def _news(world: World) -> str:
    from ponte.outreach import services
    from ponte.outreach.models import CampaignKind

    title = _unique("Listed news")
    draft = services.create_campaign(
        actor=world.secretariat, kind=CampaignKind.ANNOUNCEMENT, texts={"title_en": title, "body_en": "News body."}
    )
    services.send_campaign(actor=world.secretariat, campaign=draft)
    return title


def _campaign(world: World) -> str:
    from ponte.outreach import services
    from ponte.outreach.models import CampaignKind

    title = _unique("Draft campaign")
    services.create_campaign(
        actor=world.secretariat, kind=CampaignKind.ANNOUNCEMENT, texts={"title_en": title, "body_en": "Body."}
    )
    return title


def _partner(world: World) -> str:
    from tests.partnerships.factories import PartnerFactory, agreement

    name = _unique("Listed partner")
    agreement(f"AGR-{next(_numbers)}", partners=[PartnerFactory(name=name)], country_codes=("KEN", "RWA"))
    return name


def _agreement(world: World) -> str:
    from tests.partnerships.factories import PartnerFactory, agreement

    reference = f"AGR-{next(_numbers):05d}"
    agreement(reference, partners=[PartnerFactory(), PartnerFactory()], country_codes=("KEN", "RWA"))
    return reference


def _event(world: World) -> str:
    from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

    title = _unique("Listed symposium")
    event = SponsoredEventFactory(title_en=title)
    ActivityFactory(event=event)
    ActivityFactory(event=event)
    return title


def _activity_of(event_code: str) -> Builder:
    def build(world: World) -> str:
        from ponte.sponsorship.models import SponsoredEvent
        from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

        event = SponsoredEvent.objects.filter(code=event_code).first() or SponsoredEventFactory(code=event_code)
        name = _unique("Coffee break")
        ActivityFactory(event=event, name_en=name)
        return name

    return build


def _my_sponsorship(world: World) -> str:
    from ponte.sponsorship import services
    from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

    title = _unique("Sponsored symposium")
    activity = ActivityFactory(event=SponsoredEventFactory(title_en=title))
    services.request_sponsorship(activity=activity, organisation=world.sme, requested_by=world.representative)
    return title


def _invoice_of(world: World) -> str:
    from tests.portal.factories import invoice

    return invoice(world.sme).number


def _any_invoice(world: World) -> str:
    from tests.portal.factories import invoice

    return invoice(OrganisationFactory(name=_unique("Invoiced SME"))).number


def _application(world: World) -> str:
    from tests.portal.factories import application

    name = _unique("Applying SME")
    application(OrganisationFactory(name=name, country=country("JPN")), state="submitted")
    return name


def _follow(world: World) -> str:
    from ponte.portal import services
    from tests.standards.factories import recommendation

    followed = recommendation("ITU-T", f"H.{next(_numbers)}", title=_unique("Followed Recommendation"))
    services.follow(actor=world.representative, target=followed)
    return str(followed)


def _portal_row(world: World) -> str:
    from tests.portal.factories import contribution, invoice, meeting, registration

    title = _unique("Portal meeting")
    registration(world.representative, meeting(title=title), world.sme)
    invoice(world.sme)
    contribution(world.sme, by=world.representative)
    return title


def _ledger_entry(world: World) -> str:
    from ponte.funds import services

    description = _unique("Receipt")
    services.record_receipt(
        actor=world.secretariat,
        source="partner_contribution",
        amount=Decimal("1000.00"),
        year=timezone.localdate().year,
        booked_on=timezone.localdate() - datetime.timedelta(days=1),
        description=description,
    )
    return description


def _deletion_request(world: World) -> str:
    from ponte.privacy import services

    note = _unique("Declined: you still have invoices to pay")
    asked = services.request_deletion(actor=world.representative, reason="Leaving")
    services.decline_deletion_request(actor=world.secretariat, request=asked, note=note)
    return note


def _group(world: World) -> str:
    from tests.standards.factories import working_party

    code = f"WP{next(_numbers)}"
    made = working_party("ITU-T", "SG16", code)
    OrganisationFactory().groups.add(made)
    return code


def _country(world: World) -> str:
    from ponte.core.models import Country

    number = next(_numbers)
    name = f"Testland {number:04d}"
    # ISO 3166 leaves the codes QM to QZ and XA to XZ for private use.
    free = [f"{first}{second}" for first in "QX" for second in "ABCDEFGHIJLMNOPQRSTUVWYZ"]
    code = next(code for code in free if code >= "QM" and not Country.objects.filter(code=code).exists())
    Country.objects.create(code=code, alpha3=f"Q{number % 100:02d}", name=name, region="AFR", is_developing=True)
    OrganisationFactory(country_id=code)
    return name


def _found_by_search(world: World) -> str:
    """A meeting, a question, an opportunity or a Recommendation about fibre, in turn, indexed as its commit would."""
    from ponte.search import indexing
    from ponte.search.models import EntryKind
    from tests.search import records

    number = next(_numbers)
    title = f"Fibre backbone {number:04d}"
    kind = number % 4
    if kind == 0:
        made: Any = records.meeting(f"T-FIBRE-{number}", titles={"en": title})
        entry = EntryKind.MEETING
    elif kind == 1:
        made, entry = records.question(title), EntryKind.QUESTION
    elif kind == 2:
        made, entry = records.opportunity(title), EntryKind.OPPORTUNITY
    else:
        made, entry = records.standard(f"G.{number}", title), EntryKind.RECOMMENDATION
    indexing.index_record(entry, made.pk)
    return title


def _partner_found(world: World) -> str:
    from ponte.partnerships import search
    from tests.partnerships.factories import PartnerFactory, agreement

    name = _unique("Funding partner")
    partner = PartnerFactory(name=name)
    agreement(f"AGR-{next(_numbers)}", partners=[partner], region_codes=("AFR",), country_codes=("KEN",))
    search.reindex_partners([partner.pk])
    return name


def _recommended(world: World) -> str:
    from ponte.opportunities.models import OrganisationFocus
    from tests.opportunities.factories import focus, opportunity

    if not OrganisationFocus.objects.filter(organisation=world.sme).exists():
        focus(world.sme, areas=("infrastructure",), regions=("AFR",))
    title = _unique("Recommended opportunity")
    opportunity(title, areas=("infrastructure",), regions=("AFR",))
    return title


def _approved_sme(world: World) -> str:
    from ponte.core.models import Sector
    from tests.portal.factories import application

    name = _unique("Approved SME")
    approved = application(OrganisationFactory(name=name), state="approved")
    approved.sectors.add(Sector.objects.get(code="ITU-T"))
    approved.groups.add(group("ITU-T", "SG16"), group("ITU-T", "SG20"))
    return name


def _represented(world: World) -> str:
    from ponte.core.models import Role
    from tests.portal.factories import application, invoice

    name = _unique("Represented SME")
    organisation = OrganisationFactory(name=name)
    Role.objects.create(user=world.representative, kind=RoleKind.REPRESENTATIVE, organisation=organisation)
    application(organisation, state="approved")
    invoice(organisation)
    return name


def _group_member(world: World) -> str:
    name = _unique("SG16 member")
    OrganisationFactory(name=name).groups.add(group("ITU-T", "SG16"))
    return name


def _sponsorship_request(world: World) -> str:
    from ponte.sponsorship import services
    from ponte.sponsorship.models import SponsoredEvent
    from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory, member

    event = SponsoredEvent.objects.filter(code="EVT-QC").first() or SponsoredEventFactory(code="EVT-QC")
    name = _unique("Sponsor Telecom")
    sponsor = member(name)
    services.request_sponsorship(
        activity=ActivityFactory(event=event),
        organisation=sponsor,
        requested_by=with_role(RoleKind.REPRESENTATIVE, organisation=sponsor),
    )
    return name


def _anchor_partner() -> int:
    from tests.partnerships.factories import PartnerFactory

    return int(PartnerFactory(name="Anchor partner").pk)


def _partner_agreement(world: World) -> str:
    from ponte.partnerships.models import Partner
    from tests.partnerships.factories import PartnerFactory, agreement

    reference = f"ANC-{next(_numbers):05d}"
    agreement(reference, partners=[Partner.objects.get(pk=_anchor_partner()), PartnerFactory()], country_codes=("KEN",))
    return reference


def _anchor_workshop() -> int:
    from ponte.experts.models import Workshop
    from tests.experts.factories import workshop

    found = Workshop.objects.filter(title_en="Anchor workshop").first() or workshop("Anchor workshop")
    return int(found.pk)


def _participant(world: World) -> str:
    from ponte.experts.models import Workshop
    from tests.experts.factories import certificate, trained

    family_name = _unique("Participant")
    person = PersonFactory(family_name=family_name, country=country("KEN"))
    held = Workshop.objects.get(pk=_anchor_workshop())
    trained(person, held)
    certificate(person, at=held)
    return family_name


def _kenyan_assessment(world: World) -> str:
    from tests.innovation.factories import assessment

    day = datetime.date(2010 + next(_numbers) % 15, 1, 1) + datetime.timedelta(days=next(_numbers))
    assessment("KEN", day=day)
    return day.isoformat()


def _group_meeting(world: World) -> str:
    from tests.portal.factories import meeting

    title = _unique("Calendar meeting")
    meeting(title=title)
    return title


def _anchor_opportunity() -> int:
    from ponte.opportunities.models import Opportunity
    from tests.opportunities.factories import opportunity

    found = Opportunity.objects.filter(title_en="Anchor opportunity").first() or opportunity("Anchor opportunity")
    return int(found.pk)


def _interest_in_anchor(world: World) -> str:
    from ponte.opportunities import services
    from ponte.opportunities.models import Opportunity

    name = _unique("Interested SME")
    organisation = OrganisationFactory(name=name)
    services.express_interest(
        actor=with_role(RoleKind.REPRESENTATIVE, organisation=organisation),
        opportunity=Opportunity.objects.get(pk=_anchor_opportunity()),
        organisation=organisation,
        message="We build rural networks.",
    )
    return name


def _anchor_product() -> int:
    from ponte.conformity.models import Product
    from tests.conformity.factories import ProductFactory

    found = Product.objects.filter(name="Anchor product").first() or ProductFactory(name="Anchor product")
    return int(found.pk)


def _declaration_of_anchor(world: World) -> str:
    from ponte.conformity.models import Product
    from tests.conformity.factories import DeclarationFactory, LabFactory, recommendation

    name = _unique("Declaring lab")
    DeclarationFactory(
        product=Product.objects.get(pk=_anchor_product()),
        lab=LabFactory(name=name),
        recommendations=[recommendation(f"H.{next(_numbers)}")],
    )
    return name


def _staff_member(world: World) -> str:
    from tests.factories import AffiliationFactory

    family_name = _unique("Staff")
    AffiliationFactory(organisation=world.sme, person=PersonFactory(family_name=family_name))
    return family_name


def _renamed(world: World) -> str:
    """A change of the organisation's name, size, country and groups: each a line of its history."""
    name = _unique("Kyoto Sensors renamed")
    world.sme.groups.add(group("ITU-T", "SG20" if next(_numbers) % 2 else "SG16"))
    world.sme.name = name
    world.sme.employee_count = 40 + next(_numbers)
    world.sme.country = country("KEN" if next(_numbers) % 2 else "JPN")
    world.sme.save()
    return name


def _question_on_h702(world: World) -> str:
    from tests.qa.factories import answer, ask, person
    from tests.qa.factories import recommendation as qa_recommendation

    title = _unique("Question on H.702")
    answer(ask(person("Awa", "Ndiaye"), title=title, recommendations=(qa_recommendation("H.702"),)))
    return title


def _confirmed_sponsorship(world: World) -> str:
    from ponte.sponsorship import services
    from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory, member

    title = _unique("Revenue symposium")
    sponsor = member(_unique("Sponsor"))
    asked = services.request_sponsorship(
        activity=ActivityFactory(event=SponsoredEventFactory(title_en=title)),
        organisation=sponsor,
        requested_by=with_role(RoleKind.REPRESENTATIVE, organisation=sponsor),
    )
    services.confirm_request(request=asked, decided_by=world.secretariat)
    return title


CASES: dict[str, Case] = {
    # core
    "page_organisations": Case("/en/organisations/", "anonymous", _organisation),
    "api_organisations": Case("/api/v1/organisations", "anonymous", _organisation),
    "page_organisation_detail": Case("/en/organisations/{sme}/", "secretariat", _staff_member),
    "page_history": Case("/en/history/organisation/{sme}/", "secretariat", _renamed),
    "page_groups": Case("/en/groups/", "anonymous", _group),
    "api_groups": Case("/api/v1/groups", "anonymous", _group),
    "page_group_detail": Case("/en/groups/ITU-T/SG16/", "anonymous", _group_member),
    "page_group_calendar": Case("/en/meetings/calendar/ITU-T/SG16.ics", "anonymous", _group_meeting),
    "page_countries": Case("/en/countries/", "anonymous", _country, shows=300),
    "api_countries": Case("/api/v1/countries", "anonymous", _country, shows=300),
    # search
    "page_search": Case("/en/search/?q=fibre", "anonymous", _found_by_search),
    "api_search": Case("/api/v1/search/?q=fibre", "anonymous", _found_by_search),
    # meetings
    "page_meetings": Case("/en/meetings/", "anonymous", _meeting),
    "api_meetings": Case("/api/v1/meetings/", "anonymous", _meeting),
    "page_my_meetings": Case("/en/meetings/my/", "representative", _my_meeting_title),
    "page_my_calendar": Case("/en/meetings/my.ics", "representative", _my_meeting_title),
    "api_my_registrations": Case("/api/v1/meetings/registrations/mine", "representative", _my_meeting),
    # opportunities
    "page_opportunities": Case("/en/opportunities/", "anonymous", _opportunity),
    "api_opportunities": Case("/api/v1/opportunities/", "anonymous", _opportunity),
    "api_recommended_opportunities": Case(
        "/api/v1/opportunities/recommended?organisation={sme}", "representative", _recommended
    ),
    "page_manage_opportunity": Case("/en/opportunities/manage/{opportunity}/", "secretariat", _interest_in_anchor),
    "page_my_opportunities": Case("/en/opportunities/mine/", "representative", _interest),
    "page_manage_opportunities": Case("/en/opportunities/manage/", "secretariat", _opportunity),
    # standards and Q&A
    "page_recommendations": Case("/en/standards/", "anonymous", _recommendation),
    "api_recommendations": Case("/api/v1/standards/recommendations", "anonymous", _recommendation),
    "page_recommendation_detail": Case("/en/standards/ITU-T/H.702/", "anonymous", _question_on_h702, shows=5),
    "page_questions": Case("/en/qa/", "anonymous", _question),
    "api_questions": Case("/api/v1/qa/questions", "anonymous", _question),
    "page_unanswered": Case("/en/qa/unanswered/", "secretariat", _unanswered),
    "api_unanswered": Case("/api/v1/qa/unanswered", "secretariat", _unanswered),
    "page_flags": Case("/en/qa/flags/", "secretariat", _flag),
    "api_flags": Case("/api/v1/qa/flags", "secretariat", _flag),
    # conformity
    "page_products": Case("/en/conformity/", "anonymous", _declaration),
    "api_products": Case("/api/v1/conformity/products", "anonymous", _declaration),
    "page_product_detail": Case("/en/conformity/products/{product}/", "anonymous", _declaration_of_anchor),
    "api_product_detail": Case("/api/v1/conformity/products/{product}", "anonymous", _declaration_of_anchor),
    "page_labs": Case("/en/conformity/labs/", "anonymous", _lab),
    "api_labs": Case("/api/v1/conformity/labs", "anonymous", _lab),
    # experts and innovation
    "page_expert_registry": Case("/en/experts/registry/", "anonymous", _certificate),
    "api_expert_registry": Case("/api/v1/experts/registry", "anonymous", _certificate),
    "page_certificates": Case("/en/experts/certificates/", "secretariat", _certificate),
    "page_workshop_detail": Case("/en/experts/workshops/{workshop}/", "secretariat", _participant),
    "page_experts": Case("/en/experts/", "anonymous", _workshop),
    "api_workshops": Case("/api/v1/experts/workshops", "anonymous", _workshop),
    "page_innovation": Case("/en/innovation/", "anonymous", _assessment),
    "api_assessments": Case("/api/v1/innovation/assessments", "anonymous", _assessment),
    "api_innovation_profile": Case("/api/v1/innovation/profiles/KEN", "anonymous", _kenyan_assessment),
    "api_assessed_countries": Case("/api/v1/innovation/countries", "anonymous", _assessment),
    # outreach
    "page_news": Case("/en/outreach/", "anonymous", _news),
    "page_news_rss": Case("/en/outreach/feed/rss/", "anonymous", _news),
    "page_manage_campaigns": Case("/en/outreach/manage/", "secretariat", _campaign),
    "api_campaigns": Case("/api/v1/outreach/campaigns", "anonymous", _news),
    # partnerships
    "page_partners": Case("/en/partnerships/partners/", "secretariat", _partner),
    "page_partner_search": Case("/en/partnerships/partners/search/?region=AFR", "secretariat", _partner_found),
    "api_partner_match": Case("/api/v1/partnerships/partners/match?region=AFR", "secretariat", _partner_found),
    "page_partner_detail": Case("/en/partnerships/partners/{partner}/", "secretariat", _partner_agreement),
    "page_partnerships_dashboard": Case("/en/partnerships/?year_from=2010", "anonymous", _partner),
    "page_agreements": Case("/en/partnerships/agreements/", "secretariat", _agreement),
    # sponsorship
    "page_events": Case("/en/sponsorship/", "anonymous", _event),
    "api_events": Case("/api/v1/sponsorship/events", "anonymous", _event),
    "api_activities": Case("/api/v1/sponsorship/events/EVT-QC/activities", "anonymous", _activity_of("EVT-QC")),
    "page_staff_events": Case("/en/sponsorship/staff/", "secretariat", _event),
    "page_event_detail": Case("/en/sponsorship/EVT-QC/", "anonymous", _activity_of("EVT-QC")),
    "page_staff_event": Case("/en/sponsorship/staff/EVT-QC/", "secretariat", _sponsorship_request),
    "page_revenue": Case("/en/sponsorship/staff/revenue/", "secretariat", _confirmed_sponsorship),
    "page_my_sponsorships": Case("/en/sponsorship/mine/", "representative", _my_sponsorship),
    # membership
    "page_invoices_representative": Case("/en/membership/invoices/", "representative", _invoice_of),
    "page_invoices_secretariat": Case("/en/membership/invoices/", "secretariat", _any_invoice),
    "api_invoices": Case("/api/v1/membership/invoices", "representative", _invoice_of),
    "page_sme_report": Case("/en/membership/sme-report/", "anonymous", _approved_sme),
    "page_my_programme": Case("/en/membership/my/", "representative", _represented),
    "page_applications_focal_point": Case("/en/membership/applications/", "focal_point", _application),
    "page_applications_secretariat": Case("/en/membership/applications/", "secretariat", _application),
    # portal, funds, privacy
    "page_my_portal": Case("/en/my/", "representative", _portal_row, shows=5),
    "api_my_portal": Case("/api/v1/my/", "representative", _portal_row, shows=5),
    "api_my_follows": Case("/api/v1/my/follows", "representative", _follow),
    "page_fund_entries": Case("/en/funds/entries/", "secretariat", _ledger_entry),
    "api_deletion_requests": Case("/api/v1/privacy/deletion-requests", "representative", _deletion_request),
}


def _browser(viewer: str, world: World) -> Client:
    if viewer == "anonymous":
        return Client()
    return signed_in(getattr(world, viewer))


def _url(case: Case, world: World) -> str:
    """The case's address, with the records it names (made once)."""
    if "{partner}" in case.url:
        return case.url.format(partner=_anchor_partner())
    if "{opportunity}" in case.url:
        return case.url.format(opportunity=_anchor_opportunity())
    if "{product}" in case.url:
        return case.url.format(product=_anchor_product())
    if "{workshop}" in case.url:
        return case.url.format(workshop=_anchor_workshop())
    return case.url.format(sme=world.sme.pk)


def _queries(browser: Client, case: Case, world: World, expected: list[str]) -> int:
    """The queries of one GET (caches emptied first, so both counts start alike); the rows are shown, as many as
    the page holds."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(_url(case, world))
    assert response.status_code == 200, case.url
    content = response.content.decode()
    shown = [text for text in expected if text in content]
    assert len(shown) >= min(case.shows, len(expected)), f"{case.url} shows {shown} of {expected}"
    return len(captured)


@pytest.mark.parametrize("name", list(CASES))
def test_the_list_reads_the_same_number_of_queries_as_its_rows_grow(
    name: str, secretariat: User, representative: User, japanese_sme: Organisation, japan_focal_point: User
) -> None:
    case = CASES[name]
    world = World(secretariat, representative, japanese_sme, japan_focal_point)
    browser = _browser(case.viewer, world)
    rows = [case.build(world) for _ in range(2)]
    browser.get(_url(case, world))  # the first request of a session fills per-process caches (content types, sites…)
    few = _queries(browser, case, world, rows)
    rows += [case.build(world) for _ in range(5)]
    assert _queries(browser, case, world, rows) == few
