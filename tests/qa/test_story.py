"""The story of the forum: a member asks about a Recommendation, an expert answers, the asker follows up and accepts
the answer, readers vote; every step through the services and through the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from ponte.qa import services
from ponte.qa.models import Answer, FollowUp, Question, Vote
from tests.conftest import signed_in
from tests.factories import group
from tests.qa.factories import answer, ask, person, recommendation

pytestmark = pytest.mark.django_db


def test_a_member_asks_an_expert_answers_and_the_asker_accepts(asker, expert, h702) -> None:
    question = services.ask_question(
        actor=asker,
        title="Quel profil de H.702 pour une télécommande ?",
        body="Notre décodeur doit-il suivre le profil de base ?",
        language="fr",
        recommendations=[h702],
    )
    assert question.group == h702.group
    assert list(question.recommendations.all()) == [h702]
    reply = services.answer_question(actor=expert, question=question, body="Oui : le profil de base, clause 7.")
    services.follow_up(actor=asker, question=question, answer=reply, body="Merci, et pour le guide des programmes ?")
    services.accept_answer(actor=asker, answer=reply)

    question.refresh_from_db()
    assert question.accepted_answer == reply
    assert question.answer_count == 1
    history = list(question.history.order_by("history_id"))
    # The Recommendations are recorded on a second row of the asking (history of the many-to-many relation).
    assert [row.history_change_reason for row in history] == [
        "qa.question.asked",
        "qa.question.asked",
        "qa.question.answer_accepted",
    ]
    assert [list(row.recommendations.values_list("recommendation_id", flat=True)) for row in history] == [
        [],
        [h702.pk],
        [h702.pk],
    ]
    assert question.history.latest().history_user == asker
    assert reply.history.get().history_change_reason == "qa.answer.written"


def test_the_question_goes_to_the_group_given_rather_than_the_recommendations(asker, h702) -> None:
    sg20 = group("ITU-T", "SG20")
    question = ask(asker, recommendations=(h702,), target=sg20)
    assert question.group == sg20


def test_a_question_about_no_recommendation_must_name_a_group(asker) -> None:
    with pytest.raises(ValidationError) as refused:
        services.ask_question(actor=asker, title="Where do I start with IPTV?", body="Any pointer.", language="en")
    assert refused.value.message_dict["group"] == [
        "Choose the group whose experts should answer, or name a Recommendation."
    ]
    assert not Question.objects.exists()


def test_a_recommendation_without_a_group_needs_one(asker) -> None:
    orphan = recommendation("X.999", group_code=None, title="A text no group keeps")
    with pytest.raises(ValidationError) as refused:
        ask(asker, recommendations=(orphan,))
    assert "the Recommendations named have no group" in refused.value.message_dict["group"][0]


def test_bad_questions_are_refused_with_a_message_per_field(asker, h702) -> None:
    with pytest.raises(ValidationError) as refused:
        services.ask_question(actor=asker, title="H.702?", body="", language="xx", recommendations=[h702])
    errors = refused.value.message_dict
    assert errors["title"] == ["At least 10 characters (it has 6): say what you want to know."]
    assert errors["body"] == ["Explain your question: what you read, what you tried, what is unclear."]
    assert errors["language"] == ["Choose one of the six languages."]
    with pytest.raises(ValidationError) as refused:
        services.ask_question(actor=asker, title="x" * 201, body="y" * 10_001, language="en", recommendations=[h702])
    assert refused.value.message_dict["title"] == ["At most 200 characters (it has 201)."]
    assert refused.value.message_dict["body"] == ["At most 10000 characters (it has 10001)."]
    assert not Question.objects.exists()


def test_anonymous_people_cannot_ask(h702) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.ask_question(
            actor=AnonymousUser(), title="A question from nobody", body="…", language="en", recommendations=[h702]
        )


# --- Pages --------------------------------------------------------------------------------------------------------


def test_asking_through_the_page(asker, h702) -> None:
    browser = signed_in(asker)
    page = browser.get("/en/qa/ask/?recommendation=ITU-T H.702")
    assert page.status_code == 200
    assert 'value="ITU-T H.702"' in page.content.decode()
    response = browser.post(
        "/en/qa/ask/",
        {
            "title": "كيف نطبق التوصية H.702 على القنوات العربية؟",
            "body": "نحتاج إلى **مساعدة**.",
            "language": "ar",
            "recommendation_1": "itu-t h.702",
        },
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/qa/{question.pk}/"
    assert (question.group, question.language) == (h702.group, "ar")
    shown = browser.get(response["Location"]).content.decode()
    assert 'lang="ar" dir="auto">كيف نطبق التوصية H.702 على القنوات العربية؟</h1>' in shown
    assert "<strong>مساعدة</strong>" in shown
    assert "The experts of ITU-T SG16 were told." in shown


def test_the_ask_page_shows_every_error_at_its_field_and_saves_nothing(asker, h702) -> None:
    response = signed_in(asker).post(
        "/en/qa/ask/", {"title": "Short", "body": "", "language": "en", "recommendation_1": "H.999"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "At least 10 characters (it has 5): say what you want to know." in page
    assert "Explain your question: what you read, what you tried, what is unclear." in page
    assert "No Recommendation is known as “H.999”. Write it as ITU-T H.702." in page
    assert 'aria-invalid="true"' in page
    assert not Question.objects.exists()


def test_the_ask_page_needs_a_sign_in(client) -> None:
    response = client.get("/en/qa/ask/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/login/")


def test_answering_and_following_up_through_the_page(asker, expert, other, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    response = signed_in(expert).post(f"/en/qa/{question.pk}/answer/", {"body": "Read clause 7."})
    reply = Answer.objects.get()
    assert response["Location"] == f"/en/qa/{question.pk}/?answer={reply.pk}#answer-{reply.pk}"
    response = signed_in(asker).post(f"/en/qa/{question.pk}/follow-up/", {"body": "Which edition?", "answer": reply.pk})
    comment = FollowUp.objects.get()
    assert comment.answer == reply
    assert response["Location"] == f"/en/qa/{question.pk}/?answer={reply.pk}#follow-up-{comment.pk}"
    signed_in(other).post(f"/en/qa/{question.pk}/follow-up/", {"body": "Same question here."})
    on_question = FollowUp.objects.get(answer__isnull=True)
    page = signed_in(other).get(f"/en/qa/{question.pk}/").content.decode()
    assert page.index(f'id="follow-up-{on_question.pk}"') < page.index(f'id="answer-{reply.pk}"')
    assert page.index(f'id="answer-{reply.pk}"') < page.index(f'id="follow-up-{comment.pk}"')


def test_empty_answers_and_long_follow_ups_are_refused_at_the_field(asker, other, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    response = signed_in(other).post(f"/en/qa/{question.pk}/answer/", {"body": "   "})
    assert response.status_code == 400
    assert "Write your answer: what the Recommendation says and how." in response.content.decode()
    response = signed_in(other).post(f"/en/qa/{question.pk}/follow-up/", {"body": "x" * 601})
    assert response.status_code == 400
    page = response.content.decode()
    assert "At most 600 characters (it has 601)." in page
    assert "<details open>\n    <summary>Add a follow-up</summary>" in page
    assert not Answer.objects.exists() and not FollowUp.objects.exists()


def test_a_follow_up_names_an_answer_of_the_same_question(asker, other, h702) -> None:
    first, second = ask(asker, recommendations=(h702,)), ask(asker, title="Another question on H.702 profiles")
    reply = answer(second, other)
    response = signed_in(other).post(f"/en/qa/{first.pk}/follow-up/", {"body": "Hm.", "answer": reply.pk})
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        services.follow_up(actor=other, question=first, answer=reply, body="Hm.")


def test_votes_count_once_per_person_and_can_be_changed_or_taken_back(asker, other, expert, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    reply = answer(question, expert)
    assert services.vote(actor=other, post=reply, value=1) == 1
    assert services.vote(actor=asker, post=reply, value=1) == 1
    reply.refresh_from_db()
    assert reply.score == 2
    assert services.vote(actor=other, post=reply, value=-1) == -1
    reply.refresh_from_db()
    assert reply.score == 0
    assert services.vote(actor=other, post=reply, value=-1) == 0
    reply.refresh_from_db()
    assert reply.score == 1
    assert Vote.objects.filter(answer=reply).count() == 1
    assert services.vote(actor=other, post=question, value=1) == 1
    question.refresh_from_db()
    assert question.score == 1
    reasons = set(Vote.history.values_list("history_change_reason", flat=True))
    assert reasons == {
        "qa.vote.answer.cast",
        "qa.vote.answer.changed",
        "qa.vote.answer.withdrawn",
        "qa.vote.question.cast",
    }


def test_nobody_votes_on_their_own_post_and_a_vote_is_plus_or_minus_one(asker, expert, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    reply = answer(question, expert)
    with pytest.raises(PermissionDenied):
        services.vote(actor=asker, post=question, value=1)
    with pytest.raises(PermissionDenied):
        services.vote(actor=expert, post=reply, value=1)
    with pytest.raises(ValidationError):
        services.vote(actor=asker, post=reply, value=5)
    assert signed_in(asker).post(f"/en/qa/question/{question.pk}/vote/", {"value": "1"}).status_code == 403


def test_the_database_keeps_one_vote_per_person_and_post(asker, other, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    Vote.objects.create(user=other, question=question, value=1)
    with pytest.raises(IntegrityError):
        Vote.objects.create(user=other, question=question, value=-1)


def test_voting_through_the_page_marks_the_readers_vote(asker, other, expert, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    reply = answer(question, expert)
    browser = signed_in(other)
    response = browser.post(f"/en/qa/answer/{reply.pk}/vote/", {"value": "1"})
    assert response["Location"] == f"/en/qa/{question.pk}/?answer={reply.pk}#answer-{reply.pk}"
    page = browser.get(f"/en/qa/{question.pk}/").content.decode()
    assert 'class="secondary voted" aria-pressed="true"' in page
    assert "1 vote" in page


def test_only_the_asker_accepts_and_the_accepted_answer_comes_first(asker, other, expert, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    popular = answer(question, other, body="Popular answer")
    accepted = answer(question, expert, body="Expert answer")
    late = answer(question, person("Late", "Comer"), body="Late answer")
    services.vote(actor=asker, post=popular, value=1)
    with pytest.raises(PermissionDenied):
        services.accept_answer(actor=other, answer=accepted)
    assert signed_in(expert).post(f"/en/qa/answers/{accepted.pk}/accept/").status_code == 403
    response = signed_in(asker).post(f"/en/qa/answers/{accepted.pk}/accept/")
    assert response.status_code == 302
    page = signed_in(other).get(f"/en/qa/{question.pk}/").content.decode()
    order = [page.index(f'id="answer-{a.pk}"') for a in (accepted, popular, late)]
    assert order == sorted(order)
    assert "Accepted answer" in page
    with pytest.raises(ValidationError):
        services.accept_answer(actor=asker, answer=accepted)
    services.accept_answer(actor=asker, answer=popular)
    question.refresh_from_db()
    assert question.accepted_answer == popular
    signed_in(asker).post(f"/en/qa/{question.pk}/withdraw-acceptance/")
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_the_asker_edits_the_question_and_the_search_follows(asker, other, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    assert signed_in(other).get(f"/en/qa/{question.pk}/edit/").status_code == 403
    f921 = recommendation("F.921", title="Audio-based network navigation system")
    response = signed_in(asker).post(
        f"/en/qa/{question.pk}/edit/",
        {"title": "Indoor navigation with audio beacons", "body": "Which beacons?", "recommendation_1": "ITU-T F.921"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Indoor navigation with audio beacons"
    assert list(question.recommendations.all()) == [f921]
    assert question.history.latest().history_change_reason == "qa.question.edited"
    found = signed_in(other).get("/en/qa/?q=beacons").content.decode()
    assert "Indoor navigation with audio beacons" in found
    assert "Indoor navigation" not in signed_in(other).get("/en/qa/?q=IPTV").content.decode()


def test_an_author_edits_their_answer(asker, expert, other, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    reply = answer(question, expert)
    assert signed_in(other).post(f"/en/qa/answers/{reply.pk}/edit/", {"body": "Mine now"}).status_code == 403
    response = signed_in(expert).post(f"/en/qa/answers/{reply.pk}/edit/", {"body": "Clause 7.2, precisely."})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body == "Clause 7.2, precisely."
    response = signed_in(expert).post(f"/en/qa/answers/{reply.pk}/edit/", {"body": ""})
    assert response.status_code == 400


def test_expert_badges_name_the_group_or_its_parent_and_only_active_roles(asker) -> None:
    from django.utils import timezone

    from ponte.core.models import Role
    from ponte.qa.selectors import expert_badges
    from tests.qa.factories import expert_of

    regional = group("ITU-T", "SG20RG-AFR")
    of_parent = expert_of("ITU-T", "SG20", first_name="Parent")
    of_both = expert_of("ITU-T", "SG20", first_name="Both")
    Role.objects.create(user=of_both, kind="expert", group=regional)
    revoked = expert_of("ITU-T", "SG20RG-AFR", first_name="Revoked")
    Role.objects.filter(user=revoked).update(revoked_at=timezone.now())
    elsewhere = expert_of("ITU-T", "SG16", first_name="Elsewhere")
    badges = expert_badges(user_ids={of_parent.pk, of_both.pk, revoked.pk, elsewhere.pk, asker.pk}, group=regional)
    assert badges == {of_parent.pk: "SG20", of_both.pk: "SG20RG-AFR"}
