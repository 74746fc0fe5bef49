"""Every sender honours the recipient's email preferences: a person who turned a kind of email off gets none of
it, one who did not gets it; account, security and billing email is always sent, and an address with no account
behind it (a person registered by someone else, a contact) is not affected by anyone's preferences."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from ponte.core.models import EmailKind, Organisation, Person, RoleKind, Sector, User
from ponte.core.services import assign_role, ensure_person_for_user
from ponte.meetings import services as meetings
from ponte.meetings.models import Meeting
from ponte.meetings.services.fellowships import decline_fellowship, nominate_fellow
from ponte.membership import services as membership
from ponte.membership.demo import DEMO_SCHEDULE
from ponte.membership.models import ApplicationKind, FeeSchedule, Membership
from ponte.opportunities import services as opportunities
from ponte.qa import services as qa
from ponte.sponsorship import services as sponsorship
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, country, fund_bsg, group, with_role
from tests.opportunities.factories import focus, opportunity
from tests.privacy.helpers import turn_everything_off, turn_off
from tests.qa.factories import answer, ask, expert_of, leader_of, person, recommendation
from tests.sponsorship.factories import build_world

pytestmark = pytest.mark.django_db

OFF_OR_ON = pytest.mark.parametrize("turned_off", [True, False], ids=["turned-off", "left-on"])


def _sent_to(user: User) -> list[str]:
    return [str(message.subject) for message in mail.outbox if user.email in message.to]


# --- Decisions ----------------------------------------------------------------------------------------------------


@OFF_OR_ON
def test_membership_decision_to_the_representative(
    turned_off, representative, japanese_sme, japan_focal_point, django_capture_on_commit_callbacks
) -> None:
    application = membership.start_application(
        actor=representative, organisation=japanese_sme, groups=[group("ITU-T", "SG16")], employee_count=40
    )
    membership.submit_application(actor=representative, application=application)
    if turned_off:
        turn_off(representative, EmailKind.DECISIONS)
    with django_capture_on_commit_callbacks(execute=True):
        membership.approve_application(actor=japan_focal_point, application=application)
    assert bool(_sent_to(representative)) is not turned_off


@OFF_OR_ON
def test_new_application_to_the_focal_point(
    turned_off, representative, japanese_sme, japan_focal_point, django_capture_on_commit_callbacks
) -> None:
    if turned_off:
        turn_off(japan_focal_point, EmailKind.DECISIONS)
    with django_capture_on_commit_callbacks(execute=True):
        application = membership.start_application(
            actor=representative, organisation=japanese_sme, groups=[group("ITU-T", "SG16")], employee_count=40
        )
        membership.submit_application(actor=representative, application=application)
    assert bool(_sent_to(japan_focal_point)) is not turned_off


def test_invoices_are_always_sent(japan_focal_point, django_capture_on_commit_callbacks) -> None:
    FeeSchedule.objects.create(year=datetime.date.today().year, **DEMO_SCHEDULE)  # noqa: DTZ011
    associate = OrganisationFactory(category="associate", country=country("JPN"), employee_count=900)
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=associate)
    turn_everything_off(representative)
    with django_capture_on_commit_callbacks(execute=True):
        application = membership.start_application(
            actor=representative,
            organisation=associate,
            groups=[group("ITU-T", "SG16")],
            employee_count=900,
            kind=ApplicationKind.MEMBERSHIP,
        )
        membership.submit_application(actor=representative, application=application)
        membership.approve_application(actor=japan_focal_point, application=application)
    subjects = _sent_to(representative)
    assert len(subjects) == 1 and "PON-" in subjects[0]  # the invoice, not the decision


@pytest.fixture
def meeting(db: None) -> Iterator[Meeting]:
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield Meeting.objects.create(
            code="T25-SG16-260615",
            group=group("ITU-T", "SG16"),
            title_en="ITU-T SG16 meeting",
            starts_on=datetime.date(2026, 6, 15),
            ends_on=datetime.date(2026, 6, 19),
            country=country("CHE"),
            city="Geneva",
            registration_deadline=datetime.date(2026, 6, 1),
            capacity=20,
            fellowship_budget=Decimal("10000.00"),
        )


def _member_organisation() -> Organisation:
    member = OrganisationFactory(category="sector_member", country=country("DEU"))
    Membership.objects.create(
        organisation=member, sector=Sector.objects.get(code="ITU-T"), category="sector_member", start_year=2020
    )
    return member


@OFF_OR_ON
def test_meeting_registration_to_the_participant(turned_off, meeting, django_capture_on_commit_callbacks) -> None:
    member = _member_organisation()
    user = with_role(RoleKind.REPRESENTATIVE, organisation=member)
    person = ensure_person_for_user(user=user)
    if turned_off:
        turn_off(user, EmailKind.DECISIONS)
    with (
        time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        meetings.register(actor=user, meeting=meeting, person=person, organisation=member, mode="in_person")
    assert bool(_sent_to(user)) is not turned_off


def test_a_participant_without_an_account_is_told_whatever_the_registrar_chose(
    meeting, django_capture_on_commit_callbacks
) -> None:
    member = _member_organisation()
    registrar = with_role(RoleKind.REPRESENTATIVE, organisation=member)
    turn_everything_off(registrar)
    colleague = PersonFactory(email="colleague@example.org", country=country("DEU"))
    AffiliationFactory(person=colleague, organisation=member)
    with (
        time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        meetings.register(actor=registrar, meeting=meeting, person=colleague, organisation=member, mode="remote")
    assert [message.to for message in mail.outbox] == [["colleague@example.org"]]


@OFF_OR_ON
def test_fellowship_decision_to_the_candidate_and_the_focal_point(
    turned_off, meeting, secretariat, egypt_focal_point, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        fund_bsg("100000.00", year=2026)
        candidate_account = with_role(RoleKind.REPRESENTATIVE, organisation=OrganisationFactory(country=country("EGY")))
        candidate = ensure_person_for_user(user=candidate_account)
        Person.objects.filter(pk=candidate.pk).update(country=country("EGY"))
        candidate.refresh_from_db()
        fellowship = nominate_fellow(actor=egypt_focal_point, meeting=meeting, person=candidate, country=country("EGY"))
        if turned_off:
            turn_off(candidate_account, EmailKind.DECISIONS)
            turn_off(egypt_focal_point, EmailKind.DECISIONS)
        with django_capture_on_commit_callbacks(execute=True):
            decline_fellowship(actor=secretariat, fellowship=fellowship, note="The budget went elsewhere.")
    assert bool(_sent_to(candidate_account)) is not turned_off
    assert bool(_sent_to(egypt_focal_point)) is not turned_off


@OFF_OR_ON
def test_sponsorship_decision_to_the_requester(turned_off, secretariat, django_capture_on_commit_callbacks) -> None:
    world = build_world()
    request = sponsorship.request_sponsorship(
        activity=world.coffee, organisation=world.member, requested_by=world.member_rep
    )
    if turned_off:
        turn_off(world.member_rep, EmailKind.DECISIONS)
    with django_capture_on_commit_callbacks(execute=True):
        sponsorship.confirm_request(request=request, decided_by=secretariat)
    assert bool(_sent_to(world.member_rep)) is not turned_off


def test_role_granted_is_account_email_always_sent(secretariat, django_capture_on_commit_callbacks) -> None:
    user = with_role(RoleKind.EXPERT, group=group("ITU-T", "SG20"))
    turn_everything_off(user)
    with django_capture_on_commit_callbacks(execute=True):
        assign_role(actor=secretariat, user=user, kind=RoleKind.EXPERT, group=group("ITU-T", "SG16"))
    assert len(_sent_to(user)) == 1


# --- Matches ------------------------------------------------------------------------------------------------------


@OFF_OR_ON
def test_opportunity_digest_to_the_representative(
    turned_off, representative, japanese_sme, django_capture_on_commit_callbacks
) -> None:
    opportunity("CIRTs in West Africa", areas=("cybersecurity",), regions=("AFR",))
    focus(japanese_sme, areas=("cybersecurity",), regions=("AFR",), wants_digest=True)
    if turned_off:
        turn_off(representative, EmailKind.MATCHES)
    with django_capture_on_commit_callbacks(execute=True):
        opportunities.send_opportunity_digests()
    assert bool(_sent_to(representative)) is not turned_off


@OFF_OR_ON
def test_interest_in_an_opportunity_to_its_author(
    turned_off, representative, japanese_sme, secretariat, django_capture_on_commit_callbacks
) -> None:
    found = opportunity("CIRTs in West Africa", created_by=secretariat)
    if turned_off:
        turn_off(secretariat, EmailKind.MATCHES)
    with django_capture_on_commit_callbacks(execute=True):
        opportunities.express_interest(actor=representative, opportunity=found, organisation=japanese_sme)
    assert bool(_sent_to(secretariat)) is not turned_off


# --- Standards Q&A ------------------------------------------------------------------------------------------------


@OFF_OR_ON
def test_new_question_to_the_groups_expert(turned_off, django_capture_on_commit_callbacks) -> None:
    expert = expert_of("ITU-T", "SG16")
    if turned_off:
        turn_off(expert, EmailKind.ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        ask(person("Awa", "Ndiaye"), recommendations=(recommendation("H.702"),))
    assert bool(_sent_to(expert)) is not turned_off


@OFF_OR_ON
def test_answer_and_follow_up_to_the_asker(turned_off, django_capture_on_commit_callbacks) -> None:
    asker = person("Awa", "Ndiaye")
    question = ask(asker, recommendations=(recommendation("H.702"),))
    if turned_off:
        turn_off(asker, EmailKind.ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        answer(question, person("Kofi", "Mensah"))
        qa.follow_up(actor=person("Li", "Na"), question=question, body="Same question here.")
    assert len(_sent_to(asker)) == (0 if turned_off else 2)


@OFF_OR_ON
def test_unanswered_questions_to_the_groups_leader(turned_off, django_capture_on_commit_callbacks) -> None:
    chair = leader_of(group("ITU-T", "SG16"))
    ask(person("Awa", "Ndiaye"), recommendations=(recommendation("H.702"),), days_ago=10)
    if turned_off:
        turn_off(chair, EmailKind.ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        qa.remind_leadership_of_unanswered()
    assert bool(_sent_to(chair)) is not turned_off


def test_turning_one_kind_off_leaves_the_others_on(django_capture_on_commit_callbacks) -> None:
    expert = expert_of("ITU-T", "SG16")
    turn_off(expert, EmailKind.MATCHES, EmailKind.NEWS)
    with django_capture_on_commit_callbacks(execute=True):
        ask(person("Awa", "Ndiaye"), recommendations=(recommendation("H.702"),))
    assert len(_sent_to(expert)) == 1
