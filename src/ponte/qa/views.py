"""Pages of the Standards Q&A: the list with its search, asking, a question's thread with its small action forms,
the moderators' flag queue, the unanswered questions for a group's leadership, and the feed per Recommendation.

Thin: parse the input, ask ``rules``, call one service or selector, render. Refused input answers 400 with the
errors at the form and saves nothing; an action someone may not take answers 403, a post they may not read 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ponte.core.actions import require_request
from ponte.core.text import plain_text
from ponte.qa import selectors, services
from ponte.qa.forms import (
    RECOMMENDATION_FIELDS,
    AnswerForm,
    FlagForm,
    FollowUpForm,
    HideForm,
    LockForm,
    QuestionFilterForm,
    QuestionForm,
    apply_errors,
    auto_id_for,
)
from ponte.qa.models import Answer, FollowUp, Post, Question
from ponte.standards.models import Recommendation

PER_PAGE = 20


def _question(request: HttpRequest, pk: int) -> Question:
    """The question if the reader may read it; hidden ones are "not found" for everyone else."""
    question = selectors.question_detail(pk=pk, viewer=request.user)
    if question is None:
        raise Http404
    return question


def _post(request: HttpRequest, kind: str, pk: int) -> Post:
    post = selectors.post_of(kind, pk)
    if post is None or not request.user.has_perm("qa.view_post", post):
        raise Http404
    return post


def _back_to(post: Post) -> HttpResponse:
    return redirect(post.get_absolute_url())


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- Reading -------------------------------------------------------------------------------------------------------


@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    """Questions, newest activity first, searched and filtered, with their answers, votes and badges."""
    form = QuestionFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    found = selectors.question_list(viewer=request.user, **filters)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "recommendation": filters.get("recommendation"),
        "recommendation_choices": selectors.recommendation_choices(),
        "may_ask": request.user.has_perm("qa.ask_question"),
        "may_review_flags": request.user.has_perm("qa.view_flag_queue"),
        "may_see_unanswered": request.user.has_perm("qa.view_unanswered"),
        "searched": bool(filters and any(value not in ("", None) for value in filters.values())),
    }
    return render(request, "qa/question_list.html", context)


def _detail_context(
    request: HttpRequest, question: Question, invalid: tuple[str, int, str, Any] | None = None
) -> dict[str, Any]:
    """What the question page shows; ``invalid`` is a refused form (kind and pk of its post, action, form), shown
    open with its errors at the fields."""
    user = request.user
    thread = selectors.thread(
        question=question,
        viewer=user,
        page=request.GET.get("page"),
        showing=_answer_shown(request, invalid),
    )
    invalid_forms = {} if invalid is None else {invalid[:3]: invalid[3]}
    return {
        "question": question,
        "thread": thread,
        "invalid_forms": invalid_forms,
        "answer_form": invalid_forms.get(("question", question.pk, "answer")) or AnswerForm(),
        "lock_form": LockForm(auto_id="lock-%s"),
        "may_answer": user.has_perm("qa.answer_question", question),
        "may_follow_up": user.has_perm("qa.follow_up", question),
        "is_asker": user.is_authenticated and question.asked_by_id == user.pk,
        "history": selectors.moderation_history(question=question) if thread.moderator else None,
    }


def _answer_shown(request: HttpRequest, invalid: tuple[str, int, str, Any] | None) -> int | None:
    """The answer whose page to show: the one a link names (``?answer=``), or the one a refused form is on."""
    if invalid is not None and invalid[0] == "answer":
        return invalid[1]
    if invalid is not None and invalid[0] == "follow-up":
        return FollowUp.objects.filter(pk=invalid[1]).values_list("answer_id", flat=True).first()
    named = request.GET.get("answer", "")
    return int(named) if named.isascii() and named.isdigit() and len(named) < 12 else None


def _refused_form(request: HttpRequest, post: Post, action: str, form: Any) -> HttpResponse:
    """The question page again, answering 400, with the refused form open at its post."""
    question = post if isinstance(post, Question) else post.question
    question = _question(request, question.pk)
    invalid = (selectors.kind_of(post), post.pk, action, form)
    return render(request, "qa/question_detail.html", _detail_context(request, question, invalid), status=400)


@require_GET
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    return render(request, "qa/question_detail.html", _detail_context(request, question))


# --- Asking and answering ------------------------------------------------------------------------------------------


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    """Ask the experts of a group; ``?recommendation=ITU-T H.702`` fills the first Recommendation in."""
    require_request(request, "qa.ask_question")
    # Bound on every POST, an empty one too: the errors below read the cleaned data.
    form = QuestionForm(request.POST if request.method == "POST" else None, initial=_initial_recommendation(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                question = services.ask_question(actor=request.user, **form.service_arguments())
            except ValidationError as error:
                apply_errors(form, error, {"recommendations": "recommendation_1"})
            else:
                messages.success(
                    request,
                    _("Your question was published. The experts of %(group)s were told.") % {"group": question.group},
                )
                return redirect(question)
        else:
            _other_errors(form)
        return render(request, "qa/question_form.html", _form_context(form), status=400)
    return render(request, "qa/question_form.html", _form_context(form))


def _other_errors(form: QuestionForm) -> None:
    """The service's errors too, so that a refused form shows every error at once (the group is not asked for
    while a Recommendation is unknown: it may come from it)."""
    try:
        services.check_question(**form.service_arguments())
    except ValidationError as error:
        known = {name: errors for name, errors in error.error_dict.items() if name not in form.errors}
        if any(name in form.errors for name in RECOMMENDATION_FIELDS):
            known.pop("group", None)
        if known:
            apply_errors(form, ValidationError(known), {"recommendations": "recommendation_1"})


def _initial_recommendation(request: HttpRequest) -> dict[str, str]:
    reference = request.GET.get("recommendation", "").strip()
    if not reference:
        return {}
    try:
        return QuestionForm.initial_for([selectors.find_recommendation(reference)])
    except ValidationError:
        return {}


def _form_context(form: QuestionForm, question: Question | None = None) -> dict[str, Any]:
    return {"form": form, "question": question, "recommendation_choices": selectors.recommendation_choices()}


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    require_request(request, "qa.edit_post", question)
    initial = {"title": question.title, "body": question.body}
    initial |= QuestionForm.initial_for(list(question.recommendations.all()))
    form = QuestionForm(request.POST or None, initial=initial, asking=False)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.edit_question(actor=request.user, question=question, **form.service_arguments())
            except ValidationError as error:
                apply_errors(form, error, {"recommendations": "recommendation_1"})
            else:
                messages.success(request, _("Your question was changed."))
                return redirect(question)
        return render(request, "qa/question_form.html", _form_context(form, question), status=400)
    return render(request, "qa/question_form.html", _form_context(form, question))


@login_required
@require_POST
def answer_create(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    if question.is_locked:
        messages.error(request, _("This question is locked: it takes no new answers."))
        return redirect(question)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer = services.answer_question(actor=request.user, question=question, body=form.cleaned_data["body"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your answer was published."))
            return redirect(answer.get_absolute_url())
    return _refused_form(request, question, "answer", form)


@login_required
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _post(request, "answer", pk)
    assert isinstance(answer, Answer)  # noqa: S101 - asked for an answer
    require_request(request, "qa.edit_post", answer)
    form = AnswerForm(request.POST or None, initial={"body": answer.body})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.edit_answer(actor=request.user, answer=answer, body=form.cleaned_data["body"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your answer was changed."))
                return redirect(answer.get_absolute_url())
        return render(request, "qa/answer_form.html", {"form": form, "answer": answer}, status=400)
    return render(request, "qa/answer_form.html", {"form": form, "answer": answer})


@login_required
@require_POST
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    if question.is_locked:
        messages.error(request, _("This question is locked: it takes no new follow-ups."))
        return redirect(question)
    answer_id = request.POST.get("answer", "")
    answer = Answer.objects.filter(pk=answer_id, question=question).first() if answer_id.isdigit() else None
    if answer_id and answer is None:
        raise Http404
    target: Post = answer or question
    form = FollowUpForm(request.POST, auto_id=auto_id_for(selectors.kind_of(target), target.pk, "follow-up"))
    if form.is_valid():
        try:
            comment = services.follow_up(
                actor=request.user, question=question, answer=answer, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your follow-up was published."))
            return redirect(comment.get_absolute_url())
    return _refused_form(request, target, "follow-up", form)


# --- Votes, acceptance, flags, moderation: small POST forms -------------------------------------------------------


@login_required
@require_POST
def vote(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    post = _post(request, kind, pk)
    if not isinstance(post, Question | Answer):
        raise Http404
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        value = 0
    try:
        now = services.vote(actor=request.user, post=post, value=value)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Your vote was recorded.") if now else _("Your vote was taken back."))
    return _back_to(post)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _post(request, "answer", pk)
    assert isinstance(answer, Answer)  # noqa: S101 - asked for an answer
    try:
        services.accept_answer(actor=request.user, answer=answer)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("You accepted this answer: readers will see it first."))
    return _back_to(answer)


@login_required
@require_POST
def withdraw_acceptance(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    try:
        services.withdraw_acceptance(actor=request.user, question=question)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("You took back the acceptance."))
    return redirect(question)


@login_required
@require_POST
def flag(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    post = _post(request, kind, pk)
    require_request(request, "qa.flag", post)
    form = FlagForm(request.POST, auto_id=auto_id_for(kind, post.pk, "flag"))
    if form.is_valid():
        try:
            services.flag_post(
                actor=request.user, post=post, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: the moderators will look at it."))
            return _back_to(post)
    return _refused_form(request, post, "flag", form)


@login_required
@require_POST
def moderate(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    """Hide, unhide or dismiss the flags of a post; the queue's forms come back to the queue."""
    post = _post(request, kind, pk)
    require_request(request, "qa.moderate", post)
    from_queue = request.POST.get("next") == "flags"
    form = HideForm(request.POST, auto_id=auto_id_for(kind, post.pk, "hide"))
    try:
        if action == "hide":
            services.hide_post(actor=request.user, post=post, reason=request.POST.get("reason", ""))
            messages.success(request, _("It is hidden. Its author and the moderators still see it."))
        elif action == "unhide":
            services.unhide_post(actor=request.user, post=post)
            messages.success(request, _("It is shown again."))
        else:
            services.dismiss_flags(actor=request.user, post=post)
            messages.success(request, _("The flags were dismissed; it stays visible."))
    except ValidationError as error:
        if action != "hide" or from_queue:
            _refused(request, error)
        else:
            form.is_valid()
            apply_errors(form, error)
            return _refused_form(request, post, "hide", form)
    return redirect("qa:flags") if from_queue else _back_to(post)


@login_required
@require_POST
def lock(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    question = _question(request, pk)
    require_request(request, "qa.moderate", question)
    try:
        if action == "lock":
            services.lock_question(actor=request.user, question=question, reason=request.POST.get("reason", ""))
            messages.success(request, _("The question is locked: no new answers or follow-ups."))
        else:
            services.unlock_question(actor=request.user, question=question)
            messages.success(request, _("The question is open again."))
    except ValidationError as error:
        _refused(request, error)
    return redirect(question)


# --- Moderators and leadership -------------------------------------------------------------------------------------


@login_required
@require_GET
def flag_queue(request: HttpRequest) -> HttpResponse:
    """The flagged posts of the questions the moderator moderates, the most flagged first."""
    require_request(request, "qa.view_flag_queue")
    page = Paginator(selectors.flag_queue(viewer=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "qa/flag_queue.html", {"page": page})


@login_required
@require_GET
def unanswered(request: HttpRequest) -> HttpResponse:
    """Questions waiting too long for an answer, for the leadership of their groups and the secretariat."""
    require_request(request, "qa.view_unanswered")
    page = Paginator(selectors.unanswered_questions(viewer=request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "days": selectors.unanswered_after().days}
    return render(request, "qa/unanswered.html", context)


# --- The feed per Recommendation -----------------------------------------------------------------------------------


class RecommendationFeed(Feed):  # type: ignore[type-arg]
    """The latest questions about a Recommendation (Atom). Titles are plain text; the summaries are the words of the
    questions without markup, escaped, so no feed reader ever runs what someone wrote."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, sector: str, identifier: str) -> Recommendation:
        found = Recommendation.objects.select_related("sector").filter(
            sector__code__iexact=sector, identifier__iexact=identifier
        )
        recommendation = found.first()
        if recommendation is None:
            raise Http404
        return recommendation

    def title(self, obj: Recommendation) -> str:
        return _("Standards Q&A: questions about %(recommendation)s") % {"recommendation": obj}

    def subtitle(self, obj: Recommendation) -> str:
        return str(obj.title)

    def link(self, obj: Recommendation) -> str:
        return f"{reverse('qa:question_list')}?recommendation={obj.sector.code}+{obj.identifier}"

    def items(self, obj: Recommendation) -> list[Question]:
        return selectors.feed_questions(recommendation=obj)

    def item_title(self, item: Question) -> str:
        return item.title

    def item_description(self, item: Question) -> str:
        return escape(plain_text(item.body))  # the feed says type="html": escaped, its reader shows it as text

    def item_link(self, item: Question) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Question) -> Any:
        return item.created_at

    def item_updateddate(self, item: Question) -> Any:
        return item.last_activity_at

    def item_author_name(self, item: Question) -> str:
        return selectors.public_name(item.asked_by)

    def item_categories(self, item: Question) -> list[str]:
        return [str(item.group)]
