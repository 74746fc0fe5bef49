"""The secretariat checks participants in, day by day, in the room or remotely."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from ponte.core.models import RoleKind
from ponte.core.services import ensure_person_for_user
from ponte.meetings import services
from ponte.meetings.models import Attendance, Meeting
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country, group, with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_meeting():
    with time_machine.travel(datetime.datetime(2026, 6, 16, 8, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def registration():
    meeting = Meeting.objects.create(
        code="T25-SG16-CHECK",
        group=group("ITU-T", "SG16"),
        title_en="SG16",
        starts_on=datetime.date(2026, 6, 15),
        ends_on=datetime.date(2026, 6, 17),
        country=country("CHE"),
        city="Geneva",
    )
    administration = OrganisationFactory(name="Ministry of ICT", category="administration", country=country("KEN"))
    user = with_role(RoleKind.REPRESENTATIVE, organisation=administration)
    person = ensure_person_for_user(user=user)
    return services.register(actor=user, meeting=meeting, person=person, organisation=administration, mode="remote")


def test_staff_check_a_participant_in_and_change_the_mode(secretariat, registration) -> None:
    client = signed_in(secretariat)
    url = reverse("meetings:check_in", args=[registration.meeting.code])
    page = client.get(url)
    assert page.status_code == 200 and page.context["day"] == datetime.date(2026, 6, 16)
    client.post(url, {"registration": registration.pk, "day": "2026-06-16", "mode": "remote"})
    client.post(url, {"registration": registration.pk, "day": "2026-06-16", "mode": "remote"})  # double click
    attendance = Attendance.objects.get()
    assert (attendance.mode, attendance.category, attendance.delegation_id) == ("remote", "member_state", "KE")
    client.post(url, {"registration": registration.pk, "day": "2026-06-16", "mode": "in_person"})
    assert Attendance.objects.get().mode == "in_person"
    client.post(url, {"registration": registration.pk, "day": "2026-06-17", "mode": "remote"})
    assert Attendance.objects.count() == 2
    listed = client.get(url + "?day=2026-06-16&q=ministry")
    assert [r.present_as for r in listed.context["page"].object_list] == ["in_person"]


def test_check_in_is_the_secretariats(registration, representative) -> None:
    url = reverse("meetings:check_in", args=[registration.meeting.code])
    assert signed_in(representative).get(url).status_code == 403
    response = signed_in(representative).post(url, {"registration": registration.pk, "mode": "remote"})
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_an_unknown_mode_changes_nothing(secretariat, registration) -> None:
    url = reverse("meetings:check_in", args=[registration.meeting.code])
    assert signed_in(secretariat).post(url, {"registration": registration.pk, "mode": "teleport"}).status_code == 404
    assert not Attendance.objects.exists()
