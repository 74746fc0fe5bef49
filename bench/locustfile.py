"""The load ``bench.load`` puts on gunicorn: who visits and what they do (locust, started by ``bench.load``).

``PONTE_LOAD_PLAN`` names a JSON file ``bench.load`` writes from the bench database (``LoadPlan``): the pages
with URLs that exist, the bench accounts and their password, an API token. Users wait for nothing between
requests: 100 of them keep two sync workers busy, so requests per second measure what the server can do.

- ``BareUser``: the bare view only, the baseline.
- ``VisitorUser``: the main public pages, anonymous, in several languages.
- ``MemberUser``: signs in through the allauth form (with its CSRF token), reads the public pages and its portal,
  follows and unfollows a group, votes on a question and takes the vote back (writes that undo themselves).
- ``ApiUser``: the API with a representative's token (``Authorization: Bearer``), follows and unfollows by API.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, task

PLAN: dict[str, Any] = json.loads(Path(os.environ["PONTE_LOAD_PLAN"]).read_text(encoding="utf-8"))
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_accounts = itertools.cycle(PLAN["accounts"])


def _pick(pages: list[dict[str, Any]]) -> dict[str, Any]:
    return random.choices(pages, weights=[page["weight"] for page in pages])[0]


class BareUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def bare(self) -> None:
        self.client.get(PLAN["bare"], name="bare view")


class VisitorUser(FastHttpUser):
    weight = 70
    wait_time = constant(0)

    @task
    def page(self) -> None:
        page = _pick(PLAN["pages"])
        self.client.get(page["url"], name=page["name"])


class MemberUser(FastHttpUser):
    weight = 20
    wait_time = constant(0)

    def on_start(self) -> None:
        self.email = next(_accounts)
        self.csrf = ""
        login = self.client.get(PLAN["login"], name="sign-in form")
        token = CSRF_FIELD.search(login.text or "")
        form = {
            "login": self.email,
            "password": PLAN["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
        with self.client.post(PLAN["login"], data=form, name="sign-in", catch_response=True) as response:
            if "sessionid" not in self._cookies():
                response.failure(f"{self.email} is not signed in (answered {response.status_code})")
        self.csrf = self._cookies().get("csrftoken", "")

    def _cookies(self) -> dict[str, str]:
        return {cookie.name: cookie.value or "" for cookie in self.client.cookiejar}

    def _post(self, url: str, name: str, data: dict[str, str]) -> None:
        self.client.post(url, data={**data, "csrfmiddlewaretoken": self.csrf}, name=name)

    @task(12)
    def page(self) -> None:
        page = _pick(PLAN["pages"])
        self.client.get(page["url"], name=page["name"])

    @task(3)
    def portal(self) -> None:
        self.client.get(PLAN["portal"], name="member: my portal")

    @task(1)
    def follow_and_unfollow(self) -> None:
        url = random.choice(PLAN["follow"])
        self._post(url, "member: follow a group", {"action": "follow"})
        self._post(url, "member: unfollow a group", {"action": "unfollow"})

    @task(1)
    def vote_and_take_back(self) -> None:
        url = random.choice(PLAN["vote"])
        # The same vote twice: cast, then withdrawn (qa.services.vote).
        self._post(url, "member: vote on a question", {"value": "1"})
        self._post(url, "member: take the vote back", {"value": "1"})


class ApiUser(FastHttpUser):
    weight = 10
    wait_time = constant(0)

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Bearer {PLAN['token']}"}

    @task(8)
    def read(self) -> None:
        page = _pick(PLAN["api"])
        self.client.get(page["url"], name=page["name"], headers=self.headers)

    @task(1)
    def follow_and_unfollow(self) -> None:
        kind, pk = "group", random.choice(PLAN["follow_groups"])
        self.client.post(
            PLAN["api_follows"], json={"kind": kind, "id": pk}, name="token: follow a group", headers=self.headers
        )
        self.client.delete(
            f"{PLAN['api_follows']}?kind={kind}&id={pk}", name="token: unfollow a group", headers=self.headers
        )
