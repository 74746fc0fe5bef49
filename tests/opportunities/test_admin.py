"""The secretariat finds opportunities in the admin, completes their texts in six languages and publishes or
closes them with the services' checks; documents, foci and interests are only shown; nothing is deleted."""

from __future__ import annotations

import pytest

from ponte.opportunities.models import Interest, Opportunity, OpportunityState
from tests.conftest import signed_in
from tests.opportunities.factories import focus, opportunity

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/opportunities/opportunity/"


def _change_form_data(item: Opportunity, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": item.kind, "title_en": item.title_en, "summary_en": item.summary_en, "currency": item.currency,
        "budget_sought": str(item.budget_sought),
        "action_areas": [str(area.pk) for area in item.action_areas.all()],
        "regions": [str(region.pk) for region in item.regions.all()],
        "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **changes}


def test_the_secretariat_adds_a_french_title_and_history_records_it(secretariat) -> None:
    item = opportunity("Connecting schools")
    before = item.history.count()
    client = signed_in(secretariat)
    form = client.get(f"{CHANGELIST}{item.pk}/change/").content.decode()
    assert 'name="title_fr"' in form and 'name="summary_ar"' in form
    response = client.post(f"{CHANGELIST}{item.pk}/change/", _change_form_data(item, title_fr="Connecter les écoles"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_fr == "Connecter les écoles" and item.history.count() == before + 1
    assert item.state == OpportunityState.PUBLISHED


def test_publishing_from_the_admin_applies_the_services_checks(secretariat) -> None:
    ready = opportunity("Ready", state="draft")
    unready = opportunity("No areas yet", state="draft", areas=())
    client = signed_in(secretariat)
    page = client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [ready.pk, unready.pk]}, follow=True
    ).content.decode()
    ready.refresh_from_db()
    unready.refresh_from_db()
    assert ready.state == OpportunityState.PUBLISHED and ready.published_at is not None
    assert unready.state == OpportunityState.DRAFT
    assert "1 opportunity changed." in page and "No areas yet:" in page


def test_closing_from_the_admin(secretariat) -> None:
    item = opportunity("Closing")
    signed_in(secretariat).post(CHANGELIST, {"action": "close", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.state == OpportunityState.CLOSED and item.closed_at is not None


def test_the_admin_adds_and_deletes_nothing(secretariat, representative, japanese_sme) -> None:
    item = opportunity("Kept")
    Interest.objects.create(opportunity=item, organisation=japanese_sme, expressed_by=representative)
    focus(japanese_sme, areas=("infrastructure",))
    client = signed_in(secretariat)
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"{CHANGELIST}{item.pk}/delete/").status_code == 403
    interests = client.get("/en/admin/opportunities/interest/").content.decode()
    assert "Kyoto Sensors KK" in interests
    assert client.get("/en/admin/opportunities/interest/add/").status_code == 403
    assert client.get("/en/admin/opportunities/organisationfocus/").status_code == 200


def test_nobody_but_the_secretariat_gets_in(representative) -> None:
    response = signed_in(representative).get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
