"""Reads of the Standards Q&A: the question list and its search, one question's thread with badges and the reader's
votes, the moderators' flag queue and history, the unanswered questions for a group's leadership, the feed.

Every read is planned: the list is a count, a page and one query for the Recommendations, whatever its length; a
thread is a fixed number of queries however many answers and follow-ups it has.

Search (``matching``): the words of a question's title and text are indexed with the partner search's functions
(``ponte.core.search_text.document_terms``: case and accents folded, Arabic letters unified and its article
removed, Chinese and Japanese cut into character pairs). A question matches when every term of the query is among
its terms; a term of four letters or more also finds the longer words it begins (cyber: cybersecurity), and one of
seven or more loses its last two letters first, so endings differ (accessibilité, accessibility).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Group, Role, RoleKind, Sector, User
from ponte.core.rules import scopes_of
from ponte.core.search_text import query_terms
from ponte.qa.models import Answer, Flag, FlagOutcome, FollowUp, Question, QuestionSearchTerm, QuestionState, Vote
from ponte.qa.rules import (
    led_groups,
    moderated_filter,
    moderates,
    visible_posts_filter,
    visible_questions_filter,
)
from ponte.standards.models import Recommendation

FEED_LENGTH = 20


def unanswered_after() -> datetime.timedelta:
    """How long a question may wait for an answer before the group's leadership is shown it."""
    return datetime.timedelta(days=settings.QA_UNANSWERED_AFTER_DAYS)


def public_name(user: User | None) -> str:
    """How a person is named beside their posts: their name, never their email address (the username may be one)."""
    if user is None:
        return str(_("A former member"))
    name = f"{user.first_name} {user.last_name}".strip()
    return name or str(_("Member %(number)s") % {"number": user.pk})


# --- References: "ITU-T H.702", "ITU-T SG16" ---------------------------------------------------------------------


def _split_reference(reference: str) -> tuple[str, str]:
    """("ITU-T", "H.702") from "ITU-T H.702"; ("", "H.702") without a sector."""
    words = reference.split()
    if len(words) >= 2 and Sector.objects.filter(code__iexact=words[0]).exists():
        return words[0], " ".join(words[1:])
    return "", " ".join(words)


def find_recommendation(reference: str, *, field_name: str = "recommendation") -> Recommendation:
    """The Recommendation "ITU-T H.702" (or "H.702" when only one sector has it); ``ValidationError`` otherwise."""
    sector, identifier = _split_reference(reference)
    found = Recommendation.objects.select_related("sector", "group").filter(identifier__iexact=identifier)
    if sector:
        found = found.filter(sector__code__iexact=sector)
    matches = list(found[:2])
    if len(matches) == 1:
        return matches[0]
    if matches:
        message = _("Several sectors have %(reference)s: write the sector too, e.g. ITU-T %(reference)s.")
        code = "ambiguous"
    else:
        message = _("No Recommendation is known as “%(reference)s”. Write it as ITU-T H.702.")
        code = "unknown"
    raise ValidationError({field_name: ValidationError(message, code=code, params={"reference": reference.strip()})})


def find_group(reference: str, *, field_name: str = "group") -> Group:
    """The group "ITU-T SG16" (or "SG16" when only one sector has it); ``ValidationError`` otherwise."""
    sector, code = _split_reference(reference)
    found = Group.objects.select_related("sector", "parent").filter(code__iexact=code)
    if sector:
        found = found.filter(sector__code__iexact=sector)
    matches = list(found[:2])
    if len(matches) == 1:
        return matches[0]
    if matches:
        message = _("Several sectors have a group %(reference)s: write the sector too, e.g. ITU-T %(reference)s.")
        code_ = "ambiguous"
    else:
        message = _("No group is known as “%(reference)s”. Write it as ITU-T SG16.")
        code_ = "unknown"
    raise ValidationError({field_name: ValidationError(message, code=code_, params={"reference": reference.strip()})})


def recommendation_choices() -> list[tuple[str, str]]:
    """Every Recommendation as (reference, title in the reader's language), for the form's suggestions.

    Read as values: the catalogue holds thousands, and making a model instance of each (and of its sector) took
    most of the question list's time (a second for 5,000 on the bench).
    """
    rows = Recommendation.objects.order_by("sector__code", "identifier").values_list(
        "sector__code", "identifier", "title"
    )
    return [(f"{sector} {identifier}", str(title)) for sector, identifier, title in rows]


def group_choices() -> QuerySet[Group]:
    """The active groups a question can be asked to."""
    return Group.objects.filter(is_active=True).select_related("sector")


# --- The list and its search ---------------------------------------------------------------------------------------


def matching(questions: QuerySet[Question], text: str) -> QuerySet[Question]:
    """The questions whose title or text hold every term of ``text`` (see the module's docstring)."""
    for term in query_terms(text):
        terms = QuestionSearchTerm.objects.filter(question_id=OuterRef("pk"))
        if term.exact:
            terms = terms.filter(term=term.key)
        else:
            terms = terms.filter(term__gte=term.key, term__lt=term.upper_bound())
        questions = questions.filter(Exists(terms))
    return questions


def _with_accepted(questions: QuerySet[Question]) -> QuerySet[Question]:
    """``has_accepted``: the question has an accepted answer that is not hidden."""
    accepted = Answer.objects.filter(pk=OuterRef("accepted_answer_id"), is_hidden=False)
    return questions.annotate(has_accepted=Exists(accepted))


def visible_questions(viewer: Any) -> QuerySet[Question]:
    """The questions ``viewer`` may read (hidden ones only for their askers and moderators)."""
    shown = visible_questions_filter(viewer)
    questions = Question.objects.all()
    return questions if shown is None else questions.filter(shown)


# The API pages by it from a cursor (``core.pagination.KeysetPagination``); index ``qa_question_activity``.
QUESTION_ORDER = ("-last_activity_at", "-id")


def question_list(
    *,
    viewer: Any,
    text: str = "",
    recommendation: Recommendation | None = None,
    group: Group | None = None,
    answered: bool | None = None,
    accepted: bool | None = None,
    asked_by: User | None = None,
) -> QuerySet[Question]:
    """The questions ``viewer`` may read, newest activity first, filtered; ``has_accepted`` annotated."""
    questions = _with_accepted(visible_questions(viewer))
    if asked_by is not None:
        questions = questions.filter(asked_by=asked_by)
    if text.strip():
        questions = matching(questions, text)
    if recommendation is not None:
        questions = questions.filter(recommendations=recommendation)
    if group is not None:
        questions = questions.filter(Q(group=group) | Q(group__parent=group))
    if answered is not None:
        questions = questions.filter(answer_count__gt=0) if answered else questions.filter(answer_count=0)
    if accepted is not None:
        questions = questions.filter(has_accepted=accepted)  # type: ignore[misc]  # annotated above
    return (
        questions.select_related("group__sector", "asked_by")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.select_related("sector")))
        .order_by(*QUESTION_ORDER)
    )


def question_detail(*, pk: int, viewer: Any) -> Question | None:
    """One question with what its page shows, if ``viewer`` may read it; None otherwise."""
    found = (
        _with_accepted(Question.objects.filter(pk=pk))
        .select_related("group__sector", "group__parent", "asked_by")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.select_related("sector")))
        .first()
    )
    if found is None or not viewer.has_perm("qa.view_post", found):
        return None
    return found


def post_of(kind: str, pk: int) -> Question | Answer | FollowUp | None:
    """A question, answer or follow-up ("question", "answer", "follow-up") with its thread and group loaded."""
    if kind == "question":
        return Question.objects.select_related("group__parent", "asked_by").filter(pk=pk).first()
    model: type[Answer] | type[FollowUp] = Answer if kind == "answer" else FollowUp
    if kind not in ("answer", "follow-up"):
        return None
    return model.objects.select_related("question__group__parent", "question__asked_by", "author").filter(pk=pk).first()


def kind_of(post: Question | Answer | FollowUp) -> str:
    """ "question", "answer" or "follow-up": how URLs and forms name the kind of a post."""
    if isinstance(post, Question):
        return "question"
    return "answer" if isinstance(post, Answer) else "follow-up"


# --- One thread ----------------------------------------------------------------------------------------------------


def expert_badges(*, user_ids: set[int], group: Group) -> dict[int, str]:
    """Who of ``user_ids`` is an expert of ``group`` or of its parent, with the code of that group ("SG16").

    An expert of the group itself is named with it rather than with the parent. One query.
    """
    if not user_ids:
        return {}
    groups = [group.pk] if group.parent_id is None else [group.pk, group.parent_id]
    roles = Role.objects.filter(
        kind=RoleKind.EXPERT, revoked_at__isnull=True, group_id__in=groups, user_id__in=user_ids
    ).values_list("user_id", "group_id", "group__code")
    badges: dict[int, str] = {}
    for user_id, group_id, code in roles:
        if group_id == group.pk or user_id not in badges:
            badges[user_id] = code
    return badges


@dataclass(frozen=True)
class PostView:
    """A post as the reader sees it: the expert badge of its author, the reader's vote and flag, open flags."""

    post: Question | Answer | FollowUp
    badge: str = ""
    my_vote: int = 0
    flagged_by_me: bool = False
    open_flags: int = 0
    is_accepted: bool = False
    follow_ups: tuple[PostView, ...] = field(default=())

    @property
    def kind(self) -> str:
        return kind_of(self.post)


ANSWERS_PER_PAGE = 30  # as Stack Exchange: a thread of hundreds stays one quick page at a time


@dataclass(frozen=True)
class Thread:
    """A question as its page and the API show it: answers best first (accepted, then score, then oldest).

    ``answers`` are one page of them (``page``) when the thread is read in pages, and all of them otherwise;
    ``answer_count`` counts every answer the reader may see.
    """

    question: PostView
    answers: tuple[PostView, ...]
    moderator: bool
    answer_count: int = 0
    page: Page[int] | None = None


def _answers_best_first(question: Question, shown: Q | None) -> QuerySet[Answer]:
    answers = Answer.objects.filter(question=question)
    if shown is not None:
        answers = answers.filter(shown)
    accepted_first = Case(
        When(pk=question.accepted_answer_id or 0, is_hidden=False, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return answers.annotate(accepted_first=accepted_first).order_by("accepted_first", "-score", "created_at", "pk")


def _page_of_answers(
    ranked: QuerySet[Answer], page: int | str | None, showing: int | None, per_page: int
) -> tuple[list[Answer], Page[int]]:
    """One page of the ranked answers: ``page`` if given, else the one with the answer ``showing`` (a link to an
    answer or to a follow-up under it), else the first. Two queries: the ranked ids, then the page's answers."""
    ids = list(ranked.values_list("pk", flat=True))
    paginator = Paginator(ids, per_page)
    if page in (None, "") and showing is not None and showing in ids:
        page = ids.index(showing) // per_page + 1
    chosen = paginator.get_page(page)
    found = Answer.objects.filter(pk__in=chosen.object_list).select_related("author", "hidden_by").in_bulk()
    return [found[pk] for pk in chosen.object_list if pk in found], chosen


def thread(
    *,
    question: Question,
    viewer: Any,
    page: int | str | None = None,
    showing: int | None = None,
    per_page: int | None = ANSWERS_PER_PAGE,
) -> Thread:
    """The question's answers and follow-ups ``viewer`` may read, with badges, votes and flags, in seven queries.

    With ``per_page`` (the page), one page of answers and the follow-ups on it; without (the API), every answer.
    """
    shown = visible_posts_filter(viewer, question)
    ranked = _answers_best_first(question, shown)
    chosen: Page[int] | None = None
    if per_page is None:
        answers = list(ranked.select_related("author", "hidden_by"))
    else:
        answers, chosen = _page_of_answers(ranked, page, showing, per_page)
    comments = FollowUp.objects.filter(question=question).select_related("author", "hidden_by")
    if chosen is not None:
        comments = comments.filter(Q(answer__isnull=True) | Q(answer__in=[answer.pk for answer in answers]))
    follow_ups = list((comments if shown is None else comments.filter(shown)).order_by("created_at", "pk"))
    # The rules read the thread of each post: known already, no query per post.
    for reply in answers:
        reply.question = question
    for comment in follow_ups:
        comment.question = question
    authors = {question.asked_by_id} | {a.author_id for a in answers} | {f.author_id for f in follow_ups}
    badges = expert_badges(user_ids=authors, group=question.group)
    votes: dict[int | None, int] = {}
    flagged: set[tuple[int | None, int | None]] = set()
    if viewer.is_authenticated:
        votes = dict(Vote.objects.filter(user=viewer, question=question).values_list("answer_id", "value"))
        flagged = set(
            Flag.objects.filter(user=viewer, question=question, resolved_at__isnull=True).values_list(
                "answer_id", "follow_up_id"
            )
        )
    moderator = moderates(viewer, question)
    open_flags: dict[tuple[int | None, int | None], int] = {}
    if moderator:
        counts = (
            Flag.objects.filter(question=question, resolved_at__isnull=True)
            .values_list("answer_id", "follow_up_id")
            .annotate(n=Count("pk"))
        )
        open_flags = {(answer_id, follow_up_id): n for answer_id, follow_up_id, n in counts}

    def follow_up_views(answer_id: int | None) -> tuple[PostView, ...]:
        return tuple(
            PostView(
                post=f,
                badge=badges.get(f.author_id, ""),
                flagged_by_me=(None, f.pk) in flagged,
                open_flags=open_flags.get((None, f.pk), 0),
            )
            for f in follow_ups
            if f.answer_id == answer_id
        )

    accepted_id = question.accepted_answer_id
    return Thread(
        question=PostView(
            post=question,
            badge=badges.get(question.asked_by_id, ""),
            my_vote=votes.get(None, 0),
            flagged_by_me=(None, None) in flagged,
            open_flags=open_flags.get((None, None), 0),
            follow_ups=follow_up_views(None),
        ),
        answers=tuple(
            PostView(
                post=answer,
                badge=badges.get(answer.author_id, ""),
                my_vote=votes.get(answer.pk, 0),
                flagged_by_me=(answer.pk, None) in flagged,
                open_flags=open_flags.get((answer.pk, None), 0),
                is_accepted=answer.pk == accepted_id and not answer.is_hidden,
                follow_ups=follow_up_views(answer.pk),
            )
            for answer in answers
        ),
        moderator=moderator,
        answer_count=len(answers) if chosen is None else chosen.paginator.count,
        page=chosen,
    )


# --- Moderation ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlaggedPost:
    """A post with open flags, as the moderation queue lists it."""

    post: Question | Answer | FollowUp
    question: Question
    flags: tuple[Flag, ...]

    @property
    def kind(self) -> str:
        return kind_of(self.post)

    @property
    def flaggers(self) -> int:
        return len({flag.user_id for flag in self.flags})


def flag_queue(*, viewer: Any) -> list[FlaggedPost]:
    """The posts with open flags in the questions ``viewer`` moderates, the most flagged first. One query."""
    flags = Flag.objects.filter(resolved_at__isnull=True)
    moderated = moderated_filter(viewer, prefix="question__")
    if moderated is not None:
        flags = flags.filter(moderated)
    flags = flags.select_related(
        "user", "question__group__sector", "question__asked_by", "answer__author", "follow_up__author"
    ).order_by("created_at", "pk")
    by_post: dict[tuple[int, int | None, int | None], list[Flag]] = defaultdict(list)
    for flag in flags:
        by_post[(flag.question_id, flag.answer_id, flag.follow_up_id)].append(flag)
    queue = []
    for raised in by_post.values():
        first = raised[0]
        post: Question | Answer | FollowUp = first.follow_up or first.answer or first.question
        if not isinstance(post, Question):
            post.question = first.question  # the thread, read once with the flags
        queue.append(FlaggedPost(post=post, question=first.question, flags=tuple(raised)))
    return sorted(queue, key=lambda item: (-item.flaggers, item.flags[0].created_at))


MODERATION_EVENTS = {
    "hidden": _("Hidden by a moderator"),
    "hidden_pending_review": _("Hidden pending review: flagged by three people"),
    "unhidden": _("Shown again"),
    "locked": _("Question locked"),
    "unlocked": _("Question unlocked"),
    "flags_dismissed": _("Flags dismissed: kept visible"),
}


@dataclass(frozen=True)
class ModerationEvent:
    """One moderation step on a post of a thread, from the posts' history and the flags."""

    when: datetime.datetime
    who: User | None
    kind: str
    post_id: int
    what: str
    note: str = ""
    answer_id: int | None = None  # the answer the post is or is under: the page of the thread to link to


def _history_events(model: Any, posts: Q, kind: str) -> list[ModerationEvent]:
    reasons = [f"qa.{kind.replace('-', '_')}.{step}" for step in MODERATION_EVENTS]
    history = model.history.model.objects.filter(posts, history_change_reason__in=reasons).select_related(
        "history_user"
    )
    events = []
    for row in history:
        step = row.history_change_reason.rsplit(".", 1)[1]
        note = row.hidden_reason if step == "hidden" else getattr(row, "lock_reason", "") if step == "locked" else ""
        events.append(
            ModerationEvent(
                when=row.history_date,
                who=row.history_user,
                kind=kind,
                post_id=row.id,
                what=str(MODERATION_EVENTS[step]),
                note=note,
                answer_id=row.id if kind == "answer" else getattr(row, "answer_id", None),
            )
        )
    return events


def moderation_history(*, question: Question) -> list[ModerationEvent]:
    """Every flag raised and dismissed and every moderation step on the question and its posts, oldest first. Four
    queries."""
    events = _history_events(Question, Q(id=question.pk), "question")
    events += _history_events(Answer, Q(question_id=question.pk), "answer")
    events += _history_events(FollowUp, Q(question_id=question.pk), "follow-up")
    dismissals: dict[tuple[str, int, Any], ModerationEvent] = {}
    for flag in Flag.objects.filter(question=question).select_related("user", "resolved_by", "follow_up"):
        kind = "follow-up" if flag.follow_up_id else "answer" if flag.answer_id else "question"
        post_id = flag.follow_up_id or flag.answer_id or question.pk
        answer_id = flag.follow_up.answer_id if flag.follow_up is not None else flag.answer_id
        what = _("Flagged: %(reason)s") % {"reason": flag.get_reason_display()}
        events.append(
            ModerationEvent(
                when=flag.created_at,
                who=flag.user,
                kind=kind,
                post_id=post_id,
                what=str(what),
                note=flag.note,
                answer_id=answer_id,
            )
        )
        if flag.outcome == FlagOutcome.KEPT and flag.resolved_at is not None:  # one event per review
            dismissals[(kind, post_id, flag.resolved_at)] = ModerationEvent(
                when=flag.resolved_at,
                who=flag.resolved_by,
                kind=kind,
                post_id=post_id,
                what=str(MODERATION_EVENTS["flags_dismissed"]),
                answer_id=answer_id,
            )
    return sorted([*events, *dismissals.values()], key=lambda event: event.when)


def experts_to_notify(question: Question) -> list[User]:
    """The active experts of the question's group or of its parent with an email address, the asker left out."""
    groups = [question.group_id] if question.group.parent_id is None else [question.group_id, question.group.parent_id]
    experts = Role.objects.filter(kind=RoleKind.EXPERT, revoked_at__isnull=True, group_id__in=groups).values("user_id")
    return list(
        User.objects.filter(pk__in=experts, is_active=True)
        .exclude(email="")
        .exclude(pk=question.asked_by_id)
        .select_related("person")
        .order_by("pk")
    )


# --- Unanswered questions and the feed -----------------------------------------------------------------------------


def unanswered_questions(*, viewer: Any, now: datetime.datetime | None = None) -> QuerySet[Question]:
    """Open, visible questions without a visible answer for longer than ``QA_UNANSWERED_AFTER_DAYS``, oldest
    first: every group's for the secretariat, else those of the groups ``viewer`` leads and of their subgroups."""
    cutoff = (now or timezone.now()) - unanswered_after()
    questions = Question.objects.filter(
        is_hidden=False, answer_count=0, state=QuestionState.OPEN, created_at__lt=cutoff
    )
    if not viewer.has_perm("qa.view_unanswered"):
        return questions.none()
    if not scopes_of(viewer).secretariat:
        led = led_groups(viewer)
        questions = questions.filter(Q(group__in=led) | Q(group__parent__in=led))
    return (
        questions.select_related("group__sector", "asked_by")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.select_related("sector")))
        .order_by("created_at", "pk")
    )


def latest_questions(*, recommendation: Recommendation, limit: int = 5) -> list[Question]:
    """The latest visible questions about a Recommendation, newest first (its page and its feed show them)."""
    return list(
        Question.objects.filter(recommendations=recommendation, is_hidden=False)
        .select_related("asked_by", "group__sector")
        .order_by("-created_at", "-pk")[:limit]
    )


def feed_questions(*, recommendation: Recommendation) -> list[Question]:
    """The questions of a Recommendation's feed."""
    return latest_questions(recommendation=recommendation, limit=FEED_LENGTH)
