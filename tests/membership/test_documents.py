"""Supporting documents: PDFs only (by content), at most 10 MB, served only to those allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ponte.membership import services
from ponte.membership.models import Application, ApplicationDocument
from tests.conftest import signed_in
from tests.factories import group

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def application(representative, japanese_sme) -> Application:
    return services.start_application(
        actor=representative, organisation=japanese_sme, groups=[group("ITU-T", "SG16")], employee_count=40
    )


def _upload(client: Client, application: Application, name: str, content: bytes) -> Any:
    url = reverse("membership:document_add", args=[application.pk])
    return client.post(url, {"title": "Company register extract", "file": SimpleUploadedFile(name, content)})


def test_representative_attaches_a_pdf_stored_outside_the_web_root(representative, application, tmp_path) -> None:
    response = _upload(signed_in(representative), application, "register.pdf", PDF)
    assert response.status_code == 302
    document = ApplicationDocument.objects.get()
    stored = Path(document.file.path)
    assert stored.is_relative_to(tmp_path)
    assert stored.read_bytes() == PDF
    assert "register" not in stored.name  # never the uploaded name
    assert Client().get("/media/" + document.file.name).status_code == 404


def test_a_renamed_non_pdf_is_refused_at_the_field(representative, application) -> None:
    response = _upload(signed_in(representative), application, "virus.pdf", b"MZ\x90\x00 not a pdf")
    assert response.status_code == 400
    assert "file" in response.context["document_form"].errors
    assert not ApplicationDocument.objects.exists()


def test_more_than_10_mb_is_refused(representative, application) -> None:
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = _upload(signed_in(representative), application, "big.pdf", big)
    assert response.status_code == 400
    assert "10 MB" in str(response.context["document_form"].errors)
    assert not ApplicationDocument.objects.exists()


def test_documents_are_served_only_to_those_allowed(
    representative, application, japan_focal_point, egypt_focal_point, member, client: Client
) -> None:
    _upload(signed_in(representative), application, "register.pdf", PDF)
    url = reverse("membership:document_download", args=[ApplicationDocument.objects.get().pk])
    allowed = signed_in(japan_focal_point).get(url)
    assert allowed.status_code == 200
    assert allowed["Content-Type"] == "application/pdf"
    assert b"".join(allowed.streaming_content) == PDF
    assert signed_in(egypt_focal_point).get(url).status_code == 403
    assert signed_in(member).get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_others_cannot_attach_documents(egypt_focal_point, application) -> None:
    assert _upload(signed_in(egypt_focal_point), application, "x.pdf", PDF).status_code == 403
