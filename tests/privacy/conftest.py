"""A person who takes part in everything, with a distinctive email, gender and birth year, for the data download,
the deletion and the audit of the public pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from ponte.core.models import Affiliation, Organisation, Person, Role, RoleKind, User
from ponte.meetings.models import Attendance, Contribution, Fellowship, LeadershipPost, Meeting, Registration
from ponte.opportunities.models import Interest, Opportunity
from ponte.qa.models import Answer, Question
from ponte.sponsorship.models import SponsorshipRequest
from tests.experts.factories import certificate, trained, workshop
from tests.factories import PersonFactory, UserFactory, country, group, with_role
from tests.opportunities.factories import opportunity
from tests.portal.factories import contribution, fellowship, meeting, registration
from tests.qa.factories import answer, ask, recommendation
from tests.sponsorship.factories import build_world

EMAIL = "zephyrine.quill-7731@privacy-test.example"
GIVEN, FAMILY = "Zephyrine", "Quillfeather"
GENDER, GENDER_SHOWN = "other", "Another gender"
BIRTH_YEAR = 1937


@dataclass
class Participant:
    user: User
    person: Person
    organisation: Organisation
    meeting: Meeting
    registration: Registration
    attendance: Attendance
    fellowship: Fellowship
    contribution: Contribution
    post: LeadershipPost
    question: Question
    answer: Answer
    opportunity: Opportunity
    interest: Interest
    sponsorship: SponsorshipRequest
    certificate_number: str


def make_participant() -> Participant:
    """Zephyrine Quillfeather, of a Japanese SME: registered, present, a fellow, a contributor, a rapporteur, an
    asker and answerer in the Q&A, interested in an opportunity, asking for a sponsorship, certified, following."""
    world = build_world()
    organisation = world.member
    user: User = UserFactory(username=EMAIL, email=EMAIL, first_name=GIVEN, last_name=FAMILY)
    Role.objects.create(user=user, kind=RoleKind.REPRESENTATIVE, organisation=organisation)
    person = PersonFactory(
        user=user,
        email=EMAIL,
        given_name=GIVEN,
        family_name=FAMILY,
        gender=GENDER,
        birth_year=BIRTH_YEAR,
        country=country("SEN"),
        language="fr",
    )
    Affiliation.objects.create(person=person, organisation=organisation, position="CTO")
    held = meeting(group("ITU-T", "SG16"), weeks_ahead=-1)
    registered = registration(user, held, organisation)
    present = Attendance.objects.create(
        meeting=held, person=person, day=held.starts_on, mode="remote", organisation=organisation, category="sme"
    )
    fellow = fellowship(person, held, alpha3="SEN", state="nominated")
    Fellowship.objects.filter(pk=fellow.pk).update(ticket=Decimal("1200.50"))
    fellow.refresh_from_db()
    contributed = contribution(organisation, by=user)
    post = LeadershipPost.objects.create(
        group=group("ITU-T", "SG16"),
        person=person,
        organisation=organisation,
        role="rapporteur",
        question="Q5/16",
        starts_on=timezone.localdate() - datetime.timedelta(days=100),
    )
    asked = ask(user, recommendations=(recommendation("H.702"),), title="Which profile fits a braille display?")
    answered = answer(ask(with_role(RoleKind.REPRESENTATIVE, organisation=organisation)), user)
    wanted = opportunity("Smart villages in the Sahel", published_at=timezone.now())
    from ponte.opportunities import services as opportunities

    interest = opportunities.express_interest(
        actor=user, opportunity=wanted, organisation=organisation, message="We build rural IoT."
    )
    from ponte.sponsorship import services as sponsorship

    requested = sponsorship.request_sponsorship(activity=world.coffee, organisation=organisation, requested_by=user)
    course = workshop()
    trained(person, course)
    certified = certificate(person, at=course)
    from django.apps import apps

    try:
        follow_model = apps.get_model("portal", "Follow")
    except LookupError:
        pass
    else:
        follow_model._default_manager.create(user=user, group=group("ITU-T", "SG16"))
    return Participant(
        user=user,
        person=person,
        organisation=organisation,
        meeting=held,
        registration=registered,
        attendance=present,
        fellowship=fellow,
        contribution=contributed,
        post=post,
        question=asked,
        answer=answered,
        opportunity=wanted,
        interest=interest,
        sponsorship=requested,
        certificate_number=certified.number,
    )


@pytest.fixture
def participant(db: None) -> Participant:
    return make_participant()
