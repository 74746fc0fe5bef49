"""API input and output shapes of the Standards Q&A.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from ponte.core.text import render_user_text
from ponte.qa import selectors
from ponte.qa.models import Question


class QuestionFilter(Schema):
    recommendation: str = Field("", max_length=60, description="A Recommendation with its sector: ITU-T H.702.")
    group: str = Field("", max_length=40, description="A group with its sector: ITU-T SG16 (its regional groups too).")
    q: str = Field("", max_length=200, description="Words of the title or text, in any of the six languages.")
    answered: bool | None = Field(None, description="true: with a visible answer; false: none yet.")
    accepted: bool | None = Field(None, description="true: with an accepted answer.")
    mine: bool = Field(False, description="true: only the questions you asked (with a session).")

    def filters(self, user: Any) -> dict[str, Any]:
        """The selector's arguments; an unknown Recommendation or group is a ``ValidationError`` (422)."""
        return {
            "asked_by": user if self.mine and user.is_authenticated else None,
            "text": self.q,
            "recommendation": selectors.find_recommendation(self.recommendation) if self.recommendation else None,
            "group": selectors.find_group(self.group) if self.group else None,
            "answered": self.answered,
            "accepted": self.accepted,
        }


class QuestionOut(Schema):
    id: int
    title: str
    language: str = Field(description="The language the question is written in.")
    group: str = Field(description="The group whose experts answer, e.g. ITU-T SG16.")
    recommendations: list[str] = Field(description="The Recommendations asked about, e.g. ITU-T H.702.")
    asked_by: str = Field(description="The asker's name.")
    state: str = Field(description="open, or locked (no new answers or follow-ups).")
    is_hidden: bool = Field(description="Hidden by moderation: only its asker and the moderators read it.")
    answer_count: int = Field(description="Visible answers.")
    score: int = Field(description="Votes up minus votes down.")
    has_accepted_answer: bool
    created_at: datetime.datetime
    last_activity_at: datetime.datetime
    url: str = Field(description="The question's page.")

    @staticmethod
    def resolve_group(question: Question) -> str:
        return str(question.group)

    @staticmethod
    def resolve_recommendations(question: Question) -> list[str]:
        return [str(rec) for rec in question.recommendations.all()]

    @staticmethod
    def resolve_asked_by(question: Question) -> str:
        return selectors.public_name(question.asked_by)

    @staticmethod
    def resolve_has_accepted_answer(question: Question) -> bool:
        return bool(getattr(question, "has_accepted", False))

    @staticmethod
    def resolve_url(question: Question) -> str:
        return question.get_absolute_url()


class UnansweredOut(QuestionOut):
    waiting_days: int = Field(description="Days since it was asked.")

    @staticmethod
    def resolve_waiting_days(question: Question) -> int:
        return (timezone.now() - question.created_at).days


class FollowUpOut(Schema):
    id: int
    body: str = Field(description="Plain text, at most 600 characters.")
    author: str
    expert_of: str | None = Field(description="The group code when the author is an expert of the question's group.")
    is_hidden: bool
    created_at: datetime.datetime


class AnswerOut(Schema):
    id: int
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="The Markdown as sanitised HTML.")
    author: str
    expert_of: str | None = Field(description="The group code when the author is an expert of the question's group.")
    score: int
    is_accepted: bool
    is_hidden: bool
    created_at: datetime.datetime
    follow_ups: list[FollowUpOut]


class QuestionDetailOut(QuestionOut):
    """Built from the question with its thread attached (``thread_*`` attributes, see ``ponte.qa.api``)."""

    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="The Markdown as sanitised HTML.")
    asker_expert_of: str | None = Field(alias="thread_asker_badge")
    follow_ups: list[FollowUpOut] = Field(alias="thread_follow_ups", description="Follow-ups on the question.")
    answers: list[AnswerOut] = Field(
        alias="thread_answers", description="Best first: the accepted one, then by score, then the oldest."
    )

    @staticmethod
    def resolve_body_html(question: Question) -> str:
        return str(render_user_text(question.body))


class QuestionIn(Schema):
    title: str = Field(description="10 to 200 characters.")
    body: str = Field(description="Markdown, at most 10,000 characters.")
    language: str = Field("en", description="The language it is written in: ar, zh-hans, en, fr, ru or es.")
    recommendations: list[str] = Field([], description="At most 5, each with its sector: ITU-T H.702.")
    group: str = Field("", description="ITU-T SG16; empty: the group responsible for the first Recommendation.")


class AnswerIn(Schema):
    body: str = Field(description="Markdown, at most 10,000 characters.")


class FlagOut(Schema):
    reason: str
    note: str
    flagged_by: str
    created_at: datetime.datetime


class FlaggedPostOut(Schema):
    kind: str = Field(description="question, answer or follow-up.")
    id: int
    question_id: int
    question_title: str
    group: str
    author: str
    is_hidden: bool
    pending_review: bool = Field(description="Hidden by three flags until a moderator decides.")
    flags: list[FlagOut]
