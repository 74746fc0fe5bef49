"""A world with at least one record of every kind, its private ones marked with strings nobody else uses, for the
generated access tests: whatever the public or a stranger is shown must hold none of the markers."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.utils import timezone

from ponte.core.models import Organisation, Person, RoleKind, User
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, country, fund_bsg, group, with_role
from tests.privacy.conftest import BIRTH_YEAR, EMAIL, GENDER, GENDER_SHOWN, Participant, make_participant

# The Egyptian SME's records are the private ones: its representative, its staff, its money and its drafts.
PRIVATE = {
    "staff email": "quorra.private-4411@leak-test.example",
    "contact email": "orla.contact-5522@leak-test.example",
    "contact name": "Orla Hiddencontact",
    "invoice": "ZQXINV-0001",
    "application document": "ZQX passport scan",
    "rejection reason": "ZQX turnover unproven",
    "bank reference": "ZQX bank transfer",
    "agreement document": "ZQX confidential annex",
    "deletion reason": "ZQX leaving for good",
    "draft campaign": "ZQX draft campaign",
    "draft opportunity": "ZQX draft opportunity",
    "interest message": "ZQX interest message",
    "hidden question": "ZQX hidden question",
    "hidden reason": "ZQX hidden for spam",
    "flag note": "ZQX flag note",
    "unpublished assessment": "ZQX unpublished assessment",
    "unpublished event": "ZQX unpublished event",
    "ledger entry": "ZQX ledger receipt",
    "api token": "ZQX ERP connector",
    "fee scenario": "ZQX fee scenario",
    "unvetted organisation": "ZQX Unvetted Startup",
    "sponsorship message": "ZQX sponsorship message",
    "sponsorship note": "ZQX sponsorship declined",
}


EMPLOYEES = 7919  # the Egyptian SME's size: for those who manage it
OPTIONS = re.compile(r"<option[^>]*>[^<]*</option>")  # a form's choices are no one's data


@dataclass
class World:
    """Who and what the URLs are built from."""

    participant: Participant  # a person who takes part in everything (tests/privacy)
    sme: Organisation  # the Egyptian SME whose records are private
    representative: User  # of the Egyptian SME
    staff: Person
    member: User  # signed up, no role
    secretariat: User
    focal_point: User  # of Japan: Egypt is not theirs
    records: dict[str, Any] = field(default_factory=dict)
    markers: dict[str, str] = field(default_factory=lambda: dict(PRIVATE))  # and those known once made

    def pk(self, name: str) -> Any:
        return self.records[name].pk

    def leaks_of_the_sme(self, text: str) -> list[str]:
        """The markers of the Egyptian SME's records ``text`` holds (not the participant's own data)."""
        return [label for label in self.leaks(text) if label in PRIVATE or label == "employee count"]

    def leaks(self, text: str) -> list[str]:
        """The private markers ``text`` holds."""
        lowered = text.lower()
        found = [label for label, marker in self.markers.items() if marker.lower() in lowered]
        if EMAIL.lower() in lowered:
            found.append("participant email")
        if GENDER_SHOWN in OPTIONS.sub("", text) or re.search(rf'"gender"\s*:\s*"{GENDER}"', text):
            found.append("gender")
        if re.search(rf"\b{BIRTH_YEAR}\b", text):
            found.append("birth year")
        if re.search(rf"\b{EMPLOYEES}\b", text):
            found.append("employee count")
        return found


def build_world() -> World:
    """Every kind of record, once, as the tests of each app make them."""
    participant = make_participant()
    fund_bsg("5000.00")
    secretariat = with_role(RoleKind.SECRETARIAT)
    TOTP.activate(secretariat, generate_totp_secret())  # staff sign in with a second factor
    sme = OrganisationFactory(name="Nile Sensors SAE", country=country("EGY"), employee_count=EMPLOYEES)
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=sme)
    staff = PersonFactory(email=PRIVATE["staff email"], country=country("EGY"))
    affiliation = AffiliationFactory(person=staff, organisation=sme)
    world = World(
        participant=participant,
        sme=sme,
        representative=representative,
        staff=staff,
        member=with_role_free(),
        secretariat=secretariat,
        focal_point=with_role(RoleKind.FOCAL_POINT, country=country("JPN")),
    )
    world.records["affiliation"] = affiliation
    _membership(world)
    _partnerships(world)
    _outreach_and_privacy(world)
    _opportunities(world)
    _qa(world)
    _knowledge(world)
    _sponsorship_and_funds(world)
    _search_index()
    world.markers["token prefix"] = world.records["token"].prefix
    world.markers["pending sponsorship"] = participant.sponsorship.reference
    return world


def _search_index() -> None:
    """The site search and the partner search, indexed as the commits would (tests never commit)."""
    from ponte.partnerships import search
    from ponte.partnerships.models import Partner
    from ponte.search import indexing

    indexing.rebuild_index()
    search.reindex_partners(list(Partner.objects.values_list("pk", flat=True)))


def with_role_free() -> User:
    from tests.factories import UserFactory

    user: User = UserFactory()
    return user


def _membership(world: World) -> None:
    from ponte.core.services import register_own_organisation
    from ponte.membership.models import ApplicationDocument, BankStatementEntry, FeeScenario
    from tests.portal.factories import application, invoice

    records = world.records
    records["invoice"] = invoice(world.sme)
    records["invoice"].number = PRIVATE["invoice"]
    records["invoice"].save()
    records["application"] = application(world.sme, state="submitted")
    records["application"].rejection_reason = PRIVATE["rejection reason"]
    records["application"].employee_count = EMPLOYEES  # the API's application detail shows it to those entitled
    records["application"].save()
    records["application_document"] = ApplicationDocument.objects.create(
        application=records["application"],
        title=PRIVATE["application document"],
        file="applications/test.pdf",
        size=10,
        uploaded_by=world.representative,
    )
    records["statement_entry"] = BankStatementEntry.objects.create(
        key="zqx-1",
        booked_on=timezone.localdate(),
        amount=Decimal("1500.00"),
        currency="CHF",
        reference=PRIVATE["bank reference"],
        imported_by=world.secretariat,
    )
    records["fee_scenario"] = FeeScenario.objects.create(
        name=PRIVATE["fee scenario"],
        year=timezone.localdate().year,
        employee_threshold=50,
        sme_fee=Decimal("100.00"),
        created_by=world.secretariat,
    )
    association = OrganisationFactory(name="Egyptian SME Association", category="sme_association")
    with_role(RoleKind.REPRESENTATIVE, organisation=association)
    records["association"] = association
    # Recorded by its own founder through "take part": nobody has vouched for it yet.
    records["self_registered"] = register_own_organisation(
        actor=with_role_free(), name=PRIVATE["unvetted organisation"], category="sme", country=country("EGY")
    )
    # Taking part in a group: the group's lists of organisations must still leave it out until it is listed.
    records["self_registered"].groups.add(group("ITU-T", "SG16"))


def _partnerships(world: World) -> None:
    from ponte.partnerships.models import AgreementDocument, PartnerContact
    from tests.partnerships.factories import PartnerFactory, agreement

    partner = PartnerFactory(name="Open Sky Foundation")
    PartnerContact.objects.create(
        partner=partner, name=PRIVATE["contact name"], email=PRIVATE["contact email"], phone="+41 22 000 00 00"
    )
    made = agreement("AGR-ZQX-1", partners=[partner], country_codes=("EGY",))
    AgreementDocument.objects.create(
        agreement=made,
        title=PRIVATE["agreement document"],
        file="agreements/test.pdf",
        size=10,
        content_type="application/pdf",
        uploaded_by=world.secretariat,
    )
    world.records["partner"] = partner
    world.records["agreement"] = made
    # An inactive partner: its profile is "not found" for everyone, so its name is shown to no one.
    world.records["inactive_partner"] = PartnerFactory(name="ZQX Dormant Partner", is_active=False)
    world.markers["inactive partner"] = "ZQX Dormant Partner"


def _outreach_and_privacy(world: World) -> None:
    from ponte.outreach import services as outreach
    from ponte.outreach.models import CampaignKind
    from ponte.privacy import services as privacy
    from ponte.tokens import services as tokens

    world.records["draft_campaign"] = outreach.create_campaign(
        actor=world.secretariat,
        kind=CampaignKind.ANNOUNCEMENT,
        texts={"title_en": PRIVATE["draft campaign"], "body_en": "Not yet."},
    )
    sent = outreach.create_campaign(
        actor=world.secretariat, kind=CampaignKind.ANNOUNCEMENT, texts={"title_en": "Open call", "body_en": "Come."}
    )
    world.records["campaign"] = outreach.send_campaign(actor=world.secretariat, campaign=sent)
    world.records["deletion_request"] = privacy.request_deletion(
        actor=world.representative, reason=PRIVATE["deletion reason"]
    )
    world.records["token"] = tokens.create_token(
        organisation=world.sme,
        created_by=world.representative,
        name=PRIVATE["api token"],
        scopes=["core:read"],
        expires_at=None,
    ).token


def _opportunities(world: World) -> None:
    from ponte.opportunities import services
    from ponte.opportunities.models import PitchDocument
    from tests.opportunities.factories import opportunity

    draft = opportunity(PRIVATE["draft opportunity"], state="draft")
    published = opportunity("Rural broadband in the Nile delta")
    world.records["draft_opportunity"] = draft
    world.records["opportunity"] = published
    world.records["interest"] = services.express_interest(
        actor=world.representative, opportunity=published, organisation=world.sme, message=PRIVATE["interest message"]
    )
    world.records["draft_document"] = PitchDocument.objects.create(
        opportunity=draft,
        title="Pitch",
        file="opportunities/test.pdf",
        size=10,
        content_type="application/pdf",
        uploaded_by=world.secretariat,
    )


def _qa(world: World) -> None:
    from ponte.qa import services
    from tests.qa.factories import answer, ask, person

    hidden = ask(world.representative, title=PRIVATE["hidden question"])
    services.hide_post(actor=world.secretariat, post=hidden, reason=PRIVATE["hidden reason"])
    shown = ask(person("Awa", "Ndiaye"), title="Which clause covers the remote control?")
    flagger = person("Flag", "Ger")
    services.flag_post(actor=flagger, post=shown, reason="other", note=PRIVATE["flag note"])
    world.records["hidden_question"] = hidden
    world.records["question"] = shown
    world.records["answer"] = answer(shown)


def _knowledge(world: World) -> None:
    from ponte.innovation.models import AssessmentState
    from tests.conformity.factories import DeclarationFactory, LabFactory, recommendation
    from tests.experts.factories import certificate, trained, workshop
    from tests.innovation.factories import assessment

    world.records["recommendation"] = recommendation("H.702")
    world.records["recommendation"].file.save("H.702.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    world.records["declaration"] = DeclarationFactory(
        lab=LabFactory(name="Cairo Test Lab"), recommendations=[world.records["recommendation"]]
    )
    # Withdrawn: the secretariat's and its lab's representatives', with the reason nobody else reads.
    world.records["withdrawn_declaration"] = DeclarationFactory(
        lab=world.records["declaration"].lab, withdrawn_on=timezone.localdate(), withdrawal_reason="ZQX recalled"
    )
    world.markers["withdrawn declaration"] = "ZQX recalled"
    world.records["assessment"] = assessment("KEN")
    world.records["draft_assessment"] = assessment(
        "EGY", state=AssessmentState.DRAFT, summary=PRIVATE["unpublished assessment"]
    )
    held = workshop("Innovation workshop in Cairo")
    world.records["workshop"] = held
    world.records["participation"] = trained(world.staff, held)
    world.records["certificate"] = certificate(world.staff, at=held)


def _sponsorship_and_funds(world: World) -> None:
    from ponte.funds import services as funds
    from ponte.meetings.models import LeadershipPost
    from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

    hidden_event = SponsoredEventFactory(code="EVT-ZQX", title_en=PRIVATE["unpublished event"], is_published=False)
    world.records["unpublished_activity"] = ActivityFactory(event=hidden_event)
    _sme_sponsorship(world)
    world.records["ledger_entry"] = funds.record_receipt(
        actor=world.secretariat,
        source="partner_contribution",
        amount=Decimal("250.00"),
        year=timezone.localdate().year,
        booked_on=timezone.localdate() - datetime.timedelta(days=1),
        description=PRIVATE["ledger entry"],
    )
    world.records["post"] = LeadershipPost.objects.get(pk=world.participant.post.pk)
    world.records["sg16"] = group("ITU-T", "SG16")


def _sme_sponsorship(world: World) -> None:
    """The Egyptian SME asked for an activity of the participant's event, with a message; it was declined."""
    from ponte.sponsorship import services as sponsorship
    from tests.sponsorship.factories import ActivityFactory

    lanyards = ActivityFactory(event=world.participant.sponsorship.activity.event, name_en="Lanyards")
    asked = sponsorship.request_sponsorship(
        activity=lanyards,
        organisation=world.sme,
        requested_by=world.representative,
        message=PRIVATE["sponsorship message"],
    )
    world.records["sponsorship_request"] = sponsorship.decline_request(
        request=asked, decided_by=world.secretariat, note=PRIVATE["sponsorship note"]
    )
