"""The one check behind every document upload: what a file is comes from its bytes, never its name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ponte.core.uploads import DOCX, PDF, PPTX, document_type

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def _check(content: bytes, name: str = "file.bin", allowed: tuple[str, ...] = (PDF, DOCX, PPTX)) -> str:
    upload = SimpleUploadedFile(name, content)
    return document_type(upload, allowed=allowed, max_bytes=1024 * 1024, wrong_type="Not a document we take.")


def _code(content: bytes, **kwargs: object) -> str:
    with pytest.raises(ValidationError) as refused:
        _check(content, **kwargs)  # type: ignore[arg-type]
    return refused.value.error_dict["file"][0].code or ""


def test_each_kind_is_recognised_by_its_content_whatever_its_name() -> None:
    assert _check(PDF_BYTES, "slides.pptx") == PDF
    assert _check(_zip("word/document.xml"), "report.pdf") == DOCX
    assert _check(_zip("ppt/presentation.xml")) == PPTX


def test_what_the_caller_does_not_take_is_refused_with_its_message() -> None:
    assert _code(_zip("word/document.xml"), allowed=(PDF,)) == "file_type"
    assert _code(b"MZ\x90\x00 an executable", allowed=(PDF, DOCX)) == "file_type"
    assert _code(b"PK\x03\x04 not really a zip") == "file_type"
    assert _code(_zip("xl/workbook.xml")) == "file_type"


def test_office_files_with_macros_are_refused() -> None:
    assert _code(_zip("word/document.xml", "word/vbaProject.bin")) == "macros"
    assert _code(_zip("ppt/presentation.xml", "ppt/vbaProject.bin")) == "macros"


def test_a_file_over_the_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(ValidationError) as refused:
        _check(PDF_BYTES + b"x" * 1024 * 1024)
    assert refused.value.error_dict["file"][0].code == "too_large"
    assert "larger than 1 MB" in str(refused.value.error_dict["file"][0].message)
