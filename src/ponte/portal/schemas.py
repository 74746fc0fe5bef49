"""API shapes of "My portal" and of follows.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from typing import Literal

from ninja import Field, Schema

Kind = Literal["group", "recommendation", "opportunity"]


class ItemOut(Schema):
    title: str
    url: str = Field(description="The page where the item is acted on.")
    detail: str
    state: str
    is_new: bool
    needs_action: bool


class SectionOut(Schema):
    key: str = Field(description="invoices, applications, questions_to_answer, meetings, registrations, …")
    title: str
    count: int = Field(description="How many there are in all; ``items`` holds the first five.")
    items: list[ItemOut]
    more_url: str
    more_label: str
    empty: str = Field(description="What to do to start, shown when there is nothing.")
    start_url: str
    start_label: str
    needs_action: bool


class PortalOut(Schema):
    action_count: int
    sections: list[SectionOut]


class FollowIn(Schema):
    kind: Kind
    id: int


class FollowOut(Schema):
    id: int
    kind: Kind
    target_id: int
    title: str
    url: str
    created_at: datetime.datetime
