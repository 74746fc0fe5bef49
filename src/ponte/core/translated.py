"""Texts staff write in six languages (django-modeltranslation fields): one way to name, clean and check them.

A service receives its texts as ``{"title_en": …, "title_fr": …}``; it names its translated fields and their
length limits, and which must be written in English (the language every other falls back to).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def invalid(field: str, message: Any, code: str) -> ValidationError:
    """An error of one input (named as the service's argument or the form's field), with its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def text_field_names(fields: Iterable[str]) -> list[str]:
    """``title_en``, ``title_fr``… for every field and language: the keys a service's ``texts`` may hold."""
    return [build_localized_fieldname(field, code) for field in fields for code in LANGUAGE_CODES]


def clean_texts(
    texts: Mapping[str, str | None], *, limits: Mapping[str, int], required: Iterable[str], unknown: Any
) -> dict[str, str]:
    """Every language's text of every field in ``limits``, stripped; the ``required`` fields in English.

    Refuses, with every error at once: a key that is not one of these texts (``unknown`` says what they are
    texts of), a required field without English, a text over its field's limit.
    """
    names = {name: field for field in limits for name in text_field_names([field])}
    strange = sorted(set(texts) - set(names))
    if strange:
        raise invalid(strange[0], unknown, "unknown_field")
    cleaned = {name: (texts.get(name) or "").strip() for name in names}
    errors: dict[str, list[ValidationError]] = {}
    for field in required:
        english = build_localized_fieldname(field, "en")
        if not cleaned[english]:
            errors[english] = [ValidationError(_("Write it in English at least."), code="english_required")]
    for name, value in cleaned.items():
        limit = limits[names[name]]
        if len(value) > limit:
            message = _("At most %(limit)s characters (it has %(count)s).") % {"limit": limit, "count": len(value)}
            errors.setdefault(name, []).append(ValidationError(message, code="too_long"))
    if errors:
        raise ValidationError(errors)
    return cleaned
