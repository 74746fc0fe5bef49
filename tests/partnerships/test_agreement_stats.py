"""Agreement statistics as the bureau reports them: amendments apart, regions and areas split 1/k."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ponte.partnerships.selectors import agreement_stats
from tests.partnerships.factories import PartnerFactory, agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements() -> None:
    undp = PartnerFactory(name="UNDP", kind="un_agency")
    korea = PartnerFactory(name="Ministry of Science and ICT, Korea", kind="administration")
    first = agreement(
        "A-2014-1", partners=[korea], type="mou", signed_on=datetime.date(2014, 3, 1), value_usd="1000000",
        region_codes=("AFR", "ASP"), area_names=("Capacity building", "Cybersecurity"),
    )  # fmt: skip
    agreement(
        "A-2015-1", partners=[undp, korea], type="project_document", signed_on=datetime.date(2015, 7, 1),
        value_usd="250000.50", region_codes=("GLO",), area_names=("Infrastructure",),
    )  # fmt: skip
    agreement(
        "A-2017-1", partners=[undp], type="cooperation", signed_on=datetime.date(2017, 12, 31), value_usd="0",
        region_codes=("AFR", "AMS", "ARB"), area_names=("Capacity building",),
    )  # fmt: skip
    # An amendment: its value counts, it is not a new agreement and is left out of the breakdowns.
    agreement(
        "A-2014-1/AM1", partners=[korea], type="mou", signed_on=datetime.date(2016, 1, 15), value_usd="500000",
        region_codes=("EUR",), area_names=("Innovation",), amends=first,
    )  # fmt: skip
    agreement("A-2018-1", signed_on=datetime.date(2018, 1, 1), value_usd="99")  # outside 2014-2017


def test_the_period_counts_new_agreements_amendments_and_value(agreements) -> None:
    stats = agreement_stats(year_from=2014, year_to=2017).as_json()
    assert (stats["new"], stats["amendments"], stats["value_usd"]) == (3, 1, "1750000.50")
    assert stats["by_year"] == {"2014": 1, "2015": 1, "2016": 0, "2017": 1}
    assert stats["by_type"] == {
        "mou": 1, "cooperation": 1, "voluntary_contribution": 0, "sponsorship": 0, "letter_of_intent": 0,
        "project_document": 1,
    }  # fmt: skip


def test_regions_and_areas_are_split_equally_and_add_up_to_the_new_agreements(agreements) -> None:
    stats = agreement_stats(year_from=2014, year_to=2017).as_json()
    assert stats["by_region"] == {
        "AFR": 0.8333, "AMS": 0.3333, "ARB": 0.3333, "ASP": 0.5, "CIS": 0.0, "EUR": 0.0, "GLO": 1.0,
    }  # fmt: skip
    assert sum(stats["by_region"].values()) == pytest.approx(3, abs=0.001)
    assert stats["by_action_area"]["Capacity building"] == 1.5
    assert stats["by_action_area"]["Cybersecurity"] == 0.5
    assert stats["by_action_area"]["Innovation"] == 0.0  # only the amendment is about innovation
    assert len(stats["by_action_area"]) == 11


def test_top_partners_rank_by_agreements_then_value(agreements) -> None:
    top = agreement_stats(year_from=2014, year_to=2017).as_json()["top_partners"]
    assert top[0] == {"partner": "Ministry of Science and ICT, Korea", "agreements": 2, "value_usd": "1750000.50"}
    assert top[1] == {"partner": "UNDP", "agreements": 2, "value_usd": "250000.50"}


def test_command_and_api_give_the_same_json(agreements, client) -> None:
    out = StringIO()
    call_command("agreement_stats", "--from", "2014", "--to", "2017", stdout=out)
    from_api = client.get("/api/v1/partnerships/agreements/stats?from=2014&to=2017").json()
    assert json.loads(out.getvalue()) == from_api
    assert from_api["new"] == 3 and isinstance(from_api["by_region"]["AFR"], float)
    everything = client.get("/api/v1/partnerships/agreements/stats").json()
    assert everything["new"] == 4 and list(everything["by_year"]) == ["2014", "2015", "2016", "2017", "2018"]


def test_a_bad_period_is_refused_with_a_clear_message(agreements, client) -> None:
    answer = client.get("/api/v1/partnerships/agreements/stats?from=2017&to=2014")
    assert answer.status_code == 422 and "starts (2017) after it ends (2014)" in answer.content.decode()
    assert client.get("/api/v1/partnerships/agreements/stats?from=abc").status_code == 422
    with pytest.raises(CommandError, match="after it ends"):
        call_command("agreement_stats", "--from", "2017", "--to", "2014")


def test_no_agreements_gives_zeros(client) -> None:
    stats = client.get("/api/v1/partnerships/agreements/stats?from=2014&to=2015").json()
    assert (stats["new"], stats["value_usd"], stats["by_year"]) == (0, "0.00", {"2014": 0, "2015": 0})
    assert set(stats["by_region"]) == {"AFR", "AMS", "ARB", "ASP", "CIS", "EUR", "GLO"}
