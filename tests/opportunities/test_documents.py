"""Pitch documents: PDF, PPTX or DOCX only (by content), at most 20 MB, stored under an unguessable name and
served only through a view that checks who may read them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ponte.core.uploads import DOCX, PDF, PPTX
from ponte.opportunities import services
from ponte.opportunities.models import PitchDocument
from tests.conftest import signed_in
from tests.opportunities.factories import PDF as PDF_BYTES
from tests.opportunities.factories import office_file, opportunity

pytestmark = pytest.mark.django_db


def _stored(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def _add(actor, found, name: str, content: bytes, title: str = "Pitch deck") -> PitchDocument:
    return services.add_pitch_document(
        actor=actor, opportunity=found, title=title, language="fr", upload=SimpleUploadedFile(name, content)
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("pitch.pdf", PDF_BYTES, PDF),
        ("deck.pptx", office_file("pptx"), PPTX),
        ("concept.docx", office_file("docx"), DOCX),
        ("named-wrongly.txt", PDF_BYTES, PDF),  # the content decides, not the name
    ],
)
def test_pdf_pptx_and_docx_are_accepted_under_a_random_name(secretariat, tmp_path, name, content, content_type):
    document = _add(secretariat, opportunity("Schools"), name, content)
    assert document.content_type == content_type and document.size == len(content)
    stored = Path(document.file.path)
    assert stored.is_relative_to(tmp_path) and stored.read_bytes() == content
    assert name.split(".")[0] not in document.file.name and len(stored.stem) == 32
    assert document.history.get().history_change_reason == "opportunities.document.added"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("slides.pdf", b"<html><script>alert(1)</script></html>", "file_type"),
        ("tool.exe", b"MZ\x90\x00\x03", "file_type"),
        ("archive.docx", b"PK\x03\x04 not really a zip", "file_type"),
        ("macro.pptx", office_file("pptx", macros=True), "macros"),
        ("macro.docx", office_file("docx", macros=True), "macros"),
    ],
)
def test_other_files_are_refused_and_nothing_is_stored(secretariat, tmp_path, name, content, code) -> None:
    with pytest.raises(ValidationError) as refused:
        _add(secretariat, opportunity("Schools"), name, content)
    assert refused.value.error_dict["file"][0].code == code
    assert not PitchDocument.objects.exists() and not _stored(tmp_path)


def test_a_file_over_20_mb_is_refused(secretariat, tmp_path) -> None:
    too_big = PDF_BYTES + b"0" * (20 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        _add(secretariat, opportunity("Schools"), "big.pdf", too_big)
    assert refused.value.error_dict["file"][0].code == "too_large"
    assert not _stored(tmp_path)


def test_only_the_secretariat_uploads_and_removes(representative, member, secretariat, tmp_path) -> None:
    found = opportunity("Schools")
    for actor in (representative, member):
        with pytest.raises(PermissionDenied):
            _add(actor, found, "pitch.pdf", PDF_BYTES)
    document = _add(secretariat, found, "pitch.pdf", PDF_BYTES)
    with pytest.raises(PermissionDenied):
        services.remove_pitch_document(actor=representative, document=document)


def test_removing_a_document_deletes_its_file_once_committed(
    secretariat, tmp_path, django_capture_on_commit_callbacks
) -> None:
    document = _add(secretariat, opportunity("Schools"), "pitch.pdf", PDF_BYTES)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_pitch_document(actor=secretariat, document=document)
    assert not PitchDocument.objects.exists() and not _stored(tmp_path)
    assert PitchDocument.history.filter(history_change_reason="opportunities.document.removed").exists()


def test_the_upload_page_shows_the_error_at_the_file(secretariat, tmp_path) -> None:
    found = opportunity("Schools")
    staff = signed_in(secretariat)
    answer = staff.post(
        f"/en/opportunities/manage/{found.pk}/documents/",
        {"title": "Deck", "language": "en", "file": SimpleUploadedFile("deck.pdf", b"not a pdf")},
    )
    assert answer.status_code == 400
    assert "Upload a PDF, a PowerPoint (PPTX) or a Word (DOCX) document." in answer.content.decode()
    answer = staff.post(
        f"/en/opportunities/manage/{found.pk}/documents/",
        {"title": "Deck", "language": "en", "file": SimpleUploadedFile("deck.pptx", office_file("pptx"))},
    )
    assert answer.status_code == 302 and PitchDocument.objects.get().title == "Deck"


def test_documents_are_served_to_signed_in_readers_only(secretariat, member, client) -> None:
    found = opportunity("Schools")
    document = _add(secretariat, found, "pitch.pdf", PDF_BYTES, title="Concept note")
    url = f"/en/opportunities/documents/{document.pk}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    assert "Sign in to download the pitch documents." in client.get(f"/en/opportunities/{found.pk}/").content.decode()
    answer = signed_in(member).get(url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF_BYTES
    assert answer["Content-Type"] == PDF and answer["Cache-Control"] == "private, no-store"
    assert answer["Content-Disposition"].startswith("attachment;") and "concept-note" in answer["Content-Disposition"]
    assert "Concept note" in signed_in(member).get(f"/en/opportunities/{found.pk}/").content.decode()


def test_documents_of_a_draft_are_the_secretariats(secretariat, member, representative) -> None:
    draft = opportunity("Draft", state="draft")
    document = _add(secretariat, draft, "pitch.pdf", PDF_BYTES)
    url = f"/en/opportunities/documents/{document.pk}/"
    assert signed_in(member).get(url).status_code == 403
    assert signed_in(representative).get(url).status_code == 403
    answer = signed_in(secretariat).get(url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF_BYTES
