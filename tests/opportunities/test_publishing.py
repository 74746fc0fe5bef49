"""The secretariat writes opportunities in six languages, publishes and closes them; the public reads what is
published, never a draft."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from ponte.opportunities import services
from ponte.opportunities.models import Opportunity
from tests.conftest import signed_in
from tests.opportunities.factories import areas_by_code, opportunity, regions_by_code

pytestmark = pytest.mark.django_db

TEXTS = {
    "title_en": "Cybersecurity for West Africa",
    "title_fr": "Cybersécurité pour l'Afrique de l'Ouest",
    "title_ar": "الأمن السيبراني لغرب أفريقيا",
    "summary_en": "National CIRTs in four countries.",
    "summary_fr": "Des CIRT nationales dans quatre pays.",
}


def _create(actor: Any, **overrides: Any) -> Opportunity:
    arguments: dict[str, Any] = {
        "kind": "concept_project",
        "texts": TEXTS,
        "action_areas": areas_by_code("cybersecurity"),
        "regions": regions_by_code("AFR"),
        "budget_sought": Decimal("2800000.00"),
        "currency": "usd",
    } | overrides
    return services.create_opportunity(actor=actor, **arguments)


def test_a_new_opportunity_is_a_draft_the_public_cannot_see(secretariat, client, member) -> None:
    draft = _create(secretariat)
    assert draft.state == "draft" and draft.published_at is None and draft.currency == "USD"
    assert client.get(f"/en/opportunities/{draft.pk}/").status_code == 404
    assert signed_in(member).get(f"/en/opportunities/{draft.pk}/").status_code == 404
    assert "Cybersecurity for West Africa" not in client.get("/en/opportunities/").content.decode()
    assert signed_in(secretariat).get(f"/en/opportunities/{draft.pk}/").status_code == 200


def test_publishing_shows_it_to_everyone_in_their_language(secretariat, client) -> None:
    draft = _create(secretariat)
    published = services.publish_opportunity(actor=secretariat, opportunity=draft)
    assert published.state == "published" and published.published_at is not None
    assert "Cybersécurité pour l&#x27;Afrique de l&#x27;Ouest" in client.get("/fr/opportunities/").content.decode()
    html = client.get(f"/ar/opportunities/{draft.pk}/").content.decode()
    assert '<h1 lang="ar" dir="rtl">الأمن السيبراني لغرب أفريقيا</h1>' in html
    # Not translated into Spanish: the English text stands in, marked as English.
    html = client.get(f"/es/opportunities/{draft.pk}/").content.decode()
    assert '<h1 lang="en" dir="ltr">Cybersecurity for West Africa</h1>' in html
    html = client.get(f"/en/opportunities/{draft.pk}/").content.decode()
    assert "2,800,000.00 USD" in html
    assert f'<a href="/fr/opportunities/{draft.pk}/" lang="fr" hreflang="fr">français</a>' in html
    assert 'hreflang="es"' not in html  # not written in Spanish


def test_publishing_needs_an_action_area_and_a_region(secretariat) -> None:
    draft = _create(secretariat, action_areas=[], regions=[])
    with pytest.raises(ValidationError) as refused:
        services.publish_opportunity(actor=secretariat, opportunity=draft)
    assert set(refused.value.message_dict) == {"action_areas", "regions"}
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_english_title_and_summary_are_required_and_texts_are_limited(secretariat) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(secretariat, texts={"title_fr": "Seulement en français", "summary_ru": "x" * 1001})
    assert set(refused.value.message_dict) == {"title_en", "summary_en", "summary_ru"}
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("video_url", "http://video.example/pitch"),
        ("video_url", "javascript:alert(1)"),
        ("budget_sought", Decimal("-1")),
        ("currency", "DOLLARS"),
        ("kind", "bake_sale"),
    ],
)
def test_bad_values_are_refused_at_their_field(secretariat, field, value) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(secretariat, **{field: value})
    assert field in refused.value.message_dict
    assert not Opportunity.objects.exists()


def test_only_the_secretariat_writes_opportunities(representative, member) -> None:
    for actor in (representative, member):
        with pytest.raises(PermissionDenied):
            _create(actor)


def test_closing_stops_interest_and_reopening_keeps_the_first_date(secretariat, client) -> None:
    found = opportunity("Rural broadband")
    first = found.published_at
    services.close_opportunity(actor=secretariat, opportunity=found)
    found.refresh_from_db()
    assert found.state == "closed" and not found.is_open
    assert "Rural broadband" not in client.get("/en/opportunities/").content.decode()
    html = client.get(f"/en/opportunities/{found.pk}/").content.decode()
    assert "This opportunity is closed" in html
    services.publish_opportunity(actor=secretariat, opportunity=found)
    found.refresh_from_db()
    assert found.state == "published" and found.published_at == first and found.closed_at is None
    reasons = list(found.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert "opportunities.opportunity.closed" in reasons and reasons[-1] == "opportunities.opportunity.reopened"
    with pytest.raises(ValidationError):
        services.publish_opportunity(actor=secretariat, opportunity=found)


def test_history_keeps_who_changed_what_including_the_lists(secretariat) -> None:
    draft = _create(secretariat)
    services.update_opportunity(
        actor=secretariat,
        opportunity=draft,
        kind="initiative",
        texts=TEXTS | {"title_en": "Cybersecurity for all of Africa"},
        action_areas=areas_by_code("cybersecurity", "capacity-building"),
        regions=regions_by_code("AFR"),
    )
    latest = draft.history.latest()
    assert latest.history_user == secretariat
    assert {row.actionarea.code for row in latest.action_areas.all()} == {"cybersecurity", "capacity-building"}
    assert draft.history.filter(history_change_reason="opportunities.opportunity.changed").exists()
    assert draft.history.earliest().title_en == "Cybersecurity for West Africa"


def test_a_published_opportunity_keeps_an_area_and_a_region_when_edited(secretariat) -> None:
    published = opportunity("Kept complete")
    with pytest.raises(ValidationError) as refused:
        services.update_opportunity(
            actor=secretariat, opportunity=published, kind="initiative", texts={"title_en": "x", "summary_en": "y"}
        )
    assert set(refused.value.message_dict) == {"action_areas", "regions"}
    published.refresh_from_db()
    assert published.title_en == "Kept complete"


# --- The secretariat's pages ------------------------------------------------------------------------------------


def _form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "initiative",
        "title_en": "Emergency kits for SIDS",
        "summary_en": "Kits before the cyclone season.",
        "title_zh_hans": "小岛屿发展中国家应急设备包",
        "action_areas": [area.pk for area in areas_by_code("emergency-telecommunications")],
        "regions": [region.pk for region in regions_by_code("ASP", "AMS")],
        "budget_sought": "1200000",
        "currency": "usd",
        "video_url": "https://video.example/kits",
    }
    return data | overrides


def test_the_secretariat_writes_publishes_and_closes_from_its_pages(secretariat) -> None:
    staff = signed_in(secretariat)
    form = staff.get("/en/opportunities/manage/new/").content.decode()
    assert 'name="title_ar"' in form and 'lang="ar" dir="rtl"' in form and 'name="title_zh_hans"' in form
    answer = staff.post("/en/opportunities/manage/new/", _form_data())
    created = Opportunity.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/en/opportunities/manage/{created.pk}/"
    assert created.currency == "USD" and created.state == "draft"
    with translation.override("zh-hans"):
        assert created.title == "小岛屿发展中国家应急设备包"
    staff.post(f"/en/opportunities/manage/{created.pk}/publish/")
    created.refresh_from_db()
    assert created.state == "published"
    edit = staff.get(f"/en/opportunities/manage/{created.pk}/edit/").content.decode()
    assert 'value="Emergency kits for SIDS"' in edit
    staff.post(f"/en/opportunities/manage/{created.pk}/edit/", _form_data(title_en="Emergency kits"))
    staff.post(f"/en/opportunities/manage/{created.pk}/close/")
    created.refresh_from_db()
    assert created.title_en == "Emergency kits" and created.state == "closed"
    listing = staff.get("/en/opportunities/manage/", {"state": "closed"}).content.decode()
    assert "Emergency kits" in listing


def test_a_bad_form_answers_400_with_the_error_at_the_field(secretariat) -> None:
    answer = signed_in(secretariat).post(
        "/en/opportunities/manage/new/", _form_data(title_en="", video_url="http://video.example/kits")
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "This field is required." in html and "Give an https:// address." in html
    assert not Opportunity.objects.exists()


def test_publishing_an_incomplete_draft_from_the_page_says_why(secretariat) -> None:
    draft = _create(secretariat, action_areas=[])
    staff = signed_in(secretariat)
    page = staff.post(f"/en/opportunities/manage/{draft.pk}/publish/", follow=True).content.decode()
    assert "Choose at least one action area" in page


def test_the_secretariats_list_puts_drafts_first_and_reads_in_constant_queries(secretariat) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    opportunity("Closed one", state="closed")
    opportunity("Published one")
    opportunity("Draft one", state="draft")
    staff = signed_in(secretariat)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            html = staff.get("/en/opportunities/manage/").content.decode()
        assert html.index("Draft one") < html.index("Published one") < html.index("Closed one")
        return len(queries)

    few = count()
    for number in range(10):
        opportunity(f"More {number}", areas=("cybersecurity", "innovation"), regions=("AFR", "ASP"))
    assert count() == few
