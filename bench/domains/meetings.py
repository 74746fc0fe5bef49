"""Meetings: ten years of meetings of every group, a registration per participant and attendance per day.

Working parties are added under the study groups (the reference data has none), so a group filter takes
in sub-groups as it does in real use. Person-days are shared out over the meetings by size (plenaries and
advisory groups large, regional and focus groups small, growing a little every year); each meeting draws
its participants from its group's community (a few regulars, many occasional), regional groups mostly from
their region and ITU-D groups mostly from developing countries. Meetings meet on working days; a person
comes on consecutive days, in the room or remotely: remote participation rises over the years, and nearly
everything was virtual in 2020 and 2021. Full size: at least 5,000,000 person-days.
"""

from __future__ import annotations

import datetime
import random
from array import array
from dataclasses import dataclass, field

from bench.domains import Domain
from bench.environment import Scale
from bench.pgcopy import NULL, CopyWriter, bulk_load, execute, fetch, line, reset_sequences, stream, vacuum_analyze

PERSON_DAYS = 5_000_000
FIRST_YEAR, LAST_YEAR = 2016, 2025
PANDEMIC_VIRTUAL = {2020: 0.9, 2021: 0.7}  # share of meetings held fully virtual
HOST_CITIES = {
    "KE": "Nairobi", "RW": "Kigali", "SN": "Dakar", "GH": "Accra", "ZA": "Johannesburg", "EG": "Cairo",
    "TN": "Tunis", "AE": "Dubai", "SA": "Riyadh", "BR": "Brasília", "CO": "Bogotá", "AR": "Buenos Aires",
    "CN": "Shenzhen", "KR": "Seoul", "JP": "Tokyo", "IN": "New Delhi", "TH": "Bangkok", "UZ": "Tashkent",
    "RU": "Moscow", "DE": "Berlin", "FI": "Helsinki",
}  # fmt: skip
FOCUS_GROUP_YEARS = {"FG-AI4H": (2018, 2023), "FG-AI4A": (2021, 2024), "FG-AI4NDM": (2021, 2024)}
REGION_OF_SUFFIX = {"AFR": "AFR", "ARB": "ARB", "LAC": "AMS"}
# Delegate category and participation basis of the people of each organisation category.
CATEGORIES = ["member_state", "sector_member", "associate", "academia", "sme", "sme_association", "other"]
BASES = ["delegation", "member", "sme_programme", "pay_as_you_go"]
ATTENDING_AS = {
    "administration": ("member_state", "delegation"),
    "sector_member": ("sector_member", "member"),
    "associate": ("associate", "member"),
    "academia": ("academia", "member"),
    "sme": ("sme", "sme_programme"),
    "sme_association": ("sme_association", "member"),
    "international_organisation": ("other", "member"),
    "un_agency": ("other", "member"),
    "multilateral_agency": ("other", "member"),
    "development_bank": ("other", "member"),
}
IN_NATIONAL_DELEGATION = 0.1  # SME and academia staff who come in their country's delegation


@dataclass
class Plan:
    """One meeting to make, with its share of the person-days."""

    code: str
    group: int
    root: int
    title: str
    days: list[datetime.date]
    country: str
    city: str
    is_virtual: bool
    is_hybrid: bool
    weight: float
    pool: str
    person_days: int = 0


@dataclass
class People:
    """What a person attends as (organisation, delegation, category, basis), packed small, and the pools."""

    organisation: array[int] = field(default_factory=lambda: array("q"))
    delegation: array[int] = field(default_factory=lambda: array("h"))
    category: array[int] = field(default_factory=lambda: array("b"))
    basis: array[int] = field(default_factory=lambda: array("b"))
    countries: list[str] = field(default_factory=list)
    pools: dict[str, array[int]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.organisation) - 1

    def attendance_tail(self, person: int) -> str:
        """The attendance columns after the mode: organisation, delegation, category."""
        return f"{self._organisation(person)}\t{self._delegation(person)}\t{CATEGORIES[self.category[person]]}"

    def registration_middle(self, person: int) -> str:
        """The registration columns organisation, delegation, basis."""
        return f"{self._organisation(person)}\t{self._delegation(person)}\t{BASES[self.basis[person]]}"

    def _organisation(self, person: int) -> str:
        return str(self.organisation[person]) if self.organisation[person] else NULL

    def _delegation(self, person: int) -> str:
        index = self.delegation[person]
        return self.countries[index] if index >= 0 else NULL


def sizes(scale: Scale) -> dict[str, int]:
    return {"person_days": scale.size("person_days", PERSON_DAYS, minimum=10_000)}


def clear() -> None:
    execute(
        "TRUNCATE meetings_attendance, meetings_historicalattendance, meetings_registration, "
        "meetings_historicalregistration, meetings_meeting, meetings_historicalmeeting RESTART IDENTITY CASCADE"
    )
    execute("DELETE FROM core_group WHERE kind = 'working_party'")


def _working_parties() -> None:
    """Working parties under the ITU-T and ITU-R study groups (WP1/16 as SG16-WP1; ITU-R's WP 5A as WP5A)."""
    from ponte.core.models import Group

    for study_group in Group.objects.filter(kind="study_group", sector__code__in=["ITU-T", "ITU-R"]):
        sector = study_group.sector.code
        number = study_group.number or int(study_group.code.removeprefix("SG"))
        for index in range(1, 4):
            if sector == "ITU-T":
                code, title = f"{study_group.code}-WP{index}", f"Working Party {index}/{number}"
            else:
                letter = "ABC"[index - 1]
                code, title = f"WP{number}{letter}", f"Working Party {number}{letter}"
            Group.objects.create(
                sector=study_group.sector,
                code=code,
                kind="working_party",
                number=index,
                parent=study_group,
                title=title,
                title_en=title,
            )


def _cadence(sector: str, kind: str, code: str) -> tuple[int, int, float, tuple[int, int]]:
    """Meetings a year, working days each, size per day, and the years the group meets."""
    years = FOCUS_GROUP_YEARS.get(code, (FIRST_YEAR, LAST_YEAR))
    if kind == "tsag":
        return (2 if sector == "ITU-T" else 1), 5, 1.2, years
    if kind == "study_group":
        return {"ITU-T": (2, 9, 1.0, years), "ITU-D": (1, 5, 0.9, years)}.get(sector, (2, 5, 0.5, years))
    if kind == "working_party":
        return (1, 3, 0.3, years) if sector == "ITU-T" else (2, 6, 0.45, years)
    if kind == "regional_group":
        return 1, 3, 0.25, years
    return 4, 2, 0.3, years  # focus groups


def _working_days(rng: random.Random, year: int, window: tuple[int, int], days: int) -> list[datetime.date]:
    """``days`` working days from a Monday in the window of weeks."""
    first_monday = datetime.date(year, 1, 4) - datetime.timedelta(days=datetime.date(year, 1, 4).weekday())
    start = first_monday + datetime.timedelta(weeks=rng.randrange(*window))
    result: list[datetime.date] = []
    day = start
    while len(result) < days:
        if day.weekday() < 5:
            result.append(day)
        day += datetime.timedelta(days=1)
    return result


def _place(rng: random.Random, kind: str, region: str, regions: dict[str, str]) -> tuple[str, str]:
    if kind == "regional_group":
        hosts = [code for code in HOST_CITIES if regions.get(code) == region] or list(HOST_CITIES)
    elif rng.random() < 0.7:
        return "CH", "Geneva"
    else:
        hosts = list(HOST_CITIES)
    country = rng.choice(hosts)
    return country, HOST_CITIES[country]


def _plans(rng: random.Random) -> tuple[list[Plan], float]:
    from ponte.core.models import Country, Group

    regions = dict(Country.objects.values_list("code", "region"))
    plans: list[Plan] = []
    for group in Group.objects.select_related("sector").order_by("pk"):
        sector, kind = group.sector.code, group.kind
        per_year, days, size, (first, last) = _cadence(sector, kind, group.code)
        region = REGION_OF_SUFFIX.get(group.code.rsplit("-", 1)[-1], "") if kind == "regional_group" else ""
        pool = f"region:{region}" if region else "developing" if sector == "ITU-D" else "all"
        for year in range(first, last + 1):
            weeks_each = 48 // per_year
            for index in range(per_year):
                window = (1 + index * weeks_each, (index + 1) * weeks_each - 1)
                meeting_days = _working_days(rng, year, window, days)
                small = kind in ("working_party", "focus_group")
                virtual = rng.random() < PANDEMIC_VIRTUAL.get(year, 0.25 if small else 0.03)
                country, city = ("", "") if virtual else _place(rng, kind, region, regions)
                hybrid = not virtual and rng.random() < min(0.95, 0.3 + 0.12 * (year - FIRST_YEAR))
                plans.append(
                    Plan(
                        code=f"{sector[-1]}{year % 100:02d}-{group.code}-{meeting_days[0]:%y%m%d}",
                        group=group.pk,
                        root=group.parent_id or group.pk,
                        title=f"{sector} {group.code} meeting",
                        days=meeting_days,
                        country=country,
                        city=city,
                        is_virtual=virtual,
                        is_hybrid=hybrid,
                        weight=size * days * (1 + 0.04 * (year - FIRST_YEAR)),
                        pool=pool,
                    )
                )
    total_weight = sum(plan.weight for plan in plans)
    return plans, total_weight


def _share_out(plans: list[Plan], total_weight: float, person_days: int) -> None:
    """Each meeting's person-days, by weight, adding up to at least ``person_days``."""
    given = 0
    for plan in plans:
        plan.person_days = max(1, int(person_days * plan.weight / total_weight))
        given += plan.person_days
    for plan in plans[: max(0, person_days - given)]:
        plan.person_days += 1


def _people() -> People:
    """Each person's current affiliation as they attend, and the pools regional and ITU-D meetings draw from."""
    countries = fetch("SELECT code, region, is_developing FROM core_country ORDER BY code")
    codes = [row[0] for row in countries]
    index = {code: position for position, code in enumerate(codes)}
    region = {row[0]: row[1] for row in countries}
    developing = {row[0] for row in countries if row[2]}
    people = People(countries=codes)
    for packed in (people.organisation, people.delegation, people.category, people.basis):
        packed.append(-1 if packed.typecode == "h" else 0)  # person ids start at 1
    pools: dict[str, array[int]] = {"developing": array("i")}
    rows = stream(
        "SELECT p.id, a.organisation_id, o.category, COALESCE(o.country_id, ''), COALESCE(p.country_id, '') "
        "FROM core_person p LEFT JOIN core_affiliation a ON a.person_id = p.id AND a.ended_on IS NULL "
        "LEFT JOIN core_organisation o ON o.id = a.organisation_id ORDER BY p.id"
    )
    for person, organisation, category, organisation_country, own_country in rows:
        if person != len(people.organisation):
            continue  # a second current affiliation: the first one stands
        as_category, basis = ATTENDING_AS.get(category or "", ("other", "pay_as_you_go"))
        delegation = organisation_country or ("" if category else own_country)
        # A national delegate comes for the country itself; some SME and academia staff join it.
        national = category == "administration" or (
            category in ("sme", "academia") and person % 10 < IN_NATIONAL_DELEGATION * 10
        )
        if national:
            organisation, as_category, basis = 0, "member_state", "delegation"
        people.organisation.append(organisation or 0)
        people.delegation.append(index[delegation] if delegation else -1)
        people.category.append(CATEGORIES.index(as_category))
        people.basis.append(BASES.index(basis))
        if delegation:
            pools.setdefault(f"region:{region[delegation]}", array("i")).append(person)
            if delegation in developing:
                pools["developing"].append(person)
    people.pools = pools
    return people


def _remote_chance(year: int) -> float:
    return 0.1 + 0.04 * (year - FIRST_YEAR)


class _Draw:
    """Participants of a group's meetings: regulars often, the long tail now and then."""

    LOCAL_SHARE = 0.8  # regional and ITU-D meetings: participants from their pool, the rest from anywhere

    def __init__(self, rng: random.Random, people: People) -> None:
        self.rng = rng
        self.people = people
        self.offsets: dict[int, int] = {}

    def person(self, plan: Plan) -> int:
        rng, count = self.rng, self.people.count
        offset = self.offsets.setdefault(plan.root, rng.randrange(count))
        pool = self.people.pools.get(plan.pool) if plan.pool != "all" else None
        skewed = rng.random() ** 3
        if pool and rng.random() < self.LOCAL_SHARE:
            return pool[(offset + int(len(pool) * skewed)) % len(pool)]
        return (offset + int(count * skewed)) % count + 1


def _bench_user() -> int:
    from ponte.core.models import User

    user, created = User.objects.get_or_create(
        username="bench-secretariat", defaults={"email": "secretariat@bench.example", "is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user.pk


def _meeting_row(meeting: int, plan: Plan) -> str:
    return line(
        [
            meeting, plan.code, plan.title, plan.title, plan.days[0], plan.days[-1], plan.country or None,
            plan.city, plan.is_virtual, plan.is_hybrid, plan.days[0] - datetime.timedelta(days=14), None, "[]",
            plan.group, "0",
        ]
    )  # fmt: skip


MEETING_COLUMNS = [
    "id", "code", "title", "title_en", "starts_on", "ends_on", "country_id", "city", "is_virtual", "is_hybrid",
    "registration_deadline", "capacity", "interpretation_languages", "group_id", "fellowship_budget",
]  # fmt: skip
REGISTRATION_COLUMNS = [
    "id", "meeting_id", "person_id", "organisation_id", "delegation_id", "basis", "mode",
    "interpretation_language", "state", "invoice_id", "registered_by_id", "created_at", "cancelled_at",
]  # fmt: skip
ATTENDANCE_COLUMNS = [
    "id", "meeting_id", "person_id", "day", "mode", "organisation_id", "delegation_id", "category", "recorded_by_id",
]  # fmt: skip


class _Counter:
    def __init__(self) -> None:
        self.registrations = 0
        self.attendances = 0


def _participants(
    rng: random.Random, draw: _Draw, plan: Plan, meeting: int, user: int, ids: _Counter, out: tuple[CopyWriter, ...]
) -> None:
    """Registrations and attendance days of one meeting, until its person-days are reached."""
    registrations, attendances = out
    days = [day.isoformat() for day in plan.days]
    length = len(days)
    remote_chance = _remote_chance(plan.days[0].year) if plan.is_hybrid else 0.0
    registered = f"{plan.days[0] - datetime.timedelta(days=21)} 09:00:00+00"
    chosen: set[int] = set()
    left, misses = plan.person_days, 0
    while left > 0 and misses < 1000:
        person = draw.person(plan)
        if person in chosen:
            misses += 1
            continue
        chosen.add(person)
        stay = length if rng.random() < 0.35 else rng.randint(1, length)
        stay = min(stay, left)
        first = rng.randint(0, length - stay)
        mode = "remote" if plan.is_virtual or rng.random() < remote_chance else "in_person"
        ids.registrations += 1
        registrations.write(
            f"{ids.registrations}\t{meeting}\t{person}\t{draw.people.registration_middle(person)}\t{mode}\t\t"
            f"confirmed\t{NULL}\t{user}\t{registered}\t{NULL}\n"
        )
        tail = draw.people.attendance_tail(person)
        for day in days[first : first + stay]:
            ids.attendances += 1
            attendances.write(f"{ids.attendances}\t{meeting}\t{person}\t{day}\t{mode}\t{tail}\t{NULL}\n")
        left -= stay


def generate(scale: Scale, sizes: dict[str, int]) -> dict[str, int]:
    from ponte.core.models import Group
    from ponte.meetings.models import Attendance, Meeting, Registration

    rng = random.Random(f"{scale.seed}:meetings")
    _working_parties()
    plans, total_weight = _plans(rng)
    _share_out(plans, total_weight, sizes["person_days"])
    people = _people()
    draw = _Draw(rng, people)
    user = _bench_user()
    ids = _Counter()
    with CopyWriter("meetings_meeting", MEETING_COLUMNS) as meetings:
        for meeting, plan in enumerate(plans, start=1):
            meetings.write(_meeting_row(meeting, plan))
    with (
        bulk_load(["meetings_registration", "meetings_attendance"]),
        CopyWriter("meetings_registration", REGISTRATION_COLUMNS) as registrations,
        CopyWriter("meetings_attendance", ATTENDANCE_COLUMNS) as attendances,
    ):
        for meeting, plan in enumerate(plans, start=1):
            _participants(rng, draw, plan, meeting, user, ids, (registrations, attendances))
    reset_sequences([Group, Meeting, Registration, Attendance])
    vacuum_analyze(["core_group", "meetings_meeting", "meetings_registration", "meetings_attendance"])
    return {
        "meetings": meetings.rows,
        "registrations": registrations.rows,
        "person_days": attendances.rows,
        "working_parties": Group.objects.filter(kind="working_party").count(),
    }


DOMAIN = Domain(name="meetings", sizes=sizes, clear=clear, generate=generate)
