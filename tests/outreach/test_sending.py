"""Sending a campaign: each account once, in its language (English when not translated), with an unsubscribe link."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from ponte.core.models import User
from ponte.outreach import services
from ponte.outreach.models import Campaign, CampaignState, Delivery
from ponte.outreach.selectors import campaign_counts
from tests.factories import PersonFactory, UserFactory
from tests.outreach.conftest import draft

pytestmark = pytest.mark.django_db


def reader(language: str = "en") -> User:
    user: User = UserFactory()
    PersonFactory(user=user, email=user.email, language=language)
    return user


def sent_to(address: str) -> list[Any]:
    return [message for message in mail.outbox if message.to == [address]]


def test_sending_publishes_and_emails_each_reader_once(
    secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = reader(), reader()
    campaign = draft(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_campaign(actor=secretariat, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.SENT
    assert campaign.published_at is not None and campaign.sent_at is not None
    assert len(sent_to(first.email)) == 1 and len(sent_to(second.email)) == 1
    message = sent_to(first.email)[0]
    assert message.subject == "SME programme news"
    assert "Apply **now**" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/en/outreach/unsubscribe/" in unsubscribe
    assert unsubscribe.strip("<>") in message.body
    html = message.alternatives[0][0]
    assert "<strong>now</strong>" in html and "<img" not in html
    assert campaign_counts(campaign).sent == Delivery.objects.filter(campaign=campaign).count() >= 2


def test_a_second_job_or_a_double_click_never_sends_twice(
    secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    user = reader()
    campaign = draft(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_campaign(actor=secretariat, campaign=campaign)
    with pytest.raises(ValidationError) as refused:
        services.send_campaign(actor=secretariat, campaign=campaign)
    assert refused.value.error_dict["state"][0].code == "already_sent"
    assert services.deliver_campaign(campaign_id=campaign.pk) == 0
    assert len(sent_to(user.email)) == 1
    assert Delivery.objects.filter(campaign=campaign, recipient=user).count() == 1


def test_a_job_that_stopped_halfway_sends_only_the_rest(secretariat: User) -> None:
    first, second = reader(), reader()
    campaign = draft(secretariat)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.SENDING, published_at=campaign.created_at)
    Delivery.objects.create(campaign=campaign, recipient=first, email=first.email, language="en")
    services.deliver_campaign(campaign_id=campaign.pk)
    assert sent_to(first.email) == [] and len(sent_to(second.email)) == 1


def test_each_reader_gets_their_language_or_english(secretariat: User, django_capture_on_commit_callbacks: Any) -> None:
    french, russian = reader("fr"), reader("ru")
    campaign = draft(secretariat, texts={"title_fr": "Nouvelles du programme PME", "body_fr": "Candidatez."})
    with django_capture_on_commit_callbacks(execute=True):
        services.send_campaign(actor=secretariat, campaign=campaign)
    in_french = sent_to(french.email)[0]
    assert in_french.subject == "Nouvelles du programme PME"
    assert "/fr/outreach/unsubscribe/" in in_french.extra_headers["List-Unsubscribe"]
    in_english = sent_to(russian.email)[0]
    assert in_english.subject == "SME programme news"
    assert Delivery.objects.get(recipient=russian).language == "en"


def test_a_draft_is_never_delivered(secretariat: User) -> None:
    reader()
    campaign = draft(secretariat)
    assert services.deliver_campaign(campaign_id=campaign.pk) == 0
    assert mail.outbox == []


def test_an_unsubscribed_reader_is_skipped(secretariat: User, django_capture_on_commit_callbacks: Any) -> None:
    from ponte.core.models import EmailPreference

    user = reader()
    EmailPreference.objects.create(user=user, news=False)
    campaign = draft(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_campaign(actor=secretariat, campaign=campaign)
    assert sent_to(user.email) == []
