"""Following a group, a Recommendation or an opportunity in one click, and stopping again."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from ponte.core.models import User
from ponte.portal import services
from ponte.portal.models import Follow
from tests.conftest import signed_in
from tests.factories import group
from tests.opportunities.factories import opportunity
from tests.standards.factories import recommendation

pytestmark = pytest.mark.django_db


def test_following_twice_keeps_one_follow_and_stopping_twice_changes_nothing(member: User) -> None:
    sg16 = group("ITU-T", "SG16")
    first = services.follow(actor=member, target=sg16)
    again = services.follow(actor=member, target=sg16)
    assert first.pk == again.pk
    assert Follow.objects.filter(user=member).count() == 1
    assert services.unfollow(actor=member, target=sg16) is True
    assert services.unfollow(actor=member, target=sg16) is False
    assert not Follow.objects.filter(user=member).exists()


def test_history_says_who_followed_and_who_stopped(member: User) -> None:
    h702 = recommendation("ITU-T", "H.702")
    services.follow(actor=member, target=h702)
    services.unfollow(actor=member, target=h702)
    rows = list(
        Follow.history.order_by("history_date").values_list("history_type", "history_user", "history_change_reason")
    )
    assert rows == [
        ("+", member.pk, "portal.follow.recommendation.started"),
        ("-", member.pk, "portal.follow.recommendation.stopped"),
    ]


def test_a_follow_names_exactly_one_target(member: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(
            user=member, group=group("ITU-T", "SG16"), recommendation=recommendation("ITU-T", "H.702")
        )


def test_the_same_target_cannot_be_followed_twice_by_one_account(member: User) -> None:
    Follow.objects.create(user=member, group=group("ITU-T", "SG16"))
    with pytest.raises(ValidationError):
        Follow(user=member, group=group("ITU-T", "SG16")).full_clean()


@pytest.mark.parametrize("state", ["draft", "closed"])
def test_only_published_opportunities_can_be_followed(member: User, state: str) -> None:
    with pytest.raises(PermissionDenied):
        services.follow(actor=member, target=opportunity("Not open", state=state))
    assert not Follow.objects.exists()


def test_an_inactive_group_cannot_be_followed(member: User) -> None:
    sg16 = group("ITU-T", "SG16")
    sg16.is_active = False
    sg16.save()
    with pytest.raises(PermissionDenied):
        services.follow(actor=member, target=sg16)


def test_a_closed_opportunity_can_still_be_unfollowed(member: User) -> None:
    found = opportunity("Open then closed")
    services.follow(actor=member, target=found)
    found.state = "closed"
    found.save()
    assert services.unfollow(actor=member, target=found) is True


def test_an_inactive_account_cannot_follow(member: User) -> None:
    member.is_active = False
    member.save()
    with pytest.raises(PermissionDenied):
        services.follow(actor=member, target=group("ITU-T", "SG16"))


# --- The button on the three pages --------------------------------------------------------------------------------


def _pages() -> list[tuple[str, str, int]]:
    sg16 = group("ITU-T", "SG16")
    h702 = recommendation("ITU-T", "H.702", group_code="SG16")
    found = opportunity("Smart villages in the Pacific")
    return [
        (sg16.get_absolute_url(), "group", sg16.pk),
        (h702.get_absolute_url(), "recommendation", h702.pk),
        (found.get_absolute_url(), "opportunity", found.pk),
    ]


def test_anonymous_visitors_are_asked_to_sign_in_to_follow() -> None:
    for url, _kind, _pk in _pages():
        page = Client().get(url).content.decode()
        assert "Sign in to follow" in page, url
        assert 'name="action" value="follow"' not in page


def test_one_click_follows_and_goes_back_to_the_page_then_stops(member: User) -> None:
    client = signed_in(member)
    for url, kind, pk in _pages():
        assert ">Follow</button>" in client.get(url).content.decode()
        response = client.post(f"/en/my/follow/{kind}/{pk}/", {"action": "follow", "next": url})
        assert response.status_code == 302 and response["Location"] == url
        page = client.get(url).content.decode()
        assert "Following ✓" in page and "(stop following)" in page
        client.post(f"/en/my/follow/{kind}/{pk}/", {"action": "unfollow", "next": url})
        assert ">Follow</button>" in client.get(url).content.decode()
    assert not Follow.objects.filter(user=member).exists()
    assert Follow.history.filter(user=member).count() == 6


def test_a_next_address_of_another_site_is_not_followed(member: User) -> None:
    sg16 = group("ITU-T", "SG16")
    response = signed_in(member).post(
        f"/en/my/follow/group/{sg16.pk}/", {"action": "follow", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == sg16.get_absolute_url()


def test_following_needs_a_signed_in_post(member: User) -> None:
    sg16 = group("ITU-T", "SG16")
    anonymous = Client().post(f"/en/my/follow/group/{sg16.pk}/", {"action": "follow"})
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    assert signed_in(member).get(f"/en/my/follow/group/{sg16.pk}/").status_code == 405
    assert not Follow.objects.exists()


def test_a_draft_opportunity_is_not_found_and_an_unknown_kind_neither(member: User) -> None:
    draft = opportunity("Draft", state="draft")
    client = signed_in(member)
    assert client.post(f"/en/my/follow/opportunity/{draft.pk}/", {"action": "follow"}).status_code == 404
    assert client.post(f"/en/my/follow/person/{member.pk}/", {"action": "follow"}).status_code == 404
    assert not Follow.objects.exists()


def test_a_closed_opportunity_shows_no_follow_button_and_refuses_a_follow(member: User) -> None:
    closed = opportunity("Closed", state="closed")
    client = signed_in(member)
    assert ">Follow</button>" not in client.get(closed.get_absolute_url()).content.decode()
    response = client.post(f"/en/my/follow/opportunity/{closed.pk}/", {"action": "follow"}, follow=True)
    assert "can be followed" in response.content.decode()
    assert not Follow.objects.exists()
