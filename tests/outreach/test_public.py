"""The public news: list and page in the reader's language, RSS and Atom feeds, the API."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ponte.core.models import User
from ponte.outreach import services
from ponte.outreach.models import Campaign
from tests.outreach.conftest import draft

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published(secretariat: User) -> list[Campaign]:
    first = draft(secretariat, texts={"title_en": "First news", "title_ar": "الخبر الأول", "body_ar": "نص **عربي**"})
    second = draft(secretariat, kind="newsletter", texts={"title_en": "Second news"})
    return [services.send_campaign(actor=secretariat, campaign=c) for c in (first, second)]


def test_the_list_shows_the_newest_first_and_links_the_feeds(published: list[Campaign]) -> None:
    page = Client().get("/en/outreach/").content.decode()
    assert page.index("Second news") < page.index("First news")
    assert 'rel="alternate" type="application/rss+xml"' in page
    assert 'href="/en/outreach/feed/atom/"' in page


def test_arabic_readers_get_arabic_text_and_english_where_untranslated(published: list[Campaign]) -> None:
    page = Client().get("/ar/outreach/").content.decode()
    assert "الخبر الأول" in page and "Second news" in page
    assert 'lang="en" dir="ltr"' in page
    detail = Client().get(f"/ar/outreach/{published[0].pk}/").content.decode()
    assert "<strong>عربي</strong>" in detail


def test_the_list_is_paginated(secretariat: User) -> None:
    for number in range(22):
        services.send_campaign(actor=secretariat, campaign=draft(secretariat, texts={"title_en": f"News {number}"}))
    first, second = Client().get("/en/outreach/"), Client().get("/en/outreach/?page=2")
    assert first.content.decode().count('class="card"') == 20
    assert second.content.decode().count('class="card"') == 2


def test_the_list_reads_in_a_constant_number_of_queries(
    secretariat: User, published: list[Campaign], django_assert_max_num_queries: object
) -> None:
    client = Client()
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        client.get("/en/outreach/")


def test_rss_is_valid_xml_with_the_items_in_the_language_of_the_address(published: list[Campaign]) -> None:
    answer = Client().get("/ar/outreach/feed/rss/")
    assert answer.status_code == 200
    channel = ElementTree.fromstring(answer.content).find("channel")  # noqa: S314 - our own output
    assert channel is not None
    assert channel.findtext("language") == "ar"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Second news", "الخبر الأول"]


def test_atom_is_valid_xml_with_the_items(published: list[Campaign]) -> None:
    answer = Client().get("/en/outreach/feed/atom/")
    root = ElementTree.fromstring(answer.content)  # noqa: S314 - our own output
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Second news", "First news"]
    assert all(entry.find(f"{ATOM}link") is not None for entry in entries)


def test_the_api_lists_published_campaigns_only(secretariat: User, published: list[Campaign]) -> None:
    draft(secretariat, texts={"title_en": "Not yet"})
    answer = Client().get("/api/v1/outreach/campaigns")
    assert answer.status_code == 200
    data = answer.json()
    assert data["count"] == 2
    assert [item["title"] for item in data["items"]] == ["Second news", "First news"]
    detail = Client().get(f"/api/v1/outreach/campaigns/{published[0].pk}").json()
    assert detail["body"] == "Apply **now** for the SME programme."
    assert "<strong>now</strong>" in detail["body_html"]
    assert detail["url"] == published[0].get_absolute_url()


def test_the_manage_page_shows_counts_and_the_audience_size(secretariat: User, published: list[Campaign]) -> None:
    from tests.conftest import signed_in

    client = signed_in(secretariat)
    with translation.override("en"):
        page = client.get(reverse("outreach:manage_detail", args=[published[0].pk])).content.decode()
    assert "Emails sent" in page and "Unsubscribed through it" in page
    listing = client.get(reverse("outreach:manage")).content.decode()
    assert "First news" in listing


def test_the_lists_cost_the_same_queries_however_many_campaigns(secretariat: User) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import signed_in

    def queries(path: str) -> int:
        client = signed_in(secretariat)
        client.get(path)  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    services.send_campaign(actor=secretariat, campaign=draft(secretariat))
    few = (queries("/en/outreach/"), queries("/en/outreach/manage/"))
    for number in range(8):
        campaign = draft(secretariat, texts={"title_en": f"News {number}"})
        if number % 2:
            services.send_campaign(actor=secretariat, campaign=campaign)
    assert (queries("/en/outreach/"), queries("/en/outreach/manage/")) == few
