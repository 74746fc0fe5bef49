"""The Atom feed of a Recommendation's latest questions: visible questions only, newest first, plain text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ponte.qa import services
from tests.qa.factories import ask, recommendation

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_lists_the_latest_visible_questions_about_the_recommendation(client, asker, expert, h702) -> None:
    older = ask(asker, recommendations=(h702,), days_ago=3, title="An older question on H.702")
    newer = ask(asker, recommendations=(h702,), days_ago=1, title="A newer question on H.702")
    hidden = ask(asker, recommendations=(h702,), title="A hidden question on H.702")
    services.hide_post(actor=expert, post=hidden, reason="Spam")
    ask(asker, recommendations=(recommendation("F.921", title="Audio navigation"),), title="About F.921 only")
    response = client.get("/en/qa/feed/ITU-T/H.702/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert feed.findtext(f"{ATOM}title") == "Standards Q&A: questions about ITU-T H.702"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [newer.title, older.title]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"http://testserver/en/qa/{newer.pk}/"


def test_the_feed_carries_plain_text_only(client, asker, h702) -> None:
    ask(
        asker,
        recommendations=(h702,),
        title='<img src=x onerror="alert(1)"> & what about H.702?',
        body="**Bold** <script>alert('x')</script> [link](javascript:alert(2)) a < b",
    )
    content = client.get("/en/qa/feed/itu-t/h.702/").content.decode()
    assert "<script" not in content and "<img" not in content and "javascript:" not in content
    feed = ET.fromstring(content)  # noqa: S314 - our own output
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == '<img src=x onerror="alert(1)"> & what about H.702?'  # text, not HTML
    summary = entry.find(f"{ATOM}summary")
    assert summary is not None
    assert summary.get("type") == "html"
    assert summary.text == "Bold  link a &lt; b"  # escaped once more: a reader shows it as text


def test_an_unknown_recommendation_has_no_feed(client, h702) -> None:
    assert client.get("/en/qa/feed/ITU-T/H.999/").status_code == 404


def test_the_recommendation_page_block_lists_its_questions(rf, asker, other, h702) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    question = ask(asker, recommendations=(h702,), title="Quel profil de H.702 pour une télécommande ?", language="fr")
    block = Template("{% load qa_tags %}{% recommendation_questions recommendation %}")
    request = rf.get("/en/standards/ITU-T/H.702/")
    request.user = AnonymousUser()
    html = block.render(Context({"recommendation": h702, "request": request}))
    assert f'href="/en/qa/{question.pk}/" lang="fr" dir="auto">Quel profil de H.702' in html
    assert 'href="/en/qa/?recommendation=ITU-T%20H.702"' in html
    assert "Sign in to ask the experts a question about it" in html
    request.user = other
    html = block.render(Context({"recommendation": h702, "request": request}))
    assert 'href="/en/qa/ask/?recommendation=ITU-T%20H.702"' in html


def test_markup_written_as_entities_stays_text_in_the_feed(client, asker, h702) -> None:
    ask(
        asker,
        recommendations=(h702,),
        title="Entities in a question",
        body="Try &lt;img src=x onerror=alert(1)&gt; here",
    )
    feed = ET.fromstring(client.get("/en/qa/feed/itu-t/h.702/").content.decode())  # noqa: S314 - our own output
    summary = feed.find(f"{ATOM}entry/{ATOM}summary")
    assert summary is not None and summary.text is not None
    assert "<img" not in summary.text  # a reader of type="html" would otherwise run it
    assert "&lt;img" in summary.text
