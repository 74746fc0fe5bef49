"""The email digest: each representative of an organisation that wants it gets the newly published opportunities
matching its focus, in their language, and never the same opportunity twice."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from ponte.core.models import EmailKind, EmailPreference, Person, Role, RoleKind
from ponte.opportunities import services
from ponte.opportunities.models import DigestDelivery
from ponte.opportunities.tasks import send_opportunity_digests
from tests.factories import with_role
from tests.opportunities.factories import focus, opportunity
from tests.privacy.helpers import turn_off

pytestmark = pytest.mark.django_db


def _send(django_capture_on_commit_callbacks, **arguments) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return services.send_opportunity_digests(**arguments)


def test_the_digest_is_sent_once(representative, japanese_sme, django_capture_on_commit_callbacks, settings) -> None:
    settings.PONTE_SITE_URL = "https://ponte.example"
    opportunity("CIRTs in West Africa", areas=("cybersecurity",), regions=("AFR",))
    opportunity("Schools in Asia", areas=("infrastructure",), regions=("ASP",))
    focus(japanese_sme, areas=("cybersecurity",), regions=("AFR",), wants_digest=True)
    assert _send(django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert message.to == [representative.email]
    assert message.subject == "A new partner opportunity matches the focus of Kyoto Sensors KK"
    assert "CIRTs in West Africa" in message.body and "Schools in Asia" not in message.body
    assert "Matches your focus: Cybersecurity, Africa" in message.body
    assert "https://ponte.example/en/opportunities/" in message.body
    assert "https://ponte.example/en/opportunities/mine/" in message.body
    delivery = DigestDelivery.objects.get()
    assert delivery.recipient == representative
    assert [found.title_en for found in delivery.opportunities.all()] == ["CIRTs in West Africa"]
    assert _send(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1 and DigestDelivery.objects.count() == 1


def test_a_later_opportunity_comes_in_the_next_digest_alone(
    representative, japanese_sme, django_capture_on_commit_callbacks
) -> None:
    focus(japanese_sme, areas=("cybersecurity",), wants_digest=True)
    opportunity("First", areas=("cybersecurity",))
    _send(django_capture_on_commit_callbacks)
    opportunity("Second", areas=("cybersecurity",))
    assert _send(django_capture_on_commit_callbacks) == 1
    assert "Second" in mail.outbox[1].body and "First" not in mail.outbox[1].body


def test_matches_turned_off_and_on_again_brings_what_was_published_meanwhile(
    representative, japanese_sme, django_capture_on_commit_callbacks
) -> None:
    focus(japanese_sme, areas=("cybersecurity",), wants_digest=True)
    opportunity("While away", areas=("cybersecurity",))
    turn_off(representative, EmailKind.MATCHES)
    assert _send(django_capture_on_commit_callbacks) == 0
    assert not DigestDelivery.objects.exists()  # nothing recorded as listed to them

    EmailPreference.objects.filter(user=representative).update(matches=True)
    assert _send(django_capture_on_commit_callbacks) == 1
    assert "While away" in mail.outbox[0].body


def test_each_representative_reads_it_in_their_language(
    representative, japanese_sme, django_capture_on_commit_callbacks
) -> None:
    colleague = with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme)
    Person.objects.create(user=colleague, given_name="Aya", email=colleague.email, language="fr")
    opportunity(
        "CIRTs in West Africa",
        title_fr="CIRT pour l'Afrique de l'Ouest",
        areas=("cybersecurity",),
        regions=("AFR",),
    )
    focus(japanese_sme, areas=("cybersecurity",), regions=("AFR",), wants_digest=True)
    assert _send(django_capture_on_commit_callbacks) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    french = by_recipient[colleague.email]
    assert "CIRT pour l'Afrique de l'Ouest" in french.body and "Cybersécurité, Afrique" in french.body
    assert "/fr/opportunities/" in french.body
    assert "CIRTs in West Africa" in by_recipient[representative.email].body


def test_no_digest_without_opt_in_or_for_revoked_representatives(
    representative, japanese_sme, egyptian_sme, other_representative, django_capture_on_commit_callbacks
) -> None:
    opportunity("CIRTs", areas=("cybersecurity",))
    focus(japanese_sme, areas=("cybersecurity",), wants_digest=False)
    focus(egyptian_sme, areas=("cybersecurity",), wants_digest=True)
    Role.objects.filter(user=other_representative).update(revoked_at=timezone.now())
    assert _send(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox and not DigestDelivery.objects.exists()


def test_an_archived_organisation_gets_no_digest(representative, japanese_sme, django_capture_on_commit_callbacks):
    opportunity("CIRTs", areas=("cybersecurity",))
    focus(japanese_sme, areas=("cybersecurity",), wants_digest=True)
    japanese_sme.is_active = False
    japanese_sme.save()
    assert _send(django_capture_on_commit_callbacks) == 0


def test_only_newly_published_opportunities_are_sent(
    representative, japanese_sme, django_capture_on_commit_callbacks
) -> None:
    old = timezone.now() - datetime.timedelta(days=45)
    opportunity("Published long ago", areas=("cybersecurity",), published_at=old)
    opportunity("Closed", areas=("cybersecurity",), state="closed")
    opportunity("Draft", areas=("cybersecurity",), state="draft")
    focus(japanese_sme, areas=("cybersecurity",), wants_digest=True)
    assert _send(django_capture_on_commit_callbacks) == 0


def test_a_representative_of_two_organisations_never_gets_an_opportunity_twice(
    representative, japanese_sme, egyptian_sme, django_capture_on_commit_callbacks
) -> None:
    Role.objects.create(user=representative, kind=RoleKind.REPRESENTATIVE, organisation=egyptian_sme)
    opportunity("CIRTs", areas=("cybersecurity",))
    focus(japanese_sme, areas=("cybersecurity",), wants_digest=True)
    focus(egyptian_sme, areas=("cybersecurity",), wants_digest=True)
    assert _send(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1


def test_the_celery_task_runs_the_service(representative, japanese_sme, django_capture_on_commit_callbacks) -> None:
    opportunity("CIRTs", areas=("cybersecurity",))
    focus(japanese_sme, areas=("cybersecurity",), wants_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_opportunity_digests.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_opportunity_digests.delay().get() == 0
    assert len(mail.outbox) == 1
    assert send_opportunity_digests.name == "ponte.opportunities.tasks.send_opportunity_digests"
