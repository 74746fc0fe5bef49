"""allauth hooks: every new account gets its person record."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from ponte.core.services import ensure_person_for_user


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit)
        if commit:
            person = ensure_person_for_user(user=user)
            language = translation.get_language() or "en"
            if person.language != language:
                person.language = language
                person.save(update_fields=["language"])
        return user
