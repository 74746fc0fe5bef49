"""Partner search, "who could fund this?": ranking by fit and track record, evidence, six languages, the API, the
page, and an index that follows the records."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ponte.core import search_text
from ponte.partnerships import search
from ponte.partnerships.models import Agreement, Partner
from ponte.partnerships.search import Criteria, PartnerMatch, match_partners
from ponte.partnerships.search_models import (
    PartnerAgreementFact,
    PartnerSearchTerm,
    PartnerTrackRecord,
    StalePartnerSearch,
)
from tests.partnerships.factories import PartnerFactory, agreement, areas, mechanisms, regions

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)
API = "/api/v1/partnerships/partners/match"


def _partner(name: str, *, area_names=(), region_codes=(), mechanism_codes=(), **fields) -> Partner:
    partner = PartnerFactory(name=name, **fields)
    partner.action_areas.set(areas(*area_names))
    partner.regions.set(regions(*region_codes))
    partner.mechanisms.set(mechanisms(*mechanism_codes))
    return partner


@pytest.fixture
def partners(db) -> dict[str, Partner]:
    """Two partners strong in Cybersecurity in Africa (one recently, one long ago), a bank with an amended
    agreement, a partner of the Americas, and partners whose mandates speak Chinese, Arabic, French and Russian."""
    made = {
        "recent": _partner(
            "Kilimanjaro Cyber Trust",
            area_names=("Cybersecurity",),
            region_codes=("AFR",),
            mechanism_codes=("grant",),
            kind="foundation",
            mandate_en="Cyber resilience for African computer incident response teams",
            mandate_zh_hans="支持非洲的网络安全能力建设",
        ),
        "veteran": _partner(
            "Veteran Security Fund", area_names=("Cybersecurity",), region_codes=("AFR",), mechanism_codes=("loan",)
        ),
        "bank": _partner("Baobab Development Bank", kind="development_bank"),
        "andes": _partner("Andes Infrastructure Partnership", area_names=("Infrastructure",), region_codes=("AMS",)),
        "gulf": _partner(
            "Gulf Digital Fund",
            area_names=("Digital inclusion",),
            region_codes=("ARB",),
            mandate_ar="تعزيز الأمن السيبراني في الدول العربية",
        ),
        "francophone": _partner(
            "Fondation francophone du numérique",
            mandate_fr="Télécommunications d'urgence et cybersécurité pour les pays du Sahel",
            strategy_ru="Кибербезопасность и цифровая интеграция",
        ),
    }
    for number, year in enumerate((2022, 2023, 2024), start=1):
        agreement(
            f"KCT-{number}",
            partners=[made["recent"]],
            area_names=("Cybersecurity",),
            region_codes=("AFR",),
            signed_on=datetime.date(year, 3, 1),
            value_usd="400000",
            title=f"Incident response teams in East Africa, phase {number}",
        )
        agreement(
            f"VSF-{number}",
            partners=[made["veteran"]],
            area_names=("Cybersecurity",),
            region_codes=("AFR",),
            signed_on=datetime.date(year - 18, 3, 1),
            value_usd="400000",
        )
    loan = agreement(
        "BDB-1",
        partners=[made["bank"]],
        area_names=("Cybersecurity", "Capacity building"),
        region_codes=("AFR", "GLO"),
        country_codes=("KEN",),
        signed_on=datetime.date(2024, 5, 1),
        value_usd="100000",
        title="National CERT of Kenya",
    )
    agreement(
        "BDB-1-A1",
        partners=[made["bank"]],
        amends=loan,
        area_names=(),
        region_codes=(),
        signed_on=datetime.date(2025, 1, 15),
        value_usd="50000",
        title="National CERT of Kenya: second year",
    )
    agreement(
        "AIP-1",
        partners=[made["andes"]],
        area_names=("Infrastructure",),
        region_codes=("AMS",),
        signed_on=datetime.date(2024, 1, 1),
        value_usd="2000000",
    )
    search.refresh_partner_search()
    return made


def _names(criteria: Criteria) -> list[str]:
    return [match.name for match in match_partners(criteria, today=TODAY).results]


def _match(criteria: Criteria, name: str) -> PartnerMatch:
    return next(match for match in match_partners(criteria, today=TODAY).results if match.name == name)


CYBER_AFRICA = Criteria(action_areas=("cybersecurity",), regions=("AFR",))


# --- Ranking -------------------------------------------------------------------------------------------------------


def test_partner_strong_in_cybersecurity_in_africa_ranks_first(partners) -> None:
    names = _names(CYBER_AFRICA)
    assert names[0] == "Kilimanjaro Cyber Trust"
    assert set(names) == {"Kilimanjaro Cyber Trust", "Veteran Security Fund", "Baobab Development Bank"}


def test_recent_agreements_count_more_than_old_ones_of_the_same_number_and_value(partners) -> None:
    recent = _match(CYBER_AFRICA, "Kilimanjaro Cyber Trust")
    veteran = _match(CYBER_AFRICA, "Veteran Security Fund")
    assert (recent.agreements, recent.value_usd) == (veteran.agreements, veteran.value_usd) == (3, Decimal("1200000"))
    assert recent.fit == veteran.fit == 1.0
    assert recent.track_record > 5 * veteran.track_record
    assert _names(CYBER_AFRICA).index(recent.name) < _names(CYBER_AFRICA).index(veteran.name)


def test_the_score_is_the_documented_formula(partners) -> None:
    recent = _match(CYBER_AFRICA, "Kilimanjaro Cyber Trust")
    ages = [(TODAY - datetime.date(year, 3, 1)).days / 365.25 for year in (2022, 2023, 2024)]
    n = sum(2 ** (-age / 3) for age in ages)
    v = sum(400_000 * 2 ** (-age / 3) for age in ages)
    track = n / (n + 3) / 2 + v / (v + 500_000) / 2
    assert recent.track_record == pytest.approx(track, abs=1e-4)
    assert recent.score == pytest.approx((3 * 1.0 + 4 * track) / 7, abs=1e-4)


def test_amendments_add_value_but_are_not_new_agreements(partners) -> None:
    bank = _match(CYBER_AFRICA, "Baobab Development Bank")
    assert (bank.agreements, bank.amendments, bank.value_usd) == (1, 1, Decimal("150000.00"))
    assert bank.latest_signed_on == datetime.date(2025, 1, 15)
    assert [(e.reference, e.is_amendment) for e in bank.examples] == [("BDB-1-A1", True), ("BDB-1", False)]


def test_declared_priorities_alone_rank_a_partner_without_agreements(partners) -> None:
    newcomer = _partner("Newcomer Foundation", area_names=("Cybersecurity",), region_codes=("AFR",))
    search.reindex_partners([newcomer.pk])
    found = _match(CYBER_AFRICA, "Newcomer Foundation")
    assert (found.fit, found.agreements, found.track_record) == (1.0, 0, 0.0)


def test_several_areas_count_an_agreement_in_both_once(partners) -> None:
    criteria = Criteria(action_areas=("cybersecurity", "capacity-building"), regions=("AFR", "GLO"))
    bank = _match(criteria, "Baobab Development Bank")
    assert (bank.agreements, bank.amendments, bank.value_usd) == (1, 1, Decimal("150000.00"))
    assert [area.code for area in bank.agreement_areas] == ["capacity-building", "cybersecurity"]
    assert {region.code for region in bank.agreement_regions} == {"AFR", "GLO"}


@pytest.mark.parametrize(
    "criteria",
    [
        Criteria(action_areas=("cybersecurity", "capacity-building"), regions=("AFR", "GLO")),
        Criteria(action_areas=("capacity-building", "cybersecurity")),
        Criteria(regions=("GLO", "AFR")),
        Criteria(countries=("KEN",)),
        Criteria(countries=("KEN",), regions=("AFR", "GLO")),
    ],
)
def test_the_track_record_counts_an_agreement_in_several_of_the_places_asked_once(partners, criteria) -> None:
    # The bank's agreement (and its amendment) is in both areas and both regions: its track record is the one of
    # that agreement once, as for the one area it has (one row per partner, summed when indexed).
    once = _match(Criteria(action_areas=("cybersecurity",)), "Baobab Development Bank").track_record
    assert once > 0
    assert _match(criteria, "Baobab Development Bank").track_record == once


def test_a_country_finds_the_agreements_for_it_and_their_amendments(partners) -> None:
    bank = _match(Criteria(countries=("KEN",)), "Baobab Development Bank")
    assert (bank.agreements, bank.amendments) == (1, 1)
    assert _names(Criteria(countries=("KEN",))) == ["Baobab Development Bank"]
    assert _names(Criteria(countries=("BRA",))) == []


def test_a_mechanism_alone_lists_the_partners_that_offer_it(partners) -> None:
    assert _names(Criteria(mechanism="grant")) == ["Kilimanjaro Cyber Trust"]
    assert _match(Criteria(mechanism="grant"), "Kilimanjaro Cyber Trust").declares_mechanism


def test_inactive_partners_are_not_proposed(partners) -> None:
    partners["recent"].is_active = False
    partners["recent"].save()
    _job()
    assert "Kilimanjaro Cyber Trust" not in _names(CYBER_AFRICA)
    assert not PartnerSearchTerm.objects.filter(partner=partners["recent"]).exists()


# --- Evidence ------------------------------------------------------------------------------------------------------


def test_each_partner_comes_with_the_evidence_for_it(partners) -> None:
    recent = _match(
        Criteria(action_areas=("cybersecurity",), regions=("AFR", "ASP"), mechanism="grant"), "Kilimanjaro Cyber Trust"
    )
    assert [area.code for area in recent.declared_areas] == ["cybersecurity"]
    assert [region.code for region in recent.declared_regions] == ["AFR"]
    assert recent.declares_mechanism
    assert recent.fit == pytest.approx((1 + 0.5 + 1) / 3, abs=1e-4)
    assert [area.code for area in recent.agreement_areas] == ["cybersecurity"]
    assert [region.code for region in recent.agreement_regions] == ["AFR"]
    assert recent.latest_signed_on == datetime.date(2024, 3, 1)
    assert [(e.reference, e.signed_on.year, e.value_usd) for e in recent.examples] == [
        ("KCT-3", 2024, Decimal("400000.00")),
        ("KCT-2", 2023, Decimal("400000.00")),
        ("KCT-1", 2022, Decimal("400000.00")),
    ]
    assert recent.examples[0].title == "Incident response teams in East Africa, phase 3"


def test_at_most_three_examples_the_latest_first(partners) -> None:
    agreement(
        "KCT-4", partners=[partners["recent"]], area_names=("Cybersecurity",), signed_on=datetime.date(2025, 2, 1)
    )
    search.refresh_partner_search()
    recent = _match(CYBER_AFRICA, "Kilimanjaro Cyber Trust")
    assert recent.agreements == 4
    assert [example.reference for example in recent.examples] == ["KCT-4", "KCT-3", "KCT-2"]


# --- Six languages -------------------------------------------------------------------------------------------------


def test_chinese_words_are_found_without_spaces(partners) -> None:
    found = match_partners(Criteria(text="网络安全"), today=TODAY).results
    assert [match.name for match in found] == ["Kilimanjaro Cyber Trust"]
    assert (found[0].terms_found, found[0].text_found_in) == (3, ("profile",))
    assert _names(Criteria(text="能力建设")) == ["Kilimanjaro Cyber Trust"]
    assert _names(Criteria(text="电子废物")) == []


@pytest.mark.parametrize("query", ["الأَمْنُ السِّيبْرَانِيُّ", "الامن السيبراني", "والأمن السيبرانى", "الأمـــن"])
def test_arabic_is_found_with_or_without_diacritics_hamza_and_tatweel(partners, query: str) -> None:
    assert _names(Criteria(text=query)) == ["Gulf Digital Fund"]


@pytest.mark.parametrize("query", ["cybersecurite", "CYBERSÉCURITÉ", "telecommunication d'urgence", "Sahel"])
def test_french_is_found_with_or_without_accents(partners, query: str) -> None:
    assert _names(Criteria(text=query)) == ["Fondation francophone du numérique"]


def test_russian_is_found_whatever_the_ending(partners) -> None:
    assert _names(Criteria(text="кибербезопасности")) == ["Fondation francophone du numérique"]


def test_words_in_the_name_weigh_more_than_in_agreement_titles(partners) -> None:
    agreement("GDF-1", partners=[partners["gulf"]], title="Incident response in the Gulf", area_names=())
    search.refresh_partner_search()
    found = match_partners(Criteria(text="incident response"), today=TODAY).results
    assert [match.name for match in found][:2] == ["Kilimanjaro Cyber Trust", "Gulf Digital Fund"]
    named = match_partners(Criteria(text="gulf"), today=TODAY).results[0]
    assert (named.name, named.text, named.text_found_in) == ("Gulf Digital Fund", 1.0, ("name",))


def test_words_and_areas_must_both_be_met(partners) -> None:
    assert _names(Criteria(text="fund", action_areas=("cybersecurity",))) == ["Veteran Security Fund"]
    assert _names(Criteria(text="fund")) == ["Veteran Security Fund", "Gulf Digital Fund"]  # its record decides


def test_normalisation_of_each_script() -> None:
    assert search_text.normalise("Télécommunications d'URGENCE") == "telecommunications d'urgence"
    assert search_text.normalise("الأَمْنُ السِّيبْرَانِيّة") == search_text.normalise("الامن السيبرانيه")
    assert search_text.normalise("الأمـــن") == "الامن"
    assert search_text.document_terms("网络安全能力建设") == {"网络", "络安", "安全", "全能", "能力", "力建", "建设"}
    assert search_text.document_terms("الأمن والتنمية") == {"امن", "تنميه"}
    assert [term.key for term in search_text.query_terms("the 5G networks of Africa")] == ["5g", "networ", "africa"]


# --- API -----------------------------------------------------------------------------------------------------------


def test_api_answers_the_partners_best_first_in_the_documented_shape(client, partners) -> None:
    response = client.get(API, {"action_area": "Cybersecurity", "region": "AFR"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["partner"] == "Kilimanjaro Cyber Trust"
    assert [item["score"] for item in results] == sorted((item["score"] for item in results), reverse=True)
    first = results[0]
    assert set(first) == {"partner", "score", "agreements", "value_usd", "kind", "evidence"}
    assert (first["agreements"], first["value_usd"], first["kind"]) == (3, "1200000.00", "foundation")
    assert isinstance(first["score"], float)
    assert first["evidence"]["declared"] == {
        "action_areas": ["cybersecurity"],
        "regions": ["AFR"],
        "countries": [],
        "mechanism": False,
    }
    assert first["evidence"]["latest_signed_on"] == "2024-03-01"
    assert [example["reference"] for example in first["evidence"]["examples"]] == ["KCT-3", "KCT-2", "KCT-1"]
    bank = next(item for item in results if item["partner"] == "Baobab Development Bank")
    assert (bank["agreements"], bank["value_usd"], bank["evidence"]["amendments"]) == (1, "150000.00", 1)


def test_api_takes_repeated_criteria_codes_and_any_case(client, partners) -> None:
    response = client.get(
        API, {"action_area": ["cybersecurity", "Capacity Building"], "region": ["afr", "GLO"], "country": "ken"}
    )
    assert response.status_code == 200
    bank = next(item for item in response.json()["results"] if item["partner"] == "Baobab Development Bank")
    assert (bank["agreements"], bank["evidence"]["agreements_in"]["regions"]) == (1, ["AFR", "GLO"])
    limited = client.get(API, {"region": "AFR", "limit": 1}).json()["results"]
    assert len(limited) == 1


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"action_area": "Cyber"}, "action_area", "Unknown action area: Cyber."),
        ({"region": "MARS"}, "region", "Unknown region: MARS."),
        ({"country": "XXX"}, "country", "Unknown country: XXX."),
        ({"mechanism": "barter"}, "mechanism", "Unknown funding mechanism: barter."),
        ({"q": "x", "limit": 101}, "limit", "less than or equal to 100"),
        ({}, "filters", "Give at least one of action_area, region, country, mechanism or q."),
    ],
)
def test_api_refuses_unknown_criteria_with_a_clear_message(client, partners, params, field, message) -> None:
    response = client.get(API, params)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert errors[0]["loc"] == ["query", field]
    assert message in errors[0]["msg"]


def test_api_searches_free_text(client, partners) -> None:
    response = client.get(API, {"q": "网络安全"})
    assert [item["partner"] for item in response.json()["results"]] == ["Kilimanjaro Cyber Trust"]
    assert response.json()["results"][0]["evidence"]["text_found_in"] == ["profile"]


# --- The page ------------------------------------------------------------------------------------------------------


def _page(language: str = "en") -> str:
    with translation.override(language):
        return reverse("partnerships:partner_search")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_page_shows_the_ranked_partners_and_why(client, partners) -> None:
    response = client.get(_page(), {"action_area": "cybersecurity", "region": "AFR"})
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    assert "3 partners found" in text
    assert text.index("Kilimanjaro Cyber Trust") < text.index("Veteran Security Fund")
    assert "Declares as priorities Cybersecurity, Africa" in text
    assert "Past agreements in what you asked 3 agreements, worth USD 1,200,000 , the latest signed in 2024" in text
    assert "1 agreement, 1 amendment, worth USD 150,000" in text
    assert "Parts of the score declared priorities 1.00, track record 0." in text
    assert "Those agreements are in Cybersecurity, Africa" in text
    assert "Incident response teams in East Africa, phase 3" in text
    assert '<ol class="partner-results">' in html and "<legend>Action areas</legend>" in html
    assert 'value="cybersecurity" id="id_action_area_4" checked' in html


def test_page_asks_for_something_before_searching(client, partners) -> None:
    blank = client.get(_page())
    assert "partners found" not in _text(blank.content.decode())
    empty = client.get(_page(), {"q": ""})
    assert "Choose at least one action area" in empty.content.decode()
    unknown = client.get(_page(), {"region": "MARS"})
    assert "Select a valid choice" in unknown.content.decode()


def test_page_in_arabic_is_right_to_left_and_finds_arabic_words(client, partners) -> None:
    response = client.get(_page("ar"), {"q": "الأَمْن"})
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "Gulf Digital Fund" in html


def _partners_with_agreements(first: int, count: int) -> None:
    for number in range(first, first + count):
        partner = _partner(f"Partner {number:02}", area_names=("Cybersecurity",), region_codes=("AFR",))
        agreement(f"P{number}-1", partners=[partner], area_names=("Cybersecurity",), title=f"Project {number}")
    search.refresh_partner_search()


@pytest.mark.parametrize("params", [{"action_area": "cybersecurity", "region": "AFR"}, {"q": "project"}])
def test_page_needs_the_same_number_of_queries_for_5_or_50_partners(client, params) -> None:
    counts = []
    for first, count in ((0, 5), (5, 45)):
        _partners_with_agreements(first, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_page(), params)
        assert response.status_code == 200
        counts.append((len(queries), len(response.context["results"])))
    assert counts == [(counts[0][0], 5), (counts[0][0], 20)]  # the page shows the best 20


# --- A fresh index -------------------------------------------------------------------------------------------------


def _job() -> None:
    """What the job does once the change is committed (tests never commit: see the last test for the job itself)."""
    assert StalePartnerSearch.objects.exists(), "the change marked no partner stale"
    search.refresh_partner_search()
    assert not StalePartnerSearch.objects.exists()


def test_index_follows_a_partners_new_mandate(partners) -> None:
    bank = partners["bank"]
    bank.mandate_es = "Financiación de la resiliencia climática"
    bank.save()
    _job()
    assert _names(Criteria(text="resiliencia climatica")) == ["Baobab Development Bank"]


def test_index_follows_a_partners_declared_priorities(partners) -> None:
    andes = partners["andes"]
    andes.action_areas.add(*areas("Cybersecurity"))
    andes.regions.add(*regions("AFR"))
    _job()
    found = _match(CYBER_AFRICA, "Andes Infrastructure Partnership")
    assert (found.fit, found.agreements, [region.code for region in found.declared_regions]) == (1.0, 0, ["AFR"])
    andes.regions.remove(*regions("AFR"))
    _job()
    assert _match(CYBER_AFRICA, "Andes Infrastructure Partnership").fit == 0.5
    andes.action_areas.clear()
    _job()
    assert "Andes Infrastructure Partnership" not in _names(CYBER_AFRICA)


def test_index_follows_agreements_added_changed_and_removed(partners) -> None:
    andes = partners["andes"]
    added = agreement("AIP-2", partners=[andes], area_names=("Cybersecurity",), region_codes=("AFR",))
    _job()
    assert _match(CYBER_AFRICA, "Andes Infrastructure Partnership").agreements == 1
    added.regions.set(regions("AMS"))
    _job()
    assert "Andes Infrastructure Partnership" not in _names(CYBER_AFRICA)
    added.regions.set(regions("AFR"))
    added.value_usd = Decimal("250000")
    added.save()
    _job()
    assert _match(CYBER_AFRICA, "Andes Infrastructure Partnership").value_usd == Decimal("250000.00")
    added.partners.remove(andes)
    partners["gulf"].agreements.add(added)
    _job()
    assert "Andes Infrastructure Partnership" not in _names(CYBER_AFRICA)
    assert _match(CYBER_AFRICA, "Gulf Digital Fund").agreements == 1
    added.partners.clear()
    _job()
    assert "Gulf Digital Fund" not in _names(CYBER_AFRICA)
    added.partners.add(andes)
    added.delete()
    _job()
    assert "Andes Infrastructure Partnership" not in _names(Criteria(action_areas=("cybersecurity",)))


def test_an_amended_agreements_new_area_reaches_its_amendments(partners) -> None:
    Agreement.objects.get(reference="BDB-1").action_areas.set(areas("Innovation"))
    _job()
    bank = _match(Criteria(action_areas=("innovation",)), "Baobab Development Bank")
    assert (bank.agreements, bank.amendments) == (1, 1)


def test_the_job_reindexes_once_the_change_is_committed(db, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        partner = _partner("Pacific Islands Connectivity Fund", region_codes=("ASP",))
        agreement("PIC-1", partners=[partner], area_names=("Infrastructure",), region_codes=("ASP",))
    assert len(callbacks) == 1  # one job per transaction, however many changes
    assert not StalePartnerSearch.objects.exists()
    assert _names(Criteria(text="pacific", regions=("ASP",))) == ["Pacific Islands Connectivity Fund"]


def test_a_rebuild_gives_the_same_rows_as_the_incremental_index(partners) -> None:
    def rows() -> list[tuple[object, ...]]:
        return sorted(
            [
                *PartnerSearchTerm.objects.values_list("partner_id", "term", "weight"),
                *PartnerAgreementFact.objects.values_list(
                    "partner_id",
                    "agreement_id",
                    "area_id",
                    "region_id",
                    "area_bits",
                    "region_bits",
                    "first_area",
                    "first_region",
                ),
                *PartnerTrackRecord.objects.values_list("partner_id", "area_id", "region_id", "agreements"),
            ],
            key=repr,
        )

    incremental = rows()
    assert search.rebuild_partner_search() == Partner.objects.count()
    assert rows() == incremental
