"""The partner search answers the same criteria again from its cache, until partners are re-indexed: after an
agreement is created, changed, deleted or imported and the job has run, the answer is the new one, exactly as
computed afresh (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation

from ponte.partnerships import search
from ponte.partnerships.importers import import_agreements
from ponte.partnerships.models import Agreement, Partner
from ponte.partnerships.search import Criteria, match_partners
from ponte.partnerships.search_models import PartnerAgreementFact
from tests.partnerships.factories import PartnerFactory, agreement, areas, regions

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)
CYBER_AFRICA = Criteria(action_areas=("cybersecurity",), regions=("AFR",))
TWO_AND_TWO = Criteria(action_areas=("cybersecurity", "capacity-building"), regions=("AFR", "ARB"))


@pytest.fixture
def partners(db) -> dict[str, Partner]:
    """A partner with three agreements in Cybersecurity in Africa, and one that declares the area only."""
    strong = PartnerFactory(name="Kilimanjaro Cyber Trust")
    declares = PartnerFactory(name="Savanna Security Fund")
    declares.action_areas.set(areas("Cybersecurity"))
    for number in (1, 2, 3):
        agreement(
            f"KCT-{number}",
            partners=[strong],
            area_names=("Cybersecurity",),
            region_codes=("AFR",),
            signed_on=datetime.date(2020 + number, 3, 1),
            value_usd="400000",
            title=f"Incident response teams, phase {number}",
            title_fr=f"Équipes de réponse aux incidents, phase {number}",
        )
    search.refresh_partner_search()
    return {"strong": strong, "declares": declares}


def _answer(criteria: Criteria) -> list[tuple[str, float, int, Decimal]]:
    return [
        (match.name, match.score, match.agreements, match.value_usd)
        for match in match_partners(criteria, today=TODAY).results
    ]


def _computed(criteria: Criteria) -> list[tuple[str, float, int, Decimal]]:
    with override_settings(PARTNER_SEARCH_CACHE_SECONDS=0):
        return _answer(criteria)


def test_the_same_search_again_is_answered_from_the_cache(partners, django_assert_num_queries) -> None:
    first = _answer(CYBER_AFRICA)
    assert [name for name, *_figures in first] == ["Kilimanjaro Cyber Trust", "Savanna Security Fund"]
    with django_assert_num_queries(1):  # the index's version: nothing else is read
        assert _answer(Criteria(action_areas=("cybersecurity",), regions=("AFR", "AFR"))) == first


def test_the_cached_answer_is_in_the_language_of_the_request(partners) -> None:
    def titles() -> list[str]:
        found = match_partners(CYBER_AFRICA, today=TODAY).results[0]
        return [example.title for example in found.examples]

    with translation.override("fr"):
        assert titles()[0] == "Équipes de réponse aux incidents, phase 3"
    with translation.override("en"):
        assert titles()[0] == "Incident response teams, phase 3"


def _create(partners: dict[str, Partner]) -> None:
    agreement("SSF-1", partners=[partners["declares"]], area_names=("Cybersecurity",), region_codes=("AFR",))


def _update(partners: dict[str, Partner]) -> None:
    changed = Agreement.objects.get(reference="KCT-3")
    changed.value_usd = Decimal("900000")
    changed.save()
    changed.regions.set(regions("AFR", "ARB"))


def _delete(partners: dict[str, Partner]) -> None:
    Agreement.objects.get(reference="KCT-2").delete()


def _import(partners: dict[str, Partner]) -> None:
    report = import_agreements(
        file_name="agreements.csv",
        content=(
            b"reference,type,title,partner,partner_kind,signed_on,value,currency,value_usd,regions,countries,"
            b"action_areas,amends\n"
            b"SSF-2,cooperation,CERT of Senegal,Savanna Security Fund,,2024-02-01,300000,USD,,AFR,SEN,Cybersecurity,\n"
            b"KCT-3-A1,cooperation,Phase 3: second year,Kilimanjaro Cyber Trust,,2024-09-01,50000,USD,,,,,KCT-3\n"
        ),
    )
    assert report.ok, report.errors


CHANGES: dict[str, Callable[[dict[str, Partner]], Any]] = {
    "an agreement created": _create,
    "an agreement changed": _update,
    "an agreement deleted": _delete,
    "agreements imported": _import,
}


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("criteria", [CYBER_AFRICA, TWO_AND_TWO], ids=["one area and region", "two and two"])
def test_after_a_change_and_the_job_the_answer_is_the_new_one(partners, change: str, criteria: Criteria) -> None:
    before = _answer(criteria)
    assert before == _answer(criteria) == _computed(criteria)
    CHANGES[change](partners)
    search.refresh_partner_search()  # the job, once the change is committed
    after = _answer(criteria)
    assert after == _computed(criteria)
    assert after != before
    rows = _fact_rows()
    search.rebuild_partner_search()
    assert _fact_rows() == rows, "the re-indexed rows are those a full rebuild makes"


def _fact_rows() -> list[tuple[Any, ...]]:
    """Every agreement row of the index, with what says how to count each agreement once."""
    columns = ("partner_id", "agreement_id", "area_id", "region_id", "area_bits", "region_bits", "first_area")
    return sorted(PartnerAgreementFact.objects.values_list(*columns, "first_region"), key=repr)


def test_a_rebuild_gives_the_index_a_new_version(partners) -> None:
    version = search.index_version()
    assert version
    search.rebuild_partner_search()
    assert search.index_version() not in ("", version)
