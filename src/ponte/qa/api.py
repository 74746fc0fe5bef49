"""Standards Q&A API: the questions (searched and filtered as on the page), one question with its answers and
expert badges, asking and answering; the moderators' flag queue and the leadership's unanswered questions.

Permissions are the pages' (``ponte.qa.rules``): a hidden question is "not found" except for its asker and its
moderators; writing needs a session (401 without one), a locked question takes no answer (403); invalid input
answers 422 with the errors per field.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ponte.core.actions import require_request
from ponte.core.pagination import KeysetPagination, LimitOffsetPagination
from ponte.core.text import render_user_text
from ponte.qa import selectors, services
from ponte.qa.models import Answer, Question
from ponte.qa.schemas import (
    AnswerIn,
    AnswerOut,
    FlaggedPostOut,
    QuestionDetailOut,
    QuestionFilter,
    QuestionIn,
    QuestionOut,
    UnansweredOut,
)
from ponte.tokens.auth import session_or_token

router = Router(tags=["qa"])


@router.get("/questions", response=list[QuestionOut])
@paginate(KeysetPagination, ordering=selectors.QUESTION_ORDER)
def list_questions(request: HttpRequest, filters: Query[QuestionFilter]) -> Any:
    """The questions you may read, newest activity first: searched in any of the six languages (Chinese and Arabic
    included) and filtered by Recommendation, group, answered and accepted. In pages from a cursor (the table grows
    without bound): follow ``next`` until it is null; a question answered during the walk moves to the top."""
    return selectors.question_list(viewer=request.user, **filters.filters(request.user))


def _follow_up(view: selectors.PostView) -> dict[str, Any]:
    post = view.post
    return {
        "id": post.pk,
        "body": post.body,
        "author": selectors.public_name(post.author),  # type: ignore[union-attr]
        "expert_of": view.badge or None,
        "is_hidden": post.is_hidden,
        "created_at": post.created_at,
    }


def _answer(view: selectors.PostView) -> dict[str, Any]:
    answer = view.post
    assert isinstance(answer, Answer)  # noqa: S101 - the thread's answers
    return {
        "id": answer.pk,
        "body": answer.body,
        "body_html": str(render_user_text(answer.body)),
        "author": selectors.public_name(answer.author),
        "expert_of": view.badge or None,
        "score": answer.score,
        "is_accepted": view.is_accepted,
        "is_hidden": answer.is_hidden,
        "created_at": answer.created_at,
        "follow_ups": [_follow_up(item) for item in view.follow_ups],
    }


def _with_thread(request: HttpRequest, question: Question) -> Question:
    """The question with its thread as the reader sees it, attached for ``QuestionDetailOut``."""
    thread = selectors.thread(question=question, viewer=request.user, per_page=None)
    question.thread_asker_badge = thread.question.badge or None  # type: ignore[attr-defined]
    question.thread_follow_ups = [_follow_up(item) for item in thread.question.follow_ups]  # type: ignore[attr-defined]
    question.thread_answers = [_answer(view) for view in thread.answers]  # type: ignore[attr-defined]
    return question


def _readable(request: HttpRequest, question_id: int) -> Question:
    question = selectors.question_detail(pk=question_id, viewer=request.user)
    if question is None:
        raise Http404
    return question


@router.get("/questions/{question_id}", response=QuestionDetailOut)
def get_question(request: HttpRequest, question_id: int) -> Any:
    """One question with the answers and follow-ups you may read, best answer first, with expert badges."""
    return _with_thread(request, _readable(request, question_id))


@router.post("/questions", response={201: QuestionDetailOut}, auth=session_or_token)
def ask_question(request: HttpRequest, payload: QuestionIn) -> Any:
    """Ask the experts of a group (the group responsible for the first Recommendation when none is given); they
    are told by email. 422 with the errors per field."""
    recommendations = [
        selectors.find_recommendation(reference, field_name="recommendations") for reference in payload.recommendations
    ]
    group = selectors.find_group(payload.group) if payload.group.strip() else None
    question = services.ask_question(
        actor=request.user,
        title=payload.title,
        body=payload.body,
        language=payload.language,
        recommendations=recommendations,
        group=group,
    )
    return Status(201, _with_thread(request, _readable(request, question.pk)))


@router.post("/questions/{question_id}/answers", response={201: AnswerOut}, auth=session_or_token)
def answer_question(request: HttpRequest, question_id: int, payload: AnswerIn) -> Any:
    """Answer an open question (403 when it is locked); the asker is told by email. 422 with the errors per field."""
    question = _readable(request, question_id)
    answer = services.answer_question(actor=request.user, question=question, body=payload.body)
    views = selectors.thread(question=_readable(request, question_id), viewer=request.user, per_page=None).answers
    return Status(201, _answer(next(view for view in views if view.post.pk == answer.pk)))


@router.get("/unanswered", response=list[UnansweredOut], auth=session_or_token)
@paginate(LimitOffsetPagination)
def unanswered(request: HttpRequest) -> Any:
    """For the leadership of a group and the secretariat: the questions waiting longer than the time set for an
    answer, oldest first (403 for anyone else). Limit and offset: a work queue that answers keep short."""
    require_request(request, "qa.view_unanswered")
    return selectors.unanswered_questions(viewer=request.user)


@router.get("/flags", response=list[FlaggedPostOut], auth=session_or_token)
def flags(request: HttpRequest) -> Any:
    """For moderators (the secretariat and the groups' experts): the flagged posts of the questions they moderate,
    the most flagged first (403 for anyone else)."""
    require_request(request, "qa.view_flag_queue")
    return [
        {
            "kind": item.kind,
            "id": item.post.pk,
            "question_id": item.question.pk,
            "question_title": item.question.title,
            "group": str(item.question.group),
            "author": selectors.public_name(
                item.post.asked_by if isinstance(item.post, Question) else item.post.author
            ),
            "is_hidden": item.post.is_hidden,
            "pending_review": item.post.pending_review,
            "flags": [
                {
                    "reason": flag.reason,
                    "note": flag.note,
                    "flagged_by": selectors.public_name(flag.user),
                    "created_at": flag.created_at,
                }
                for flag in item.flags
            ],
        }
        for item in selectors.flag_queue(viewer=request.user)
    ]
