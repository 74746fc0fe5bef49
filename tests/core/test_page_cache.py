"""Visitors who are not signed in share public pages from a short-lived cache; signed-in people never do."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ponte.core.models import Organisation, User
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings: Any) -> Iterator[None]:
    settings.PONTE_PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_gets_the_shared_copy_without_touching_the_database(
    client: Client, japanese_sme: Organisation, django_assert_num_queries: Any
) -> None:
    url = reverse("core:organisation_list")
    first = client.get(url)
    Organisation.objects.filter(pk=japanese_sme.pk).update(name="Renamed meanwhile")
    with django_assert_num_queries(0):
        again = Client().get(url)
    assert again.status_code == 200
    assert again.content == first.content  # up to PONTE_PAGE_CACHE_SECONDS old
    assert "no-cache" in again["Cache-Control"]  # the browser asks again: no signed-out page after signing in
    assert "Content-Security-Policy" in again


def test_the_public_api_is_shared_but_never_with_a_token(
    client: Client, japanese_sme: Organisation, django_assert_num_queries: Any
) -> None:
    first = client.get("/api/v1/organisations")
    with django_assert_num_queries(0):
        assert Client().get("/api/v1/organisations").content == first.content
    with_token = Client().get("/api/v1/organisations", headers={"Authorization": "Bearer not-a-token"})
    assert with_token.status_code in (200, 401)  # answered by the API itself, never from the shared copy
    assert "no-cache" not in with_token.get("Cache-Control", "")


def test_each_language_has_its_own_copy(client: Client) -> None:
    english = client.get("/en/organisations/").content.decode()
    french = client.get("/fr/organisations/").content.decode()
    assert 'lang="en"' in english and 'lang="fr"' in french


def test_signed_in_people_always_get_a_fresh_page(client: Client, representative: User, japanese_sme: Organisation):
    url = reverse("core:organisation_list")
    client.get(url)
    Organisation.objects.filter(pk=japanese_sme.pk).update(name="Renamed meanwhile")
    page = signed_in(representative).get(url).content.decode()
    assert "Renamed meanwhile" in page and "Sign out" in page
    assert "Renamed meanwhile" not in Client().get(url).content.decode()  # the visitors' copy is unchanged


def test_a_page_with_a_form_is_never_shared(client: Client) -> None:
    url = reverse("account_login")
    first = Client().get(url)
    second = Client().get(url)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_the_language_switch_needs_no_token_and_keeps_the_page(client: Client) -> None:
    home = client.get("/en/organisations/?category=sme").content.decode()
    assert "csrfmiddlewaretoken" not in home
    response = client.get(reverse("switch_language"), {"language": "ar", "next": "/en/organisations/?category=sme"})
    assert response.status_code == 302 and response["Location"] == "/ar/organisations/?category=sme"
    assert response.cookies["django_language"].value == "ar"
    elsewhere = client.get(reverse("switch_language"), {"language": "fr", "next": "https://evil.example/en/"})
    assert elsewhere["Location"] == "/fr/"
