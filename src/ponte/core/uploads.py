"""What an uploaded document is, read from its bytes (never its name or the browser's content type): the one
check behind every document upload (contributions, Recommendations, pitch material, application documents).

Office files are zips: only their table of contents is read, no member is decompressed (a "zip bomb" costs
nothing), and one that holds macros is refused. The stored file gets a random name and is served only through a
permission check: each app's model and view do that part.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", PPTX: "pptx"}
# The part of an Office zip that says what it is, and the one that holds its macros.
_OFFICE_PARTS = {
    DOCX: ("word/document.xml", "word/vbaProject.bin"),
    PPTX: ("ppt/presentation.xml", "ppt/vbaProject.bin"),
}
MB = 1024 * 1024


def _invalid(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def document_type(
    upload: Any, *, allowed: Collection[str], max_bytes: int, wrong_type: str | Promise, field: str = "file"
) -> str:
    """The content type of ``upload`` if it is one of ``allowed`` (``PDF``, ``DOCX``, ``PPTX``) and at most
    ``max_bytes`` long; otherwise a ``ValidationError`` on ``field``: ``too_large``, ``macros`` or ``file_type``
    (with the message ``wrong_type``, which names what the caller takes)."""
    if upload.size > max_bytes:
        message = _("The file is larger than %(size)s MB.") % {"size": max_bytes // MB}
        raise _invalid(field, message, "too_large")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-") and PDF in allowed:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        kind = _office_kind(upload, allowed, field)
        if kind:
            return kind
    raise _invalid(field, wrong_type, "file_type")


def _office_kind(upload: Any, allowed: Collection[str], field: str) -> str:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return ""
    finally:
        upload.seek(0)
    for kind, (content, macros) in _OFFICE_PARTS.items():
        if kind in allowed and content in names:
            if macros in names:
                message = _("Documents with macros are not accepted: save it without them.")
                raise _invalid(field, message, "macros")
            return kind
    return ""
