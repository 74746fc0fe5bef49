"""The Standards Q&A (WTSA Resolution 44, DOMAIN.md §2): people ask how to understand and apply a Recommendation,
study-group experts answer.

A question belongs to one group (the study group that can answer it) and names the Recommendations it is about.
Answers and short follow-ups hang under it; people vote on questions and answers and flag what breaks the rules.
Moderation hides a post (it stays, visible to its author and the moderators, marked hidden) or locks a question
(no new answers or follow-ups). Every row keeps its history (django-simple-history); counters (answers, score,
last activity) are derived values written with ``UPDATE``, so they leave no history rows of their own.

Questions are written in any of the six languages; ``QuestionSearchTerm`` is the search index of their texts
(see ``ponte.qa.selectors.search``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ponte.core.models import Group, User
from ponte.partnerships.search_models import TermField


class QuestionState(models.TextChoices):
    OPEN = "open", _("Open")
    LOCKED = "locked", _("Locked")


class HiddenCause(models.TextChoices):
    MODERATOR = "moderator", _("Hidden by a moderator")
    FLAGS = "flags", _("Hidden pending review after flags")


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Rude or offensive")
    OFF_TOPIC = "off_topic", _("Not about standards or their use")
    OTHER = "other", _("Something else")


class FlagOutcome(models.TextChoices):
    KEPT = "kept", _("Kept: the post breaks no rule")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Moderated(models.Model):
    """What a moderator (or three flags) can do to a post: hide it, saying why, with who and when."""

    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_cause = models.CharField(_("hidden because"), max_length=12, choices=HiddenCause.choices, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("hidden by")
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def pending_review(self) -> bool:
        """Hidden by flags until a moderator looks at it."""
        return self.is_hidden and self.hidden_cause == HiddenCause.FLAGS


def _language_choices() -> list[tuple[str, Any]]:
    return list(settings.LANGUAGES)


class Question(Moderated):
    """A question about understanding or applying Recommendations, for the experts of one group."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("question"), help_text=_("Markdown: **bold**, *italic*, lists and links."))
    asked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="qa_questions", verbose_name=_("asked by")
    )
    language = models.CharField(
        _("written in"), max_length=10, choices=_language_choices(), default=settings.LANGUAGE_CODE
    )
    recommendations: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "standards.Recommendation", blank=True, related_name="qa_questions", verbose_name=_("Recommendations")
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="qa_questions", verbose_name=_("group"))
    accepted_answer = models.OneToOneField(
        "Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("accepted answer")
    )
    state = models.CharField(_("state"), max_length=10, choices=QuestionState.choices, default=QuestionState.OPEN)
    lock_reason = models.CharField(_("reason for locking"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    answer_count = models.PositiveIntegerField(_("visible answers"), default=0)
    score = models.IntegerField(_("score"), default=0)
    experts_notified_at = models.DateTimeField(_("experts notified at"), null=True, blank=True)
    experts_notified = models.PositiveIntegerField(_("experts notified"), default=0)
    leadership_reminded_at = models.DateTimeField(_("leadership reminded at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[recommendations])

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["-last_activity_at", "-id"], name="qa_question_activity"),
            models.Index(fields=["group", "answer_count", "created_at"], name="qa_question_unanswered"),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("qa:question_detail", kwargs={"pk": self.pk})

    @property
    def question(self) -> Question:
        """The thread a post belongs to: for a question, itself."""
        return self

    @property
    def author_id(self) -> int:
        return self.asked_by_id

    @property
    def is_locked(self) -> bool:
        return self.state == QuestionState.LOCKED


class Answer(Moderated):
    """An answer to a question."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    body = models.TextField(_("answer"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="qa_answers", verbose_name=_("author"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    score = models.IntegerField(_("score"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "is_hidden"], name="qa_answer_by_question")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question} — {self.pk}"

    def get_absolute_url(self) -> str:
        # The thread is read in pages: ``?answer=`` opens the one with this answer.
        return f"{self.question.get_absolute_url()}?answer={self.pk}#answer-{self.pk}"


class FollowUp(Moderated):
    """A short comment under a question or one of its answers: a request to clarify, a thank-you, a pointer."""

    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("question")
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("answer"),
        help_text=_("Empty when the follow-up is on the question itself."),
    )
    body = models.CharField(_("follow-up"), max_length=600)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="qa_follow_ups", verbose_name=_("author"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        on_page = f"?answer={self.answer_id}" if self.answer_id else ""  # the page of its answer
        return f"{self.question.get_absolute_url()}{on_page}#follow-up-{self.pk}"


class Vote(models.Model):
    """One person's +1 or -1 on a question (``answer`` empty) or on one of its answers."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="qa_votes", verbose_name=_("voter"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="votes", verbose_name=_("question"))
    answer = models.ForeignKey(
        Answer, on_delete=models.PROTECT, null=True, blank=True, related_name="votes", verbose_name=_("answer")
    )
    value = models.SmallIntegerField(_("vote"), choices=[(1, "+1"), (-1, "-1")])
    created_at = models.DateTimeField(_("voted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"], condition=Q(answer__isnull=True), name="qa_one_vote_per_question"
            ),
            models.UniqueConstraint(
                fields=["user", "answer"], condition=Q(answer__isnull=False), name="qa_one_vote_per_answer"
            ),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="qa_vote_is_plus_or_minus_one"),
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.user_id} {self.value:+d}"


class Flag(models.Model):
    """Someone telling the moderators that a question, answer or follow-up breaks the rules.

    ``question`` is always the thread; ``answer`` or ``follow_up`` says which post of it is flagged.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="qa_flags", verbose_name=_("flagged by"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="flags", verbose_name=_("question"))
    answer = models.ForeignKey(
        Answer, on_delete=models.PROTECT, null=True, blank=True, related_name="flags", verbose_name=_("answer")
    )
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.PROTECT, null=True, blank=True, related_name="flags", verbose_name=_("follow-up")
    )
    reason = models.CharField(_("reason"), max_length=12, choices=FlagReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("flagged at"), default=timezone.now)
    resolved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("resolved by")
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=FlagOutcome.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(answer__isnull=True, follow_up__isnull=True, resolved_at__isnull=True),
                name="qa_one_open_flag_per_question",
            ),
            models.UniqueConstraint(
                fields=["user", "answer"],
                condition=Q(answer__isnull=False, follow_up__isnull=True, resolved_at__isnull=True),
                name="qa_one_open_flag_per_answer",
            ),
            models.UniqueConstraint(
                fields=["user", "follow_up"],
                condition=Q(follow_up__isnull=False, resolved_at__isnull=True),
                name="qa_one_open_flag_per_follow_up",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "question"], name="qa_flag_open")]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.user_id})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class QuestionSearchTerm(models.Model):
    """A normalised term of a question's title or text (``ponte.partnerships.search.document_terms``): CJK as
    character pairs, Arabic unified, accents folded. Derived from the question, rebuilt when it changes."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("question")
    )
    term = TermField(_("term"), max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "term"], name="qa_term_once_per_question")]
        indexes = [models.Index(fields=["term", "question"], name="qa_term_lookup")]
        verbose_name = _("question search term")
        verbose_name_plural = _("question search terms")

    def __str__(self) -> str:
        return self.term


Post = Question | Answer | FollowUp
