"""Invoices as PDF, rendered by WeasyPrint in the reader's language: Arabic right-to-left, Chinese in CJK glyphs."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from ponte.core.models import RoleKind
from ponte.membership import services
from ponte.membership.demo import DEMO_SCHEDULE
from ponte.membership.exports import invoice_pdf
from ponte.membership.models import FeeSchedule, Invoice
from tests.conftest import signed_in
from tests.factories import with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(secretariat, japanese_sme) -> Invoice:
    today = datetime.date.today()  # noqa: DTZ011 - the invoice is issued today, whatever day that is
    FeeSchedule.objects.create(year=today.year, **DEMO_SCHEDULE)
    return services.charge_meeting_days(
        actor=secretariat, organisation=japanese_sme, subject="ITU-T SG16, Genève", days=3, held_on=today
    )


def _pdf(invoice: Invoice, language: str) -> tuple[str, set[str]]:
    with translation.override(language):
        content = invoice_pdf(invoice)
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts: set[str] = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return text, fonts


def test_the_pdf_speaks_the_readers_language(invoice) -> None:
    english, _fonts = _pdf(invoice, "en")
    assert invoice.number in english and "Total (CHF)" in english and "900.00" in english
    french, _fonts = _pdf(invoice, "fr")
    assert "Facture" in french


def test_chinese_is_set_in_a_cjk_font(invoice) -> None:
    text, fonts = _pdf(invoice, "zh-hans")
    assert "发票" in text
    assert any("Noto-Sans-CJK-SC" in font for font in fonts), fonts


def test_arabic_is_set_in_a_font_with_arabic_glyphs(invoice) -> None:
    text, fonts = _pdf(invoice, "ar")
    assert any("\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufeff" for char in text)
    assert any("DejaVu" in font for font in fonts), fonts


def test_the_pdf_page_serves_the_language_of_its_url(invoice, japanese_sme) -> None:
    client = signed_in(with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme))
    with translation.override("ar"):
        url = reverse("membership:invoice_pdf", args=[invoice.number])
    response = client.get(url)
    assert url.startswith("/ar/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"{invoice.number}-ar.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
