"""While the database cannot be reached the site says so (503, come back in 30 s), rather than a generic error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import OperationalError
from django.test import Client

from ponte.core import selectors

pytestmark = pytest.mark.django_db


def _failing(error: Exception) -> Callable[..., None]:
    def fail(**_kwargs: object) -> None:
        raise error

    return fail


def test_an_unreachable_database_is_a_503_with_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "organisation_list", _failing(OperationalError("server closed the connection")))
    response = Client(raise_request_exception=False).get("/en/organisations/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.content.decode()


def test_any_other_failure_is_a_500(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "organisation_list", _failing(ValueError("a bug")))
    response = Client(raise_request_exception=False).get("/en/organisations/")
    assert response.status_code == 500
    assert "Retry-After" not in response
