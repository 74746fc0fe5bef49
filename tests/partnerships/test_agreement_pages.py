"""The secretariat's agreement pages: the list with its filters and downloads, an agreement's page, the import of a
file, and the same import and export in the admin; nobody else sees them."""

from __future__ import annotations

import datetime
import io

import pytest
import rules
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ponte.core.models import User
from ponte.partnerships.models import Agreement, BeneficiaryRegion, Partner
from tests.conftest import signed_in
from tests.partnerships.factories import PartnerFactory, agreement
from tests.partnerships.test_import_agreements import AGREEMENTS, HEADER, row

pytestmark = pytest.mark.django_db

PAGES = [
    ("partnerships:agreement_list", {}),
    ("partnerships:agreement_detail", {"reference": "BDT-2015-001"}),
    ("partnerships:agreement_export", {"file_format": "csv"}),
    ("partnerships:agreement_export", {"file_format": "xlsx"}),
    ("partnerships:agreement_import", {}),
]
ADMIN_PAGES = [
    "admin:partnerships_agreement_changelist",
    "admin:partnerships_agreement_import",
    "admin:partnerships_agreement_export",
    "admin:partnerships_partner_changelist",
    "admin:partnerships_actionarea_changelist",
]


@pytest.fixture
def agreements() -> dict[str, Agreement]:
    undp = PartnerFactory(name="United Nations Development Programme", kind="un_agency")
    kestrel = PartnerFactory(name="Kestrel Networks", kind="private_company")
    niger = agreement(
        "BDT-2015-001",
        partners=[undp],
        type="voluntary_contribution",
        title="Smart villages in Niger",
        signed_on=datetime.date(2015, 3, 2),
        region_codes=("AFR",),
        area_names=("Digital inclusion",),
        country_codes=("NER",),
    )
    amendment = agreement(
        "BDT-2015-001-A1",
        partners=[undp],
        title="Smart villages in Niger: second phase",
        signed_on=datetime.date(2016, 9, 12),
        amends=niger,
    )
    pacific = agreement(
        "BDT-2017-004",
        partners=[kestrel],
        type="mou",
        title="Cybersecurity readiness in the Pacific",
        signed_on=datetime.date(2017, 1, 20),
        region_codes=("ASP", "GLO"),
        area_names=("Cybersecurity",),
    )
    return {"niger": niger, "amendment": amendment, "pacific": pacific}


def listed(response) -> list[str]:
    return [agreement.reference for agreement in response.context["page"].object_list]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_anonymous_visitors_are_asked_to_sign_in(client: Client, agreements, name: str, kwargs) -> None:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_signed_in_people_outside_the_secretariat_are_refused(member: User, agreements, name: str, kwargs) -> None:
    assert signed_in(member).get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_the_secretariat_opens_every_page(secretariat: User, agreements, name: str, kwargs) -> None:
    assert signed_in(secretariat).get(reverse(name, kwargs=kwargs)).status_code == 200


def test_a_focal_point_cannot_post_a_file_either(japan_focal_point: User) -> None:
    upload = SimpleUploadedFile("agreements.csv", AGREEMENTS.encode(), content_type="text/csv")
    response = signed_in(japan_focal_point).post(reverse("partnerships:agreement_import"), {"file": upload})
    assert response.status_code == 403
    assert not Agreement.objects.exists()


def test_the_list_shows_agreements_newest_first_with_amendments(secretariat: User, agreements) -> None:
    response = signed_in(secretariat).get(reverse("partnerships:agreement_list"))
    assert listed(response) == ["BDT-2017-004", "BDT-2015-001-A1", "BDT-2015-001"]
    content = response.content.decode()
    assert "Cybersecurity readiness in the Pacific" in content
    assert "Amends <bdi>BDT-2015-001</bdi>" in content
    assert "3 agreements and amendments" in content
    assert reverse("partnerships:agreement_import") in content


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"year_from": "2016"}, ["BDT-2017-004", "BDT-2015-001-A1"]),
        ({"year_to": "2016"}, ["BDT-2015-001-A1", "BDT-2015-001"]),
        ({"year_from": "2016", "year_to": "2016"}, ["BDT-2015-001-A1"]),
        ({"type": "mou"}, ["BDT-2017-004"]),
        ({"region": "GLO"}, ["BDT-2017-004"]),
        ({"region": "AFR"}, ["BDT-2015-001-A1", "BDT-2015-001"]),
        ({"action_area": "cybersecurity"}, ["BDT-2017-004"]),
        ({"partner": "nations development"}, ["BDT-2015-001-A1", "BDT-2015-001"]),
        ({"q": "second phase"}, ["BDT-2015-001-A1"]),
        ({"q": "bdt-2017"}, ["BDT-2017-004"]),
        ({"q": "Niger", "type": "cooperation"}, ["BDT-2015-001-A1"]),
        ({"year_from": "soon"}, ["BDT-2017-004", "BDT-2015-001-A1", "BDT-2015-001"]),
    ],
)
def test_the_list_filters(secretariat: User, agreements, filters: dict[str, str], expected: list[str]) -> None:
    response = signed_in(secretariat).get(reverse("partnerships:agreement_list"), filters)
    assert listed(response) == expected


def test_an_agreement_on_several_regions_is_listed_once(secretariat: User, agreements) -> None:
    response = signed_in(secretariat).get(reverse("partnerships:agreement_list"), {"partner": "e"})
    assert listed(response).count("BDT-2017-004") == 1


def test_the_list_is_paged_in_a_constant_number_of_queries(
    secretariat: User, agreements, django_assert_max_num_queries
) -> None:
    client = signed_in(secretariat)
    url = reverse("partnerships:agreement_list")
    client.get(url)  # the session and the account's roles are read once
    with django_assert_max_num_queries(12) as three:
        client.get(url)
    for n in range(40):
        agreement(f"BDT-2019-{n:03}", partners=[PartnerFactory()], region_codes=("AFR", "GLO"))
    with django_assert_max_num_queries(len(three)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 18


def test_an_agreements_page_shows_its_partners_lists_and_amendments(secretariat: User, agreements) -> None:
    response = signed_in(secretariat).get(reverse("partnerships:agreement_detail", args=["BDT-2015-001"]))
    content = response.content.decode()
    assert "Smart villages in Niger" in content
    assert "United Nations Development Programme (UN agency)" in content
    assert "Niger" in content and "Digital inclusion" in content
    assert reverse("partnerships:agreement_detail", args=["BDT-2015-001-A1"]) in content
    amendment = signed_in(secretariat).get(reverse("partnerships:agreement_detail", args=["BDT-2015-001-A1"]))
    assert reverse("partnerships:agreement_detail", args=["BDT-2015-001"]) in amendment.content.decode()


def test_an_unknown_reference_is_not_found(secretariat: User) -> None:
    response = signed_in(secretariat).get(reverse("partnerships:agreement_detail", args=["BDT-1999-404"]))
    assert response.status_code == 404


def test_the_filtered_list_downloads_as_csv_in_the_import_columns(secretariat: User, agreements) -> None:
    url = reverse("partnerships:agreement_export", args=["csv"])
    response = signed_in(secretariat).get(url, {"region": "AFR"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="agreements-')
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == HEADER.strip()
    assert [line.split(",")[0] for line in lines[1:]] == ["BDT-2015-001", "BDT-2015-001-A1"]


def test_the_filtered_list_downloads_as_xlsx(secretariat: User, agreements) -> None:
    url = reverse("partnerships:agreement_export", args=["xlsx"])
    response = signed_in(secretariat).get(url, {"type": "mou"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["reference", "BDT-2017-004"]


def test_only_csv_and_xlsx_are_offered(secretariat: User) -> None:
    response = signed_in(secretariat).get(reverse("partnerships:agreement_export", args=["pdf"]))
    assert response.status_code == 404


def test_the_secretariat_imports_a_file_from_the_upload_page(secretariat: User) -> None:
    upload = SimpleUploadedFile("agreements.csv", AGREEMENTS.encode(), content_type="text/csv")
    response = signed_in(secretariat).post(reverse("partnerships:agreement_import"), {"file": upload}, follow=True)
    assert response.redirect_chain == [(reverse("partnerships:agreement_list"), 302)]
    assert "3 agreements created, 0 updated, 0 unchanged; 3 partners created." in response.content.decode()
    assert Agreement.objects.count() == 3
    assert Agreement.history.filter(history_user=secretariat).count() == 3


def test_a_bad_file_shows_every_problem_by_line_and_saves_nothing(secretariat: User) -> None:
    bad = AGREEMENTS + row(reference="BDT-9", countries="XXX") + "\n" + row(reference="BDT-9") + "\n"
    upload = SimpleUploadedFile("agreements.csv", bad.encode(), content_type="text/csv")
    response = signed_in(secretariat).post(reverse("partnerships:agreement_import"), {"file": upload})
    assert response.status_code == 400
    content = response.content.decode()
    assert "The file was not imported: 2 problems to fix." in content
    assert "<td>5</td><td><bdi>countries</bdi></td><td>Unknown country code XXX" in content
    assert "<td>6</td><td><bdi>reference</bdi></td><td>The same reference is already on line 5.</td>" in content
    assert not Agreement.objects.exists()
    assert not Partner.objects.exists()


def test_only_csv_or_xlsx_files_are_taken(secretariat: User) -> None:
    upload = SimpleUploadedFile("agreements.pdf", b"%PDF-1.7", content_type="application/pdf")
    response = signed_in(secretariat).post(reverse("partnerships:agreement_import"), {"file": upload})
    assert response.status_code == 400
    assert "Upload a .csv or .xlsx file." in response.content.decode()


# --- The admin ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_the_admin_pages_are_the_secretariats(client: Client, member: User, secretariat: User, name: str) -> None:
    url = reverse(name)
    assert client.get(url).status_code == 302
    assert "/admin/login/" in signed_in(member).get(url)["Location"]
    assert signed_in(secretariat).get(url).status_code == 200


def _admin_import(client: Client, text: str, file_name: str = "agreements.csv", format_index: str = "0"):
    upload = SimpleUploadedFile(file_name, text.encode(), content_type="text/csv")
    return client.post(
        reverse("admin:partnerships_agreement_import"),
        {"import_file": upload, "format": format_index, "resource": "0"},
        follow=True,
    )


def test_the_admin_import_runs_the_same_checks_and_saves_all_rows(secretariat: User) -> None:
    response = _admin_import(signed_in(secretariat), AGREEMENTS)
    assert response.redirect_chain == [(reverse("admin:partnerships_agreement_changelist"), 302)]
    assert "3 agreements created, 0 updated, 0 unchanged; 3 partners created." in response.content.decode()
    assert Agreement.objects.count() == 3
    assert set(Agreement.history.values_list("history_user", flat=True)) == {secretariat.pk}


def test_the_admin_import_refuses_a_file_with_a_bad_cell_and_lists_it(secretariat: User) -> None:
    bad = AGREEMENTS + row(reference="BDT-9", regions="OCE") + "\n"
    response = _admin_import(signed_in(secretariat), bad)
    assert response.status_code == 200
    invalid = response.context["result"].invalid_rows
    assert [(line.number, line.error_dict) for line in invalid] == [
        (5, {"regions": ["Unknown region OCE: write one of AFR, AMS, ARB, ASP, CIS, EUR, GLO."]})
    ]
    assert "Unknown region OCE" in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_admin_import_reports_missing_columns_for_the_whole_file(secretariat: User) -> None:
    response = _admin_import(signed_in(secretariat), "reference,title\nBDT-1,Title\n")
    invalid = response.context["result"].invalid_rows
    assert [(line.number, line.non_field_specific_errors) for line in invalid] == [
        (1, ["Missing columns: currency, partner, signed_on, type, value."])
    ]


def test_the_admin_import_reads_xlsx_when_that_format_is_chosen(secretariat: User) -> None:
    from ponte.partnerships.exports import agreements_xlsx

    agreement("BDT-2015-001", partners=[PartnerFactory(name="UNDP", kind="un_agency")])
    workbook = agreements_xlsx(Agreement.objects.all())
    Agreement.objects.all().delete()
    upload = SimpleUploadedFile("export", workbook)
    response = signed_in(secretariat).post(
        reverse("admin:partnerships_agreement_import"), {"import_file": upload, "format": "1", "resource": "0"}
    )
    assert response.status_code == 302
    assert Agreement.objects.get().reference == "BDT-2015-001"


def test_only_those_who_may_manage_agreements_import_them_in_the_admin(secretariat: User) -> None:
    rules.set_perm("partnerships.manage_agreements", rules.always_deny)
    try:
        client = signed_in(secretariat)
        assert client.get(reverse("admin:partnerships_agreement_import")).status_code == 403
        assert _admin_import(client, AGREEMENTS).status_code == 403
        changelist = client.get(reverse("admin:partnerships_agreement_changelist")).content.decode()
        assert reverse("admin:partnerships_agreement_import") not in changelist
    finally:
        from ponte.core.rules import is_secretariat

        rules.set_perm("partnerships.manage_agreements", is_secretariat)
    assert not Agreement.objects.exists()


def test_the_admin_exports_its_filtered_changelist_in_the_import_columns(secretariat: User, agreements) -> None:
    url = reverse("admin:partnerships_agreement_export") + "?type__exact=mou"
    response = signed_in(secretariat).post(url, {"format": "0", "resource": "0"})
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == HEADER.strip()
    assert [line.split(",")[0] for line in lines[1:]] == ["BDT-2017-004"]
    xlsx = signed_in(secretariat).post(
        reverse("admin:partnerships_agreement_export") + "?year=2015", {"format": "1", "resource": "0"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["reference", "BDT-2015-001"]


def test_the_admin_lists_agreements_with_their_filters(secretariat: User, agreements) -> None:
    client = signed_in(secretariat)
    url = reverse("admin:partnerships_agreement_changelist")
    glo = BeneficiaryRegion.objects.get(code="GLO").pk
    queries = [("?year=2016", 1), (f"?regions__id__exact={glo}", 1), ("?q=Kestrel", 1), ("?q=BDT-2015", 2)]
    for query, expected in queries:
        response = client.get(url + query)
        assert response.status_code == 200, query
        assert response.context["cl"].result_count == expected, query


def test_the_admin_offers_no_deletion_of_agreements(secretariat: User, agreements) -> None:
    client = signed_in(secretariat)
    niger = agreements["niger"]
    assert client.get(reverse("admin:partnerships_agreement_delete", args=[niger.pk])).status_code == 403
    assert client.get(reverse("admin:partnerships_agreement_change", args=[niger.pk])).status_code == 200


def test_the_reference_tables_are_read_only_in_the_admin(secretariat: User) -> None:
    client = signed_in(secretariat)
    assert client.get(reverse("admin:partnerships_beneficiaryregion_add")).status_code == 403
    assert client.get(reverse("admin:partnerships_fundingmechanism_changelist")).status_code == 200


def test_the_secretariat_adds_a_partner_with_a_contact_in_the_admin(secretariat: User) -> None:
    response = signed_in(secretariat).post(
        reverse("admin:partnerships_partner_add"),
        {
            "name": "Sahel Connect Foundation",
            "kind": "foundation",
            "is_active": "on",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "Awa Traoré",
            "contacts-0-email": "awa@example.org",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    partner = Partner.objects.get()
    assert partner.contacts.get().name == "Awa Traoré"
    assert partner.history.count() == 1


def test_a_document_added_in_the_admin_records_who_uploaded_it(
    secretariat: User, agreements, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    niger = agreements["niger"]
    upload = SimpleUploadedFile("signed.pdf", b"%PDF-1.7 signed copy", content_type="application/pdf")
    response = signed_in(secretariat).post(
        reverse("admin:partnerships_agreementdocument_add"),
        {"agreement": niger.pk, "title": "Signed copy", "file": upload},
    )
    assert response.status_code == 302
    document = niger.documents.get()
    assert (document.title, document.size, document.content_type, document.uploaded_by) == (
        "Signed copy",
        20,
        "application/pdf",
        secretariat,
    )
    page = signed_in(secretariat).get(reverse("partnerships:agreement_detail", args=[niger.reference]))
    assert "Signed copy" in page.content.decode()
