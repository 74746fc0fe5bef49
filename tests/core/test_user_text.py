"""People's text is shown as Markdown with nothing that could run in a reader's browser."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from ponte.core.text import plain_text, render_user_text


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        "<style>body{display:none}</style>",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_nothing_that_runs_survives(attack: str) -> None:
    html = str(render_user_text(attack))
    for forbidden in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<style", "<svg", "onload"):
        assert forbidden not in html.lower()


def test_markdown_keeps_its_meaning() -> None:
    html = str(
        render_user_text("**H.702** applies to *IPTV*.\n\n- one\n- two\n\n[spec](https://www.itu.int/rec/T-REC-H.702)")
    )
    assert "<strong>H.702</strong>" in html
    assert "<em>IPTV</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://www.itu.int/rec/T-REC-H.702"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_chinese_and_arabic_text_pass_unchanged() -> None:
    assert "如何应用H.702建议书" in str(render_user_text("如何应用H.702建议书"))
    assert "كيف أطبق التوصية" in str(render_user_text("كيف أطبق التوصية"))


def test_the_template_filter_escapes_too() -> None:
    rendered = Template("{% load ponte_text %}{{ body|user_text }}").render(
        Context({"body": "<script>x</script>**ok**"})
    )
    assert "<script>" not in rendered
    assert "<strong>ok</strong>" in rendered


def test_plain_text_drops_the_markup() -> None:
    assert plain_text("**Hello** <b>world</b>") == "Hello world"
    assert plain_text("a < b & c") == "a < b & c"
