"""The Standards Q&A owns questions about Recommendations, their answers and follow-ups, votes, flags and
moderation, the search index of the questions, and the notices it mails: to a group's experts when a question is
asked, to the asker when it is answered, and to a group's leadership when questions wait too long.

Every write is here: keyword-only arguments, permission through ``rules`` first (``ponte.qa.rules``),
``ValidationError`` (with the argument's name as field, and a code) or ``PermissionDenied`` on refusal, nothing
half-saved, history with the acting user and a namespaced reason (``qa.answer.hidden``), emails after commit. A
thread's writes take the lock of its question row first, so counters and checks never race.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history
from ponte.core.jobs import enqueue
from ponte.core.models import EmailKind, Group, User
from ponte.core.notifications import language_of, notify, site_url
from ponte.core.search_text import document_terms
from ponte.core.text import plain_text
from ponte.qa import selectors
from ponte.qa.models import (
    Answer,
    Flag,
    FlagOutcome,
    FlagReason,
    FollowUp,
    HiddenCause,
    Post,
    Question,
    QuestionSearchTerm,
    QuestionState,
    Vote,
)
from ponte.standards.models import Recommendation

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
TITLE_MIN_LENGTH = 10
LIMITS = {"title": 200, "body": 10_000, "follow_up": 600, "reason": 300, "note": 500}
MAX_RECOMMENDATIONS = 5
FLAGS_TO_HIDE = 3  # open flags from this many different people hide a post until a moderator reviews it
EXCERPT_LENGTH = 600


def _invalid(field: str, message: Any, code: str) -> ValidationError:
    """An error of one input (named as the service's argument or the form's field), with its code."""
    return ValidationError({field: ValidationError(message, code=code)})


class _Errors:
    """The errors of several inputs, raised together so that a form shows them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: Any, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def text(self, field: str, value: str | None, *, limit: int, required: Any, minimum: int = 0) -> str:
        """The text stripped, checked: present, at least ``minimum`` and at most ``limit`` characters."""
        text = (value or "").strip()
        if not text:
            self.add(field, required, "required")
        elif len(text) > limit:
            message = _("At most %(limit)s characters (it has %(count)s).") % {"limit": limit, "count": len(text)}
            self.add(field, message, "too_long")
        elif len(text) < minimum:
            message = _("At least %(minimum)s characters (it has %(count)s): say what you want to know.") % {
                "minimum": minimum,
                "count": len(text),
            }
            self.add(field, message, "too_short")
        return text

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _checked_text(field: str, value: str | None, *, limit: int, required: Any) -> str:
    errors = _Errors()
    text = errors.text(field, value, limit=limit, required=required)
    errors.raise_any()
    return text


def _save(instance: Any, reason: str, actor: Any) -> None:
    save_with_history(instance, reason, actor)


def _reason_kind(post: Post) -> str:
    """The kind of a post in history reasons: question, answer, follow_up."""
    return selectors.kind_of(post).replace("-", "_")


def _locked_question(question: Question) -> Question:
    """The question's row, locked until the transaction ends (its writes take turns), with its group."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    locked.group = Group.objects.get(pk=locked.group_id)
    return locked


def _fresh(post: Post) -> tuple[Question, Post]:
    """The thread locked and the post read again under the lock (what a check sees is what is saved)."""
    question = _locked_question(post if isinstance(post, Question) else post.question)
    if isinstance(post, Question):
        return question, question
    fresh = type(post).objects.get(pk=post.pk)
    fresh.question = question
    return question, fresh


def _recount_answers(question: Question) -> None:
    """The question's count of visible answers, from the answers (under the question's lock)."""
    count = Answer.objects.filter(question=question, is_hidden=False).count()
    Question.objects.filter(pk=question.pk).update(answer_count=count)
    question.answer_count = count


def _touch(question: Question, when: datetime.datetime) -> None:
    Question.objects.filter(pk=question.pk).update(last_activity_at=when)
    question.last_activity_at = when


# --- Asking, editing, the search index ------------------------------------------------------------------------------


def _question_inputs(
    errors: _Errors, *, title: str | None, body: str | None, recommendations: Iterable[Recommendation]
) -> tuple[str, str, list[Recommendation]]:
    title = " ".join((title or "").split())
    title = errors.text(
        "title",
        title,
        limit=LIMITS["title"],
        minimum=TITLE_MIN_LENGTH,
        required=_("Give your question a title: what do you want to know?"),
    )
    body = errors.text(
        "body",
        body,
        limit=LIMITS["body"],
        required=_("Explain your question: what you read, what you tried, what is unclear."),
    )
    chosen = list(dict.fromkeys(recommendations))
    if len(chosen) > MAX_RECOMMENDATIONS:
        errors.add(
            "recommendations",
            _("Name at most %(count)s Recommendations.") % {"count": MAX_RECOMMENDATIONS},
            "too_many",
        )
    return title, body, chosen


def index_question(question: Question) -> None:
    """Rebuild the search terms of a question from its title and text."""
    words = f"{question.title}\n{plain_text(question.body)}"
    QuestionSearchTerm.objects.filter(question=question).delete()
    QuestionSearchTerm.objects.bulk_create(
        QuestionSearchTerm(question=question, term=term) for term in sorted(document_terms(words))
    )


def check_question(
    *,
    title: str | None,
    body: str | None,
    language: str,
    recommendations: Iterable[Recommendation] = (),
    group: Group | None = None,
) -> tuple[str, str, list[Recommendation], Group]:
    """A new question's inputs cleaned (title, text, Recommendations, group), or every error at once."""
    errors = _Errors()
    title, body, chosen = _question_inputs(errors, title=title, body=body, recommendations=recommendations)
    if language not in LANGUAGE_CODES:
        errors.add("language", _("Choose one of the six languages."), "language")
    if group is None:
        group = next((rec.group for rec in chosen if rec.group_id is not None), None)
        if group is None:
            message = (
                _("Choose the group whose experts should answer: the Recommendations named have no group.")
                if chosen
                else _("Choose the group whose experts should answer, or name a Recommendation.")
            )
            errors.add("group", message, "required")
    if group is not None and not group.is_active:
        errors.add("group", _("This group no longer meets: choose another one."), "inactive_group")
    errors.raise_any()
    assert group is not None  # noqa: S101 - an error otherwise
    return title, body, chosen, group


@transaction.atomic
def ask_question(
    *,
    actor: Any,
    title: str,
    body: str,
    language: str,
    recommendations: Iterable[Recommendation] = (),
    group: Group | None = None,
) -> Question:
    """Ask the experts of a group; the group is the first Recommendation's when none is given.

    The group's experts are told by email after the commit (``notify_experts``, a background job).
    """
    _require(actor, "qa.ask_question")
    title, body, chosen, group = check_question(
        title=title, body=body, language=language, recommendations=recommendations, group=group
    )
    now = timezone.now()
    question = Question(
        title=title,
        body=body,
        asked_by=actor,
        language=language,
        group=group,
        created_at=now,
        last_activity_at=now,
    )
    _save(question, "qa.question.asked", actor)
    question.recommendations.set(chosen)
    index_question(question)
    transaction.on_commit(partial(_queue_expert_notice, question.pk))
    return question


def _queue_expert_notice(question_id: int) -> None:
    from ponte.qa.tasks import notify_experts_of_question

    enqueue(notify_experts_of_question, question_id=question_id)


@transaction.atomic
def edit_question(
    *, actor: Any, question: Question, title: str, body: str, recommendations: Iterable[Recommendation] = ()
) -> Question:
    """The asker corrects the title, the text or the Recommendations (the group stays: its experts were told)."""
    question, _post = _fresh(question)
    _require(actor, "qa.edit_post", question)
    errors = _Errors()
    title, body, chosen = _question_inputs(errors, title=title, body=body, recommendations=recommendations)
    errors.raise_any()
    question.title, question.body = title, body
    _save(question, "qa.question.edited", actor)
    question.recommendations.set(chosen)
    index_question(question)
    return question


# --- Answers and follow-ups -----------------------------------------------------------------------------------------


@transaction.atomic
def answer_question(*, actor: Any, question: Question, body: str) -> Answer:
    """Answer an open question; the asker is told by email after the commit."""
    question = _locked_question(question)
    _require(actor, "qa.answer_question", question)
    body = _checked_text(
        "body", body, limit=LIMITS["body"], required=_("Write your answer: what the Recommendation says and how.")
    )
    now = timezone.now()
    answer = Answer(question=question, body=body, author=actor, created_at=now)
    _save(answer, "qa.answer.written", actor)
    _recount_answers(question)
    _touch(question, now)
    if question.asked_by_id != actor.pk:
        _tell_the_asker(question, answer)
    return answer


@transaction.atomic
def edit_answer(*, actor: Any, answer: Answer, body: str) -> Answer:
    """The author corrects their answer while the question is open."""
    _question, fresh = _fresh(answer)
    assert isinstance(fresh, Answer)  # noqa: S101 - read as the answer it was
    _require(actor, "qa.edit_post", fresh)
    fresh.body = _checked_text(
        "body", body, limit=LIMITS["body"], required=_("Write your answer: what the Recommendation says and how.")
    )
    _save(fresh, "qa.answer.edited", actor)
    return fresh


@transaction.atomic
def follow_up(*, actor: Any, question: Question, body: str, answer: Answer | None = None) -> FollowUp:
    """A short comment under the question or one of its answers: ask to clarify, thank, point to a text."""
    question = _locked_question(question)
    _require(actor, "qa.follow_up", question)
    if answer is not None:
        answer = Answer.objects.filter(pk=answer.pk, question=question).first()
        if answer is None or answer.is_hidden:
            raise _invalid("answer", _("This answer is not one you can follow up."), "answer")
    body = _checked_text(
        "body",
        body,
        limit=LIMITS["follow_up"],
        required=_("Write your follow-up; for a full answer, use the answer form."),
    )
    now = timezone.now()
    comment = FollowUp(question=question, answer=answer, body=body, author=actor, created_at=now)
    _save(comment, "qa.follow_up.written", actor)
    _touch(question, now)
    _tell_the_author_of_a_follow_up(question, comment)
    return comment


# --- Votes and accepted answers ------------------------------------------------------------------------------------


@transaction.atomic
def vote(*, actor: Any, post: Question | Answer, value: int) -> int:
    """Vote +1 or -1 on someone else's question or answer; the same vote again takes it back, the other changes
    it. Returns the actor's vote now (0: none)."""
    if value not in (1, -1):
        raise _invalid("value", _("A vote is +1 or -1."), "value")
    question, fresh = _fresh(post)
    _require(actor, "qa.vote", fresh)
    answer = fresh if isinstance(fresh, Answer) else None
    kind = _reason_kind(fresh)
    existing = Vote.objects.filter(user=actor, question=question, answer=answer).first()
    if existing is not None and existing.value == value:
        existing._change_reason = f"qa.vote.{kind}.withdrawn"  # type: ignore[attr-defined]
        existing._history_user = actor  # type: ignore[attr-defined]
        existing.delete()
        delta, now_voted = -value, 0
    elif existing is not None:
        existing.value = value
        _save(existing, f"qa.vote.{kind}.changed", actor)
        delta, now_voted = 2 * value, value
    else:
        try:
            with transaction.atomic():
                _save(Vote(user=actor, question=question, answer=answer, value=value), f"qa.vote.{kind}.cast", actor)
        except IntegrityError as error:  # the same person voting twice at once
            raise _invalid("value", _("You have already voted on this."), "already_voted") from error
        delta, now_voted = value, value
    type(fresh).objects.filter(pk=fresh.pk).update(score=F("score") + delta)
    return now_voted


@transaction.atomic
def accept_answer(*, actor: Any, answer: Answer) -> Question:
    """The asker marks the answer that solved their question (one at a time; another one replaces it)."""
    question, fresh = _fresh(answer)
    _require(actor, "qa.accept_answer", fresh)
    if question.accepted_answer_id == fresh.pk:
        raise _invalid("answer", _("This answer is already the accepted one."), "already_accepted")
    question.accepted_answer = fresh  # type: ignore[assignment]
    _save(question, "qa.question.answer_accepted", actor)
    return question


@transaction.atomic
def withdraw_acceptance(*, actor: Any, question: Question) -> Question:
    """The asker takes back the acceptance of an answer."""
    question = _locked_question(question)
    _require(actor, "qa.withdraw_acceptance", question)
    if question.accepted_answer_id is None:
        raise _invalid("answer", _("No answer is accepted."), "none_accepted")
    question.accepted_answer = None
    _save(question, "qa.question.acceptance_withdrawn", actor)
    return question


# --- Flags and moderation -------------------------------------------------------------------------------------------


def _flag_target(post: Post) -> dict[str, Any]:
    """The ``Flag`` columns that say which post of the thread is flagged: none for the question itself."""
    return {
        "answer": post if isinstance(post, Answer) else None,
        "follow_up": post if isinstance(post, FollowUp) else None,
    }


def _open_flags(question: Question, post: Post) -> QuerySet[Flag]:
    return Flag.objects.filter(question=question, resolved_at__isnull=True, **_flag_target(post))


@transaction.atomic
def flag_post(*, actor: Any, post: Post, reason: str, note: str = "") -> Flag:
    """Tell the moderators a post breaks the rules. Open flags from three different people hide it until a
    moderator reviews it."""
    question, fresh = _fresh(post)
    _require(actor, "qa.flag", fresh)
    errors = _Errors()
    if reason not in FlagReason.values:
        errors.add("reason", _("Choose why you flag it."), "reason")
    note = (note or "").strip()
    if reason == FlagReason.OTHER and not note:
        errors.add("note", _("Say what is wrong with it."), "required")
    elif len(note) > LIMITS["note"]:
        errors.add(
            "note",
            _("At most %(limit)s characters (it has %(count)s).") % {"limit": LIMITS["note"], "count": len(note)},
            "too_long",
        )
    errors.raise_any()
    if _open_flags(question, fresh).filter(user=actor).exists():
        raise _invalid("reason", _("You have flagged this already; a moderator will look at it."), "already_flagged")
    flag = Flag(user=actor, question=question, reason=reason, note=note, **_flag_target(fresh))
    try:
        with transaction.atomic():
            _save(flag, "qa.flag.raised", actor)
    except IntegrityError as error:
        raise _invalid(
            "reason", _("You have flagged this already; a moderator will look at it."), "already_flagged"
        ) from error
    flaggers = _open_flags(question, fresh).values("user_id").distinct().count()
    if flaggers >= FLAGS_TO_HIDE and not fresh.is_hidden:
        _set_hidden(fresh, cause=HiddenCause.FLAGS, by=None, reason="")
        _save_as_system(fresh, f"qa.{_reason_kind(fresh)}.hidden_pending_review")
        if isinstance(fresh, Answer):
            _recount_answers(question)
    return flag


def _save_as_system(instance: Any, reason: str) -> None:
    """Saved by the rules themselves, not by the person whose request it is (their flag tipped the balance)."""
    instance.full_clean()
    instance._change_reason = reason
    instance._history_user = None
    instance.save()


def _set_hidden(post: Post, *, cause: str, by: Any, reason: str) -> None:
    post.is_hidden = True
    post.hidden_cause = cause
    post.hidden_by = by
    post.hidden_reason = reason
    post.hidden_at = timezone.now()


def _resolve_flags(question: Question, post: Post, *, actor: Any, outcome: str) -> int:
    now = timezone.now()
    resolved = 0
    for flag in _open_flags(question, post):
        flag.resolved_by, flag.resolved_at, flag.outcome = actor, now, outcome
        _save(flag, "qa.flag.resolved", actor)
        resolved += 1
    return resolved


@transaction.atomic
def hide_post(*, actor: Any, post: Post, reason: str) -> Post:
    """A moderator hides a post, saying why; its author and the moderators still see it, marked hidden. Open flags
    on it are resolved as upheld."""
    question, fresh = _fresh(post)
    _require(actor, "qa.moderate", fresh)
    reason = _checked_text(
        "reason", reason, limit=LIMITS["reason"], required=_("Say why you hide it: its author will read this.")
    )
    if fresh.is_hidden and fresh.hidden_cause == HiddenCause.MODERATOR:
        raise _invalid("reason", _("It is hidden already."), "already_hidden")
    _set_hidden(fresh, cause=HiddenCause.MODERATOR, by=actor, reason=reason)
    _save(fresh, f"qa.{_reason_kind(fresh)}.hidden", actor)
    _resolve_flags(question, fresh, actor=actor, outcome=FlagOutcome.HIDDEN)
    if isinstance(fresh, Answer):
        _recount_answers(question)
    return fresh


def _show(question: Question, post: Post, *, actor: Any) -> None:
    post.is_hidden = False
    post.hidden_cause = ""
    post.hidden_by = None
    post.hidden_reason = ""
    post.hidden_at = None
    _save(post, f"qa.{_reason_kind(post)}.unhidden", actor)
    if isinstance(post, Answer):
        _recount_answers(question)


@transaction.atomic
def unhide_post(*, actor: Any, post: Post) -> Post:
    """A moderator shows a hidden post again; open flags on it are resolved as not upheld."""
    question, fresh = _fresh(post)
    _require(actor, "qa.moderate", fresh)
    if not fresh.is_hidden:
        raise _invalid("post", _("It is not hidden."), "not_hidden")
    _show(question, fresh, actor=actor)
    _resolve_flags(question, fresh, actor=actor, outcome=FlagOutcome.KEPT)
    return fresh


@transaction.atomic
def dismiss_flags(*, actor: Any, post: Post) -> int:
    """A moderator finds that a flagged post breaks no rule: its open flags are resolved and, if the flags hid it,
    it is shown again. Returns the number of flags resolved."""
    question, fresh = _fresh(post)
    _require(actor, "qa.moderate", fresh)
    if not _open_flags(question, fresh).exists():
        raise _invalid("post", _("Nobody has flagged it since the last review."), "no_flags")
    if fresh.pending_review:
        _show(question, fresh, actor=actor)
    return _resolve_flags(question, fresh, actor=actor, outcome=FlagOutcome.KEPT)


@transaction.atomic
def lock_question(*, actor: Any, question: Question, reason: str = "") -> Question:
    """A moderator stops new answers and follow-ups (a settled or heated question); votes and reading go on."""
    question = _locked_question(question)
    _require(actor, "qa.moderate", question)
    if question.is_locked:
        raise _invalid("reason", _("This question is locked already."), "already_locked")
    errors = _Errors()
    reason = (reason or "").strip()
    if len(reason) > LIMITS["reason"]:
        errors.add(
            "reason",
            _("At most %(limit)s characters (it has %(count)s).") % {"limit": LIMITS["reason"], "count": len(reason)},
            "too_long",
        )
    errors.raise_any()
    question.state, question.lock_reason = QuestionState.LOCKED, reason
    _save(question, "qa.question.locked", actor)
    return question


@transaction.atomic
def unlock_question(*, actor: Any, question: Question) -> Question:
    question = _locked_question(question)
    _require(actor, "qa.moderate", question)
    if not question.is_locked:
        raise _invalid("reason", _("This question is not locked."), "not_locked")
    question.state, question.lock_reason = QuestionState.OPEN, ""
    _save(question, "qa.question.unlocked", actor)
    return question


# --- Notices --------------------------------------------------------------------------------------------------------


def _localised_url(name: str, language: str, **kwargs: Any) -> str:
    with translation.override(language):
        return site_url(reverse(name, kwargs=kwargs))


def excerpt(text: str) -> str:
    """The words of a person's Markdown, without markup, cut for an email."""
    words = plain_text(text)
    return words if len(words) <= EXCERPT_LENGTH else f"{words[:EXCERPT_LENGTH].rstrip()}…"


@transaction.atomic
def notify_experts(*, question_id: int) -> int:
    """Email the experts of the question's group (and of its parent group) a notice of the new question, each in
    their language, once per question: the run is recorded on the question, a second run sends nothing. Returns
    the number of emails queued."""
    question = Question.objects.select_for_update().filter(pk=question_id).first()
    if question is None or question.experts_notified_at is not None:
        return 0
    question = Question.objects.select_related("group__sector", "group__parent", "asked_by").get(pk=question_id)
    experts = [] if question.is_hidden else selectors.experts_to_notify(question)
    recommendations = ", ".join(str(rec) for rec in question.recommendations.select_related("sector"))
    for expert in experts:
        language = language_of(expert)
        with translation.override(language):
            context = {
                "title": question.title,
                "group": str(question.group),
                "group_title": str(question.group.title),
                "recommendations": recommendations,
                "asker": selectors.public_name(question.asked_by),
                "excerpt": excerpt(question.body),
                "url": _localised_url("qa:question_detail", language, pk=question.pk),
            }
        transaction.on_commit(
            partial(
                notify,
                to=expert.email,
                language=language,
                template="qa/email/new_question",
                context=context,
                kind=EmailKind.ANSWERS,
                recipient=expert,
            )
        )
    Question.objects.filter(pk=question_id).update(experts_notified_at=timezone.now(), experts_notified=len(experts))
    return len(experts)


def _tell_the_asker(question: Question, answer: Answer) -> None:
    """The asker hears of each answer to their question, in their language, once the answer is committed."""
    asker: User = User.objects.select_related("person").get(pk=question.asked_by_id)
    if not asker.email or not asker.is_active:
        return
    language = language_of(asker)
    badges = selectors.expert_badges(user_ids={answer.author_id}, group=question.group)
    with translation.override(language):
        context = {
            "title": question.title,
            "author": selectors.public_name(answer.author),
            "expert_of": badges.get(answer.author_id, ""),
            "excerpt": excerpt(answer.body),
            "url": _localised_url("qa:question_detail", language, pk=question.pk)
            + f"?answer={answer.pk}#answer-{answer.pk}",
        }
    transaction.on_commit(
        partial(
            notify,
            to=asker.email,
            language=language,
            template="qa/email/answered",
            context=context,
            kind=EmailKind.ANSWERS,
            recipient=asker,
        )
    )


def _tell_the_author_of_a_follow_up(question: Question, comment: FollowUp) -> None:
    """The author of the post followed up (the asker, or the answer's author) hears of it, unless they wrote it."""
    author_id = comment.answer.author_id if comment.answer is not None else question.asked_by_id
    if author_id == comment.author_id:
        return
    author: User = User.objects.select_related("person").get(pk=author_id)
    if not author.email or not author.is_active:
        return
    language = language_of(author)
    anchor = f"#follow-up-{comment.pk}"
    with translation.override(language):
        context = {
            "title": question.title,
            "on_answer": comment.answer is not None,
            "author": selectors.public_name(comment.author),
            "body": comment.body,
            "url": _localised_url("qa:question_detail", language, pk=question.pk) + anchor,
        }
    transaction.on_commit(
        partial(
            notify,
            to=author.email,
            language=language,
            template="qa/email/follow_up",
            context=context,
            kind=EmailKind.ANSWERS,
            recipient=author,
        )
    )


def _leaders_by_group(group_ids: set[int]) -> dict[int, list[User]]:
    """The accounts of the people holding a current leadership post in each group."""
    from ponte.meetings.models import LeadershipPost
    from ponte.meetings.selectors.leadership import current

    leaders: dict[int, list[User]] = defaultdict(list)
    posts = current(LeadershipPost.objects.filter(group_id__in=group_ids, person__user__is_active=True))
    for post in posts.select_related("person__user__person"):
        user = post.person.user
        if user is not None and user.email and user not in leaders[post.group_id]:
            leaders[post.group_id].append(user)
    return leaders


@transaction.atomic
def remind_leadership_of_unanswered(*, now: datetime.datetime | None = None) -> int:
    """Email each leader of a group (or of its parent group) the questions of the group that have waited longer
    than ``QA_UNANSWERED_AFTER_DAYS`` without a visible answer, each question once: a question reminded is
    recorded, a second run sends nothing. Returns the number of emails queued."""
    now = now or timezone.now()
    waiting = list(
        Question.objects.select_for_update(of=("self",))
        .filter(
            is_hidden=False,
            answer_count=0,
            state=QuestionState.OPEN,
            created_at__lt=now - selectors.unanswered_after(),
            leadership_reminded_at__isnull=True,
        )
        .select_related("group__sector", "group__parent")
        .order_by("created_at", "pk")
    )
    if not waiting:
        return 0
    groups = {q.group_id for q in waiting} | {q.group.parent_id for q in waiting if q.group.parent_id}
    leaders = _leaders_by_group(groups)
    per_leader: dict[User, list[Question]] = defaultdict(list)
    for question in waiting:
        for group_id in (question.group_id, question.group.parent_id):
            for leader in leaders.get(group_id or 0, []):
                if question not in per_leader[leader]:
                    per_leader[leader].append(question)
    for leader, questions in per_leader.items():
        _remind(leader, questions, now)
    Question.objects.filter(pk__in=[q.pk for q in waiting]).update(leadership_reminded_at=now)
    return len(per_leader)


def _remind(leader: User, questions: list[Question], now: datetime.datetime) -> None:
    language = language_of(leader)
    with translation.override(language):
        context = {
            "name": selectors.public_name(leader),
            "days": selectors.unanswered_after().days,
            "questions": [
                {
                    "title": question.title,
                    "group": str(question.group),
                    "days": (now - question.created_at).days,
                    "url": _localised_url("qa:question_detail", language, pk=question.pk),
                }
                for question in questions
            ],
            "list_url": _localised_url("qa:unanswered", language),
        }
    transaction.on_commit(
        partial(
            notify,
            to=leader.email,
            language=language,
            template="qa/email/unanswered",
            context=context,
            kind=EmailKind.ANSWERS,
            recipient=leader,
        )
    )
