"""Demo meetings of the pilot groups, a few weeks ahead of the day the demo is loaded. Idempotent by code."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from ponte.core.models import Country, Group
from ponte.meetings.models import Meeting

ALL_LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]
# (sector, group, weeks ahead, days, alpha3 or "" for virtual, city, capacity, interpretation, titles en/fr/es)
DEMO_MEETINGS = [
    ("ITU-T", "SG16", 4, 9, "CHE", "Geneva", 180, ALL_LANGUAGES,
     "Study Group 16 meeting", "Réunion de la Commission d'études 16", "Reunión de la Comisión de Estudio 16"),
    ("ITU-T", "SG20", 6, 1, "", "", None, [],
     "Study Group 20 e-meeting", "Réunion électronique de la Commission d'études 20",
     "Reunión electrónica de la Comisión de Estudio 20"),
    ("ITU-T", "SG5", 9, 8, "KEN", "Nairobi", 90, ["en", "fr"],
     "Study Group 5 meeting", "Réunion de la Commission d'études 5", "Reunión de la Comisión de Estudio 5"),
    ("ITU-D", "SG1", 12, 5, "CHE", "Geneva", 150, ALL_LANGUAGES,
     "Study Group 1 meeting", "Réunion de la Commission d'études 1", "Reunión de la Comisión de Estudio 1"),
    ("ITU-T", "TSAG", 16, 5, "CHE", "Geneva", 200, ALL_LANGUAGES,
     "TSAG meeting", "Réunion du GCNT", "Reunión del GANT"),
]  # fmt: skip


@transaction.atomic
def load_demo() -> int:
    """Create the demo meetings that are missing; return how many were created."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    countries = {country.alpha3: country for country in Country.objects.filter(alpha3__in=["CHE", "KEN"])}
    created = 0
    for sector, code, weeks, days, alpha3, city, capacity, languages, title_en, title_fr, title_es in DEMO_MEETINGS:
        group = Group.objects.get(sector__code=sector, code=code)
        if Meeting.objects.filter(group=group, code__startswith=f"DEMO-{sector}-{code}-").exists():
            continue
        starts_on = monday + datetime.timedelta(weeks=weeks)
        meeting = Meeting(
            code=f"DEMO-{sector}-{code}-{starts_on:%y%m%d}",
            group=group,
            title_en=title_en,
            title_fr=title_fr,
            title_es=title_es,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=days - 1),
            country=countries.get(alpha3),
            city=city,
            is_virtual=not alpha3,
            is_hybrid=bool(alpha3),
            registration_deadline=starts_on - datetime.timedelta(days=7),
            capacity=capacity,
            interpretation_languages=languages,
        )
        meeting.full_clean()
        meeting._change_reason = "meetings.meeting.demo"  # type: ignore[attr-defined]
        meeting.save()
        created += 1
    return created


def load_registrations_demo(*, representative_email: str, organisation_name: str) -> int:
    """The demo SME's representative registered, remotely, for the demo SG16 meeting (as an SME of the programme)."""
    from ponte.core.models import Organisation, User
    from ponte.core.services import ensure_person_for_user
    from ponte.meetings import services
    from ponte.meetings.models import Registration

    user = User.objects.filter(email=representative_email).first()
    organisation = Organisation.objects.filter(name=organisation_name).first()
    meeting = Meeting.objects.filter(code__startswith="DEMO-ITU-T-SG16-").first()
    if user is None or organisation is None or meeting is None:
        return 0
    person = ensure_person_for_user(user=user)
    if Registration.objects.filter(meeting=meeting, person=person).exists():
        return 0
    services.register(actor=user, meeting=meeting, person=person, organisation=organisation, mode="remote")
    return 1


# Past meetings with generated attendance lists, so that the participation dashboard has figures to show.
PAST_MEETINGS = [
    ("DEMO-PAST-ITU-T-SG16-2024", "ITU-T", "SG16", datetime.date(2024, 4, 15), 9),
    ("DEMO-PAST-ITU-T-SG20-2025", "ITU-T", "SG20", datetime.date(2025, 3, 10), 8),
    ("DEMO-PAST-ITU-T-SG16-2025", "ITU-T", "SG16", datetime.date(2025, 7, 7), 9),
    ("DEMO-PAST-ITU-D-SG1-2025", "ITU-D", "SG1", datetime.date(2025, 10, 13), 5),
]
DEMO_DELEGATIONS = ["KEN", "NPL", "FJI", "BRA", "EGY", "IND", "CHN", "DEU", "FRA", "USA", "JPN", "SEN", "BOL", "RUS"]
DEMO_PARTICIPANTS = 180


@transaction.atomic
def load_attendance_demo() -> int:
    """Generated (seeded) participants of past meetings; returns the person-days created."""
    import random

    from simple_history.utils import bulk_create_with_history

    from ponte.core.models import Person
    from ponte.meetings.models import Attendance
    from ponte.meetings.signals import attendance_recorded

    if Meeting.objects.filter(code__startswith="DEMO-PAST-").exists():
        return 0
    generator = random.Random(44)  # noqa: S311 - demo data, reproducible
    countries = {c.alpha3: c for c in Country.objects.filter(alpha3__in=DEMO_DELEGATIONS)}
    people = [
        Person(
            given_name=f"Participant {n:03d}",
            family_name="(generated)",
            country=countries[generator.choice(DEMO_DELEGATIONS)],
            gender=generator.choice(["female", "male", "male", ""]),
            birth_year=generator.choice([None, *range(1960, 2002)]),
        )
        for n in range(1, DEMO_PARTICIPANTS + 1)
    ]
    people = bulk_create_with_history(people, Person)
    attendances = []
    for code, sector, group_code, start, days in PAST_MEETINGS:
        meeting = Meeting(
            code=code,
            group=Group.objects.get(sector__code=sector, code=group_code),
            title_en=f"{sector} {group_code} meeting",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=days - 1),
            country=Country.objects.get(alpha3="CHE"),
            city="Geneva",
        )
        meeting._change_reason = "meetings.meeting.demo"  # type: ignore[attr-defined]
        meeting.save()
        for person in generator.sample(people, k=DEMO_PARTICIPANTS // 2):
            mode = "remote" if generator.random() < 0.35 else "in_person"
            first = generator.randint(0, days - 1)
            for offset in range(first, min(days, first + generator.randint(1, 5))):
                attendances.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        day=start + datetime.timedelta(days=offset),
                        mode=mode,
                        delegation=person.country,
                        category="member_state",
                    )
                )
    bulk_create_with_history(attendances, Attendance, batch_size=1000)
    attendance_recorded.send(sender=Attendance, meeting_ids={attendance.meeting_id for attendance in attendances})
    return len(attendances)
