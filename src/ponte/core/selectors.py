"""Reads of the core records: lists planned to a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ponte.core.models import Affiliation, Country, Group, Organisation, OrganisationCategory, Person, Role

# The API pages by it from a cursor (``core.pagination.KeysetPagination``); index ``core_organisation_keyset``.
ORGANISATION_ORDER = ("name", "id")


def organisation_list(
    *,
    query: str = "",
    category: str = "",
    country: str = "",
    group: Group | None = None,
    active: bool = True,
    listed: bool = True,
) -> QuerySet[Organisation]:
    """Organisations for the public list (``listed=False``: those awaiting confirmation), filtered; one query for
    the page."""
    organisations = Organisation.objects.select_related("country").filter(is_active=active, listed=listed)
    if query:
        organisations = organisations.filter(name__icontains=query)
    if category:
        organisations = organisations.filter(category=category)
    if country:
        organisations = organisations.filter(country_id=country.upper())
    if group is not None:
        organisations = organisations.filter(groups=group)
    return organisations.order_by(*ORGANISATION_ORDER)


def awaiting_confirmation(organisations: QuerySet[Organisation], *, user: Any) -> QuerySet[Organisation]:
    """Of unlisted organisations, those ``user`` may confirm: every one for the secretariat, those of their
    countries for a focal point, none for others."""
    from ponte.core.rules import scopes_of

    scopes = scopes_of(user)
    if scopes.secretariat:
        return organisations
    return organisations.filter(country_id__in=scopes.countries)


def organisation_detail(*, pk: int, with_staff: bool = True) -> Organisation:
    """An organisation with its groups and (``with_staff``) current staff, in a fixed number of queries.

    Without staff for whoever may not see them: an administration has hundreds, and reading them for the public
    page or the API took most of its time (a second for 330 on the bench).
    """
    lists: list[Any] = [Prefetch("groups", queryset=Group.objects.select_related("sector"))]
    if with_staff:
        current_staff = Affiliation.objects.filter(ended_on__isnull=True).select_related("person")
        lists.append(Prefetch("affiliations", queryset=current_staff, to_attr="current_affiliations"))
    return Organisation.objects.select_related("country").prefetch_related(*lists).get(pk=pk)


def current_staff(organisation: Organisation) -> list[Affiliation]:
    """The organisation's people now (their current affiliations), for those who may see them."""
    return list(Affiliation.objects.filter(organisation=organisation, ended_on__isnull=True).select_related("person"))


def group_list() -> QuerySet[Group]:
    """Active groups with their sector, parent and number of organisations taking part."""
    return (
        Group.objects.filter(is_active=True)
        .select_related("sector", "parent")
        .annotate(organisation_count=Count("organisations", filter=Q(organisations__is_active=True)))
        .order_by("sector__code", "kind", "number", "code")
    )


def group_detail(*, sector: str, code: str) -> Group:
    return Group.objects.select_related("sector", "parent").get(sector__code=sector, code=code)


def country_list(*, region: str = "", classification: str = "") -> QuerySet[Country]:
    """Countries with their region and UN classification flags."""
    countries = Country.objects.all()
    if region:
        countries = countries.filter(region=region)
    flag = {"developing": "is_developing", "LDC": "is_ldc", "SIDS": "is_sids", "LLDC": "is_lldc"}.get(classification)
    if flag:
        countries = countries.filter(**{flag: True})
    return countries


def roles_of(*, user: Any) -> QuerySet[Role]:
    return Role.objects.filter(user=user, revoked_at__isnull=True).select_related(
        "country", "organisation", "group__sector"
    )


def person_of(*, user: Any) -> Person | None:
    return Person.objects.select_related("country").filter(user=user).first()


@dataclass(frozen=True)
class PlatformNumbers:
    """Headline counts shown on the home page."""

    smes: int
    sme_countries: int
    organisations: int
    groups: int
    countries: int
    upcoming_meetings: int = 0
    questions_answered: int = 0
    smes_waiting: int = 0  # SME applications with their administrations


def platform_numbers() -> PlatformNumbers:
    active = Organisation.objects.filter(is_active=True)
    # Taking part = in at least one group (approved SMEs join their groups). EXISTS, not a join and DISTINCT: at
    # 50,000 organisations the count takes 7 ms instead of 30, on the home page of every visitor (bench.load).
    in_a_group = Organisation.groups.through.objects.filter(organisation_id=OuterRef("pk"))
    smes = active.filter(Exists(in_a_group), category=OrganisationCategory.SME)
    return PlatformNumbers(
        smes=smes.count(),
        sme_countries=smes.values("country").distinct().count(),
        organisations=active.count(),
        groups=Group.objects.filter(is_active=True).count(),
        countries=Country.objects.filter(is_itu_member=True).count(),
        **_programme_activity(),
    )


def _programme_activity() -> dict[str, int]:
    """What the programme is doing now: meetings ahead, questions answered, SME applications being decided."""
    # Imported here: core is below the apps that own these records.
    from ponte.meetings.models import Meeting
    from ponte.membership.models import Application, ApplicationState
    from ponte.qa.models import Question

    return {
        "upcoming_meetings": Meeting.objects.filter(ends_on__gte=timezone.localdate()).count(),
        "questions_answered": Question.objects.filter(is_hidden=False, answer_count__gt=0).count(),
        "smes_waiting": Application.objects.filter(
            state=ApplicationState.SUBMITTED, organisation__category=OrganisationCategory.SME
        ).count(),
    }


@dataclass(frozen=True)
class ProgrammeFees:
    """This year's fees as the secretariat set them (none when it has not yet)."""

    year: int
    currency: str
    sme_fee: Decimal
    sme_employee_threshold: int
    meeting_day_fee: Decimal


def programme_fees() -> ProgrammeFees | None:
    """The fees of the current year's schedule, for the pages that explain how to take part."""
    from ponte.membership.models import FeeSchedule

    schedule = FeeSchedule.objects.filter(year=timezone.localdate().year).first()
    if schedule is None:
        return None
    return ProgrammeFees(
        year=schedule.year,
        currency=schedule.currency,
        sme_fee=schedule.sme_fee,
        sme_employee_threshold=schedule.sme_employee_threshold,
        meeting_day_fee=schedule.meeting_day_fee,
    )


@dataclass(frozen=True)
class ChangeEntry:
    """One change of a record as staff read it."""

    when: Any
    who: str
    kind: str
    reason: str
    changes: list[tuple[str, Any, Any]]


def _m2m_links(history_model: Any) -> dict[str, str]:
    """The historical record's many-to-many fields, each with the accessor of its historical links."""
    links = {}
    for field in getattr(history_model, "_history_m2m_fields", []):
        through = field.remote_field.through
        for relation in history_model._meta.related_objects:
            if relation.field.name == "history" and getattr(relation.related_model, "instance_type", None) is through:
                links[field.name] = relation.get_accessor_name()
    return links


def _m2m_rows(record: Any, field: str, accessor: str) -> list[dict[str, Any]]:
    """The links of a historical record's many-to-many ``field`` as ``diff_against`` shows them, from the prefetch."""
    rows = list(getattr(record, accessor).all())
    through = record.instance_type._meta.get_field(field)
    names = [f for f in through.remote_field.through._meta.fields if f.editable and f.name != "id"]
    linked = [{f.name: getattr(row, f.attname) for f in names} for row in rows]
    target = through.m2m_reverse_field_name()
    return sorted(linked, key=lambda row: row[target])


def history_of(instance: Any) -> list[ChangeEntry]:
    """Every recorded change of ``instance``, newest first, with before and after values."""
    links = _m2m_links(instance.history.model)
    # The historical links are read in one query per field, not two per change (``diff_against`` would).
    records = list(
        instance.history.select_related("history_user")
        .prefetch_related(*links.values())
        .order_by("-history_date", "-history_id")
    )
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[tuple[str, Any, Any]] = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=list(links))
            changes = [(change.field, change.old, change.new) for change in delta.changes]
            for field, accessor in links.items():
                old, new = _m2m_rows(previous, field, accessor), _m2m_rows(record, field, accessor)
                if old != new:
                    changes.append((field, old, new))
            changes.sort(key=lambda change: change[0])
        entries.append(
            ChangeEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "",
                kind=record.get_history_type_display(),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
