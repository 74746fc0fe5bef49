"""Who may read and do what in the Standards Q&A: the one place that says it.

- Everyone, signed in or not, reads the posts that are not hidden.
- Signed-in people ask, answer and follow up (not on a locked or hidden question), vote on others' posts (one vote
  each, never on their own) and flag others' posts. The asker accepts an answer to their question.
- Authors edit their own posts while the question is open.
- Moderators of a question are the secretariat and the experts of its group or of the group's parent (an expert
  of SG16 moderates the questions of SG16's regional groups). They hide and unhide posts, lock and unlock the
  question, and resolve flags. A hidden post is seen only by its author and the moderators, marked hidden.
- The unanswered questions of a group are shown to its leadership (an active leadership post in the group or in
  its parent group) and to the secretariat.

Lists apply the same rules as querysets: ``visible_questions_filter`` and ``moderated_filter`` say in SQL what the
predicates below say of one row.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from ponte.core.rules import is_secretariat, scopes_of
from ponte.qa.models import Answer, Question


def thread_of(post: Any) -> Question | None:
    """The question a post belongs to (a question is its own thread)."""
    if post is None:
        return None
    if isinstance(post, Question):
        return post
    question: Question = post.question
    return question


def led_groups(user: Any) -> frozenset[int]:
    """The groups in which the account's person holds a current leadership post (cached for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_ponte_qa_led_groups", None)
    if cached is not None:
        return cached
    from ponte.meetings.models import LeadershipPost
    from ponte.meetings.selectors.leadership import current

    posts = current(LeadershipPost.objects.filter(person__user=user))
    led = frozenset(posts.values_list("group_id", flat=True))
    user._ponte_qa_led_groups = led
    return led


def moderates(user: Any, question: Question | None) -> bool:
    """The secretariat, or an expert of the question's group or of its parent group."""
    if question is None:
        return False
    scopes = scopes_of(user)
    if scopes.secretariat:
        return True
    if not scopes.groups:
        return False
    return question.group_id in scopes.groups or question.group.parent_id in scopes.groups


def moderated_filter(user: Any, prefix: str = "") -> Q | None:
    """The questions (``prefix`` leads to one: "question__") the account moderates; None for every question."""
    scopes = scopes_of(user)
    if scopes.secretariat:
        return None
    groups = scopes.groups
    if not groups:
        return Q(pk__in=[])
    return Q(**{f"{prefix}group__in": groups}) | Q(**{f"{prefix}group__parent__in": groups})


def visible_questions_filter(user: Any) -> Q | None:
    """The questions the account may read: the visible ones, its own, and those it moderates (None: all)."""
    moderated = moderated_filter(user)
    if moderated is None:
        return None
    shown = Q(is_hidden=False) | moderated
    if user is not None and user.is_authenticated:
        shown |= Q(asked_by=user)
    return shown


def visible_posts_filter(user: Any, question: Question) -> Q | None:
    """The answers or follow-ups of ``question`` the account may read (None: all of them)."""
    if moderates(user, question):
        return None
    shown = Q(is_hidden=False)
    if user is not None and user.is_authenticated:
        shown |= Q(author=user)
    return shown


def _author_id(post: Any) -> int | None:
    return post.asked_by_id if isinstance(post, Question) else post.author_id


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def is_author(user: Any, post: Any) -> bool:
    return post is not None and user.is_authenticated and _author_id(post) == user.pk


@rules.predicate
def is_asker(user: Any, post: Any) -> bool:
    """The account asked the question the post belongs to."""
    question = thread_of(post)
    return question is not None and user.is_authenticated and question.asked_by_id == user.pk


@rules.predicate
def is_moderator(user: Any, post: Any) -> bool:
    return moderates(user, thread_of(post))


@rules.predicate
def is_shown(user: Any, post: Any) -> bool:
    """Neither the post nor its question is hidden."""
    question = thread_of(post)
    return post is not None and question is not None and not post.is_hidden and not question.is_hidden


@rules.predicate
def is_post_shown_to(user: Any, post: Any) -> bool:
    """The post is not hidden, or the account wrote it."""
    return post is not None and (not post.is_hidden or is_author(user, post))


@rules.predicate
def is_thread_shown_to(user: Any, post: Any) -> bool:
    """The post's question is not hidden, or the account asked it."""
    question = thread_of(post)
    return question is not None and (not question.is_hidden or question.asked_by_id == user.pk)


@rules.predicate
def is_open(user: Any, post: Any) -> bool:
    """The question the post belongs to is not locked."""
    question = thread_of(post)
    return question is not None and not question.is_locked


@rules.predicate
def is_answer(user: Any, post: Any) -> bool:
    return isinstance(post, Answer)


@rules.predicate
def is_votable(user: Any, post: Any) -> bool:
    return isinstance(post, Question | Answer)


@rules.predicate
def leads_a_group(user: Any) -> bool:
    return bool(led_groups(user))


@rules.predicate
def is_expert(user: Any) -> bool:
    return bool(scopes_of(user).groups)


can_view = (is_post_shown_to & is_thread_shown_to) | is_moderator

rules.add_perm("qa.view_post", can_view)
rules.add_perm("qa.ask_question", is_signed_in)
rules.add_perm("qa.answer_question", is_signed_in & is_shown & is_open)
rules.add_perm("qa.follow_up", is_signed_in & is_shown & is_open)
rules.add_perm("qa.vote", is_signed_in & is_votable & is_shown & ~is_author)
rules.add_perm("qa.flag", is_signed_in & is_shown & ~is_author)
rules.add_perm("qa.accept_answer", is_signed_in & is_answer & is_asker & is_shown)
rules.add_perm("qa.withdraw_acceptance", is_signed_in & is_asker)
rules.add_perm("qa.edit_post", is_signed_in & is_author & is_open & can_view)
rules.add_perm("qa.moderate", is_signed_in & is_moderator)
rules.add_perm("qa.view_flag_queue", is_secretariat | is_expert)
rules.add_perm("qa.view_unanswered", is_secretariat | leads_a_group)
