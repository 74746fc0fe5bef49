"""Meetings own leadership posts: who chairs, vice-chairs, reports on a Question or mentors in a group, and when.

Only the secretariat records appointments and ends terms. Who may hold a post is
decided by ``membership.rights`` alone: a chair, vice-chair, rapporteur or
associate rapporteur needs ``Right.HOLD_LEADERSHIP``, which SMEs lack (seed 000),
archived organisations lack, and members with suspended rights lack. A mentor
needs only ``Right.ATTEND_MEETINGS``: mentoring newcomers (WTSA Resolution 44)
is help given in the meetings, not a decision post, so an SME's expert may
mentor. The person must work for the organisation the post is held for. A group
has one chair at a time: overlapping chair terms are refused (appointments to a
group are serialised by locking the group's row). A vice-chair says which region
they represent; a rapporteur or associate rapporteur leads a Question.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.models import Affiliation, Group, Organisation, Person
from ponte.meetings.models import LeadershipPost, LeadershipRole
from ponte.membership.rights import Right, require_right

QUESTION_ROLES = frozenset({LeadershipRole.RAPPORTEUR, LeadershipRole.ASSOCIATE_RAPPORTEUR})


def right_needed(role: str) -> Right:
    """The right a post needs: mentoring newcomers is no decision post, so attending the meetings is enough."""
    return Right.ATTEND_MEETINGS if role == LeadershipRole.MENTOR else Right.HOLD_LEADERSHIP


def overlapping(
    posts: QuerySet[LeadershipPost], starts_on: datetime.date, ends_on: datetime.date | None
) -> QuerySet[LeadershipPost]:
    """The posts among ``posts`` whose term shares at least one day with ``starts_on``…``ends_on``."""
    result = posts.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        result = result.filter(starts_on__lte=ends_on)
    return result


def _check_right(organisation: Organisation, role: str) -> None:
    try:
        require_right(organisation, right_needed(role))
    except ValidationError as error:
        # The reason is the rights module's, attached to the field it is about.
        raise ValidationError({"organisation": [error]}) from error


def _check_affiliation(person: Person, organisation: Organisation) -> None:
    today = timezone.localdate()
    works_there = Affiliation.objects.filter(person=person, organisation=organisation).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    if not works_there.exists():
        message = _("%(person)s is not recorded as working for %(organisation)s.") % {
            "person": person.full_name,
            "organisation": organisation.name,
        }
        raise ValidationError({"person": ValidationError(message, code="not_affiliated")})


def _check_fields(post: LeadershipPost) -> None:
    """What a role asks for, beyond the row's own invariants (``LeadershipPost.clean``)."""
    errors: dict[str, ValidationError] = {}
    if post.role in QUESTION_ROLES and not post.question.strip():
        errors["question"] = ValidationError(_("Say which Question the rapporteur leads, e.g. Q5/16."), code="question")
    if post.role != LeadershipRole.VICE_CHAIR:
        # Only vice-chairs represent a region: a region on another post would count it twice in the balance.
        if post.region:
            errors["region"] = ValidationError(
                _("Only a vice-chair represents a region."), code="region_not_vice_chair"
            )
        if post.regional_duties.strip():
            errors["regional_duties"] = ValidationError(
                _("Only a vice-chair has regional duties."), code="duties_not_vice_chair"
            )
    if errors:
        raise ValidationError(errors)


def _check_overlaps(post: LeadershipPost) -> None:
    posts = LeadershipPost.objects.filter(group=post.group)
    if post.role == LeadershipRole.CHAIR:
        chair = overlapping(posts.filter(role=LeadershipRole.CHAIR), post.starts_on, post.ends_on).first()
        if chair is not None:
            raise ValidationError(
                {
                    "starts_on": ValidationError(
                        _("%(group)s already has a chair for this term: %(person)s, from %(starts_on)s.")
                        % {
                            "group": post.group,
                            "person": chair.person.full_name,
                            "starts_on": date_format(chair.starts_on),
                        },
                        code="one_chair",
                    )
                }
            )
    same = posts.filter(person=post.person, role=post.role)
    if overlapping(same, post.starts_on, post.ends_on).exists():
        raise ValidationError(
            _("%(person)s already holds this post in %(group)s for this term.")
            % {"person": post.person.full_name, "group": post.group},
            code="already_holds",
        )


@transaction.atomic
def appoint(
    *,
    actor: Any,
    group: Group,
    person: Person,
    organisation: Organisation,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    region: str = "",
    regional_duties: str = "",
    question: str = "",
) -> LeadershipPost:
    """Record that a person, for an organisation, holds a post in a group from ``starts_on`` (until ``ends_on``)."""
    _require(actor, "meetings.appoint_leadership", group)
    post = LeadershipPost(
        group=group,
        person=person,
        organisation=organisation,
        role=role,
        region=region,
        regional_duties=regional_duties.strip(),
        question=question.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    post.full_clean()
    _check_fields(post)
    _check_right(organisation, role)
    _check_affiliation(person, organisation)
    # Two appointments to one group at once must not both find the chair free.
    Group.objects.select_for_update().filter(pk=group.pk).first()
    _check_overlaps(post)
    _save(post, "meetings.leadership.appointed", actor)
    return post


@transaction.atomic
def end_term(*, actor: Any, post: LeadershipPost, ends_on: datetime.date) -> LeadershipPost:
    """End a post's term on ``ends_on`` (its last day); a term can be cut short, not extended."""
    post = LeadershipPost.objects.select_for_update().select_related("group__sector", "person").get(pk=post.pk)
    _require(actor, "meetings.appoint_leadership", post.group)
    if post.ends_on is not None and post.ends_on < timezone.localdate():
        raise ValidationError(_("This term has already ended."), code="already_ended")
    if post.ends_on is not None and ends_on > post.ends_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("This term already ends on %(date)s; appoint again to extend it.")
                    % {"date": date_format(post.ends_on)},
                    code="not_extension",
                )
            }
        )
    post.ends_on = ends_on
    _save(post, "meetings.leadership.term_ended", actor)
    return post
