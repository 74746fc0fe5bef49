"""The fund's API: the report is everyone's, as on its page (totals only, nobody named); the ledger's entries are
the secretariat's only, filtered as on the ledger page and paged from a cursor; bad filters answer 422."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from ponte.core.models import Organisation, RoleKind, User
from ponte.funds import selectors
from ponte.funds.models import LedgerEntry
from ponte.funds.services import charge_fellowship, reverse_entry
from ponte.meetings.models import Fellowship, Meeting
from tests.conftest import signed_in
from tests.factories import PersonFactory, country, group, with_role
from tests.funds.conftest import disbursement, receipt
from tests.reads import queries as _queries
from tests.tokens.factories import bearer, token

pytestmark = pytest.mark.django_db

REPORT = "/api/v1/funds/report"
ENTRIES = "/api/v1/funds/entries"
ROLES = ["anonymous", "member", "representative", "egypt_focal_point", "secretariat"]


def _client(request: pytest.FixtureRequest, role: str) -> Client:
    return Client() if role == "anonymous" else signed_in(request.getfixturevalue(role))


def _entry(number: str) -> str:
    return f"{ENTRIES}/{number}"


def _fellowship_paid(secretariat: User, focal_point: User, family_name: str = "Fahmy") -> LedgerEntry:
    """An awarded fellowship of an Egyptian delegate, paid by the fund (CHF 2,500, in 2026)."""
    meeting, _created = Meeting.objects.get_or_create(
        code="T25-SG16-FUND",
        defaults={
            "group": group("ITU-T", "SG16"), "title_en": "SG16", "starts_on": datetime.date(2026, 6, 15),
            "ends_on": datetime.date(2026, 6, 19), "fellowship_budget": Decimal(50000),
        },
    )  # fmt: skip
    fellowship = Fellowship.objects.create(
        meeting=meeting, person=PersonFactory(given_name="Nadia", family_name=family_name, country=country("EGY")),
        country=country("EGY"), state="awarded", amount=Decimal("2500.00"), nominated_by=focal_point,
    )  # fmt: skip
    return charge_fellowship(actor=secretariat, fellowship=fellowship)


# --- The report ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_report_of_the_latest_year_by_default(request, ledger, role) -> None:
    response = _client(request, role).get(REPORT)
    assert response.status_code == 200
    report = response.json()
    assert (report["year"], report["years"]) == (2026, [2026, 2025])
    [chf] = report["currencies"]
    assert chf["currency"] == "CHF"
    # The mistake and its reversal cancel out: 40,000 of studies is all that was disbursed in 2026.
    assert chf["total"] == {
        "opening": "85000.00", "receipts": "50000.00", "disbursements": "40000.00", "closing": "95000.00",
    }  # fmt: skip
    by_source = {row["source"]: (row["opening"], row["closing"]) for row in chf["by_source"]}
    assert by_source == {
        "partner_contribution": ("70000.00", "30000.00"),
        "additional_budget": ("0.00", "50000.00"),
        "voluntary_developing": ("15000.00", "15000.00"),
        "voluntary_private": ("0.00", "0.00"),
        "voluntary_other": ("0.00", "0.00"),
    }
    assert chf["by_source"][0]["label"] == "Partner contribution"
    by_purpose = {row["purpose"]: row["amount"] for row in chf["by_purpose"]}
    assert by_purpose == {
        "delegate_assistance": "0.00", "consultancy": "0.00", "training": "0.00", "conformity_studies": "40000.00",
    }  # fmt: skip
    assert [(row["year"], row["opening"], row["closing"]) for row in chf["by_year"]] == [
        (2025, "0.00", "85000.00"),
        (2026, "85000.00", "95000.00"),
    ]


def test_the_report_of_one_year_or_of_all_years(ledger) -> None:
    client = Client()
    every = client.get(REPORT, {"year": "all"}).json()
    assert every["year"] is None
    assert every["currencies"][0]["total"] == {
        "opening": "0.00", "receipts": "170000.00", "disbursements": "75000.00", "closing": "95000.00",
    }  # fmt: skip
    first = client.get(REPORT, {"year": "2025"}).json()
    assert first["year"] == 2025
    assert first["currencies"][0]["total"]["closing"] == "85000.00"


def test_a_report_year_without_entries_or_not_a_year_is_refused_with_422(ledger) -> None:
    client = Client()
    for year in ("1999", "x", "", "20255"):
        response = client.get(REPORT, {"year": year})
        assert response.status_code == 422, year
        assert response.json()["detail"][0]["loc"] == ["query", "year"]
    assert "1999 is not one of the available choices" in client.get(REPORT, {"year": "1999"}).json()["detail"][0]["msg"]


def test_each_currency_has_its_own_report_chf_first(ledger, secretariat) -> None:
    receipt(secretariat, "voluntary_private", "300.00", 2026, currency="USD")
    receipt(secretariat, "voluntary_other", "700.00", 2026, currency="EUR")
    currencies = Client().get(REPORT).json()["currencies"]
    assert [(each["currency"], each["total"]["closing"]) for each in currencies] == [
        ("CHF", "95000.00"),
        ("EUR", "700.00"),
        ("USD", "300.00"),
    ]


def test_the_report_names_nobody(ledger, secretariat, egypt_focal_point) -> None:
    _fellowship_paid(secretariat, egypt_focal_point)
    body = Client().get(REPORT).content.decode()
    assert "Fahmy" not in body and "Global Connectivity" not in body and "Kenya" not in body
    chf = Client().get(REPORT).json()["currencies"][0]
    assert {row["purpose"]: row["amount"] for row in chf["by_purpose"]}["delegate_assistance"] == "2500.00"


def test_the_report_reads_the_same_queries_however_many_entries(ledger, secretariat) -> None:
    client = Client()
    few = _queries(lambda: client.get(REPORT))
    for number in range(6):
        receipt(secretariat, "voluntary_private", f"{number + 1}00.00", 2024 + number % 3, currency="USD")
    assert _queries(lambda: client.get(REPORT)) == few


# --- The ledger's entries -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [401, 403, 403, 403, 200], strict=True)), ids=ROLES)
def test_only_the_secretariat_reads_the_entries(request, ledger, role, status) -> None:
    client = _client(request, role)
    answers = [
        client.get(ENTRIES).status_code,
        client.get(_entry(ledger["partner"].number)).status_code,
    ]
    assert answers == [status, status]
    if status != 200:
        # Refused before looking: an unknown number gets the same answer, so a number's existence is not told.
        assert client.get(_entry("BSG-1999-00001")).status_code == status
        assert "Global Connectivity" not in client.get(ENTRIES).content.decode()


def test_a_token_acts_as_its_representative_who_reads_no_entries(ledger, representative, japanese_sme) -> None:
    reader = Client(headers=bearer(token(representative, japanese_sme, "funds:read")))
    assert reader.get(ENTRIES).status_code == 403
    assert reader.get(_entry(ledger["partner"].number)).status_code == 403
    assert reader.get(REPORT).status_code == 200
    without = Client(headers=bearer(token(representative, japanese_sme, "core:read")))
    refused = without.get(ENTRIES)
    assert refused.status_code == 403
    assert "funds:read" in refused.json()["detail"]


def test_a_staff_session_without_a_second_factor_is_refused(ledger) -> None:
    staff = with_role(RoleKind.SECRETARIAT)
    response = signed_in(staff).get(ENTRIES)
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_the_secretariat_reads_every_entry_latest_year_first_and_what_corrected_it(ledger, secretariat) -> None:
    page = signed_in(secretariat).get(ENTRIES).json()
    assert set(page) == {"items", "next", "previous"}
    numbers = [item["number"] for item in page["items"]]
    assert numbers == [entry.number for entry in selectors.entries()]
    assert numbers[:4] == ["BSG-2026-00004", "BSG-2026-00003", "BSG-2026-00002", "BSG-2026-00001"]
    by_number = {item["number"]: item for item in page["items"]}
    mistake, reversal = by_number[ledger["mistake"].number], by_number[ledger["reversal"].number]
    assert (mistake["amount"], mistake["reversed_by"], mistake["reverses"]) == ("1000.00", reversal["number"], None)
    assert (reversal["amount"], reversal["reverses"], reversal["reversed_by"]) == ("-1000.00", mistake["number"], None)
    assert reversal["description"] == "Recorded twice"


def test_an_entry_says_what_the_ledger_page_says_of_it(ledger, secretariat) -> None:
    client = signed_in(secretariat)
    partner = client.get(_entry(ledger["partner"].number)).json()
    assert partner == {
        "number": "BSG-2025-00001",
        "kind": "receipt",
        "kind_label": "Receipt",
        "year": 2025,
        "booked_on": "2025-02-01",
        "source": "partner_contribution",
        "source_label": "Partner contribution",
        "purpose": None,
        "purpose_label": None,
        "amount": "100000.00",
        "currency": "CHF",
        "description": "partner_contribution 2025",
        "organisation": {"id": ledger["partner"].organisation_id, "name": "Global Connectivity Foundation"},
        "country": None,
        "fellowship": None,
        "reverses": None,
        "reversed_by": None,
        "recorded_by": secretariat.get_full_name() or secretariat.email,
        "recorded_at": partner["recorded_at"],
    }
    assert datetime.datetime.fromisoformat(partner["recorded_at"]) == ledger["partner"].recorded_at
    kenya = client.get(_entry(ledger["kenya"].number)).json()
    assert kenya["country"] == {"code": "KEN", "name": "Kenya"}
    training = client.get(_entry(ledger["training"].number)).json()
    assert (training["kind"], training["purpose"]) == ("disbursement", "training")
    assert training["purpose_label"] == "Training"


def test_a_fellowships_entry_names_the_fellow_for_the_secretariat(ledger, secretariat, egypt_focal_point) -> None:
    entry = _fellowship_paid(secretariat, egypt_focal_point)
    shown = signed_in(secretariat).get(_entry(entry.number)).json()
    assert shown["fellowship"] == {"id": entry.fellowship_id, "person": "Nadia Fahmy", "meeting": "T25-SG16-FUND"}
    assert shown["purpose"] == "delegate_assistance"
    assert "Fahmy" not in signed_in(egypt_focal_point).get(_entry(entry.number)).content.decode()


def test_an_unknown_entry_is_not_found(ledger, secretariat) -> None:
    response = signed_in(secretariat).get(_entry("BSG-1999-00001"))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"year": 2025, "kind": "receipt"}, ["kenya", "partner"]),
        ({"kind": "disbursement", "source": "partner_contribution"}, ["studies", "consultancy"]),
        ({"purpose": "training"}, ["reversal", "mistake", "training"]),
        ({"year": 2026, "source": "voluntary_developing"}, []),
    ],
)
def test_the_entries_are_filtered_as_on_the_ledger_page(ledger, secretariat, filters, expected) -> None:
    response = signed_in(secretariat).get(ENTRIES, filters)
    assert response.status_code == 200
    assert [item["number"] for item in response.json()["items"]] == [ledger[name].number for name in expected]


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"year": 2019}, "year"),  # a year without entries: the page's form refuses it too
        ({"year": "last"}, "year"),
        ({"year": 99999}, "year"),
        ({"kind": "gift"}, "kind"),
        ({"source": "lottery"}, "source"),
        ({"purpose": "party"}, "purpose"),
    ],
)
def test_a_bad_filter_is_refused_with_422_at_its_field(ledger, secretariat, filters, field) -> None:
    response = signed_in(secretariat).get(ENTRIES, filters)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", field]]


def test_following_next_reads_every_entry_once_in_order(ledger, secretariat) -> None:
    client = signed_in(secretariat)
    response = client.get(ENTRIES, {"limit": 3})
    walked: list[str] = []
    for _page in range(10):
        assert response.status_code == 200
        page = response.json()
        walked += [item["number"] for item in page["items"]]
        if page["next"] is None:
            break
        response = client.get(page["next"])
    assert walked == [entry.number for entry in selectors.entries()]
    assert len(walked) == 8


def test_the_entries_page_at_most_100_and_refuse_a_tampered_cursor(ledger, secretariat) -> None:
    client = signed_in(secretariat)
    assert client.get(ENTRIES, {"limit": 101}).json()["detail"][0]["loc"] == ["query", "limit"]
    tampered = client.get(ENTRIES, {"cursor": "not-a-cursor"})
    assert tampered.status_code == 422
    assert tampered.json()["detail"][0]["loc"] == ["query", "cursor"]
    assert client.get(ENTRIES, {"offset": 2}).status_code == 422


def test_the_entries_read_the_same_queries_as_the_ledger_grows(ledger, secretariat, egypt_focal_point) -> None:
    client = signed_in(secretariat)
    few = _queries(lambda: client.get(ENTRIES, {"year": 2026}))
    one = _queries(lambda: client.get(_entry(ledger["mistake"].number)))
    partner = Organisation.objects.get(name="Global Connectivity Foundation")
    for number in range(4):
        receipt(secretariat, "partner_contribution", f"{number + 1}000.00", 2026, organisation=partner)
        receipt(secretariat, "voluntary_developing", "500.00", 2026, country=country("KEN"))
        _fellowship_paid(secretariat, egypt_focal_point, family_name=f"Fellow {number}")
        extra = disbursement(secretariat, "partner_contribution", "training", "100.00", 2026)
        reverse_entry(actor=secretariat, entry=extra, reason=f"Mistake {number}")
    assert _queries(lambda: client.get(ENTRIES, {"year": 2026})) == few
    assert _queries(lambda: client.get(_entry(ledger["mistake"].number))) == one
