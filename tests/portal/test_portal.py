""" "My portal" per role: each person sees their own items, things needing action first, and never another's."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ponte.core.models import Organisation, Role, RoleKind, User
from ponte.portal import services
from ponte.portal.selectors import SECTIONS, portal_for
from ponte.qa.models import Answer, Question
from tests.conftest import signed_in
from tests.experts.factories import certificate
from tests.factories import OrganisationFactory, country, group, with_role
from tests.opportunities.factories import focus, opportunity
from tests.portal.factories import (
    application,
    contribution,
    fellowship,
    invoice,
    meeting,
    person_of,
    registration,
)
from tests.standards.factories import recommendation

pytestmark = pytest.mark.django_db

SECTION_ORDER = [
    "invoices",
    "applications",
    "questions_to_answer",
    "meetings",
    "registrations",
    "fellowships",
    "contributions",
    "questions_asked",
    "opportunities",
    "certificates",
    "followed_recommendations",
    "followed_opportunities",
    "followed_groups",
]


def _page(user: User) -> str:
    response = signed_in(user).get("/en/my/")
    assert response.status_code == 200
    return response.content.decode()


def _section(user: User, key: str) -> tuple[int, list[str]]:
    section = next(s for s in portal_for(user=user).sections if s.key == key)
    return section.count, [item.title for item in section.items]


def question(asked_by: User, title: str, *, target: str = "SG16", answers: int = 0) -> Question:
    made = Question.objects.create(
        title=title, body="How?", asked_by=asked_by, group=group("ITU-T", target), answer_count=answers
    )
    for _number in range(answers):
        Answer.objects.create(question=made, body="Like this.", author=with_role(RoleKind.EXPERT, group=made.group))
    return made


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get("/en/my/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/login/?next=/en/my/")


def test_the_sections_come_in_order_with_things_needing_action_first(member: User) -> None:
    sections = portal_for(user=member).sections
    assert [section.key for section in sections] == SECTION_ORDER
    assert [section.needs_action for section in sections[:3]] == [True, True, True]
    assert len(SECTIONS) == len(SECTION_ORDER)


def test_an_account_without_a_role_sees_how_to_start_everywhere(member: User) -> None:
    page = _page(member)
    assert "Nothing needs your action now." in page
    assert "Invoices are sent to the organisations you represent" in page
    assert "Follow a group (the “Follow” button on its page)" in page
    assert "Ask a question" in page and 'href="/en/qa/ask/"' in page
    assert "Opportunities are recommended to the organisations you represent" in page


def test_a_representative_sees_its_invoices_applications_registrations_and_contributions(
    representative: User, japanese_sme: Organisation, other_representative: User, egyptian_sme: Organisation
) -> None:
    due = invoice(japanese_sme, days=-3)
    invoice(japanese_sme, state="paid")
    draft = application(japanese_sme, state="draft")
    japanese_sme.groups.add(group("ITU-T", "SG20"))
    sg20 = meeting(group("ITU-T", "SG20"), title="SG20 in Geneva")
    mine = registration(representative, sg20, japanese_sme)
    sourced = contribution(japanese_sme, by=representative)
    # Another organisation's records, which must never show.
    theirs = invoice(egyptian_sme)
    application(egyptian_sme, state="draft")
    contribution(egyptian_sme, by=other_representative)

    page = _page(representative)
    assert due.number in page and "Overdue" in page
    assert theirs.number not in page
    assert _section(representative, "invoices") == (1, [f"{due.number} · Kyoto Sensors KK"])
    assert _section(representative, "applications")[0] == 1
    assert f"/en/membership/applications/{draft.pk}/" in page
    assert _section(representative, "meetings") == (1, ["SG20 in Geneva"])
    assert "Registered: Confirmed" in page
    assert _section(representative, "registrations") == (1, ["SG20 in Geneva"])
    assert mine.meeting.get_absolute_url() in page
    assert _section(representative, "contributions") == (1, [f"{sourced} · {sourced.title}"])
    assert "2 things need your action." in page


def test_a_representative_sees_opportunities_matching_its_focus_with_the_reason(
    representative: User, japanese_sme: Organisation
) -> None:
    focus(japanese_sme, areas=("cybersecurity",))
    opportunity("National CIRTs for West Africa", areas=("cybersecurity",))
    opportunity("E-waste in the Arab region", areas=("climate-change-e-waste",))
    count, titles = _section(representative, "opportunities")
    assert (count, titles) == (1, ["National CIRTs for West Africa"])
    assert "Matches: Cybersecurity" in _page(representative)


def test_a_representative_without_focus_is_told_to_set_one(representative: User) -> None:
    page = _page(representative)
    assert "Nothing matches your organisation&#x27;s focus yet" in page
    assert 'href="/en/opportunities/mine/"' in page


def test_a_focal_point_sees_its_countrys_submitted_applications_and_nominations(
    japan_focal_point: User, japanese_sme: Organisation, egyptian_sme: Organisation
) -> None:
    waiting = application(japanese_sme, state="submitted")
    application(japanese_sme, state="draft")  # the SME's to complete, not the focal point's
    application(egyptian_sme, state="submitted")
    nominee = person_of(with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme))
    fellowship(nominee, meeting(), alpha3="JPN")
    fellowship(person_of(with_role(RoleKind.REPRESENTATIVE, organisation=egyptian_sme)), meeting(), alpha3="EGY")

    count, titles = _section(japan_focal_point, "applications")
    assert count == 1 and titles == ["Kyoto Sensors KK · Participation in study groups (SME programme)"]
    page = _page(japan_focal_point)
    assert f"/en/membership/applications/{waiting.pk}/" in page
    assert "it waits for your decision" in page
    assert _section(japan_focal_point, "fellowships")[0] == 1
    assert "Nominated" in page


def test_an_expert_sees_the_unanswered_questions_of_its_group_only() -> None:
    expert = with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16"))
    asker = with_role(RoleKind.REPRESENTATIVE, organisation=OrganisationFactory())
    question(asker, "Which clause of H.702 covers captions?")
    question(asker, "Already answered", answers=1)
    question(asker, "For SG20 experts", target="SG20")
    hidden = question(asker, "Hidden spam")
    Question.objects.filter(pk=hidden.pk).update(is_hidden=True)
    assert _section(expert, "questions_to_answer") == (1, ["Which clause of H.702 covers captions?"])
    assert _section(asker, "questions_to_answer")[0] == 0


def test_an_asker_sees_its_questions_with_new_answers(member: User) -> None:
    question(member, "How to test H.702 terminals?", answers=2)
    old = question(member, "An older question", answers=1)
    Answer.objects.filter(question=old).update(created_at=timezone.now() - datetime.timedelta(days=30))
    question(with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16")), "Someone else's question")
    count, titles = _section(member, "questions_asked")
    assert count == 2 and set(titles) == {"How to test H.702 terminals?", "An older question"}
    page = _page(member)
    assert "2 new answers" in page
    assert "Someone else" not in page


def test_a_certified_expert_sees_its_certificate_and_nobody_elses(member: User) -> None:
    mine = certificate(person_of(member))
    other = certificate(person_of(with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16"))))
    page = _page(member)
    assert mine.number in page and other.number not in page
    assert f"/en/experts/verify/?number={mine.number}" in page
    assert "Valid" in page


def test_the_secretariat_sees_its_own_items_not_everyones(secretariat: User, japanese_sme: Organisation) -> None:
    due = invoice(japanese_sme)
    submitted = application(japanese_sme, state="submitted")
    page = _page(secretariat)
    assert due.number not in page
    assert f"/en/membership/applications/{submitted.pk}/" not in page
    assert _section(secretariat, "invoices")[0] == 0


def test_followed_groups_bring_their_meetings_and_followed_things_are_listed(member: User) -> None:
    sg5 = group("ITU-T", "SG5")
    services.follow(actor=member, target=sg5)
    meeting(sg5, title="SG5 in Nairobi", registration_deadline=timezone.localdate() + datetime.timedelta(days=10))
    meeting(sg5, weeks_ahead=-8, title="SG5 last year")
    meeting(group("ITU-T", "SG11"), title="SG11 not followed")
    h702 = recommendation("ITU-T", "H.702", group_code="SG16", title="IPTV accessibility")
    services.follow(actor=member, target=h702)
    question(with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16")), "Captions?").recommendations.add(h702)
    cirts = opportunity("National CIRTs")
    services.follow(actor=member, target=cirts)

    assert _section(member, "meetings") == (1, ["SG5 in Nairobi"])
    page = _page(member)
    assert "Not registered: register by" in page
    assert _section(member, "followed_recommendations") == (1, ["ITU-T H.702 · IPTV accessibility"])
    assert "1 new question" in page
    assert _section(member, "followed_opportunities") == (1, ["National CIRTs"])
    assert _section(member, "followed_groups")[0] == 1
    assert "SG11 not followed" not in page and "SG5 last year" not in page


def test_another_accounts_follows_never_show(member: User) -> None:
    other = with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16"))
    sg5 = group("ITU-T", "SG5")
    services.follow(actor=other, target=sg5)
    meeting(sg5, title="SG5 in Nairobi")
    assert _section(member, "meetings")[0] == 0
    assert _section(member, "followed_groups")[0] == 0


def test_a_section_lists_five_and_links_to_the_full_list(member: User) -> None:
    sg5 = group("ITU-T", "SG5")
    services.follow(actor=member, target=sg5)
    for number in range(7):
        meeting(sg5, weeks_ahead=2 + number, title=f"SG5 meeting {number}")
    count, titles = _section(member, "meetings")
    assert count == 7 and titles == [f"SG5 meeting {number}" for number in range(5)]
    assert "All meetings (7)" in _page(member)


# --- Queries stay the same whatever the number of items ------------------------------------------------------------


def _everything(user: User, organisation: Organisation, many: int, tag: str) -> None:
    """``many`` items of every kind the portal shows, for one account that holds every role."""
    Role.objects.create(user=user, kind=RoleKind.EXPERT, group=group("ITU-T", "SG16"))
    Role.objects.create(user=user, kind=RoleKind.FOCAL_POINT, country=country("JPN"))
    focus(organisation, areas=("cybersecurity",))
    sg5 = group("ITU-T", "SG5")
    services.follow(actor=user, target=sg5)
    organisation.groups.add(group("ITU-T", "SG20"))
    asker = with_role(RoleKind.REPRESENTATIVE, organisation=OrganisationFactory())
    for number in range(many):
        invoice(organisation)
        application(organisation)
        application(OrganisationFactory(country=country("JPN")), state="submitted")
        question(asker, f"To answer {number}")
        at = meeting(sg5)
        registration(user, meeting(group("ITU-T", "SG20")), organisation)
        fellowship(person_of(user), at, alpha3="JPN")
        contribution(organisation, by=user)
        question(user, f"Asked {number}", answers=1)
        opportunity(f"Opportunity {number}", areas=("cybersecurity",))
        certificate(person_of(user))
        h = recommendation("ITU-T", f"Y.{tag}{number}")
        services.follow(actor=user, target=h)
        services.follow(actor=user, target=opportunity(f"Followed {number}"))
        services.follow(actor=user, target=group("ITU-T", ["SG11", "SG16", "SG20", "SG9", "SG12"][number % 5]))


def _queries(user: User) -> int:
    client = signed_in(user)
    client.get("/en/my/")  # warm caches that are not the portal's (sessions, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/en/my/")
    assert response.status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_items() -> None:
    one_organisation = OrganisationFactory(name="One KK", country=country("JPN"))
    one = with_role(RoleKind.REPRESENTATIVE, organisation=one_organisation)
    _everything(one, one_organisation, 1, "1")
    ten_organisation = OrganisationFactory(name="Ten KK", country=country("JPN"))
    ten = with_role(RoleKind.REPRESENTATIVE, organisation=ten_organisation)
    _everything(ten, ten_organisation, 10, "2")

    assert all(section.count >= 1 for section in portal_for(user=one).sections)
    assert all(section.count >= 5 for section in portal_for(user=ten).sections if section.key != "followed_groups")
    assert _queries(one) == _queries(ten)
