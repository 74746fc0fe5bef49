"""Who may write, send and read campaigns, for every role, on the pages and in the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ponte.core.models import Organisation, OrganisationCategory, RoleKind, User
from ponte.outreach import services
from ponte.outreach.models import Campaign, CampaignKind, CampaignState
from ponte.outreach.services import Targeting
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country, group, with_role
from tests.outreach.conftest import ENGLISH, draft

pytestmark = pytest.mark.django_db


def form_data(**extra: object) -> dict[str, object]:
    return {"kind": CampaignKind.ANNOUNCEMENT, "title_en": "Hello SMEs", "body_en": "Join us."} | extra


def test_association_campaigns_reach_their_own_country_only(association: Organisation, association_rep: User) -> None:
    campaign = draft(association_rep, author_organisation=association)
    assert [c.alpha3 for c in campaign.countries.all()] == ["ARG"]
    with pytest.raises(ValidationError) as refused:
        draft(association_rep, author_organisation=association, targeting=Targeting.of(countries=[country("BRA")]))
    assert refused.value.error_dict["countries"][0].code == "other_country"


def test_association_rep_must_sign_as_the_association(association_rep: User, japanese_sme: Organisation) -> None:
    with pytest.raises(ValidationError):
        draft(association_rep)
    with pytest.raises(PermissionDenied):
        draft(association_rep, author_organisation=japanese_sme)


def test_association_rep_cannot_touch_another_associations_campaign(
    association: Organisation, association_rep: User, secretariat: User
) -> None:
    other = OrganisationFactory(category=OrganisationCategory.SME_ASSOCIATION, country=country("BRA"))
    other_rep = with_role(RoleKind.REPRESENTATIVE, organisation=other)
    theirs = draft(other_rep, author_organisation=other)
    staff_draft = draft(secretariat)
    for campaign in (theirs, staff_draft):
        with pytest.raises(PermissionDenied):
            services.send_campaign(actor=association_rep, campaign=campaign)
        with pytest.raises(PermissionDenied):
            services.update_campaign(actor=association_rep, campaign=campaign, kind="announcement", texts=ENGLISH)
        client = signed_in(association_rep)
        for name in ("manage_detail", "edit", "send"):
            assert client.get(reverse(f"outreach:{name}", args=[campaign.pk])).status_code == 403
        assert client.get(campaign.get_absolute_url()).status_code == 404


def test_association_rep_writes_and_sends_on_the_pages(
    association: Organisation, association_rep: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(association_rep)
    assert client.get(reverse("outreach:create")).status_code == 200
    answer = client.post(reverse("outreach:create"), form_data(author_organisation=association.pk))
    assert answer.status_code == 302
    campaign = Campaign.objects.get(title_en="Hello SMEs")
    assert campaign.author_organisation == association
    assert client.get(reverse("outreach:manage_detail", args=[campaign.pk])).status_code == 200
    form = client.get(reverse("outreach:edit", args=[campaign.pk])).content.decode()
    assert 'name="countries"' not in form  # its own country, nothing to choose
    client.post(
        reverse("outreach:edit", args=[campaign.pk]),
        form_data(author_organisation=association.pk, countries=[country("BRA").pk]),
    )
    assert [c.alpha3 for c in campaign.countries.all()] == ["ARG"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("outreach:send", args=[campaign.pk])).status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.SENT


def test_english_is_required_and_nothing_is_saved_without_it(secretariat: User) -> None:
    answer = signed_in(secretariat).post(reverse("outreach:create"), form_data(title_en="", title_fr="Bonjour"))
    assert answer.status_code == 400
    assert not Campaign.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.create_campaign(actor=secretariat, kind="announcement", texts={"title_en": "x", "body_en": " "})
    assert refused.value.error_dict["body_en"][0].code == "english_required"


def test_secretariat_targets_anyone_and_signs_as_itself(secretariat: User) -> None:
    campaign = draft(
        secretariat,
        targeting=Targeting.of(countries=[country("BRA"), country("EGY")], groups=[group("ITU-T", "SG20")]),
    )
    assert campaign.author_organisation is None
    page = signed_in(secretariat).get(reverse("outreach:send", args=[campaign.pk]))
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "member", "representative", "focal_point", "expert"])
def test_other_roles_may_not_write(role: str, representative: User, japan_focal_point: User, member: User) -> None:
    users = {
        "member": member,
        "representative": representative,  # of an SME, not an association
        "focal_point": japan_focal_point,
        "expert": with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16")),
    }
    client = Client() if role == "anonymous" else signed_in(users[role])
    for name in ("manage", "create"):
        answer = client.get(reverse(f"outreach:{name}"))
        assert answer.status_code == (302 if role == "anonymous" else 403)
    if role != "anonymous":
        with pytest.raises(PermissionDenied):
            draft(users[role])


def test_drafts_are_hidden_from_the_public(secretariat: User) -> None:
    hidden = draft(secretariat, texts={"title_en": "Secret draft"})
    shown = services.send_campaign(actor=secretariat, campaign=draft(secretariat, texts={"title_en": "Out now"}))
    client = Client()
    listing = client.get(reverse("outreach:list")).content.decode()
    assert "Out now" in listing and "Secret draft" not in listing
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200
    assert client.get(f"/api/v1/outreach/campaigns/{hidden.pk}").status_code == 404
    assert signed_in(secretariat).get(hidden.get_absolute_url()).status_code == 200


def test_a_sent_campaign_no_longer_changes(secretariat: User) -> None:
    campaign = services.send_campaign(actor=secretariat, campaign=draft(secretariat))
    with pytest.raises(ValidationError):
        services.update_campaign(actor=secretariat, campaign=campaign, kind="newsletter", texts=ENGLISH)
