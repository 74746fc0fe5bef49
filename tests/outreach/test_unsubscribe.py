"""Unsubscribing from a campaign's email: no sign-in needed, a tampered link is refused, counted per campaign."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ponte.core.models import EmailPreference, User
from ponte.core.notifications import wants
from ponte.outreach import services
from ponte.outreach.selectors import campaign_counts
from tests.factories import UserFactory
from tests.outreach.conftest import draft

pytestmark = pytest.mark.django_db


def link(user: User, campaign: object) -> str:
    return reverse("outreach:unsubscribe", kwargs={"token": services.unsubscribe_token(user, campaign)})  # type: ignore[arg-type]


def test_the_link_asks_first_then_turns_news_off_and_is_counted(secretariat: User) -> None:
    user: User = UserFactory()
    campaign = services.send_campaign(actor=secretariat, campaign=draft(secretariat))
    page = Client().get(link(user, campaign))
    assert page.status_code == 200
    assert user.email in page.content.decode()
    assert wants(user, "news")
    done = Client().post(link(user, campaign))
    assert done.status_code == 200
    assert "will no longer receive" in done.content.decode()
    assert not wants(user, "news")
    assert EmailPreference.objects.get(user=user).decisions  # other kinds untouched
    assert campaign_counts(campaign).unsubscribed == 1


def test_using_the_link_twice_counts_once(secretariat: User) -> None:
    user: User = UserFactory()
    campaign = services.send_campaign(actor=secretariat, campaign=draft(secretariat))
    Client().post(link(user, campaign))
    Client().post(link(user, campaign))
    assert campaign_counts(campaign).unsubscribed == 1


def test_a_tampered_link_is_refused_with_a_clear_message(secretariat: User) -> None:
    user: User = UserFactory()
    other: User = UserFactory()
    campaign = services.send_campaign(actor=secretariat, campaign=draft(secretariat))
    token = services.unsubscribe_token(user, campaign)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for method in ("get", "post"):
        answer = getattr(Client(), method)(reverse("outreach:unsubscribe", kwargs={"token": forged}))
        assert answer.status_code == 400
        assert "not valid" in answer.content.decode()
    assert wants(user, "news") and wants(other, "news")
    assert campaign_counts(campaign).unsubscribed == 0


def test_mail_programs_unsubscribe_in_one_click_without_a_form(secretariat: User) -> None:
    user: User = UserFactory()
    campaign = services.send_campaign(actor=secretariat, campaign=draft(secretariat))
    one_click = Client(enforce_csrf_checks=True).post(link(user, campaign), {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert not wants(user, "news")
    history = EmailPreference.history.filter(user=user).first()
    assert history is not None and history.history_change_reason == "outreach.unsubscribed"
