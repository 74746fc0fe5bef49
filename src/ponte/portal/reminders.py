"""Deadline reminders by email (``EmailKind.DEADLINES``), sent by a daily job (``tasks.send_deadline_reminders``).

What is reminded, and to whom (the privacy page says the same in one sentence):

- an invoice still due, 7 days before its due date and on the first day it is overdue: to the current
  representatives of the billed organisation;
- a meeting's registration deadline, 3 days ahead: to the accounts that follow the meeting's group (or the group
  it belongs to) or represent an active organisation taking part in it, and are not registered for it;
- a meeting's fellowship nominations closing (``nominations_close_on``), 3 days ahead: to the focal points of
  eligible countries that have nominated no one for it yet (only meetings offering fellowships).

A day the job does not run loses nothing: each run also sends what became due in the ``CATCH_UP`` days before
(a reminder still before its deadline, an overdue notice still fresh), and the email says how many days are left.
Each reminder goes once per account and thing: its ``Reminder`` row is written in the transaction that queues the
email (``on_commit``), under a unique constraint that also holds against a run in parallel. Whom to remind is
read in a constant number of queries; each reminder sent then costs a constant number more (its row and the
preference check of ``notify``). Applications waiting for a focal point have no date to be decided by, so they
get no reminder.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation

from ponte.core.models import EmailKind, EmailPreference, Organisation, Role, RoleKind, User
from ponte.core.notifications import language_of, notify, site_url
from ponte.meetings import selectors as meeting_selectors
from ponte.meetings.models import Fellowship, Meeting, Registration
from ponte.meetings.services.fellowships import is_eligible, nominations_close_on
from ponte.membership import selectors as membership_selectors
from ponte.membership.models import Invoice
from ponte.portal.models import Follow, Reminder, ReminderKind

INVOICE_NOTICE = datetime.timedelta(days=7)
REGISTRATION_NOTICE = datetime.timedelta(days=3)
NOMINATION_NOTICE = datetime.timedelta(days=3)
# How late a reminder may still go when the daily job did not run on its day (a server down over a weekend).
CATCH_UP = datetime.timedelta(days=3)

TEMPLATES = {
    ReminderKind.INVOICE_DUE_SOON: "portal/email/invoice_due_soon",
    ReminderKind.INVOICE_OVERDUE: "portal/email/invoice_overdue",
    ReminderKind.REGISTRATION_CLOSING: "portal/email/registration_closing",
    ReminderKind.NOMINATIONS_CLOSING: "portal/email/nominations_closing",
}


@dataclass(frozen=True)
class Due:
    """One reminder to send: to whom, which, of what, and the deadline it reminds of."""

    user: User
    kind: ReminderKind
    due_on: datetime.date
    target: Invoice | Meeting
    today: datetime.date

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.user.pk, self.kind.value, self.target.pk)

    @property
    def invoice(self) -> Invoice | None:
        return self.target if isinstance(self.target, Invoice) else None

    @property
    def meeting(self) -> Meeting | None:
        return self.target if isinstance(self.target, Meeting) else None


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """Queue every reminder due on ``today`` (or in the ``CATCH_UP`` days before) that was not sent before;
    returns how many were queued."""
    today = today or timezone.localdate()
    due = _unique([*_invoice_reminders(today), *_registration_reminders(today), *_nomination_reminders(today)])
    if not due:
        return 0
    already = _already_sent(due)
    muted = set(
        EmailPreference.objects.filter(user__in={item.user.pk for item in due}, deadlines=False).values_list(
            "user_id", flat=True
        )
    )
    return sum(_send(item) for item in due if item.key not in already and item.user.pk not in muted)


def _unique(due: Iterable[Due]) -> list[Due]:
    """One reminder per key, in the order found (someone who both follows a group and represents a member)."""
    return list({item.key: item for item in due}.values())


def _already_sent(due: list[Due]) -> set[tuple[int, str, int]]:
    users = {item.user.pk for item in due}
    invoices = {item.invoice.pk for item in due if item.invoice is not None}
    meetings = {item.meeting.pk for item in due if item.meeting is not None}
    rows = Reminder.objects.filter(Q(invoice__in=invoices) | Q(meeting__in=meetings), user__in=users)
    return {
        (user, kind, invoice or meeting)
        for user, kind, invoice, meeting in rows.values_list("user_id", "kind", "invoice_id", "meeting_id")
    }


def _send(item: Due) -> bool:
    """Record the reminder and queue its email after commit; ``False`` when it was recorded meanwhile."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                user=item.user, kind=item.kind, invoice=item.invoice, meeting=item.meeting, due_on=item.due_on
            )
            language = language_of(item.user)
            with translation.override(language):
                context = _context(item)
            transaction.on_commit(
                partial(
                    notify,
                    to=item.user.email,
                    language=language,
                    template=TEMPLATES[item.kind],
                    context=context,
                    kind=EmailKind.DEADLINES,
                    recipient=item.user,
                )
            )
    except IntegrityError:
        # A run in parallel recorded the same reminder first: it sends it.
        return False
    return True


# --- Whom to remind ---------------------------------------------------------------------------------------------


def _people(roles: QuerySet[Role]) -> QuerySet[Role]:
    """Current roles of active accounts with an address, with the person that gives their language."""
    return (
        roles.filter(revoked_at__isnull=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user__person")
    )


def _invoice_reminders(today: datetime.date) -> Iterator[Due]:
    # Due soon: its reminder day (7 days ahead) is today or was missed, and the due date is still ahead.
    # Overdue: it fell overdue (the day after its due date) today or in the days the job missed.
    kinds = {today + INVOICE_NOTICE - datetime.timedelta(days=late): ReminderKind.INVOICE_DUE_SOON for late in _late()}
    kinds |= {today - datetime.timedelta(days=1 + late): ReminderKind.INVOICE_OVERDUE for late in _late()}
    representatives = _people(Role.objects.filter(kind=RoleKind.REPRESENTATIVE))
    invoices = (
        membership_selectors.due_invoices(organisation_ids=representatives.values("organisation_id"))
        .filter(due_on__in=list(kinds))
        .select_related("organisation")
        .prefetch_related(Prefetch("organisation__roles", queryset=representatives, to_attr="representatives"))
        .order_by("due_on", "number")
    )
    for invoice in invoices:
        kind = kinds[invoice.due_on]
        for role in invoice.organisation.representatives:  # type: ignore[attr-defined]
            yield Due(user=role.user, kind=kind, due_on=invoice.due_on, target=invoice, today=today)


def _late() -> range:
    """How many days late a reminder may be: 0 (its day) up to ``CATCH_UP``."""
    return range(CATCH_UP.days + 1)


def _window(today: datetime.date, notice: datetime.timedelta) -> tuple[datetime.date, datetime.date]:
    """The deadlines whose reminder is due today or was missed: ``notice`` ahead, less the days caught up on."""
    return max(today, today + notice - CATCH_UP), today + notice


def _groups_of(meeting: Meeting) -> set[int]:
    """The meeting's group and the group it belongs to (following a study group covers its working parties)."""
    return {meeting.group_id} | ({meeting.group.parent_id} if meeting.group.parent_id else set())


def _registration_reminders(today: datetime.date) -> Iterator[Due]:
    meetings = list(
        Meeting.objects.filter(registration_deadline__range=_window(today, REGISTRATION_NOTICE))
        .select_related("group__sector")
        .order_by("code")
    )
    if not meetings:
        return
    groups = set().union(*(_groups_of(meeting) for meeting in meetings))
    followers: dict[int | None, list[User]] = {}
    follows = Follow.objects.filter(group__in=groups, user__is_active=True).exclude(user__email="")
    for follow in follows.select_related("user__person").order_by("pk"):
        followers.setdefault(follow.group_id, []).append(follow.user)
    members: dict[int, set[int]] = {}
    through = Organisation.groups.through.objects.filter(group_id__in=groups, organisation__is_active=True)
    for organisation_id, group_id in through.values_list("organisation_id", "group_id"):
        members.setdefault(group_id, set()).add(organisation_id)
    representatives: dict[int | None, list[User]] = {}
    roles = _people(Role.objects.filter(kind=RoleKind.REPRESENTATIVE, organisation__in=set().union(*members.values())))
    for role in roles.order_by("pk"):
        representatives.setdefault(role.organisation_id, []).append(role.user)
    registered = set(
        Registration.objects.filter(meeting__in=meetings, state__in=meeting_selectors.ACTIVE)
        .exclude(person__user=None)
        .values_list("meeting_id", "person__user_id")
    )
    for meeting in meetings:
        concerned = [user for group in _groups_of(meeting) for user in followers.get(group, [])]
        for group in _groups_of(meeting):
            for organisation in members.get(group, ()):
                concerned += representatives.get(organisation, [])
        for user in concerned:
            if (meeting.pk, user.pk) not in registered:
                yield Due(
                    user=user,
                    kind=ReminderKind.REGISTRATION_CLOSING,
                    due_on=meeting.registration_deadline,  # type: ignore[arg-type]
                    target=meeting,
                    today=today,
                )


def _nomination_reminders(today: datetime.date) -> Iterator[Due]:
    first, last = _window(today, NOMINATION_NOTICE)
    # ``nominations_close_on``: the registration deadline, or the day before the meeting when there is none.
    closing = Q(registration_deadline__range=(first, last)) | Q(
        registration_deadline=None, starts_on__range=(first + datetime.timedelta(1), last + datetime.timedelta(1))
    )
    meetings = [
        meeting
        for meeting in Meeting.objects.filter(closing, is_virtual=False, fellowship_budget__gt=0)
        .select_related("group__sector")
        .order_by("code")
        if first <= nominations_close_on(meeting) <= last
    ]
    if not meetings:
        return
    focal_points = [
        role
        for role in _people(Role.objects.filter(kind=RoleKind.FOCAL_POINT)).select_related("country").order_by("pk")
        if role.country is not None and is_eligible(role.country)
    ]
    nominated = set(Fellowship.objects.filter(meeting__in=meetings).values_list("meeting_id", "country_id"))
    for meeting in meetings:
        for role in focal_points:
            if (meeting.pk, role.country_id) not in nominated:
                yield Due(
                    user=role.user,
                    kind=ReminderKind.NOMINATIONS_CLOSING,
                    due_on=nominations_close_on(meeting),
                    target=meeting,
                    today=today,
                )


# --- What the email says ----------------------------------------------------------------------------------------


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _one_line(value: object) -> str:
    """A name fit for an email subject: a line break there would make the mail unsendable."""
    return " ".join(str(value).split())


def _context(item: Due) -> dict[str, Any]:
    """What the template needs, JSON-serialisable, already in the recipient's language (the caller's override)."""
    preferences_url = site_url(reverse("privacy:index"))
    if isinstance(item.target, Invoice):
        invoice = item.target
        left = invoice.total - invoice.paid  # type: ignore[attr-defined]
        return {
            "number": invoice.number,
            "organisation": _one_line(invoice.organisation.name),
            "amount": formats.number_format(left, 2, use_l10n=True, force_grouping=True),
            "currency": invoice.currency,
            "due_on": _day(invoice.due_on),
            "days_left": item.days_left,
            "url": site_url(invoice.get_absolute_url()),
            "invoices_url": site_url(f"{reverse('membership:invoice_list')}?state=issued"),
            "preferences_url": preferences_url,
        }
    meeting = item.target
    context = {
        "code": meeting.code,
        "title": _one_line(meeting.title),
        "group": str(meeting.group),
        "starts_on": _day(meeting.starts_on),
        "deadline": _day(item.due_on),
        "days_left": item.days_left,
        "url": site_url(meeting.get_absolute_url()),
        "preferences_url": preferences_url,
    }
    if item.kind == ReminderKind.NOMINATIONS_CLOSING:
        context["nominate_url"] = site_url(reverse("meetings:fellowship_nominate", kwargs={"code": meeting.code}))
    return context
