"""Deadline reminders by email: invoices due and overdue, meeting registrations and fellowship nominations closing.

Each goes on its day (or on the next run, when the daily job missed its day and the deadline is still useful to
know), to the people it concerns only, in their language, with links to where it is acted on;
never to someone who turned deadline reminders off, and never twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from ponte.core.models import EmailKind, Group, Organisation, Role, RoleKind, User
from ponte.meetings.models import Meeting
from ponte.portal import reminders, tasks
from ponte.portal.models import Follow, Reminder, ReminderKind
from tests.conftest import signed_in, with_role_free
from tests.factories import OrganisationFactory, country, group, with_role
from tests.portal.factories import fellowship, invoice, meeting, person_of, registration
from tests.privacy.helpers import turn_off

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def run(django_capture_on_commit_callbacks: Any) -> Callable[[datetime.date], int]:
    """Run the daily job as on ``day``, its emails sent once its transactions commit."""

    def run_on(day: datetime.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.send_deadline_reminders(today=day)

    return run_on


def sent_to(user: User) -> list[str]:
    return [str(message.subject) for message in mail.outbox if user.email in message.to]


def body_to(user: User) -> str:
    (message,) = [message for message in mail.outbox if user.email in message.to]
    return str(message.body)


def follower_of(target: Group) -> User:
    user = with_role_free()
    Follow.objects.create(user=user, group=target)
    return user


def representative_of(organisation: Organisation) -> User:
    return with_role(RoleKind.REPRESENTATIVE, organisation=organisation)


# --- Invoices -----------------------------------------------------------------------------------------------------


def test_representatives_are_reminded_of_an_invoice_seven_days_before_it_is_due(
    run, representative, japanese_sme, other_representative
) -> None:
    colleague = representative_of(japanese_sme)
    former = representative_of(japanese_sme)
    Role.objects.filter(user=former).update(revoked_at=timezone.now())
    due = invoice(japanese_sme, days=30)

    run(due.due_on - 8 * DAY)
    assert mail.outbox == []
    assert run(due.due_on - 7 * DAY) == 2
    run(due.due_on - 6 * DAY)

    assert sent_to(representative) == [f"Invoice {due.number} for Kyoto Sensors KK is due on {_english(due.due_on)}"]
    assert len(sent_to(colleague)) == 1
    assert sent_to(former) == []
    assert sent_to(other_representative) == []
    body = body_to(representative)
    assert "1,500.00 CHF" in body
    assert f"{settings.PONTE_SITE_URL}{due.get_absolute_url()}" in body


def test_representatives_are_reminded_the_day_an_invoice_falls_overdue(run, representative, japanese_sme) -> None:
    due = invoice(japanese_sme, days=10)

    run(due.due_on)
    assert mail.outbox == []
    run(due.due_on + DAY)
    run(due.due_on + 2 * DAY)

    assert sent_to(representative) == [f"Invoice {due.number} for Kyoto Sensors KK is overdue"]
    assert f"{settings.PONTE_SITE_URL}{due.get_absolute_url()}" in body_to(representative)
    assert Reminder.objects.get().kind == ReminderKind.INVOICE_OVERDUE


def test_paid_and_cancelled_invoices_are_not_reminded(run, representative, japanese_sme) -> None:
    paid = invoice(japanese_sme, state="paid", days=7)
    invoice(japanese_sme, state="cancelled", days=7)

    run(paid.issued_on)
    run(paid.due_on + DAY)

    assert mail.outbox == []


# --- Meeting registrations --------------------------------------------------------------------------------------


def test_who_follows_the_group_or_represents_a_member_is_reminded_three_days_before_registration_closes(
    run, representative, japanese_sme, egyptian_sme, other_representative
) -> None:
    sg16 = group("ITU-T", "SG16")
    japanese_sme.groups.add(sg16)
    egyptian_sme.groups.add(group("ITU-T", "SG5"))
    follower = follower_of(sg16)
    registered = follower_of(sg16)
    of_other_group = follower_of(group("ITU-T", "SG11"))
    deadline = timezone.localdate() + 10 * DAY
    at = meeting(sg16, registration_deadline=deadline)
    registration(registered, at, japanese_sme)

    run(deadline - 4 * DAY)
    assert mail.outbox == []
    assert run(deadline - 3 * DAY) == 2
    run(deadline - 2 * DAY)

    subject = f"Registration for {at.code} closes on {_english(deadline)}"
    assert sent_to(follower) == [subject]
    assert sent_to(representative) == [subject]
    assert sent_to(registered) == []
    assert sent_to(of_other_group) == []
    assert sent_to(other_representative) == []
    assert f"{settings.PONTE_SITE_URL}{at.get_absolute_url()}" in body_to(follower)


def test_following_a_study_group_covers_the_meetings_of_its_regional_groups(run) -> None:
    follower = follower_of(group("ITU-T", "SG20"))
    deadline = timezone.localdate() + 10 * DAY
    meeting(group("ITU-T", "SG20RG-AFR"), registration_deadline=deadline)

    run(deadline - 3 * DAY)

    assert len(sent_to(follower)) == 1


def test_someone_who_follows_and_represents_a_member_is_reminded_once(run, representative, japanese_sme) -> None:
    sg16 = group("ITU-T", "SG16")
    japanese_sme.groups.add(sg16)
    Follow.objects.create(user=representative, group=sg16)
    deadline = timezone.localdate() + 10 * DAY
    meeting(sg16, registration_deadline=deadline)

    run(deadline - 3 * DAY)

    assert len(sent_to(representative)) == 1


def test_a_cancelled_registration_does_not_count_as_registered(run, japanese_sme) -> None:
    follower = follower_of(group("ITU-T", "SG16"))
    deadline = timezone.localdate() + 10 * DAY
    at = meeting(group("ITU-T", "SG16"), registration_deadline=deadline)
    registration(follower, at, japanese_sme, state="cancelled")

    run(deadline - 3 * DAY)

    assert len(sent_to(follower)) == 1


# --- Fellowship nominations -------------------------------------------------------------------------------------


def test_focal_points_of_eligible_countries_are_reminded_three_days_before_nominations_close(run) -> None:
    senegal = with_role(RoleKind.FOCAL_POINT, country=country("SEN"))
    japan = with_role(RoleKind.FOCAL_POINT, country=country("JPN"))
    deadline = timezone.localdate() + 10 * DAY
    at = meeting(registration_deadline=deadline, fellowship_budget=50000)
    meeting(registration_deadline=deadline, fellowship_budget=0)

    run(deadline - 4 * DAY)
    assert mail.outbox == []
    run(deadline - 3 * DAY)
    run(deadline - 2 * DAY)

    assert sent_to(senegal) == [f"Fellowship nominations for {at.code} close on {_english(deadline)}"]
    assert sent_to(japan) == []
    nominate = reverse("meetings:fellowship_nominate", kwargs={"code": at.code})
    assert f"{settings.PONTE_SITE_URL}{nominate}" in body_to(senegal)


def test_without_a_registration_deadline_nominations_close_the_day_before_the_meeting(run) -> None:
    senegal = with_role(RoleKind.FOCAL_POINT, country=country("SEN"))
    at = meeting(fellowship_budget=50000)
    closes = at.starts_on - DAY

    run(closes - 4 * DAY)
    assert mail.outbox == []
    run(closes - 3 * DAY)

    assert sent_to(senegal) == [f"Fellowship nominations for {at.code} close on {_english(closes)}"]


def test_a_country_that_nominated_a_candidate_is_not_reminded(run) -> None:
    senegal = with_role(RoleKind.FOCAL_POINT, country=country("SEN"))
    deadline = timezone.localdate() + 10 * DAY
    at = meeting(registration_deadline=deadline, fellowship_budget=50000)
    fellowship(person_of(with_role_free()), at, alpha3="SEN")

    run(deadline - 3 * DAY)

    assert sent_to(senegal) == []


def test_fully_virtual_meetings_offer_no_fellowship_to_remind_of(run) -> None:
    senegal = with_role(RoleKind.FOCAL_POINT, country=country("SEN"))
    deadline = timezone.localdate() + 10 * DAY
    virtual = meeting(registration_deadline=deadline, fellowship_budget=50000)
    Meeting.objects.filter(pk=virtual.pk).update(is_virtual=True, country=None, city="")

    run(deadline - 3 * DAY)

    assert sent_to(senegal) == []


# --- Preferences, once only, language ---------------------------------------------------------------------------


def test_no_reminder_to_someone_who_turned_deadline_reminders_off(run, representative, japanese_sme) -> None:
    colleague = representative_of(japanese_sme)
    turn_off(representative, EmailKind.DEADLINES)
    turn_off(colleague, EmailKind.NEWS, EmailKind.MATCHES)
    due = invoice(japanese_sme, days=7)

    run(due.due_on - 7 * DAY)

    assert sent_to(representative) == []
    assert len(sent_to(colleague)) == 1


def test_running_the_job_twice_sends_nothing_again(run, representative, japanese_sme) -> None:
    sg16 = group("ITU-T", "SG16")
    follower = follower_of(sg16)
    due = invoice(japanese_sme, days=7)
    meeting(sg16, registration_deadline=due.due_on - 4 * DAY)
    today = due.due_on - 7 * DAY

    assert run(today) == 2
    assert run(today) == 0

    assert len(sent_to(representative)) == 1
    assert len(sent_to(follower)) == 1
    assert Reminder.objects.count() == 2


def test_a_reminder_recorded_by_a_run_in_parallel_is_not_sent_again(
    run, representative, japanese_sme, monkeypatch
) -> None:
    due = invoice(japanese_sme, days=7)
    Reminder.objects.create(user=representative, kind=ReminderKind.INVOICE_DUE_SOON, invoice=due, due_on=due.due_on)
    # The other run recorded it after this run read what was sent already.
    monkeypatch.setattr(reminders, "_already_sent", lambda due: set())

    assert run(due.due_on - 7 * DAY) == 0

    assert mail.outbox == []
    assert Reminder.objects.count() == 1


def test_each_reminder_is_written_in_its_recipients_language(run) -> None:
    sg16 = group("ITU-T", "SG16")
    french = follower_of(sg16)
    english = follower_of(sg16)
    reader = person_of(french)
    reader.language = "fr"
    reader.save()
    at = meeting(sg16, title="Plenary")
    Meeting.objects.filter(pk=at.pk).update(title_fr="Séance plénière", registration_deadline=at.starts_on - DAY)

    run(at.starts_on - 4 * DAY)

    with translation.override("fr"):
        french_day = formats.date_format(at.starts_on - DAY, "DATE_FORMAT")
        french_url = f"{settings.PONTE_SITE_URL}{at.get_absolute_url()}"
    assert sent_to(french) == [f"Les inscriptions à {at.code} seront closes le {french_day}"]
    assert "Séance plénière" in body_to(french)
    assert french_url in body_to(french)
    assert french_url.startswith(f"{settings.PONTE_SITE_URL}/fr/")
    assert "Plenary" in body_to(english)
    assert _english(at.starts_on - DAY) in body_to(english)


def test_the_daily_task_reminds_of_todays_deadlines(representative, japanese_sme, django_capture_on_commit_callbacks):
    invoice(japanese_sme, days=7)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_deadline_reminders.delay().get() == 1

    assert len(sent_to(representative)) == 1


def _invoice_for(people: int, day: datetime.date, code: str) -> None:
    organisation = OrganisationFactory(country=country("JPN"))
    for _ in range(people):
        representative_of(organisation)
    invoice(organisation, days=(day - timezone.localdate()).days + 7)


def _meeting_for(people: int, day: datetime.date, code: str) -> None:
    organisation = OrganisationFactory(country=country("JPN"))
    target = group("ITU-T", code)
    organisation.groups.add(target)
    for index in range(people):
        if index % 2:
            follower_of(target)
        else:
            representative_of(organisation)
    meeting(target, registration_deadline=day + 3 * DAY)
    with_role(RoleKind.FOCAL_POINT, country=country("SEN"))


@pytest.mark.parametrize("make", [_invoice_for, _meeting_for], ids=["invoices", "meetings"])
def test_the_job_costs_the_same_few_queries_per_reminder_however_many_there_are(run, make) -> None:
    today = timezone.localdate()
    make(1, today, "SG16")
    make(4, today + DAY, "SG20")
    counts = []
    for day in (today, today + DAY, today + DAY):  # one reminder, four reminders, then nothing left to send
        with CaptureQueriesContext(connection) as queries:
            run(day)
        counts.append(len(queries))
    one, four, again = counts

    # Each reminder sent: its row, in a savepoint, and the preference check of ``notify``; the rest is read at once.
    assert four - one == 3 * 4
    assert again == one - 4
    assert len(mail.outbox) == 5


# --- A day the job did not run --------------------------------------------------------------------------------


def test_a_reminder_missed_by_a_day_without_the_job_goes_on_the_next_run_with_the_days_left(
    run, representative, japanese_sme
) -> None:
    due = invoice(japanese_sme, days=30)

    assert run(due.due_on - 5 * DAY) == 1  # the job did not run 7 and 6 days before
    run(due.due_on - 4 * DAY)

    assert sent_to(representative) == [f"Invoice {due.number} for Kyoto Sensors KK is due on {_english(due.due_on)}"]
    assert "is due in 5 days, on" in body_to(representative)


def test_an_invoice_reminder_too_late_to_be_useful_is_not_sent(run, representative, japanese_sme) -> None:
    soon = invoice(japanese_sme, days=30)
    overdue = invoice(japanese_sme, days=10)

    run(soon.due_on - 3 * DAY)  # the job was down for 4 days: the overdue notice comes instead, on its day
    run(overdue.due_on + 5 * DAY)  # overdue for 5 days: the secretariat's follow-up, not a reminder

    assert mail.outbox == []
    run(overdue.due_on + 4 * DAY)  # still within the days caught up on
    assert sent_to(representative) == [f"Invoice {overdue.number} for Kyoto Sensors KK is overdue"]


def test_a_missed_registration_reminder_goes_until_registration_closes(run) -> None:
    sg16 = group("ITU-T", "SG16")
    follower = follower_of(sg16)
    deadline = timezone.localdate() + 10 * DAY
    meeting(sg16, registration_deadline=deadline)

    run(deadline - DAY)
    assert "closes tomorrow," in body_to(follower)

    late = follower_of(sg16)
    run(deadline + DAY)  # registration has closed: nothing to remind of any more
    assert sent_to(late) == []


def test_registration_closing_today_is_still_reminded(run) -> None:
    sg16 = group("ITU-T", "SG16")
    follower = follower_of(sg16)
    deadline = timezone.localdate() + 10 * DAY
    meeting(sg16, registration_deadline=deadline)

    run(deadline)

    assert "closes today," in body_to(follower)


def test_missed_nomination_reminders_go_while_nominations_are_open(run) -> None:
    senegal = with_role(RoleKind.FOCAL_POINT, country=country("SEN"))
    deadline = timezone.localdate() + 10 * DAY
    at = meeting(registration_deadline=deadline, fellowship_budget=50000)

    run(deadline - 2 * DAY)

    assert sent_to(senegal) == [f"Fellowship nominations for {at.code} close on {_english(deadline)}"]
    assert "close in 2 days, on" in body_to(senegal)


# --- What the privacy page says ---------------------------------------------------------------------------------


def test_the_privacy_page_says_what_deadline_reminders_are_sent(representative) -> None:
    page = signed_in(representative).get(reverse("privacy:index"))

    assert "7 days before it is due" in page.content.decode()
    assert "fellowship nominations 3 days before they close" in page.content.decode()


def _english(day: datetime.date) -> str:
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")
