"""Planned reads (issue 9), detail and totals pages: a record's page and API detail read the same number of queries
with 2 related rows as with 7 (answers, follow-ups, staff, registrations, lines, documents, amendments…), for the
viewer who sees them, and the rows really are on it. The lists are in ``tests/test_query_counts.py``."""

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

from ponte.core.models import Organisation, Person, RoleKind, User
from tests.conftest import signed_in
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, country, group, with_role

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


@dataclass(frozen=True)
class World:
    """The viewers: the public, the secretariat (with 2FA), a Japanese SME's representative, Japan's focal point."""

    secretariat: User
    representative: User
    sme: Organisation
    focal_point: User


@dataclass(frozen=True)
class Case:
    """``url`` names the record with ``{…}`` filled by ``anchor``; ``build`` adds one related row to that record and
    returns a text of it that the answer must hold."""

    url: str
    viewer: str
    build: Callable[[World], str]
    anchor: Callable[[World], dict[str, Any]] = lambda world: {"sme": world.sme.pk}
    shows: int = 20  # the answer shows at most this many of the related rows


def _unique(prefix: str) -> str:
    return f"{prefix} {next(_numbers):04d}"


# --- the records whose pages are read, made once per test.


def _anchor_person(world: World) -> dict[str, Any]:
    found = Person.objects.filter(family_name="Anchor").first() or PersonFactory(family_name="Anchor")
    return {"person": found.pk}


def _anchor_meeting(world: World) -> dict[str, Any]:
    from ponte.meetings.models import Meeting
    from tests.portal.factories import meeting

    found = Meeting.objects.filter(title_en="Anchor meeting").first() or meeting(title="Anchor meeting")
    return {"meeting": found.code}


def _anchor_question(world: World) -> dict[str, Any]:
    from ponte.qa.models import Question
    from tests.qa.factories import ask, person

    found = Question.objects.filter(title="Anchor question on H.702?").first()
    return {"question": (found or ask(person("Awa", "Ndiaye"), title="Anchor question on H.702?")).pk}


def _anchor_opportunity(world: World) -> dict[str, Any]:
    from ponte.opportunities.models import Opportunity
    from tests.opportunities.factories import opportunity

    found = Opportunity.objects.filter(title_en="Anchor opportunity").first() or opportunity("Anchor opportunity")
    return {"opportunity": found.pk}


def _anchor_agreement(world: World) -> dict[str, Any]:
    from ponte.partnerships.models import Agreement
    from tests.partnerships.factories import agreement

    found = Agreement.objects.filter(reference="ANCHOR-1").first() or agreement("ANCHOR-1")
    return {"agreement": found.reference}


def _anchor_invoice(world: World) -> dict[str, Any]:
    from ponte.membership.models import Invoice
    from tests.portal.factories import invoice

    found = Invoice.objects.filter(organisation=world.sme).first() or invoice(world.sme, total="0.00")
    return {"invoice": found.number}


def _anchor_application(world: World) -> dict[str, Any]:
    from ponte.membership.models import Application
    from tests.portal.factories import application

    found = Application.objects.filter(organisation=world.sme).first() or application(world.sme)
    return {"application": found.pk}


def _anchor_recommendation(world: World) -> dict[str, Any]:
    from tests.qa.factories import recommendation

    made = recommendation("H.702")  # made once
    return {"sector": made.sector.code, "identifier": made.identifier}


def _anchor_group(world: World) -> dict[str, Any]:
    return {"sector": "ITU-T", "code": "SG16"}


# --- builders: each adds one related row to the anchor and returns a text of it.


def _group_of_sme(world: World) -> str:
    from tests.standards.factories import working_party

    code = f"WP{next(_numbers)}"
    world.sme.groups.add(working_party("ITU-T", "SG16", code))
    return code


def _affiliation_of_person(world: World) -> str:
    name = _unique("Employer")
    AffiliationFactory(person_id=_anchor_person(world)["person"], organisation=OrganisationFactory(name=name))
    return name


def _registration_at_meeting(world: World, *, by: str = "representative") -> str:
    from ponte.meetings.models import Meeting, Registration

    family_name = _unique("Delegate")
    Registration.objects.create(
        meeting=Meeting.objects.get(code=_anchor_meeting(world)["meeting"]),
        person=PersonFactory(family_name=family_name),
        organisation=world.sme,
        basis="sme_programme",
        mode="remote",
        interpretation_language="fr",
        state="confirmed",
        registered_by=getattr(world, by),
    )
    return family_name


def _registration_by_staff(world: World) -> str:
    """A registration the secretariat made (its own on the page), with an interpretation language for the figures."""
    return _registration_at_meeting(world, by="secretariat")


def _registered_count(world: World) -> str:
    """One more registration; the count the detail must show now."""
    from ponte.meetings.models import Registration

    _registration_at_meeting(world)
    remote = Registration.objects.filter(meeting__code=_anchor_meeting(world)["meeting"], mode="remote").count()
    return f'"registered_remote": {remote}'


def _reply_to_question(world: World) -> str:
    """An answer by an expert of the group, a follow-up under it and one under the question, a vote and a flag."""
    from ponte.qa import services
    from ponte.qa.models import Question
    from tests.qa.factories import expert_of, person

    question = Question.objects.get(pk=_anchor_question(world)["question"])
    body = _unique("Use clause")
    reply = services.answer_question(
        actor=expert_of("ITU-T", "SG16", last_name=_unique("Expert")), question=question, body=body
    )
    services.follow_up(actor=person("Kofi", "Mensah"), question=question, answer=reply, body=_unique("Thanks for"))
    services.follow_up(actor=person("Ana", "Silva"), question=question, body=_unique("Also asking"))
    services.vote(actor=person("Li", "Wei"), post=reply, value=1)
    services.flag_post(actor=person("Flag", "Ger"), post=reply, reason="spam")
    return body


def _document_of_opportunity(world: World) -> str:
    from ponte.opportunities.models import Opportunity, PitchDocument

    title = _unique("Pitch deck")
    PitchDocument.objects.create(
        opportunity=Opportunity.objects.get(pk=_anchor_opportunity(world)["opportunity"]),
        title=title,
        file="opportunities/test.pdf",
        size=1000,
        content_type="pdf",
        uploaded_by=world.secretariat,
    )
    return title


def _country_of_opportunity(world: World) -> str:
    """One more beneficiary country; its ISO alpha-3 code (as the API gives it)."""
    from ponte.core.models import Country
    from ponte.opportunities.models import Opportunity

    found = Opportunity.objects.get(pk=_anchor_opportunity(world)["opportunity"])
    added = Country.objects.exclude(pk__in=found.countries.all()).filter(region="AFR").order_by("alpha3").first()
    assert added is not None
    found.countries.add(added)
    return added.alpha3


def _country_name_of_opportunity(world: World) -> str:
    """One more beneficiary country; its name (as the page gives it)."""
    from django.utils.html import escape

    from ponte.core.models import Country

    return escape(Country.objects.get(alpha3=_country_of_opportunity(world)).name)


def _amendment_and_document(world: World) -> str:
    from ponte.partnerships.models import Agreement, AgreementDocument
    from tests.partnerships.factories import PartnerFactory, agreement

    amended = Agreement.objects.get(reference=_anchor_agreement(world)["agreement"])
    reference = f"ANCHOR-AM-{next(_numbers):03d}"
    agreement(reference, partners=[PartnerFactory()], amends=amended, country_codes=("KEN", "RWA"))
    AgreementDocument.objects.create(
        agreement=amended,
        title=_unique("Annex"),
        file="agreements/test.pdf",
        size=100,
        content_type="application/pdf",
        uploaded_by=world.secretariat,
    )
    amended.partners.add(PartnerFactory(name=_unique("Co-funder")))
    return reference


def _line_and_payment(world: World) -> str:
    from ponte.membership.models import Invoice, InvoiceLine, Membership, Payment

    invoice = Invoice.objects.get(number=_anchor_invoice(world)["invoice"])
    subject = _unique("Meeting days at SG")
    year = 2000 + next(_numbers)
    membership = Membership.objects.filter(organisation=world.sme).first() or _membership(world)
    InvoiceLine.objects.create(
        invoice=invoice,
        kind="membership_fee",
        membership=membership,
        year=year,
        subject=subject,
        unit_price=Decimal("100.00"),
        amount=Decimal("100.00"),
    )
    Payment.objects.create(
        invoice=invoice,
        amount=Decimal("10.00"),
        currency=invoice.currency,
        received_on=timezone.localdate(),
        method="bank_transfer",
        recorded_by=world.secretariat,
    )
    return subject


def _membership(world: World) -> Any:
    from ponte.core.models import Sector
    from ponte.membership.models import Membership

    return Membership.objects.create(
        organisation=world.sme, sector=Sector.objects.get(code="ITU-T"), category=world.sme.category, start_year=2020
    )


def _document_of_application(world: World) -> str:
    from ponte.membership.models import Application, ApplicationDocument

    title = _unique("Company register extract")
    ApplicationDocument.objects.create(
        application=Application.objects.get(pk=_anchor_application(world)["application"]),
        title=title,
        file="applications/test.pdf",
        size=100,
        uploaded_by=world.representative,
    )
    return title


def _superseded_recommendation(world: World) -> str:
    from ponte.standards.models import Recommendation
    from tests.standards.factories import recommendation

    anchor = _anchor_recommendation(world)
    identifier = f"Y.{9000 + next(_numbers)}"
    old = recommendation("ITU-T", identifier, title=_unique("Former profile"))
    Recommendation.objects.filter(pk=old.pk).update(
        superseded_by=Recommendation.objects.get(sector__code=anchor["sector"], identifier=anchor["identifier"])
    )
    return identifier


def _assessment_of_kenya(world: World) -> str:
    from tests.innovation.factories import assessment

    day = datetime.date(2000 + next(_numbers) % 25, 1, 1) + datetime.timedelta(days=next(_numbers))
    assessment("KEN", day=day)
    return str(day.year)


def _token_of_sme(world: World) -> str:
    from ponte.tokens import services

    name = _unique("Billing system")
    services.create_token(
        organisation=world.sme,
        created_by=world.representative,
        name=name,
        scopes=["membership:read", "core:read"],
        expires_at=None,
    )
    return name


def _fund_year(world: World) -> str:
    from ponte.funds import services

    year = 2000 + next(_numbers) % 26
    services.record_receipt(
        actor=world.secretariat,
        source="partner_contribution",
        amount=Decimal("1000.00"),
        year=year,
        booked_on=datetime.date(year, 3, 1),
        description=_unique("Receipt"),
    )
    return str(year)


def _certified_expert(world: World) -> str:
    """One more certified expert, trained at a workshop; the count the headline must show now."""
    from ponte.experts.models import Certificate
    from tests.experts.factories import certificate, trained, workshop

    expert = PersonFactory(family_name=_unique("Expert"), country=country("KEN"))
    held = workshop(_unique("Workshop"))
    trained(expert, held)
    certificate(expert, at=held)
    return f'"certified": {Certificate.objects.count()}'


def _staff_of_sme(world: World) -> str:
    family_name = _unique("Staff")
    AffiliationFactory(organisation=world.sme, person=PersonFactory(family_name=family_name))
    with_role(RoleKind.REPRESENTATIVE, organisation=world.sme)
    return family_name


def _member_of_group(world: World) -> str:
    from tests.portal.factories import meeting

    name = _unique("SG16 member")
    OrganisationFactory(name=name).groups.add(group("ITU-T", "SG16"))
    meeting(title=_unique("SG16 meeting"))
    return name


def _own_records(world: World) -> str:
    """The representative's registration, question, answer, follow-up, vote and follow: rows of its data download."""
    from ponte.portal import services as portal
    from ponte.qa import services as qa
    from tests.portal.factories import meeting, registration
    from tests.qa.factories import ask, person
    from tests.standards.factories import recommendation

    made = registration(world.representative, meeting(title=_unique("Attended meeting")), world.sme)
    asked = ask(world.representative, title=_unique("My question on H.264?"))
    other = ask(person("Awa", "Ndiaye"), title=_unique("Their question?"))
    qa.vote(actor=world.representative, post=other, value=1)
    qa.answer_question(actor=world.representative, question=other, body=_unique("My answer"))
    qa.follow_up(actor=world.representative, question=asked, body=_unique("My follow-up"))
    portal.follow(actor=world.representative, target=recommendation("ITU-T", f"Y.{8000 + next(_numbers)}"))
    return made.meeting.code


CASES: dict[str, Case] = {
    # core
    "page_organisation_public": Case("/en/organisations/{sme}/", "anonymous", _group_of_sme),
    "page_organisation_focal_point": Case("/en/organisations/{sme}/", "focal_point", _staff_of_sme),
    "api_organisation": Case("/api/v1/organisations/{sme}", "anonymous", _group_of_sme),
    "page_person": Case("/en/people/{person}/", "secretariat", _affiliation_of_person, _anchor_person),
    "page_group": Case("/en/groups/{sector}/{code}/", "secretariat", _member_of_group, _anchor_group),
    "page_tokens": Case("/en/api-tokens/organisations/{sme}/", "representative", _token_of_sme),
    # meetings
    "page_meeting": Case("/en/meetings/{meeting}/", "representative", _registration_at_meeting, _anchor_meeting),
    "page_meeting_staff": Case("/en/meetings/{meeting}/", "secretariat", _registration_by_staff, _anchor_meeting),
    "api_meeting": Case("/api/v1/meetings/{meeting}", "anonymous", _registered_count, _anchor_meeting, shows=1),
    # Q&A and standards
    "page_question": Case("/en/qa/{question}/", "anonymous", _reply_to_question, _anchor_question),
    "page_question_member": Case("/en/qa/{question}/", "representative", _reply_to_question, _anchor_question),
    "page_question_moderator": Case("/en/qa/{question}/", "secretariat", _reply_to_question, _anchor_question),
    "api_question": Case("/api/v1/qa/questions/{question}", "anonymous", _reply_to_question, _anchor_question),
    "api_question_moderator": Case(
        "/api/v1/qa/questions/{question}", "secretariat", _reply_to_question, _anchor_question
    ),
    "page_recommendation": Case(
        "/en/standards/{sector}/{identifier}/", "anonymous", _superseded_recommendation, _anchor_recommendation
    ),
    "api_recommendation": Case(
        "/api/v1/standards/recommendations/{sector}/{identifier}",
        "anonymous",
        _superseded_recommendation,
        _anchor_recommendation,
    ),
    # opportunities and partnerships
    "page_opportunity": Case("/en/opportunities/{opportunity}/", "representative", _document_of_opportunity),
    "page_opportunity_public": Case("/en/opportunities/{opportunity}/", "anonymous", _country_name_of_opportunity),
    "api_opportunity_member": Case("/api/v1/opportunities/{opportunity}", "representative", _document_of_opportunity),
    "api_opportunity": Case("/api/v1/opportunities/{opportunity}", "anonymous", _country_of_opportunity),
    "page_agreement": Case(
        "/en/partnerships/agreements/{agreement}/", "secretariat", _amendment_and_document, _anchor_agreement
    ),
    # membership
    "page_invoice": Case("/en/membership/invoices/{invoice}/", "representative", _line_and_payment, _anchor_invoice),
    "page_invoice_staff": Case("/en/membership/invoices/{invoice}/", "secretariat", _line_and_payment, _anchor_invoice),
    "api_invoice": Case("/api/v1/membership/invoices/{invoice}", "representative", _line_and_payment, _anchor_invoice),
    "page_application": Case(
        "/en/membership/applications/{application}/", "representative", _document_of_application, _anchor_application
    ),
    "page_application_focal_point": Case(
        "/en/membership/applications/{application}/", "focal_point", _document_of_application, _anchor_application
    ),
    "page_privacy_export": Case("/en/privacy/export.json", "representative", _own_records),
    "api_privacy_export": Case("/api/v1/privacy/export", "representative", _own_records),
    # experts, innovation, funds
    "api_experts_headline": Case("/api/v1/experts/headline", "anonymous", _certified_expert, shows=1),
    "page_innovation_profile": Case("/en/innovation/KEN/", "anonymous", _assessment_of_kenya),
    "page_fund_report": Case("/en/funds/?year=all", "anonymous", _fund_year),
}
for _name, _case in list(CASES.items()):
    if "{opportunity}" in _case.url:
        CASES[_name] = Case(_case.url, _case.viewer, _case.build, _anchor_opportunity, _case.shows)


def _browser(viewer: str, world: World) -> Client:
    if viewer == "anonymous":
        return Client()
    return signed_in(getattr(world, viewer))


def _queries(browser: Client, url: str, expected: list[str], shows: int) -> int:
    """The queries of one GET (caches emptied first, so both counts start alike); the rows are shown."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    shown = [text for text in expected if text in content]
    assert len(shown) >= min(shows, len(expected)), f"{url} shows {shown} of {expected}"
    return len(captured)


@pytest.mark.parametrize("name", list(CASES))
def test_the_detail_reads_the_same_number_of_queries_as_its_related_rows_grow(
    name: str, secretariat: User, representative: User, japanese_sme: Organisation, japan_focal_point: User
) -> None:
    case = CASES[name]
    world = World(secretariat, representative, japanese_sme, japan_focal_point)
    url = case.url.format(**case.anchor(world))
    browser = _browser(case.viewer, world)
    rows = [case.build(world) for _ in range(2)]
    browser.get(url)  # the first request of a session fills per-process caches (content types, sites…)
    few = _queries(browser, url, rows, case.shows)
    rows += [case.build(world) for _ in range(5)]
    assert _queries(browser, url, rows, case.shows) == few
