"""Helpers of the read tests: how many queries a page costs, and every item of a cursor-paged API list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries(fetch: Callable[[], Any]) -> int:
    """The queries ``fetch`` ran; it must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
        assert response.status_code == 200, response.content
    return len(captured)


def walk(client: Client, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a cursor-paged list, following ``next``."""
    items: list[dict[str, Any]] = []
    response = client.get(url, params)
    for _page in range(100):
        assert response.status_code == 200, response.content
        page = response.json()
        items += page["items"]
        if page["next"] is None:
            return items
        response = client.get(page["next"])
    raise AssertionError("the walk never ended")
