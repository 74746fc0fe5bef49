"""The fund's pages: the public report (nobody named), and the secretariat's ledger where entries are recorded
and reversed; who may open what, and what bad input gets."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from ponte.core.models import RoleKind
from ponte.funds.models import LedgerEntry
from ponte.meetings.models import Fellowship
from tests.conftest import signed_in
from tests.factories import PersonFactory, country, group, with_role

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "representative", "egypt_focal_point", "secretariat"]


def _client(request, role: str) -> Client:
    return Client() if role == "anonymous" else signed_in(request.getfixturevalue(role))


@pytest.mark.parametrize("page", ["funds:report", "funds:report_csv", "funds:report_xlsx"])
@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_report(request, ledger, page, role) -> None:
    assert _client(request, role).get(reverse(page)).status_code == 200


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [302, 403, 403, 403, 200], strict=True)))
def test_only_the_secretariat_opens_the_ledger(request, ledger, role, status) -> None:
    for url in (reverse("funds:entries"), reverse("funds:entry_reverse", args=[ledger["studies"].number])):
        response = _client(request, role).get(url)
        assert response.status_code == status
        if role == "anonymous":
            assert "/account/login/" in response["Location"]


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [302, 403, 403, 403, 302], strict=True)))
def test_only_the_secretariat_records_and_reverses_on_the_pages(request, ledger, role, status) -> None:
    before = LedgerEntry.objects.count()
    client = _client(request, role)
    receipt = {
        "receipt-source": "voluntary_other",
        "receipt-amount": "2500.00",
        "receipt-currency": "chf",
        "receipt-booked_on": "2026-05-04",
        "receipt-description": "Donation of a university",
    }
    disbursement = {
        "disbursement-purpose": "training",
        "disbursement-source": "additional_budget",
        "disbursement-amount": "800",
        "disbursement-currency": "CHF",
        "disbursement-booked_on": "2026-05-04",
        "disbursement-description": "Workshop in Dakar",
    }
    answers = [
        client.post(reverse("funds:receipt_add"), receipt).status_code,
        client.post(reverse("funds:disbursement_add"), disbursement).status_code,
        client.post(
            reverse("funds:entry_reverse", args=[ledger["studies"].number]), {"reason": "Paid by another fund"}
        ).status_code,
    ]
    assert answers == [status] * 3
    assert LedgerEntry.objects.count() == before + (3 if role == "secretariat" else 0)
    if role == "secretariat":
        latest = list(LedgerEntry.objects.filter(booked_on="2026-05-04").order_by("pk"))[-3:]
        assert [(e.kind, e.source, e.amount, e.currency) for e in latest] == [
            ("receipt", "voluntary_other", Decimal("2500.00"), "CHF"),
            ("disbursement", "additional_budget", Decimal("800.00"), "CHF"),
            ("disbursement", "partner_contribution", Decimal("-40000.00"), "CHF"),
        ]


def test_the_secretariat_sees_every_entry_and_what_corrected_it(ledger, secretariat) -> None:
    page = signed_in(secretariat).get(reverse("funds:entries"))
    html = page.content.decode()
    assert page.status_code == 200 and "8 entries" in html
    assert f"Reversed by {ledger['reversal'].number}" in html and f"Reverses {ledger['mistake'].number}" in html
    assert "Global Connectivity Foundation" in html and "Kenya" in html
    assert html.count(">Reverse<span") == 6  # neither the reversed entry nor its reversal can be reversed
    filtered = signed_in(secretariat).get(reverse("funds:entries"), {"year": "2025", "kind": "receipt"})
    assert "2 entries" in filtered.content.decode()


def test_the_ledger_page_reads_in_constant_queries(ledger, secretariat, django_assert_max_num_queries) -> None:
    client = signed_in(secretariat)
    client.get(reverse("funds:entries"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("funds:entries"))
    for number in range(10):
        from tests.funds.conftest import receipt

        receipt(secretariat, "voluntary_private", f"{number + 1}00.00", 2026)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("funds:entries")).status_code == 200


def test_a_bad_receipt_answers_400_with_the_errors_and_saves_nothing(ledger, secretariat) -> None:
    before = LedgerEntry.objects.count()
    response = signed_in(secretariat).post(
        reverse("funds:receipt_add"),
        {"receipt-source": "voluntary_developing", "receipt-amount": "-1", "receipt-currency": "CHF",
         "receipt-booked_on": "2026-05-04", "receipt-description": ""},
    )  # fmt: skip
    assert response.status_code == 400
    assert set(response.context["receipt_form"].errors) == {"amount", "description"}
    assert "The receipt was not recorded" in response.content.decode()
    no_country = signed_in(secretariat).post(
        reverse("funds:receipt_add"),
        {"receipt-source": "voluntary_developing", "receipt-amount": "10", "receipt-currency": "CHF",
         "receipt-booked_on": "2026-05-04", "receipt-description": "From a developing country"},
    )  # fmt: skip
    assert no_country.status_code == 400
    assert no_country.context["receipt_form"].errors["country"] == ["Name the developing country that contributes."]
    assert LedgerEntry.objects.count() == before


def test_a_disbursement_the_fund_cannot_cover_is_refused_at_the_form(ledger, secretariat) -> None:
    before = LedgerEntry.objects.count()
    response = signed_in(secretariat).post(
        reverse("funds:disbursement_add"),
        {"disbursement-purpose": "consultancy", "disbursement-source": "voluntary_developing",
         "disbursement-amount": "15000.01", "disbursement-currency": "CHF", "disbursement-booked_on": "2026-05-04",
         "disbursement-description": "Expert mission"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "CHF 15000.00 available in 2026" in response.context["disbursement_form"].errors["source"][0]
    assert LedgerEntry.objects.count() == before


def test_a_reversal_without_a_reason_is_refused_and_a_reversed_entry_offers_no_form(ledger, secretariat) -> None:
    client = signed_in(secretariat)
    url = reverse("funds:entry_reverse", args=[ledger["studies"].number])
    silent = client.post(url, {"reason": ""})
    assert silent.status_code == 400 and "reason" in silent.context["form"].errors
    assert not LedgerEntry.objects.filter(reverses=ledger["studies"]).exists()
    reversed_already = client.get(reverse("funds:entry_reverse", args=[ledger["mistake"].number]))
    assert "has already been reversed by" in reversed_already.content.decode()
    again = client.post(reverse("funds:entry_reverse", args=[ledger["mistake"].number]), {"reason": "Again"})
    assert again.status_code == 400 and "has already been reversed" in again.content.decode()
    missing = client.get(reverse("funds:entry_reverse", args=["BSG-1999-00001"]))
    assert missing.status_code == 404
    done = client.post(url, {"reason": "Paid by the project instead"}, follow=True)
    assert "was reversed by" in done.content.decode()


def test_the_report_shows_a_year_and_all_years(ledger) -> None:
    client = Client()
    page = client.get(reverse("funds:report"))
    html = page.content.decode()
    assert page.context["report"].year == 2026  # the latest year by default
    assert "Financial year 2026" in html and "95,000.00" in html and "Closing balance" in html
    assert html.count('class="stats-chart"') == 3
    every = client.get(reverse("funds:report"), {"year": "all"})
    assert every.context["report"].year is None and "170,000.00" in every.content.decode()
    wrong = client.get(reverse("funds:report"), {"year": "1900"})
    assert wrong.status_code == 200 and "report" not in wrong.context and wrong.context["form"].errors
    assert client.get(reverse("funds:report_csv"), {"year": "x"}).status_code == 400
    assert client.get(reverse("funds:report"), {"year": "2025"}).context["report"].year == 2025


def test_the_report_names_nobody(ledger, secretariat, egypt_focal_point) -> None:
    from ponte.funds.services import charge_fellowship
    from ponte.meetings.models import Meeting

    meeting = Meeting.objects.create(
        code="T25-SG16-FUND", group=group("ITU-T", "SG16"), title_en="SG16", starts_on=datetime.date(2026, 6, 15),
        ends_on=datetime.date(2026, 6, 19), fellowship_budget=Decimal(5000),
    )  # fmt: skip
    fellowship = Fellowship.objects.create(
        meeting=meeting, person=PersonFactory(given_name="Nadia", family_name="Fahmy", country=country("EGY")),
        country=country("EGY"), state="awarded", amount=Decimal("2500.00"), nominated_by=egypt_focal_point,
    )  # fmt: skip
    charge_fellowship(actor=secretariat, fellowship=fellowship)
    client = Client()
    public = [client.get(reverse(name)).content for name in ("funds:report", "funds:report_csv", "funds:report_xlsx")]
    assert all(b"Fahmy" not in body and b"Global Connectivity" not in body for body in public)
    assert "2,500.00" in public[0].decode()  # the fellowship counts, as assistance to delegates
    assert "Nadia Fahmy" in signed_in(secretariat).get(reverse("funds:entries")).content.decode()


def test_the_menu_links_to_the_fund(db) -> None:
    assert f'href="{reverse("funds:report")}"' in Client().get("/en/").content.decode()


def test_secretariat_without_second_factor_is_sent_to_set_it_up(ledger) -> None:
    staff = with_role(RoleKind.SECRETARIAT)
    response = signed_in(staff).get(reverse("funds:entries"))
    assert response.status_code in (302, 403)


def test_the_secretariat_reads_an_entry_in_the_admin_and_its_history(ledger, secretariat) -> None:
    client = signed_in(secretariat)
    entry = ledger["partner"]
    assert client.get("/en/admin/funds/ledgerentry/").status_code == 200
    change = client.get(f"/en/admin/funds/ledgerentry/{entry.pk}/change/")
    assert change.status_code == 200 and b'name="_save"' not in change.content
    history = client.get(reverse("core:history", args=["ledgerentry", entry.pk]))
    assert history.status_code == 200 and b"funds.receipt.recorded" in history.content


def test_the_report_reads_in_two_queries_however_many_entries(ledger, django_assert_num_queries) -> None:
    client = Client()
    with django_assert_num_queries(2):  # the years with entries, then every total in one grouped query
        assert client.get(reverse("funds:report")).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(reverse("funds:report_csv"), {"year": "all"}).status_code == 200
