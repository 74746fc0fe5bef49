"""Reads of "My portal": what concerns one person, gathered from every app, each item linking to where it is acted on.

Nothing here decides a rule another app owns: invoices due, applications, questions, meetings, registrations,
contributions and recommended opportunities are read through those apps' selectors (``due_invoices``,
``applications_for``, ``question_list``, ``meetings``, ``registrations_of``, ``contributions``,
``recommended_for``), narrowed to the person. Every section is a count and at most ``LIMIT`` items, each a
constant number of queries however many rows there are (a test counts them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.core.models import Affiliation, Organisation, User
from ponte.core.rules import Scopes, scopes_of
from ponte.experts.models import Certificate
from ponte.meetings import selectors as meeting_selectors
from ponte.meetings.models import Contribution, Fellowship, Meeting, Registration
from ponte.meetings.selectors.contributions import contributions as contribution_list
from ponte.membership import selectors as membership_selectors
from ponte.membership.models import ApplicationState
from ponte.opportunities import selectors as opportunity_selectors
from ponte.opportunities.models import OpportunityState
from ponte.portal.models import Follow, FollowKind
from ponte.qa import selectors as qa_selectors
from ponte.qa.models import Answer, Question, QuestionState
from ponte.standards.models import RecommendationStatus

LIMIT = 5
# An answer is "new" on the asker's portal for two weeks.
NEW_WITHIN = datetime.timedelta(days=14)


@dataclass(frozen=True)
class Item:
    """One line of a section: what it is, where it is acted on, and its state in a few words."""

    title: str
    url: str
    detail: str = ""
    state: str = ""
    is_new: bool = False
    needs_action: bool = False


@dataclass(frozen=True)
class Section:
    """A part of the portal: how many there are, the first few, the full list, and how to start when empty."""

    key: str
    title: str
    count: int
    items: tuple[Item, ...]
    more_url: str
    more_label: str
    empty: str
    start_url: str = ""
    start_label: str = ""
    needs_action: bool = False


@dataclass(frozen=True)
class Viewer:
    """Who the portal is for, read once: the account, its role scopes, its organisations, the day."""

    user: User
    scopes: Scopes
    organisations: frozenset[int]
    today: datetime.date
    now: datetime.datetime


@dataclass(frozen=True)
class Portal:
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def filled(self) -> tuple[Section, ...]:
        """The sections with something in them (the page's quick links lead to them)."""
        return tuple(section for section in self.sections if section.count)

    @property
    def action_count(self) -> int:
        """How many things wait for the person (the sections that need action)."""
        return sum(section.count for section in self.sections if section.needs_action)


def _day(day: datetime.date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else ""


def _url(name: str, query: dict[str, Any] | None = None, **kwargs: Any) -> str:
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url


def _first(rows: QuerySet[Any]) -> tuple[int, list[Any]]:
    """The count and the first ``LIMIT`` rows: two queries, none for the rows when there are none."""
    count = rows.count()
    return count, list(rows[:LIMIT]) if count else []


def _count(rows: QuerySet[Any], by: str) -> Coalesce:
    """A correlated ``COUNT`` of ``rows`` grouped by ``by`` (already filtered on an ``OuterRef``), 0 when none."""
    counted = rows.order_by().values(by).annotate(found=Count("pk")).values("found")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# --- Things needing action -----------------------------------------------------------------------------------------


def _invoices(viewer: Viewer) -> Section:
    due = membership_selectors.due_invoices(organisation_ids=viewer.scopes.organisations)
    count, invoices = _first(due.select_related("organisation").order_by("due_on", "number"))
    items = []
    for invoice in invoices:
        left = invoice.total - invoice.paid
        overdue = invoice.due_on < viewer.today
        items.append(
            Item(
                title=f"{invoice.number} · {invoice.organisation.name}",
                url=invoice.get_absolute_url(),
                detail=_("%(amount)s %(currency)s to pay by %(date)s")
                % {
                    "amount": formats.number_format(left, 2, use_l10n=True),
                    "currency": invoice.currency,
                    "date": _day(invoice.due_on),
                },
                state=_("Overdue") if overdue else _("Due"),
                needs_action=True,
            )
        )
    return Section(
        key="invoices",
        title=_("Invoices to pay"),
        count=count,
        items=tuple(items),
        more_url=_url("membership:invoice_list", {"state": "issued"}),
        more_label=_("All invoices"),
        empty=(
            _("Nothing to pay: your organisations have no invoice due.")
            if viewer.organisations
            else _("Invoices are sent to the organisations you represent; you represent none yet.")
        ),
        start_url="" if viewer.organisations else reverse("membership:my_programme"),
        start_label="" if viewer.organisations else _("How to take part"),
        needs_action=True,
    )


def _applications(viewer: Viewer) -> Section:
    waiting = Q(
        organisation_id__in=viewer.organisations, state__in=[ApplicationState.INTERESTED, ApplicationState.DRAFT]
    )
    waiting |= Q(organisation__country_id__in=viewer.scopes.countries, state=ApplicationState.SUBMITTED)
    applications = membership_selectors.applications_for(user=viewer.user).filter(waiting, is_placeholder=False)
    count, rows = _first(applications.order_by("created_at", "pk"))
    items = []
    for application in rows:
        mine = application.organisation_id in viewer.organisations
        items.append(
            Item(
                title=f"{application.organisation.name} · {application.get_kind_display()}",
                url=reverse("membership:application_detail", kwargs={"pk": application.pk}),
                detail=(
                    _("Complete it and submit it to your national administration.")
                    if mine
                    else _("Submitted on %(date)s: it waits for your decision.")
                    % {"date": _day(application.submitted_at.date() if application.submitted_at else None)}
                ),
                state=application.get_state_display(),
                needs_action=True,
            )
        )
    return Section(
        key="applications",
        title=_("Applications waiting for you"),
        count=count,
        items=tuple(items),
        more_url=reverse("membership:application_list"),
        more_label=_("All applications"),
        empty=_("No application waits for you."),
        start_url=reverse("membership:my_programme") if viewer.organisations else "",
        start_label=_("See your programme") if viewer.organisations else "",
        needs_action=True,
    )


def _questions_to_answer(viewer: Viewer) -> Section:
    groups = viewer.scopes.groups
    questions = (
        qa_selectors.question_list(viewer=viewer.user, answered=False)
        .filter(Q(group__in=groups) | Q(group__parent__in=groups), state=QuestionState.OPEN, is_hidden=False)
        .exclude(asked_by=viewer.user)
        .order_by("created_at", "pk")
    )
    count, rows = _first(questions) if groups else (0, [])
    items = tuple(
        Item(
            title=question.title,
            url=question.get_absolute_url(),
            detail=_("%(group)s · asked on %(date)s") % {"group": question.group, "date": _day(question.created_at)},
            state=_("Unanswered"),
            needs_action=True,
        )
        for question in rows
    )
    first_group = min(groups) if groups else None
    return Section(
        key="questions_to_answer",
        title=_("Questions you may answer"),
        count=count,
        items=items,
        more_url=_url("qa:question_list", {"status": "unanswered", "group": first_group} if first_group else None),
        more_label=_("Unanswered questions"),
        empty=(
            _("Every question to your groups has an answer. Thank you!")
            if groups
            else _("Experts of a study group see here the Standards Q&A questions waiting for their answer.")
        ),
        needs_action=True,
    )


# --- Meetings, registrations, fellowships, contributions -------------------------------------------------------


def _followed(viewer: Viewer, kind: FollowKind) -> QuerySet[Follow]:
    return Follow.objects.filter(user=viewer.user, **{f"{kind.value}__isnull": False})


def _meetings(viewer: Viewer) -> Section:
    followed = _followed(viewer, FollowKind.GROUP).values("group_id")
    affiliated = Affiliation.objects.filter(person__user=viewer.user, ended_on__isnull=True).values("organisation_id")
    of_organisations = Organisation.groups.through.objects.filter(
        Q(organisation_id__in=viewer.organisations) | Q(organisation_id__in=Subquery(affiliated))
    ).values("group_id")
    groups = Q(group__in=Subquery(followed)) | Q(group__in=Subquery(of_organisations))
    groups |= Q(group__parent__in=Subquery(followed)) | Q(group__parent__in=Subquery(of_organisations))
    mine = Registration.objects.filter(person__user=viewer.user, state__in=meeting_selectors.ACTIVE)
    meetings = (
        meeting_selectors.meetings()
        .filter(groups)
        .prefetch_related(Prefetch("registrations", queryset=mine, to_attr="my_registrations"))
    )
    count, rows = _first(meetings)
    items = tuple(_meeting_item(viewer, meeting) for meeting in rows)
    return Section(
        key="meetings",
        title=_("Upcoming meetings of your groups"),
        count=count,
        items=items,
        more_url=reverse("meetings:meeting_list"),
        more_label=_("All meetings"),
        empty=_("Follow a group (the “Follow” button on its page) to see its next meetings here."),
        start_url=reverse("core:group_list"),
        start_label=_("Find a group"),
    )


def _meeting_item(viewer: Viewer, meeting: Meeting) -> Item:
    registrations: list[Registration] = meeting.my_registrations  # type: ignore[attr-defined]
    where = _("Virtual") if meeting.is_virtual else meeting.city
    detail = _("%(group)s · %(start)s to %(end)s · %(place)s") % {
        "group": meeting.group,
        "start": _day(meeting.starts_on),
        "end": _day(meeting.ends_on),
        "place": where,
    }
    if registrations:
        state = _("Registered: %(state)s") % {"state": registrations[0].get_state_display()}
    elif meeting.registration_deadline and meeting.registration_deadline < viewer.today:
        state = _("Registration closed")
    elif meeting.registration_deadline:
        state = _("Not registered: register by %(date)s") % {"date": _day(meeting.registration_deadline)}
    else:
        state = _("Not registered")
    return Item(title=str(meeting.title), url=meeting.get_absolute_url(), detail=detail, state=state)


def _registrations(viewer: Viewer) -> Section:
    registrations = (
        meeting_selectors.registrations_of(user=viewer.user)
        .filter(state__in=meeting_selectors.ACTIVE, meeting__ends_on__gte=viewer.today)
        .order_by("meeting__starts_on", "pk")
    )
    count, rows = _first(registrations)
    items = []
    for registration in rows:
        person = registration.person
        who = "" if person.user_id == viewer.user.pk else f"{person.full_name} · "
        items.append(
            Item(
                title=str(registration.meeting.title),
                url=registration.meeting.get_absolute_url(),
                detail=f"{who}{_day(registration.meeting.starts_on)} · {registration.get_mode_display()}",
                state=registration.get_state_display(),
                needs_action=registration.state == "pending_payment",
            )
        )
    return Section(
        key="registrations",
        title=_("Your registrations"),
        count=count,
        items=tuple(items),
        more_url=reverse("meetings:my_meetings"),
        more_label=_("My meetings"),
        empty=_("You are not registered for any upcoming meeting."),
        start_url=reverse("meetings:meeting_list"),
        start_label=_("Find a meeting"),
    )


def _fellowships(viewer: Viewer) -> Section:
    fellowships = (
        Fellowship.objects.filter(Q(person__user=viewer.user) | Q(country_id__in=viewer.scopes.countries))
        .select_related("meeting__group__sector", "person", "country")
        .order_by("-meeting__starts_on", "pk")
    )
    count, rows = _first(fellowships)
    items = []
    for fellowship in rows:
        own = fellowship.person.user_id == viewer.user.pk
        items.append(
            Item(
                title=str(fellowship.meeting.title),
                url=fellowship.meeting.get_absolute_url() if own else reverse("meetings:fellowship_mine"),
                detail=_("%(person)s, %(country)s · %(date)s")
                % {
                    "person": fellowship.person.full_name,
                    "country": fellowship.country.name,
                    "date": _day(fellowship.meeting.starts_on),
                },
                state=fellowship.get_state_display(),
            )
        )
    focal_point = bool(viewer.scopes.countries)
    return Section(
        key="fellowships",
        title=_("Fellowships"),
        count=count,
        items=tuple(items),
        more_url=reverse("meetings:fellowship_mine") if focal_point else reverse("meetings:meeting_list"),
        more_label=_("Your nominations") if focal_point else _("Meetings"),
        empty=(
            _("No nomination yet: nominate your country's candidates from a meeting's page.")
            if focal_point
            else _(
                "Fellowships help delegates of developing countries attend meetings; "
                "your country's focal point nominates the candidates."
            )
        ),
    )


def _contributions(viewer: Viewer) -> Section:
    sourced = Contribution.sources.through.objects.filter(
        contribution_id=OuterRef("pk"), organisation_id__in=viewer.organisations
    )
    found = contribution_list().filter(Q(submitted_by=viewer.user) | Exists(sourced))
    count, rows = _first(found)
    items = tuple(
        Item(
            title=f"{contribution} · {contribution.title}",
            url=reverse("meetings:contribution_detail", kwargs={"number": contribution.number}),
            detail=_("%(group)s · submitted on %(date)s")
            % {"group": contribution.group, "date": _day(contribution.submitted_at)},
            state=", ".join(source.name for source in contribution.sources.all()),
        )
        for contribution in rows
    )
    organisations = sorted(viewer.organisations)
    return Section(
        key="contributions",
        title=_("Contributions"),
        count=count,
        items=items,
        more_url=_url("meetings:contribution_list", {"source": organisations[0]} if len(organisations) == 1 else None),
        more_label=_("All contributions"),
        empty=(
            _("Your organisations have not submitted a contribution yet.")
            if organisations
            else _("Representatives of an organisation submit its contributions to a group's meetings.")
        ),
        start_url=reverse("meetings:contribution_submit") if organisations else "",
        start_label=_("Submit a contribution") if organisations else "",
    )


# --- Standards Q&A, opportunities, certificates -------------------------------------------------------------------


def _questions_asked(viewer: Viewer) -> Section:
    new_answers = Answer.objects.filter(
        question=OuterRef("pk"), is_hidden=False, created_at__gte=viewer.now - NEW_WITHIN
    ).exclude(author=viewer.user)
    questions = qa_selectors.question_list(viewer=viewer.user, asked_by=viewer.user).annotate(
        new_answers=_count(new_answers, "question")
    )
    count, rows = _first(questions)
    items = []
    for question in rows:
        new: int = question.new_answers
        answers = ngettext("%(count)s answer", "%(count)s answers", question.answer_count) % {
            "count": question.answer_count
        }
        items.append(
            Item(
                title=question.title,
                url=question.get_absolute_url(),
                detail=f"{question.group} · {answers}",
                state=ngettext("%(count)s new answer", "%(count)s new answers", new) % {"count": new} if new else "",
                is_new=bool(new),
            )
        )
    return Section(
        key="questions_asked",
        title=_("Your questions"),
        count=count,
        items=tuple(items),
        more_url=_url("qa:question_list", {"mine": "on"}),
        more_label=_("All your questions"),
        empty=_("Ask the study groups' experts how to understand or apply a Recommendation."),
        start_url=reverse("qa:ask"),
        start_label=_("Ask a question"),
    )


def _recommended_opportunities(viewer: Viewer) -> Section:
    organisations = opportunity_selectors.represented_organisations(user=viewer.user)
    best: dict[int, tuple[opportunity_selectors.Recommendation, Organisation]] = {}
    for organisation in organisations:
        for found in opportunity_selectors.recommended_for(organisation):
            kept = best.get(found.opportunity.pk)
            if kept is None or found.score > kept[0].score:
                best[found.opportunity.pk] = (found, organisation)
    ranked = sorted(best.values(), key=lambda pair: -pair[0].score)
    several = len(organisations) > 1
    items = tuple(
        Item(
            title=str(found.opportunity.title),
            url=found.opportunity.get_absolute_url(),
            detail=_("Matches: %(reason)s") % {"reason": found.reason},
            state=organisation.name if several else "",
        )
        for found, organisation in ranked[:LIMIT]
    )
    return Section(
        key="opportunities",
        title=_("Opportunities for your organisation"),
        count=len(ranked),
        items=items,
        more_url=reverse("opportunities:mine") if organisations else reverse("opportunities:list"),
        more_label=_("My opportunities") if organisations else _("Partner opportunities"),
        empty=(
            _("Nothing matches your organisation's focus yet: set or widen it to be told of new opportunities.")
            if organisations
            else _("Opportunities are recommended to the organisations you represent, from the focus they set.")
        ),
        start_url=reverse("opportunities:mine") if organisations else reverse("opportunities:list"),
        start_label=_("Set your focus") if organisations else _("Browse the opportunities"),
    )


def _certificates(viewer: Viewer) -> Section:
    certificates = Certificate.objects.filter(person__user=viewer.user).order_by("-issued_on", "number")
    count, rows = _first(certificates)
    items = tuple(
        Item(
            title=certificate.number,
            url=_url("experts:verify", {"number": certificate.number}),
            detail=_("Issued on %(issued)s, valid until %(expires)s")
            % {"issued": _day(certificate.issued_on), "expires": _day(certificate.expires_on)},
            state=str(certificate.status_on(viewer.today).label),
        )
        for certificate in rows
    )
    return Section(
        key="certificates",
        title=_("Your certificates"),
        count=count,
        items=items,
        more_url=reverse("experts:registry"),
        more_label=_("Registry of certified experts"),
        empty=_("Experts trained at the innovation workshops receive a certificate; it will be listed here."),
        start_url=reverse("experts:index"),
        start_label=_("About the workshops"),
    )


# --- What the person follows ------------------------------------------------------------------------------------


def _followed_recommendations(viewer: Viewer) -> Section:
    through = Question.recommendations.through
    new_questions = through.objects.filter(
        recommendation_id=OuterRef("recommendation_id"),
        question__is_hidden=False,
        question__created_at__gt=OuterRef("created_at"),
    )
    follows = (
        _followed(viewer, FollowKind.RECOMMENDATION)
        .select_related("recommendation__sector", "recommendation__superseded_by__sector")
        .annotate(new_questions=_count(new_questions, "recommendation_id"))
    )
    count, rows = _first(follows)
    items = []
    for follow in rows:
        recommendation = follow.recommendation
        new: int = follow.new_questions
        news = []
        if recommendation.status == RecommendationStatus.SUPERSEDED and recommendation.superseded_by:
            news.append(_("New version: %(reference)s") % {"reference": recommendation.superseded_by})
        if new:
            news.append(ngettext("%(count)s new question", "%(count)s new questions", new) % {"count": new})
        items.append(
            Item(
                title=f"{recommendation} · {recommendation.title}",
                url=recommendation.get_absolute_url(),
                detail=recommendation.get_status_display(),
                state=" · ".join(news),
                is_new=bool(news) or recommendation.updated_at > follow.created_at,
            )
        )
    return Section(
        key="followed_recommendations",
        title=_("Recommendations you follow"),
        count=count,
        items=tuple(items),
        more_url=reverse("standards:recommendation_list"),
        more_label=_("Recommendations"),
        empty=_("Follow a Recommendation from its page to hear of its new versions and questions."),
        start_url=reverse("standards:recommendation_list"),
        start_label=_("Browse the Recommendations"),
    )


def _followed_opportunities(viewer: Viewer) -> Section:
    follows = _followed(viewer, FollowKind.OPPORTUNITY).select_related("opportunity")
    count, rows = _first(follows)
    items = tuple(
        Item(
            title=str(follow.opportunity.title),
            url=follow.opportunity.get_absolute_url(),
            detail=_("Published on %(date)s") % {"date": _day(follow.opportunity.published_at)},
            state=follow.opportunity.get_state_display(),
            is_new=follow.opportunity.state == OpportunityState.PUBLISHED
            and follow.opportunity.updated_at > follow.created_at,
        )
        for follow in rows
    )
    return Section(
        key="followed_opportunities",
        title=_("Opportunities you follow"),
        count=count,
        items=items,
        more_url=reverse("opportunities:list"),
        more_label=_("Partner opportunities"),
        empty=_("Follow a partner opportunity from its page to find it here again."),
        start_url=reverse("opportunities:list"),
        start_label=_("Browse the opportunities"),
    )


def _followed_groups(viewer: Viewer) -> Section:
    follows = _followed(viewer, FollowKind.GROUP).select_related("group__sector")
    count, rows = _first(follows)
    items = tuple(
        Item(title=f"{follow.group}: {follow.group.title}", url=follow.group.get_absolute_url()) for follow in rows
    )
    return Section(
        key="followed_groups",
        title=_("Groups you follow"),
        count=count,
        items=items,
        more_url=reverse("core:group_list"),
        more_label=_("All groups"),
        empty=_("Follow a study group from its page to see its meetings above."),
        start_url=reverse("core:group_list"),
        start_label=_("Find a group"),
    )


SECTIONS = (
    _invoices,
    _applications,
    _questions_to_answer,
    _meetings,
    _registrations,
    _fellowships,
    _contributions,
    _questions_asked,
    _recommended_opportunities,
    _certificates,
    _followed_recommendations,
    _followed_opportunities,
    _followed_groups,
)


def portal_for(*, user: User) -> Portal:
    """Everything that concerns ``user``, things needing action first; only their own items."""
    scopes = scopes_of(user)
    now = timezone.now()
    viewer = Viewer(
        user=user,
        scopes=scopes,
        organisations=frozenset(
            Organisation.objects.filter(pk__in=scopes.organisations, is_active=True).values_list("pk", flat=True)
        ),
        today=timezone.localdate(now),
        now=now,
    )
    return Portal(sections=tuple(section(viewer) for section in SECTIONS))


# --- Follows ------------------------------------------------------------------------------------------------------


def follows_of(*, user: User) -> QuerySet[Follow]:
    """Everything the account follows, newest first, with its target."""
    return Follow.objects.filter(user=user).select_related("group__sector", "recommendation__sector", "opportunity")


def follow_of(*, user: Any, target: Any) -> Follow | None:
    """The account's follow of ``target``, if any (``None`` for anonymous visitors)."""
    from ponte.portal.services import kind_of

    if user is None or not user.is_authenticated:
        return None
    return Follow.objects.filter(user=user, **{kind_of(target).value: target}).first()
