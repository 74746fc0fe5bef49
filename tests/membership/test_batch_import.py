"""An SME association submits its member SMEs from a file: all rows or none, with a per-row report."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ponte.core.models import Organisation, RoleKind, User
from ponte.membership import services
from ponte.membership.importers import import_sme_batch
from ponte.membership.models import Application, ApplicationState, Endorsement
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country, group, with_role

pytestmark = pytest.mark.django_db

HEADER = "name,country,employee_count,annual_turnover,turnover_currency,groups,website\n"
GOOD = (
    HEADER
    + "Pampa IoT SRL,ARG,25,900000,USD,ITU-T SG20,https://pampa.example\n"
    + "Rosario Sensores SA,ARG,60,,,ITU-T SG20; ITU-D SG2,\n"
)


@pytest.fixture
def cabase() -> Organisation:
    return OrganisationFactory(name="CABASE", category="sme_association", country=country("ARG"), employee_count=None)


@pytest.fixture
def cabase_representative(cabase: Organisation) -> User:
    return with_role(RoleKind.REPRESENTATIVE, organisation=cabase)


def test_association_submits_its_smes_endorsed(cabase, cabase_representative) -> None:
    report = import_sme_batch(
        actor=cabase_representative, association=cabase, file_name="smes.csv", content=GOOD.encode()
    )
    assert report.ok, report.errors
    assert report.created == 2
    applications = Application.objects.filter(state=ApplicationState.SUBMITTED)
    assert applications.count() == 2
    rosario = applications.get(organisation__name="Rosario Sensores SA")
    assert {s.code for s in rosario.sectors.all()} == {"ITU-T", "ITU-D"}
    assert Endorsement.objects.filter(association=cabase).count() == 2
    assert cabase_representative.has_perm("membership.view_application", rosario)


def test_one_bad_row_rejects_the_file_and_reports_every_bad_row(cabase, cabase_representative) -> None:
    bad = (
        GOOD
        + "Bad Country SA,XXX,10,,,ITU-T SG20,\n"
        + "No Groups SA,ARG,-4,,,ITU-T SG99,\n"
        + "Pampa IoT SRL,ARG,25,,,ITU-T SG20,\n"
    )
    report = import_sme_batch(
        actor=cabase_representative, association=cabase, file_name="smes.csv", content=bad.encode()
    )
    assert not report.ok
    found = {(error.line, error.column) for error in report.errors}
    assert found == {(4, "country"), (5, "employee_count"), (5, "groups"), (6, "name")}
    assert not Application.objects.exists()
    assert not Organisation.objects.filter(name="Pampa IoT SRL").exists()


def test_xlsx_files_are_read_too(cabase, cabase_representative) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["name", "country", "employee_count", "annual_turnover", "turnover_currency", "groups", "website"])
    sheet.append(["Córdoba Cloud SAS", "ARG", 12, 150000, "USD", "ITU-D SG1", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_sme_batch(
        actor=cabase_representative, association=cabase, file_name="smes.xlsx", content=buffer.getvalue()
    )
    assert report.ok, report.errors
    assert Application.objects.get().organisation.name == "Córdoba Cloud SAS"


def test_missing_columns_are_reported(cabase, cabase_representative) -> None:
    report = import_sme_batch(
        actor=cabase_representative, association=cabase, file_name="smes.csv", content=b"name,country\nA,ARG\n"
    )
    assert "employee_count" in report.errors[0].reason


def test_only_the_associations_representative_may_submit(cabase, representative, japan_focal_point) -> None:
    for user in (representative, japan_focal_point):
        with pytest.raises(PermissionDenied):
            import_sme_batch(actor=user, association=cabase, file_name="s.csv", content=GOOD.encode())


def test_a_company_is_not_an_association(representative, japanese_sme) -> None:
    with pytest.raises(PermissionDenied):
        import_sme_batch(actor=representative, association=japanese_sme, file_name="s.csv", content=GOOD.encode())


def test_upload_page_shows_the_report_and_saves_nothing(cabase, cabase_representative) -> None:
    client = signed_in(cabase_representative)
    url = reverse("membership:batch_upload", args=[cabase.pk])
    bad = SimpleUploadedFile("smes.csv", (HEADER + "X,XXX,1,,,ITU-T SG20,\n").encode(), content_type="text/csv")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert [(e.line, e.column) for e in response.context["report"].errors] == [(2, "country")]
    good = SimpleUploadedFile("smes.csv", GOOD.encode(), content_type="text/csv")
    assert client.post(url, {"file": good}).status_code == 302
    assert Application.objects.count() == 2
    assert signed_in(with_role(RoleKind.FOCAL_POINT, country=country("ARG"))).get(url).status_code == 403


def test_association_endorses_an_existing_application(cabase, cabase_representative) -> None:
    sme = OrganisationFactory(name="Mendoza Labs", country=country("ARG"))
    owner = with_role(RoleKind.REPRESENTATIVE, organisation=sme)
    application = services.start_application(
        actor=owner, organisation=sme, groups=[group("ITU-T", "SG5")], employee_count=8
    )
    endorsement = services.endorse_application(actor=cabase_representative, application=application, association=cabase)
    again = services.endorse_application(actor=cabase_representative, application=application, association=cabase)
    assert endorsement.pk == again.pk
    with pytest.raises(PermissionDenied):
        services.endorse_application(actor=owner, application=application, association=cabase)
