"""Stored text is never run: a script, an event handler or a javascript: link written into a question, an answer,
a follow-up or a flag's note does not reach the pages as markup."""

from __future__ import annotations

import re

import pytest

from ponte.qa import services
from tests.conftest import signed_in
from tests.qa.factories import answer, ask

pytestmark = pytest.mark.django_db

ATTACK = (
    "<script>alert('stored')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    "[click me](javascript:alert(2))\n\n"
    '<a href="javascript:alert(3)">x</a>'
)


def _assert_inert(page: str) -> None:
    """No script element, no event-handler attribute in a tag, no javascript: address in an attribute."""
    assert not re.search(r"<script\b[^>]*>\s*alert", page)
    assert not re.search(r"<[a-z][^>]*\son\w+\s*=", page, re.IGNORECASE)
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", page, re.IGNORECASE)


def test_a_stored_script_in_a_question_and_an_answer_is_not_in_the_pages(asker, expert, h702, client) -> None:
    question = ask(asker, recommendations=(h702,), title="<script>alert('title')</script> about H.702", body=ATTACK)
    reply = answer(question, expert, body=ATTACK)
    services.follow_up(actor=asker, question=question, answer=reply, body="<script>alert('f')</script>")
    services.flag_post(actor=asker, post=reply, reason="other", note='<img src=x onerror="alert(4)">')
    for page in (
        client.get(f"/en/qa/{question.pk}/").content.decode(),
        client.get("/en/qa/").content.decode(),
        signed_in(expert).get(f"/en/qa/{question.pk}/").content.decode(),
        signed_in(expert).get("/en/qa/flags/").content.decode(),
    ):
        _assert_inert(page)
    thread = client.get(f"/api/v1/qa/questions/{question.pk}").json()
    for html in (thread["body_html"], thread["answers"][0]["body_html"]):  # the API's HTML is the sanitised one
        _assert_inert(html)
        assert "<img" not in html
    page = client.get(f"/en/qa/{question.pk}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; about H.702" in page
    assert ">click me</a>" in page  # the link text stays, its address does not
