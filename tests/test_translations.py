"""Every string a person reads is translated into the five other official languages."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.test import Client

LOCALE = Path(__file__).resolve().parent.parent / "src" / "ponte" / "locale"
LANGUAGES = {"ar": "ar", "zh_Hans": "zh-hans", "fr": "fr", "ru": "ru", "es": "es"}


@pytest.mark.parametrize("catalogue", sorted(LANGUAGES))
def test_catalogue_is_complete_and_compiled(catalogue: str) -> None:
    po_path = LOCALE / catalogue / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == [], [e.msgid for e in po.untranslated_entries()][:10]
    assert po.fuzzy_entries() == [], [e.msgid for e in po.fuzzy_entries()][:10]
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "run make to compile the catalogues"
    compiled = {entry.msgid for entry in polib.mofile(str(mo_path))}
    assert {entry.msgid for entry in po.translated_entries()} <= compiled, "the .mo file is out of date"


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(LANGUAGES.values()))
def test_pages_speak_the_language_of_the_url(client: Client, language: str) -> None:
    english = client.get("/en/").content.decode()
    translated = client.get(f"/{language}/").content.decode()
    assert "Take part in international standardization and ICT development" in english
    assert "Take part in international standardization and ICT development" not in translated
    assert "Skip to main content" not in translated
