"""What a visitor finds with the search in the header: every kind of public record, in six languages, and nothing
the public may not read."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ponte.core.models import OrganisationCategory
from ponte.opportunities.models import OpportunityState
from ponte.search import selectors
from ponte.search.models import Entry, Term
from tests.factories import AffiliationFactory, PersonFactory, group
from tests.search.records import meeting, opportunity, organisation, question, standard

pytestmark = pytest.mark.django_db


def found(text: str, kind: str = "") -> list[str]:
    """The titles (in English where there is one) of everything the search finds, best first."""
    results = selectors.search(text=text, kind=kind, language="en")
    if results.page is not None:
        return [hit.title for hit in results.page.object_list]
    return [hit.title for _count, hits in results.groups for hit in hits]


def page(client: Client, **params: Any) -> str:
    response = client.get("/en/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_french_title_is_found_without_its_accents(indexed: None) -> None:
    meeting("T26-SG16-1", titles={"en": "Media accessibility meeting", "fr": "Réunion sur l'accessibilité des médias"})

    assert selectors.search(text="accessibilite des medias", language="fr").total == 1
    assert found("ACCESSIBILITÉ MÉDIAS") == ["Media accessibility meeting"]
    french = selectors.search(text="reunion", language="fr")
    assert [hit.title for _count, hits in french.groups for hit in hits] == ["Réunion sur l'accessibilité des médias"]


def test_arabic_title_is_found_by_a_part_without_its_hamza_or_article(indexed: None) -> None:
    standard("X.1111", "Security of smart cities", titles={"ar": "الأمن السيبراني للمدن الذكية"})

    assert found("الأمن") == ["Security of smart cities"]
    assert found("امن المدن") == ["Security of smart cities"]
    arabic = selectors.search(text="السيبراني", language="ar")
    hit = arabic.groups[0][1][0]
    assert (hit.title, hit.title_language) == ("الأمن السيبراني للمدن الذكية", "ar")


def test_chinese_title_is_found_by_a_part_written_without_spaces(indexed: None) -> None:
    opportunity("Smart city sensors", summary="Sensors.")
    item = opportunity("Internet of things for farms")
    item.title_zh_hans = "农场物联网和智慧城市"
    item.save()

    assert found("智慧城市") == ["Internet of things for farms"]
    assert found("物联网") == ["Internet of things for farms"]
    assert found("城") == ["Internet of things for farms"]


def test_every_kind_is_found_and_counted(indexed: None) -> None:
    call_command("rebuild_search_index", "--kind", "group", stdout=StringIO())  # groups come with the migrations
    meeting("T26-SG16-2", titles={"en": "Multimedia coding meeting"})
    standard("H.264", "Advanced video coding for generic audiovisual services")
    question("How to test video coding conformance?")
    opportunity("Video coding lab for universities")
    organisation("Coding Works KK", description_en="Video coding chips.")

    results = selectors.search(text="coding", language="en")

    counts = {count.kind: count.count for count in results.counts}
    assert counts == {
        "meeting": 1,
        "group": 1,  # ITU-T SG16 "Multimedia coding, systems and applications", from the reference data
        "recommendation": 1,
        "question": 1,
        "opportunity": 1,
        "organisation": 1,
    }
    assert results.total == 6
    assert found("coding", kind="recommendation") == ["Advanced video coding for generic audiovisual services"]


def test_counts_are_of_entries_holding_every_word_each_counted_once(indexed: None) -> None:
    """A word's beginning finds several words of one entry (cyber: cyber, cybersecurity): still one result."""
    opportunity("Cyber drills", summary="Cybersecurity and cyberattacks for regulators.")
    opportunity("Cybersecurity for farms", summary="Sensors in the fields.")
    organisation("Cyber Farms Ltd", description_en="Drills for regulators.")

    def counts(text: str) -> dict[str, int]:
        return {count.kind: count.count for count in selectors.search(text=text).counts if count.count}

    assert counts("cyber") == {"opportunity": 2, "organisation": 1}
    assert counts("cyber regulators") == {"opportunity": 1, "organisation": 1}
    assert counts("cyber drills regulators") == {"opportunity": 1, "organisation": 1}
    assert counts("cyber farms sensors") == {"opportunity": 1}
    assert counts("cyber nowhere") == {}


def test_recommendation_is_found_by_its_identifier_however_written(indexed: None) -> None:
    standard("H.702", "Accessibility profiles for IPTV systems")

    assert found("H702") == ["Accessibility profiles for IPTV systems"]
    assert found("h.702") == ["Accessibility profiles for IPTV systems"]


def test_titles_come_before_texts(indexed: None) -> None:
    opportunity("Rural broadband", summary="Satellite links for villages.")
    opportunity("Satellite links", summary="Rural schools online.")

    assert found("satellite") == ["Satellite links", "Rural broadband"]


def test_draft_opportunity_is_never_shown_until_published(indexed: None) -> None:
    draft = opportunity("Secret draft initiative", state=OpportunityState.DRAFT)

    assert found("secret draft") == []
    assert "Secret draft" not in page(Client(), q="secret draft")

    draft.state = OpportunityState.PUBLISHED
    draft.published_at = draft.created_at
    draft.save()
    assert found("secret draft") == ["Secret draft initiative"]


def test_hidden_question_disappears_from_the_search(indexed: None) -> None:
    shown = question("Buy cheap watches here", body="Spam.")
    assert found("cheap watches") == ["Buy cheap watches here"]

    shown.is_hidden = True
    shown.hidden_cause = "moderator"
    shown.save()

    assert found("cheap watches") == []
    assert not Entry.objects.filter(kind="question", object_id=shown.pk).exists()
    assert "Buy cheap watches here" not in page(Client(), q="cheap watches")


def test_organisations_show_their_public_card_never_their_contacts(indexed: None) -> None:
    sme = organisation("Kyoto Sensors KK", description_en="Low-power sensors.", website="https://sensors.example")
    AffiliationFactory(organisation=sme, person=PersonFactory(email="ceo.secret@kyoto-sensors.example"))
    organisation("Archived Sensors Ltd", is_active=False)

    html = page(Client(), q="sensors")

    assert "Kyoto Sensors KK" in html
    assert "Low-power sensors." in html
    assert "ceo.secret" not in html
    assert "Archived Sensors" not in html
    assert found("ceo.secret@kyoto-sensors.example") == []
    assert not Term.objects.filter(term__contains="secret").exists()


def test_archiving_an_organisation_removes_it(indexed: None) -> None:
    sme = organisation("Nile IoT", category=OrganisationCategory.SME)
    assert found("nile") == ["Nile IoT"]

    sme.is_active = False
    sme.save()

    assert found("nile") == []


def test_organisation_is_found_by_its_category_in_another_language(indexed: None) -> None:
    organisation("Kyoto Sensors KK")

    assert found("PME") == ["Kyoto Sensors KK"]  # "Petite ou moyenne entreprise (PME)"
    assert found("SME") == ["Kyoto Sensors KK"]


def test_results_of_one_kind_are_paged(indexed: None) -> None:
    for number in range(25):
        opportunity(f"Broadband project {number:02d}")

    first = selectors.search(text="broadband", kind="opportunity", language="en")
    second = selectors.search(text="broadband", kind="opportunity", page_number=2, language="en")

    assert first.page is not None and second.page is not None
    assert len(first.page.object_list) == selectors.PAGE_SIZE
    assert len(second.page.object_list) == 5
    assert first.page.paginator.num_pages == 2
    everything = selectors.search(text="broadband", language="en")
    assert len(everything.groups[0][1]) == selectors.PER_KIND
    html = page(Client(), q="broadband")
    assert "All 25 results in Opportunities" in html


def test_query_count_stays_the_same_as_results_grow(indexed: None, client: Client) -> None:
    def queries(**params: Any) -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, **params)
        return len(captured)

    opportunity("Spectrum planning 0")
    meeting("T26-SG16-S0", titles={"en": "Spectrum planning meeting 0"})
    few = (queries(q="spectrum"), queries(q="spectrum", kind="opportunity"))
    for number in range(1, 15):
        opportunity(f"Spectrum planning {number}")
        meeting(f"T26-SG16-S{number}", titles={"en": f"Spectrum planning meeting {number}"})
        organisation(f"Spectrum Tools {number}")
        question(f"Spectrum question {number}?")

    assert (queries(q="spectrum"), queries(q="spectrum", kind="opportunity")) == few


def test_empty_query_gives_a_helpful_page(client: Client) -> None:
    html = page(client)
    assert "What you can search" in html

    html = page(client, q="   ")
    assert "What you can search" in html


def test_query_of_only_small_words_says_so(client: Client) -> None:
    assert "nothing to look for" in page(client, q="of the")


def test_query_is_echoed_escaped(client: Client) -> None:
    html = page(client, q='<script>alert("x")</script>')

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_very_long_query_is_cut(indexed: None, client: Client) -> None:
    opportunity("Broadband")
    long_query = "broadband " + "x" * 500

    results = selectors.search(text=long_query)

    assert len(results.query) == selectors.MAX_QUERY_LENGTH
    cut = long_query[: selectors.MAX_QUERY_LENGTH].strip()
    assert f'id="search-q" name="q" value="{cut}"' in page(client, q=long_query)


def test_unknown_kind_shows_everything(indexed: None, client: Client) -> None:
    opportunity("Broadband")
    assert "Broadband" in page(client, q="broadband", kind="nonsense")


def test_rebuilding_the_index_gives_the_same_entries(indexed: None) -> None:
    meeting("T26-SG16-3", titles={"en": "Quantum meeting", "fr": "Réunion quantique"})
    standard("Y.3800", "Quantum key distribution networks")
    question("Quantum safe?")
    opportunity("Quantum lab")
    opportunity("Quantum draft", state=OpportunityState.DRAFT)
    organisation("Quantum KK")

    def snapshot() -> set[tuple[Any, ...]]:
        return {
            (entry.kind, entry.object_id, str(entry.titles), str(entry.snippets), terms)
            for entry in Entry.objects.exclude(kind="group")
            for terms in [tuple(sorted(Term.objects.filter(entry=entry).values_list("term", "in_title")))]
        }

    incremental = snapshot()
    call_command("rebuild_search_index", stdout=StringIO())

    assert snapshot() == incremental
    assert found("quantum", kind="opportunity") == ["Quantum lab"]


def test_groups_come_from_the_reference_data_after_a_rebuild() -> None:
    call_command("rebuild_search_index", "--kind", "group", stdout=StringIO())

    hits = found("smart cities", kind="group")
    assert group("ITU-T", "SG20").title in hits


def test_index_follows_the_commit(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        opportunity("Ocean cables")
        assert found("ocean cables") == []  # not before the change is committed

    assert callbacks
    assert found("ocean cables") == ["Ocean cables"]
