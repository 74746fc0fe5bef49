"""The secretariat loads the partnership-agreement database from a file: all rows or none, re-importable, by
reference; and the agreements of any list go back out in the same columns."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import Workbook, load_workbook

from ponte.partnerships import importers
from ponte.partnerships.exports import agreements_csv, agreements_xlsx
from ponte.partnerships.importers import import_agreements
from ponte.partnerships.models import ActionArea, Agreement, Partner, PartnerKind
from tests.conftest import with_role_free
from tests.factories import with_role
from tests.partnerships.factories import PartnerFactory, agreement

pytestmark = pytest.mark.django_db

HEADER = (
    "reference,type,title,partner,partner_kind,signed_on,value,currency,value_usd,regions,countries,action_areas,"
    "amends\n"
)
# An amendment before the agreement it amends; a value in EUR; names of types and areas as people write them.
AGREEMENTS = HEADER + (
    "BDT-2015-014-A1,cooperation,Smart villages in Niger: second phase,Sahel Connect Foundation,foundation,"
    "2016-09-12,150000,USD,,AFR,NER,Digital inclusion;ICT applications,BDT-2015-014\n"
    "BDT-2015-014,voluntary_contribution,Smart villages in Niger,Sahel Connect Foundation;Ministry of Posts and "
    "Telecommunications of Niger,foundation;administration,2015-03-02,500000.50,EUR,560000,AFR;GLO,NER;BFA,"
    "capacity building;Infrastructure,\n"
    "BDT-2016-003,Memorandum of understanding,Cybersecurity readiness in the Pacific,Kestrel Networks,"
    "private_company,2016-01-20,0,USD,0,ASP,FJI;WSM;TON,cybersecurity,\n"
)
FILE_COLUMNS = HEADER.strip().split(",")


def imported(text: str, file_name: str = "agreements.csv") -> importers.AgreementImportReport:
    return import_agreements(file_name=file_name, content=text.encode())


def history_counts() -> tuple[int, ...]:
    snapshots = [
        apps.get_model("partnerships", f"HistoricalAgreement_{name}").objects.count() for name in importers.LINKS
    ]
    return Agreement.history.count(), Partner.history.count(), *snapshots


def links(reference: str) -> tuple[list[str], list[str], list[str], list[str]]:
    found = Agreement.objects.get(reference=reference)
    return (
        sorted(found.partners.values_list("name", flat=True)),
        sorted(found.regions.values_list("code", flat=True)),
        sorted(found.countries.values_list("alpha3", flat=True)),
        sorted(found.action_areas.values_list("code", flat=True)),
    )


def row(**cells: str) -> str:
    """One line of a file: a valid original agreement, with the given cells changed."""
    values = {
        "reference": "BDT-2020-001",
        "type": "cooperation",
        "title": "Emergency telecommunications in the Caribbean",
        "partner": "Kestrel Networks",
        "partner_kind": "private_company",
        "signed_on": "2020-05-04",
        "value": "1000",
        "currency": "USD",
        "value_usd": "",
        "regions": "AMS",
        "countries": "",
        "action_areas": "Emergency telecommunications",
        "amends": "",
        **cells,
    }
    return ",".join(f'"{values[column]}"' if "," in values[column] else values[column] for column in FILE_COLUMNS)


def test_secretariat_imports_agreements_with_their_partners_and_lists() -> None:
    report = imported("\ufeff" + AGREEMENTS)  # Excel writes a byte-order mark
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged, report.partners_created) == (3, 0, 0, 3)

    niger = Agreement.objects.get(reference="BDT-2015-014")
    assert (niger.type, niger.title_en, niger.signed_on) == (
        "voluntary_contribution",
        "Smart villages in Niger",
        datetime.date(2015, 3, 2),
    )
    assert (niger.value, niger.currency, niger.value_usd, niger.amends) == (
        Decimal("500000.50"),
        "EUR",
        Decimal("560000"),
        None,
    )
    assert links("BDT-2015-014") == (
        ["Ministry of Posts and Telecommunications of Niger", "Sahel Connect Foundation"],
        ["AFR", "GLO"],
        ["BFA", "NER"],
        ["capacity-building", "infrastructure"],
    )
    amendment = Agreement.objects.get(reference="BDT-2015-014-A1")
    assert amendment.amends == niger
    assert (amendment.value, amendment.value_usd) == (Decimal(150000), Decimal(150000)), "in USD, value_usd is value"
    pacific = Agreement.objects.get(reference="BDT-2016-003")
    assert pacific.type == "mou", "a type may be written as its English name"
    assert links("BDT-2016-003")[3] == ["cybersecurity"]
    kinds = dict(Partner.objects.values_list("name", "kind"))
    assert kinds == {
        "Sahel Connect Foundation": "foundation",
        "Ministry of Posts and Telecommunications of Niger": "administration",
        "Kestrel Networks": "private_company",
    }
    assert set(Partner.history.values_list("history_change_reason", flat=True)) == {"partnerships.partner.imported"}


def test_each_new_agreement_has_one_history_row_with_its_links() -> None:
    secretariat = with_role("secretariat")
    report = import_agreements(file_name="agreements.csv", content=AGREEMENTS.encode(), actor=secretariat)
    assert report.ok, report.errors
    niger = Agreement.objects.get(reference="BDT-2015-014")
    record = niger.history.get()
    assert (record.history_type, record.history_change_reason, record.history_user) == (
        "+",
        "partnerships.agreement.imported",
        secretariat,
    )
    assert sorted(link.partner.name for link in record.partners.all()) == [
        "Ministry of Posts and Telecommunications of Niger",
        "Sahel Connect Foundation",
    ]
    assert sorted(link.beneficiaryregion.code for link in record.regions.all()) == ["AFR", "GLO"]
    assert sorted(link.country.alpha3 for link in record.countries.all()) == ["BFA", "NER"]
    assert sorted(link.actionarea.code for link in record.action_areas.all()) == ["capacity-building", "infrastructure"]
    through_ids = set(niger.partners.through.objects.filter(agreement=niger).values_list("pk", flat=True))
    assert {link.id for link in record.partners.all()} == through_ids, "the snapshot keeps the links' ids"


def test_importing_the_same_file_again_changes_nothing() -> None:
    assert imported(AGREEMENTS).ok
    before = history_counts()
    updated_at = dict(Agreement.objects.values_list("reference", "updated_at"))
    report = imported(AGREEMENTS.replace("Kestrel Networks", "KESTREL networks"))
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged, report.partners_created) == (0, 0, 3, 0)
    assert history_counts() == before, "no history row either"
    assert dict(Agreement.objects.values_list("reference", "updated_at")) == updated_at
    assert Partner.objects.count() == 3


def test_an_edited_row_updates_that_agreement_by_reference_and_records_the_change() -> None:
    secretariat = with_role("secretariat")
    assert imported(AGREEMENTS).ok
    edited = AGREEMENTS.replace("ASP,FJI;WSM;TON,cybersecurity", "ASP;GLO,FJI,cybersecurity;Generic").replace(
        "Cybersecurity readiness in the Pacific", "Cybersecurity readiness in Pacific island states"
    )
    report = import_agreements(file_name="agreements.csv", content=edited.encode(), actor=secretariat)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    pacific = Agreement.objects.get(reference="BDT-2016-003")
    assert pacific.title_en == "Cybersecurity readiness in Pacific island states"
    assert links("BDT-2016-003")[1:] == (["ASP", "GLO"], ["FJI"], ["cybersecurity", "generic"])
    assert pacific.updated_at > pacific.created_at
    latest, first = pacific.history.all()[:2]
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        secretariat,
        "partnerships.agreement.imported",
    )
    changed = {change.field for change in latest.diff_against(first).changes}
    assert {"title_en", "regions", "countries", "action_areas"} <= changed
    assert "partners" not in changed
    assert Agreement.history.filter(reference="BDT-2015-014").count() == 1, "the other agreements keep their history"


def test_the_other_languages_titles_are_left_as_they_are() -> None:
    assert imported(AGREEMENTS).ok
    Agreement.objects.filter(reference="BDT-2016-003").update(title_fr="Préparation à la cybersécurité")
    assert imported(AGREEMENTS.replace("2016-01-20", "2016-01-21")).updated == 1
    pacific = Agreement.objects.get(reference="BDT-2016-003")
    assert (pacific.title_fr, pacific.signed_on) == ("Préparation à la cybersécurité", datetime.date(2016, 1, 21))


def test_known_partners_are_found_by_name_whatever_its_case_and_keep_their_kind() -> None:
    kestrel = PartnerFactory(name="Kestrel Networks", kind="un_agency")
    report = imported(HEADER + row(partner=" kestrel   NETWORKS ", partner_kind=""))
    assert report.ok, report.errors
    assert report.partners_created == 0
    assert list(Agreement.objects.get().partners.all()) == [kestrel]
    kestrel.refresh_from_db()
    assert kestrel.kind == "un_agency"


def test_one_kind_may_serve_all_new_partners() -> None:
    report = imported(HEADER + row(partner="Andes Link SA;Orbitel Satellite Services", partner_kind="private_company"))
    assert report.ok, report.errors
    assert set(Partner.objects.values_list("kind", flat=True)) == {"private_company"}


def test_a_new_partner_met_twice_is_created_once() -> None:
    second = row(reference="BDT-2020-002", partner="ANDES LINK SA", partner_kind="")
    report = imported(HEADER + row(partner="Andes Link SA", partner_kind="private_company") + "\n" + second)
    assert report.ok, report.errors
    assert report.partners_created == 1
    assert Partner.objects.get().name == "Andes Link SA"


def test_an_amendment_may_amend_an_agreement_already_in_ponte() -> None:
    original = agreement("BDT-2019-007")
    report = imported(HEADER + row(reference="BDT-2019-007-A1", amends="BDT-2019-007"))
    assert report.ok, report.errors
    assert Agreement.objects.get(reference="BDT-2019-007-A1").amends == original


@pytest.mark.parametrize("order", ["amendment first", "original first"])
def test_amendments_may_stand_before_or_after_what_they_amend(order: str) -> None:
    original = row(reference="BDT-2021-001")
    amendments = [row(reference=f"BDT-2021-001-A{n}", amends="BDT-2021-001") for n in (1, 2)]
    lines = [*amendments, original] if order == "amendment first" else [original, *amendments]
    report = imported(HEADER + "\n".join(lines) + "\n")
    assert report.ok, report.errors
    assert sorted(Agreement.objects.get(reference="BDT-2021-001").amendments.values_list("reference", flat=True)) == [
        "BDT-2021-001-A1",
        "BDT-2021-001-A2",
    ]


def test_an_updated_agreement_may_amend_one_the_same_file_creates() -> None:
    assert imported(HEADER + row(reference="BDT-2022-009")).ok
    amendment = row(reference="BDT-2022-009", amends="BDT-2022-001")
    report = imported(HEADER + amendment + "\n" + row(reference="BDT-2022-001") + "\n")
    assert report.ok, report.errors
    assert (report.created, report.updated) == (1, 1)
    assert Agreement.objects.get(reference="BDT-2022-009").amends == Agreement.objects.get(reference="BDT-2022-001")


def test_every_bad_cell_is_reported_with_its_line_column_and_reason_and_nothing_is_saved() -> None:
    agreement("BDT-2014-001")
    agreement("BDT-2014-001-A1", amends=Agreement.objects.get(reference="BDT-2014-001"))
    bad = [
        row(reference=""),  # 2
        row(reference="BDT-2020-001"),  # 3: the first row of its reference
        row(reference="BDT-2020-001"),  # 4
        row(reference="X3", type="grant"),  # 5
        row(reference="X4", title=""),  # 6
        row(reference="X5", partner=" ; "),  # 7
        row(reference="X6", signed_on="21/03/2017"),  # 8
        row(reference="X7", signed_on="2017-02-30"),  # 9
        row(reference="X8", value="-5"),  # 10
        row(reference="X9", value="12.345"),  # 11
        row(reference="X10", value="1,000"),  # 12
        row(reference="X11", currency="Euro"),  # 13
        row(reference="X12", currency="EUR"),  # 14: no value in USD
        row(reference="X13", value_usd="a lot"),  # 15
        row(reference="X14", regions="AFR;OCE"),  # 16
        row(reference="X15", countries="KEN;XKX"),  # 17
        row(reference="X16", action_areas="Capacity building;Space"),  # 18
        row(reference="X17", amends="BDT-1999-404"),  # 19
        row(reference="X18", amends="X18"),  # 20
        row(reference="X19", amends="BDT-2014-001-A1"),  # 21: an amendment in Ponte
        row(reference="X20", amends="X21"),  # 22: an amendment in the file
        row(reference="X21", amends="BDT-2014-001"),  # 23: fine on its own
        row(reference="X22", partner="Nova Partner", partner_kind=""),  # 24
        row(reference="X23", partner_kind="bank"),  # 25
        row(reference="X24", partner="A;B;C", partner_kind="ngo;academia"),  # 26
        row(reference="X" * 41),  # 27
    ]
    before = history_counts()
    report = imported(HEADER + "\n".join(bad) + "\n")
    assert not report.ok
    assert [(error.line, error.column, error.reason) for error in report.errors] == [
        (2, "reference", "Write the agreement's reference."),
        (4, "reference", "The same reference is already on line 3."),
        (5, "type", "Unknown type: write one of mou, cooperation, voluntary_contribution, sponsorship, "
         "letter_of_intent, project_document."),
        (6, "title", "Write the agreement's title (in English)."),
        (7, "partner", "Write the partner's name (several partners separated by ;)."),
        (8, "signed_on", "Write the date as YYYY-MM-DD, e.g. 2017-03-21."),
        (9, "signed_on", "Write the date as YYYY-MM-DD, e.g. 2017-03-21."),
        (10, "value", "Write an amount of at most two decimals, not negative, e.g. 250000 or 1250.50."),
        (11, "value", "Write an amount of at most two decimals, not negative, e.g. 250000 or 1250.50."),
        (12, "value", "Write an amount of at most two decimals, not negative, e.g. 250000 or 1250.50."),
        (13, "currency", "Write the currency as its three-letter code, e.g. USD, EUR or CHF."),
        (14, "value_usd", "Write the value in USD: the agreement is in EUR."),
        (15, "value_usd", "Write an amount of at most two decimals, not negative, e.g. 250000 or 1250.50."),
        (16, "regions", "Unknown region OCE: write one of AFR, AMS, ARB, ASP, CIS, EUR, GLO."),
        (17, "countries", "Unknown country code XKX: give ISO 3166 alpha-3 codes, e.g. KEN;SEN."),
        (18, "action_areas", "Unknown action area Space: write its English name, e.g. Capacity building."),
        (19, "amends", "No agreement has the reference BDT-1999-404, in this file or in Ponte."),
        (20, "amends", "An agreement cannot amend itself: leave amends empty or give the original's reference."),
        (21, "amends", "BDT-2014-001-A1 is itself an amendment: give the original's reference."),
        (22, "amends", "X21 is itself an amendment (of BDT-2014-001): give the original's reference."),
        (24, "partner_kind", "Nova Partner is a new partner: write its kind, one of administration, "
         "multilateral_agency, bilateral_agency, development_bank, foundation, private_company, un_agency, ngo, "
         "international_organisation, academia."),
        (25, "partner_kind", "Unknown partner kind bank: write one of administration, multilateral_agency, "
         "bilateral_agency, development_bank, foundation, private_company, un_agency, ngo, "
         "international_organisation, academia."),
        (26, "partner_kind", "Write one kind for all the partners, or one per partner in the same order."),
        (27, "reference", "The reference is too long: at most 40 characters."),
    ]  # fmt: skip
    assert (report.created, report.updated, report.partners_created) == (0, 0, 0)
    assert Agreement.objects.count() == 2
    assert not Partner.objects.exclude(agreements__reference__startswith="BDT-2014").exists()
    assert history_counts() == before


def test_several_bad_cells_of_one_row_are_each_reported() -> None:
    bad = row(reference="", type="loan", partner="Nova", partner_kind="", signed_on="soon", countries="ZZZ", amends="Q")
    report = imported(HEADER + bad + "\n")
    assert [(error.line, error.column) for error in report.errors] == [
        (2, "reference"),
        (2, "type"),
        (2, "partner_kind"),
        (2, "signed_on"),
        (2, "countries"),
        (2, "amends"),
    ]


def test_an_original_with_amendments_cannot_become_an_amendment() -> None:
    original = agreement("BDT-2018-004")
    agreement("BDT-2018-004-A1", amends=original)
    agreement_010 = agreement("BDT-2018-010")
    report = imported(HEADER + row(reference="BDT-2018-004", amends="BDT-2018-010") + "\n")
    assert [(error.line, error.column, error.reason) for error in report.errors] == [
        (
            2,
            "amends",
            "BDT-2018-004-A1 amend this agreement: an agreement with amendments cannot become an amendment.",
        )
    ]
    kept = row(reference="BDT-2018-004-A1", amends="BDT-2018-004")
    report = imported(HEADER + row(reference="BDT-2018-004", amends="BDT-2018-010") + "\n" + kept + "\n")
    assert [(error.line, error.column) for error in report.errors] == [(3, "amends")], "it would amend an amendment"
    moved = row(reference="BDT-2018-004-A1", amends="BDT-2018-010")
    report = imported(HEADER + row(reference="BDT-2018-004", amends="BDT-2018-010") + "\n" + moved + "\n")
    assert report.ok, report.errors
    assert set(Agreement.objects.filter(amends=agreement_010).values_list("reference", flat=True)) == {
        "BDT-2018-004",
        "BDT-2018-004-A1",
    }


def test_one_bad_row_leaves_everything_as_it_was() -> None:
    assert imported(AGREEMENTS).ok
    before = history_counts()
    edited = AGREEMENTS.replace("Smart villages in Niger,", "Smart villages in Niger (phase one),")
    report = imported(edited + row(reference="BDT-2020-404", countries="ATL") + "\n")
    assert [(error.line, error.column) for error in report.errors] == [(5, "countries")]
    assert Agreement.objects.get(reference="BDT-2015-014").title_en == "Smart villages in Niger"
    assert history_counts() == before


def test_missing_columns_are_reported() -> None:
    report = imported("reference,type,title\nBDT-1,mou,Title\n")
    assert [(error.line, error.column) for error in report.errors] == [(1, "")]
    assert report.errors[0].reason == "Missing columns: currency, partner, signed_on, value."


def test_optional_columns_may_be_left_out() -> None:
    report = imported("reference,type,title,partner,signed_on,value,currency\nBDT-1,mou,Title,UNDP,2017-01-01,0,USD\n")
    assert [(error.line, error.column) for error in report.errors] == [(2, "partner_kind")], "UNDP is new"
    PartnerFactory(name="UNDP", kind="un_agency")
    report = imported("reference,type,title,partner,signed_on,value,currency\nBDT-1,mou,Title,UNDP,2017-01-01,0,USD\n")
    assert report.ok, report.errors
    assert links("BDT-1") == (["UNDP"], [], [], [])


def test_a_file_of_too_many_rows_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importers, "MAX_AGREEMENT_ROWS", 2)
    report = imported(AGREEMENTS)
    assert [(error.line, error.reason) for error in report.errors] == [(1, "At most 2 rows per file.")]
    assert not Agreement.objects.exists()


def test_xlsx_files_are_read_with_their_date_and_number_cells() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(FILE_COLUMNS)
    sheet.append(
        ["BDT-2017-020", "sponsorship", "WTDC side event", "Orbitel Satellite Services", "private_company",
         datetime.date(2017, 10, 9), 25000.5, "chf", 25250, "GLO", None, "Innovation", None]
    )  # fmt: skip
    sheet.append([])
    sheet.append(
        ["BDT-2017-021", "mou", "Amendment", "Orbitel Satellite Services", None, "2017-11-01", 0, "USD", None,
         "GLO", "CHE", "innovation", "BDT-2017-020"]
    )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_agreements(file_name="agreements.xlsx", content=buffer.getvalue())
    assert report.ok, report.errors
    event = Agreement.objects.get(reference="BDT-2017-020")
    assert (event.signed_on, event.value, event.currency, event.value_usd) == (
        datetime.date(2017, 10, 9),
        Decimal("25000.50"),
        "CHF",
        Decimal(25250),
    )
    assert Agreement.objects.get(reference="BDT-2017-021").amends == event


def test_the_permission_is_asked_when_a_person_imports() -> None:
    with pytest.raises(PermissionDenied):
        import_agreements(file_name="agreements.csv", content=AGREEMENTS.encode(), actor=with_role_free())
    assert not Agreement.objects.exists()


def _file(count: int, *, year: int) -> str:
    rows = [
        row(
            reference=f"BDT-{year}-{n:03}",
            title=f"Agreement {n}",
            partner=f"Partner {n % 7};Kestrel Networks",
            regions="AFR;GLO",
            countries="KEN;SEN",
            action_areas="Capacity building;Innovation",
            signed_on=f"{year}-01-01",
            amends=f"BDT-{year}-000" if n % 5 == 0 and n else "",
        )
        for n in range(count)
    ]
    return HEADER + "\n".join(rows) + "\n"


def test_the_import_makes_as_many_queries_for_100_rows_as_for_10(django_assert_max_num_queries) -> None:
    for n in range(7):
        PartnerFactory(name=f"Partner {n}", kind="ngo")
    # Five lookups (regions, countries, areas, partners, stored agreements), then the writes in a savepoint: the new
    # partner and its history; the originals, then the amendments, each followed by the lookup of their ids; four
    # link tables; the last history id, the history rows and their four snapshots of the links; the partners of the
    # written agreements and of their amendments, marked for the partner search (two lookups and one insert).
    with django_assert_max_num_queries(26) as ten_rows:
        assert imported(_file(10, year=2030)).created == 10
    with django_assert_max_num_queries(len(ten_rows)):
        assert imported(_file(100, year=2031)).created == 100
    # The same file again: the lookups and the four link tables of the stored agreements; nothing is written.
    with django_assert_max_num_queries(9):
        assert imported(_file(100, year=2031)).unchanged == 100
    with django_assert_max_num_queries(len(ten_rows)):
        assert imported(_file(100, year=2031).replace("AFR;GLO", "AFR")).updated == 100


def test_command_imports_a_file_and_prints_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "agreements.csv"
    path.write_text(AGREEMENTS, encoding="utf-8")
    out = io.StringIO()
    call_command("import_agreements", str(path), stdout=out)
    call_command("import_agreements", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "Agreements imported from agreements.csv: 3 created, 0 updated, 0 unchanged; 3 partners created.",
        "Agreements imported from agreements.csv: 0 created, 0 updated, 3 unchanged; 0 partners created.",
    ]


def test_command_lists_every_bad_row_on_stderr_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "agreements.csv"
    path.write_text(AGREEMENTS + row(reference="BDT-1", currency="$") + "\n" + row(type="") + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=r"2 errors in agreements\.csv: nothing was imported\.") as failure:
        call_command("import_agreements", str(path), stdout=out, stderr=err)
    assert failure.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "line 5, currency: Write the currency as its three-letter code, e.g. USD, EUR or CHF.",
        "line 6, type: Unknown type: write one of mou, cooperation, voluntary_contribution, sponsorship, "
        "letter_of_intent, project_document.",
    ]
    assert out.getvalue() == ""
    assert not Agreement.objects.exists()


def test_command_exits_with_an_error_status_from_the_shell(tmp_path: Path) -> None:
    from django.core.management import ManagementUtility

    path = tmp_path / "agreements.csv"
    path.write_text(HEADER + row(currency="$") + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_status:
        ManagementUtility(["manage.py", "import_agreements", str(path)]).execute()
    assert exit_status.value.code == 1


def _exported_world() -> None:
    # SQLite keeps amounts as floats (15 significant digits); PostgreSQL keeps the 16 a value may have.
    large_value = "12345678901234.56" if connection.vendor == "postgresql" else "1234567890123.45"
    kestrel = PartnerFactory(name="Kestrel Networks", kind="private_company")
    undp = PartnerFactory(name="United Nations Development Programme", kind="un_agency")
    original = agreement(
        "BDT-2015-001",
        partners=[undp, kestrel],
        type="voluntary_contribution",
        region_codes=("AFR", "GLO"),
        area_names=("Capacity building", "Climate change & e-waste"),
        country_codes=("KEN", "SEN", "CIV"),
        title="Smart villages, phase one",
    )
    Agreement.objects.filter(pk=original.pk).update(value=Decimal("1234567.89"), currency="EUR")
    agreement("BDT-2015-001-A1", partners=[undp], amends=original, signed_on=datetime.date(2016, 2, 29))
    agreement("BDT-2016-002", partners=[kestrel], value_usd=large_value, region_codes=(), area_names=())


@pytest.mark.parametrize(("write", "file_name"), [(agreements_csv, "agreements.csv"), (agreements_xlsx, "a.xlsx")])
def test_an_exported_list_imports_back_unchanged(write, file_name: str) -> None:
    _exported_world()
    before = history_counts()
    exported = write(Agreement.objects.all())
    content = exported.encode() if isinstance(exported, str) else exported
    report = import_agreements(file_name=file_name, content=content)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged, report.partners_created) == (0, 0, 3, 0)
    assert history_counts() == before


def test_an_export_has_the_import_columns_and_one_row_per_agreement() -> None:
    _exported_world()
    lines = agreements_csv(Agreement.objects.filter(reference__startswith="BDT-2015")).splitlines()
    assert lines == [
        HEADER.strip(),
        'BDT-2015-001,voluntary_contribution,"Smart villages, phase one",Kestrel Networks;United Nations '
        "Development Programme,private_company;un_agency,2015-06-01,1234567.89,EUR,100000.00,AFR;GLO,CIV;KEN;SEN,"
        "Capacity building;Climate change & e-waste,",
        "BDT-2015-001-A1,cooperation,Agreement BDT-2015-001-A1,United Nations Development Programme,un_agency,"
        "2016-02-29,100000.00,USD,100000.00,AFR,,Capacity building,BDT-2015-001",
    ]
    sheet = load_workbook(io.BytesIO(agreements_xlsx(Agreement.objects.all()))).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == FILE_COLUMNS
    assert sheet.max_row == 4


def test_an_imported_file_exports_as_it_came() -> None:
    assert imported(AGREEMENTS).ok
    exported = agreements_csv(Agreement.objects.all())
    assert imported(exported).unchanged == 3
    assert len(exported.splitlines()) == 4


def test_the_demo_agreements_load_once() -> None:
    from ponte.partnerships.demo import load_agreements_demo

    assert load_agreements_demo() == 61
    assert Agreement.objects.filter(amends__isnull=False).count() == 7
    assert set(Partner.objects.values_list("kind", flat=True)) == set(PartnerKind.values)
    assert set(Agreement.objects.values_list("action_areas__code", flat=True)) == set(
        ActionArea.objects.values_list("code", flat=True)
    )
    assert Agreement.objects.filter(regions__code="GLO").exists()
    before = history_counts()
    assert load_agreements_demo() == 0
    assert history_counts() == before


def test_imported_agreements_are_found_by_the_partner_search(django_capture_on_commit_callbacks) -> None:
    from ponte.partnerships.search import Criteria, match_partners, refresh_partner_search

    with django_capture_on_commit_callbacks(execute=True):
        assert imported(AGREEMENTS).ok
    names = [
        match.name for match in match_partners(Criteria(action_areas=("cybersecurity",), regions=("ASP",))).results
    ]
    assert names[0] == "Kestrel Networks"

    moved = AGREEMENTS.replace("Kestrel Networks,private_company", "Orion Telecom,private_company")
    assert imported(moved).updated == 1
    # In a test the first refresh stays in the transaction's queue, so the import does not queue another: run it.
    refresh_partner_search()
    found = match_partners(Criteria(action_areas=("cybersecurity",), regions=("ASP",))).results
    record = {match.name: match.agreements for match in found}
    assert record.get("Orion Telecom") == 1
    assert not record.get("Kestrel Networks"), "the partner the agreement left no longer has it on record"
