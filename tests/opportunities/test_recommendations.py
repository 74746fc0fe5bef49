"""An organisation declares its focus and is recommended the published opportunities that fit, best first, with
the reason; the rule is ``selectors.recommended_for``."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from ponte.opportunities import services
from ponte.opportunities.models import OrganisationFocus
from ponte.opportunities.selectors import recommended_for
from tests.conftest import signed_in
from tests.opportunities.factories import areas_by_code, focus, opportunity, regions_by_code
from tests.partnerships.factories import mechanisms

pytestmark = pytest.mark.django_db


def _titles(organisation) -> list[str]:
    return [found.opportunity.title for found in recommended_for(organisation)]


def test_nothing_is_recommended_without_a_focus(japanese_sme) -> None:
    opportunity("Anything")
    assert recommended_for(japanese_sme) == []
    focus(japanese_sme, mechanism_codes=("grant",))  # mechanisms alone are no focus
    assert recommended_for(japanese_sme) == []


def test_an_opportunity_must_share_an_area_and_a_region(japanese_sme) -> None:
    opportunity("CIRTs in West Africa", areas=("cybersecurity",), regions=("AFR",))
    opportunity("CIRTs in the Arab States", areas=("cybersecurity",), regions=("ARB",))
    opportunity("Schools in Africa", areas=("infrastructure",), regions=("AFR",))
    focus(japanese_sme, areas=("cybersecurity",), regions=("AFR",))
    [found] = recommended_for(japanese_sme)
    assert found.opportunity.title == "CIRTs in West Africa"
    assert found.reason == "Cybersecurity, Africa"
    assert found.score == 3 + 2


def test_areas_weigh_more_than_regions_and_mechanisms_add_to_the_score(japanese_sme) -> None:
    opportunity("Two regions", areas=("cybersecurity",), regions=("AFR", "ASP"))
    opportunity("Two areas", areas=("cybersecurity", "capacity-building"), regions=("AFR",))
    opportunity("One of each and a mechanism", areas=("cybersecurity",), regions=("AFR",), mechanism_codes=("grant",))
    focus(
        japanese_sme,
        areas=("cybersecurity", "capacity-building"),
        regions=("AFR", "ASP"),
        mechanism_codes=("grant",),
    )
    found = recommended_for(japanese_sme)
    assert [(item.opportunity.title, item.score) for item in found] == [
        ("Two areas", 8),
        ("Two regions", 7),
        ("One of each and a mechanism", 6),
    ]
    assert found[2].mechanisms == tuple(mechanisms("grant"))


def test_global_opportunities_match_every_region_and_a_global_focus_takes_every_region(
    japanese_sme, egyptian_sme
) -> None:
    opportunity("Global innovation", areas=("innovation",), regions=("GLO",))
    opportunity("Innovation in the CIS", areas=("innovation",), regions=("CIS",))
    focus(japanese_sme, areas=("innovation",), regions=("ASP",))
    [found] = recommended_for(japanese_sme)
    assert found.opportunity.title == "Global innovation" and found.reason == "Innovation, Global"
    focus(egyptian_sme, areas=("innovation",), regions=("GLO",))
    assert sorted(_titles(egyptian_sme)) == ["Global innovation", "Innovation in the CIS"]


def test_a_focus_on_regions_only_or_areas_only_is_enough(japanese_sme, egyptian_sme) -> None:
    opportunity("E-waste in the Arab region", areas=("climate-change-e-waste",), regions=("ARB",))
    focus(japanese_sme, regions=("ARB",))
    assert _titles(japanese_sme) == ["E-waste in the Arab region"]
    focus(egyptian_sme, areas=("climate-change-e-waste",))
    assert recommended_for(egyptian_sme)[0].reason == "Climate change & e-waste"


def test_drafts_and_closed_opportunities_are_never_recommended(japanese_sme) -> None:
    opportunity("Draft", state="draft", areas=("cybersecurity",))
    opportunity("Closed", state="closed", areas=("cybersecurity",))
    opportunity("Open", areas=("cybersecurity",))
    focus(japanese_sme, areas=("cybersecurity",))
    assert _titles(japanese_sme) == ["Open"]


def test_equal_scores_come_newest_first(japanese_sme) -> None:
    now = timezone.now()
    opportunity("Older", areas=("cybersecurity",), published_at=now - datetime.timedelta(days=3))
    opportunity("Newer", areas=("cybersecurity",), published_at=now - datetime.timedelta(days=1))
    focus(japanese_sme, areas=("cybersecurity",))
    assert _titles(japanese_sme) == ["Newer", "Older"]


def test_the_reason_is_in_the_readers_language(japanese_sme) -> None:
    opportunity("CIRTs", areas=("cybersecurity",), regions=("AFR",))
    focus(japanese_sme, areas=("cybersecurity",), regions=("AFR",))
    with translation.override("fr"):
        assert recommended_for(japanese_sme)[0].reason == "Cybersécurité, Afrique"
    with translation.override("ar"):
        assert "الأمن السيبراني" in recommended_for(japanese_sme)[0].reason


def test_recommendations_read_in_a_constant_number_of_queries(japanese_sme) -> None:
    focus(japanese_sme, areas=("cybersecurity", "infrastructure"), regions=("AFR", "ASP"), mechanism_codes=("grant",))
    opportunity("First", areas=("cybersecurity",))

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            recommended_for(japanese_sme)
        return len(queries)

    few = count()
    for number in range(12):
        opportunity(f"More {number}", areas=("cybersecurity", "infrastructure"), regions=("AFR", "ASP"))
    assert len(recommended_for(japanese_sme)) == 13
    assert count() == few <= 8


# --- Setting the focus ------------------------------------------------------------------------------------------


def test_a_representative_sets_the_focus_and_history_keeps_it(representative, japanese_sme) -> None:
    saved = services.save_focus(
        actor=representative,
        organisation=japanese_sme,
        action_areas=areas_by_code("cybersecurity"),
        regions=regions_by_code("AFR"),
        wants_digest=True,
    )
    services.save_focus(
        actor=representative,
        organisation=japanese_sme,
        action_areas=areas_by_code("innovation"),
        regions=regions_by_code("AFR"),
    )
    saved.refresh_from_db()
    assert OrganisationFocus.objects.count() == 1 and not saved.wants_digest
    assert [area.code for area in saved.action_areas.all()] == ["innovation"]
    reasons = set(saved.history.values_list("history_change_reason", flat=True))
    assert {"opportunities.focus.set", "opportunities.focus.changed"} <= reasons
    assert saved.history.latest().history_user == representative


def test_the_digest_needs_something_to_match(representative, japanese_sme) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_focus(
            actor=representative, organisation=japanese_sme, action_areas=[], regions=[], wants_digest=True
        )
    assert "wants_digest" in refused.value.message_dict
    assert not OrganisationFocus.objects.exists()


def test_only_the_organisations_representatives_set_its_focus(
    japanese_sme, other_representative, secretariat, member
) -> None:
    for actor in (other_representative, secretariat, member):
        with pytest.raises(PermissionDenied):
            services.save_focus(
                actor=actor, organisation=japanese_sme, action_areas=areas_by_code("innovation"), regions=[]
            )


def test_an_archived_organisation_cannot_set_a_focus(representative, japanese_sme) -> None:
    japanese_sme.is_active = False
    japanese_sme.save()
    with pytest.raises(PermissionDenied):
        services.save_focus(
            actor=representative, organisation=japanese_sme, action_areas=areas_by_code("innovation"), regions=[]
        )


# --- My opportunities -------------------------------------------------------------------------------------------


def test_my_opportunities_saves_the_focus_and_shows_the_reason(representative, japanese_sme) -> None:
    opportunity("CIRTs in West Africa", areas=("cybersecurity",), regions=("AFR",))
    browser = signed_in(representative)
    page = browser.get("/en/opportunities/mine/").content.decode()
    assert "Set your focus below to get recommendations." in page
    answer = browser.post(
        "/en/opportunities/mine/",
        {
            "organisation": japanese_sme.pk,
            "action_areas": [area.pk for area in areas_by_code("cybersecurity")],
            "regions": [region.pk for region in regions_by_code("AFR")],
            "wants_digest": "on",
        },
    )
    assert answer.status_code == 302
    page = browser.get(answer["Location"]).content.decode()
    assert "Matches your focus: Cybersecurity, Africa" in page
    assert "CIRTs in West Africa" in page
    assert "checked" in page  # the saved focus is shown back
    page = browser.get("/ar/opportunities/mine/").content.decode()
    assert "الأمن السيبراني" in page and 'dir="rtl"' in page


def test_my_opportunities_refuses_a_bad_focus_with_400(representative, japanese_sme) -> None:
    answer = signed_in(representative).post(
        "/en/opportunities/mine/", {"organisation": japanese_sme.pk, "wants_digest": "on"}
    )
    assert answer.status_code == 400
    assert "Choose at least one action area or region" in answer.content.decode()
    assert not OrganisationFocus.objects.exists()


def test_my_opportunities_for_someone_without_an_organisation_explains(member) -> None:
    browser = signed_in(member)
    page = browser.get("/en/opportunities/mine/").content.decode()
    assert "You do not represent an organisation yet." in page
    assert browser.post("/en/opportunities/mine/", {"wants_digest": "on"}).status_code == 403
    assert not OrganisationFocus.objects.exists()


def test_my_opportunities_page_reads_in_a_constant_number_of_queries(representative, japanese_sme) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    focus(japanese_sme, areas=("cybersecurity",), regions=("AFR",))
    browser = signed_in(representative)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert browser.get("/en/opportunities/mine/").status_code == 200
        return len(queries)

    opportunity("First", areas=("cybersecurity",))
    browser.get("/en/opportunities/mine/")
    few = count()
    for number in range(10):
        found = opportunity(f"More {number}", areas=("cybersecurity",))
        services.express_interest(actor=representative, opportunity=found, organisation=japanese_sme)
    assert count() == few


def test_a_representative_cannot_set_another_organisations_focus_from_the_page(
    representative, japanese_sme, egyptian_sme
) -> None:
    areas = [area.pk for area in areas_by_code("cybersecurity")]
    browser = signed_in(representative)
    answer = browser.post("/en/opportunities/mine/", {"organisation": egyptian_sme.pk, "action_areas": areas})
    assert answer.status_code == 403 and not OrganisationFocus.objects.exists()


def test_a_representative_of_two_organisations_chooses_which(representative, japanese_sme, egyptian_sme) -> None:
    from ponte.core.models import Role, RoleKind

    Role.objects.create(user=representative, kind=RoleKind.REPRESENTATIVE, organisation=egyptian_sme)
    browser = signed_in(representative)
    page = browser.get("/en/opportunities/mine/", {"organisation": egyptian_sme.pk}).content.decode()
    assert "Tell us what Nile IoT looks for" in page and 'name="organisation"' in page
    areas = [area.pk for area in areas_by_code("innovation")]
    answer = browser.post("/en/opportunities/mine/", {"organisation": egyptian_sme.pk, "action_areas": areas})
    assert answer["Location"] == f"/en/opportunities/mine/?organisation={egyptian_sme.pk}"
    assert OrganisationFocus.objects.get().organisation == egyptian_sme
