"""Core: organisations of every category across the countries, the people, and who works where.

Countries, regions, sectors and groups are the project's reference data (``ponte.core.reference``, loaded
by the migrations; loaded again here, which changes nothing). Full size: 50,000 organisations and 500,000
people, gender recorded for about 70% and birth year for about 60%. Countries are weighted the way ITU
meetings fill: a few large delegations, and every Member State present, developing countries included.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from bench.domains import Domain
from bench.environment import Scale
from bench.pgcopy import CopyWriter, bulk_load, execute, line, reset_sequences, vacuum_analyze

ORGANISATIONS = 50_000
PEOPLE = 500_000

# Relative size of the largest delegations in ITU study-group meetings (every other Member State counts 1).
LARGE_DELEGATIONS = {
    "CN": 40, "US": 30, "KR": 25, "JP": 20, "IN": 12, "DE": 10, "RU": 10, "FR": 9, "GB": 9, "BR": 6, "CA": 6,
    "CH": 6, "IT": 5, "EG": 5, "ES": 4, "NL": 4, "SE": 4, "FI": 4, "NG": 4, "KE": 4, "ZA": 4, "SA": 4, "AE": 4,
    "IR": 4, "TR": 3, "ID": 3, "TN": 3, "AR": 3, "MX": 3, "AU": 3, "PL": 3, "MY": 2, "SN": 2, "CI": 2, "GH": 2,
    "RW": 2, "UG": 2, "TZ": 2, "ZW": 2, "CO": 2, "CU": 2, "PK": 2, "BD": 2, "VN": 2, "TH": 2, "KZ": 2, "UA": 2,
    "BY": 2, "UZ": 2, "DZ": 2, "MA": 2, "JO": 2, "QA": 2, "OM": 2, "BH": 2, "KW": 2, "SG": 2, "IL": 2, "PT": 2,
    "BE": 2, "NO": 2, "DK": 2, "AT": 2, "CZ": 2, "HU": 2, "RO": 2, "GR": 2,
}  # fmt: skip
NON_MEMBER_WEIGHT = 0.02
# Organisations by category (administrations apart: two per Member State); None: no country (international).
ORGANISATION_MIX = {
    "sme": 0.38, "academia": 0.17, "private_company": 0.12, "sector_member": 0.08, "associate": 0.07,
    "ngo": 0.06, "foundation": 0.03, "sme_association": 0.02, "international_organisation": 0.02,
    "multilateral_agency": 0.01, "bilateral_agency": 0.01, "development_bank": 0.005, "un_agency": 0.005,
}  # fmt: skip
INTERNATIONAL = {"international_organisation", "multilateral_agency", "un_agency", "development_bank"}
# Where the people who attend meetings work.
PEOPLE_MIX = {
    "administration": 0.24, "sector_member": 0.24, "academia": 0.15, "sme": 0.12, "associate": 0.07,
    "private_company": 0.05, "international_organisation": 0.04, "ngo": 0.03, "un_agency": 0.02,
    "sme_association": 0.01, "foundation": 0.01, "multilateral_agency": 0.01, "bilateral_agency": 0.005,
    "development_bank": 0.005,
}  # fmt: skip
EMPLOYEES = {"sme": (1, 249), "sme_association": (2, 40), "sector_member": (250, 150_000), "academia": (80, 20_000)}
STEMS = [
    "Baobab", "Kestrel", "Meridian", "Nimbus", "Orion", "Saffron", "Tanager", "Zephyr", "Atlas", "Cedar",
    "Delta", "Ember", "Fjord", "Granite", "Harbor", "Indigo", "Jade", "Kilimanjaro", "Lotus", "Monsoon",
    "Nile", "Oasis", "Pampas", "Quartz", "Sahel", "Taiga", "Umber", "Volta", "Wadi", "Yangtze",
]  # fmt: skip
KIND_WORDS = {
    "sme": ["Labs", "Systems", "Networks", "Solutions", "Digital", "Technologies"],
    "academia": ["University", "Institute of Technology", "Polytechnic", "Research Centre"],
    "private_company": ["Telecom", "Communications", "Electronics", "Industries"],
    "sector_member": ["Telecom Group", "Mobile", "Networks Corporation", "Broadcasting"],
    "associate": ["Engineering", "Standards Lab", "Consulting"],
    "ngo": ["Digital Inclusion Network", "Connect Initiative"],
    "foundation": ["Foundation"],
    "sme_association": ["SME Association", "Chamber of Digital Industry"],
}
GIVEN_NAMES = [
    "Amina", "Wei", "Carlos", "Fatima", "Olga", "Kwame", "Priya", "John", "Mei", "Ahmed", "Sofia", "Hiroshi",
    "Ngozi", "Luis", "Aisha", "Ivan", "Chen", "Maria", "Omar", "Yuki", "Grace", "Raj", "Elena", "Tariq",
    "Ana", "Min-jun", "Leila", "Pierre", "Zainab", "Dmitri", "Lucia", "Kofi", "Hana", "Mateo", "Nour", "Sven",
    "Ji-woo", "Amara", "Thabo", "Ingrid", "Rahul", "Yasmin", "Pedro", "Aigerim", "Jamal", "Chloe", "Kenji",
    "Esperanza", "Bilal", "Naledi", "Tomas", "Mariam", "Arjun", "Li", "Fernanda", "Samir", "Akosua", "Lars",
]  # fmt: skip
FAMILY_NAMES = [
    "Diallo", "Wang", "Garcia", "Haddad", "Ivanova", "Mensah", "Sharma", "Smith", "Li", "Hassan", "Rossi",
    "Tanaka", "Okafor", "Fernandez", "Bello", "Petrov", "Zhang", "Silva", "Mansour", "Sato", "Mwangi", "Patel",
    "Popescu", "Khan", "Santos", "Kim", "Rahimi", "Dubois", "Abubakar", "Volkov", "Moreno", "Asante", "Park",
    "Lopez", "Nasser", "Larsen", "Choi", "Ndlovu", "Berg", "Gupta", "Farah", "Oliveira", "Nurlanov", "Yusuf",
    "Martin", "Suzuki", "Ramirez", "Qureshi", "Dlamini", "Novak", "Ali", "Iyer", "Liu", "Costa", "Saleh",
    "Boateng", "Johansson", "Nguyen", "Tran", "Mohamed", "Kowalski", "Chowdhury", "Alvarez", "Osei", "Huang",
]  # fmt: skip
LANGUAGE_OF_REGION = {"ARB": "ar", "CIS": "ru"}
LANGUAGE_OF_COUNTRY = {"CN": "zh-hans", "FR": "fr", "SN": "fr", "CI": "fr", "ES": "es", "MX": "es", "AR": "es"}


@dataclass(frozen=True)
class CountryInfo:
    code: str
    name: str
    region: str
    is_member: bool
    weight: float


def sizes(scale: Scale) -> dict[str, int]:
    return {
        "organisations": scale.size("organisations", ORGANISATIONS, minimum=500),
        "people": scale.size("people", PEOPLE, minimum=1_000),
    }


def clear() -> None:
    # The bench database is the bench's own: whatever stood on these rows is made again after them.
    execute(
        "TRUNCATE core_affiliation, core_organisation_groups, core_historicalaffiliation, core_person, "
        "core_historicalperson, core_organisation, core_historicalorganisation, "
        "core_historicalorganisation_groups RESTART IDENTITY CASCADE"
    )


def _countries() -> list[CountryInfo]:
    from django.apps import apps

    from ponte.core.models import Country
    from ponte.core.reference import load_reference_data

    load_reference_data(apps)  # the reference lists as the project ships them (a no-op once migrated)
    result = []
    for country in Country.objects.order_by("code"):
        weight = NON_MEMBER_WEIGHT
        if country.is_itu_member:
            weight = LARGE_DELEGATIONS.get(country.code, 0.7 if country.is_ldc else 0.5 if country.is_sids else 1.0)
        result.append(CountryInfo(country.code, country.name, country.region, country.is_itu_member, weight))
    return result


def _pick_weighted(rng: random.Random, items: dict[str, float], k: int) -> list[str]:
    return rng.choices(list(items), weights=list(items.values()), k=k)


def _organisations(rng: random.Random, countries: list[CountryInfo], total: int) -> dict[tuple[str, str], list[int]]:
    """COPY the organisations; return their ids by (country code or "", category)."""
    members = [country for country in countries if country.is_member]
    codes = [country.code for country in countries]
    # Organisations spread more evenly than delegates: the weights flattened.
    spread = [country.weight**0.6 for country in countries]
    by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
    created = datetime.datetime(2016, 1, 1, 8, tzinfo=datetime.UTC)
    columns = [
        "id",
        "name",
        "category",
        "country_id",
        "employee_count",
        "website",
        "description",
        "is_active",
        "listed",
    ]
    with CopyWriter("core_organisation", [*columns, "created_at"]) as copy:
        next_id = 1
        for country in members:
            for name in (
                f"Ministry of ICT of {country.name}",
                f"Telecommunication Regulatory Authority of {country.name}",
            ):
                copy.row(next_id, name, "administration", country.code, None, "", "", True, True, created)
                by_place[(country.code, "administration")].append(next_id)
                next_id += 1
        categories = _pick_weighted(rng, ORGANISATION_MIX, max(0, total - next_id + 1))
        places = rng.choices(codes, weights=spread, k=len(categories))
        for category, place in zip(categories, places, strict=True):
            country_code = "" if category in INTERNATIONAL else place
            words = KIND_WORDS.get(category, ["Agency"])
            name = f"{rng.choice(STEMS)} {rng.choice(words)} {next_id:06d}"
            low, high = EMPLOYEES.get(category, (0, 0))
            employees = round(low + (high - low) * rng.random() ** 3) if high else None
            joined = created + datetime.timedelta(days=rng.randrange(3650))
            copy.row(next_id, name, category, country_code or None, employees, "", "", True, True, joined)
            by_place[(country_code, category)].append(next_id)
            next_id += 1
    return by_place


def _sme_groups(rng: random.Random, by_place: dict[tuple[str, str], list[int]]) -> int:
    """The groups each SME takes part in (the SME programme's groups of interest)."""
    from ponte.core.models import Group

    groups = list(Group.objects.filter(kind__in=["study_group", "focus_group"]).values_list("pk", flat=True))
    with CopyWriter("core_organisation_groups", ["organisation_id", "group_id"]) as copy:
        for (_country, category), ids in sorted(by_place.items()):
            if category == "sme":
                for organisation in ids:
                    for group in rng.sample(groups, k=rng.choice([1, 1, 2, 3])):
                        copy.row(organisation, group)
    return copy.rows


def _person_line(rng: random.Random, person: int, country: CountryInfo) -> str:
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    email = f"{given}.{family}.{person}@bench.example".lower() if rng.random() < 0.85 else ""
    gender = ""
    if rng.random() < 0.7:
        gender = rng.choices(["female", "male", "other"], weights=[32, 67, 1])[0]
    birth_year = round(rng.triangular(1950, 2004, 1980)) if rng.random() < 0.6 else None
    language = LANGUAGE_OF_COUNTRY.get(country.code) or LANGUAGE_OF_REGION.get(country.region, "en")
    return line([person, given, family, email, country.code, gender, birth_year, language])


def _people(
    rng: random.Random, countries: list[CountryInfo], by_place: dict[tuple[str, str], list[int]], total: int
) -> int:
    """COPY the people and one current affiliation each, to an organisation of their country where there is one."""
    by_category: dict[str, list[int]] = defaultdict(list)
    for (_country, category), ids in by_place.items():
        by_category[category].extend(ids)
    weights = [country.weight for country in countries]
    started = datetime.date(2008, 1, 1)
    people_columns = ["id", "given_name", "family_name", "email", "country_id", "gender", "birth_year", "language"]
    affiliation_columns = ["id", "person_id", "organisation_id", "position", "started_on", "ended_on"]
    # Writers flush on leaving in reverse order: the people's last rows go before their affiliations'.
    with (
        CopyWriter("core_affiliation", affiliation_columns) as affiliations,
        CopyWriter("core_person", people_columns) as people,
    ):
        chosen_countries = rng.choices(countries, weights=weights, k=total)
        categories = _pick_weighted(rng, PEOPLE_MIX, total)
        for person, (country, category) in enumerate(zip(chosen_countries, categories, strict=True), start=1):
            people.write(_person_line(rng, person, country))
            place = "" if category in INTERNATIONAL else country.code
            candidates = by_place.get((place, category)) or by_category.get(category) or by_category["sme"]
            organisation = rng.choice(candidates)
            since = started + datetime.timedelta(days=rng.randrange(4000))
            affiliations.row(person, person, organisation, "", since, None)
    return people.rows


def generate(scale: Scale, sizes: dict[str, int]) -> dict[str, int]:
    from ponte.core.models import Affiliation, Organisation, Person

    rng = random.Random(f"{scale.seed}:core")
    countries = _countries()
    by_place = _organisations(rng, countries, sizes["organisations"])
    sme_groups = _sme_groups(rng, by_place)
    with bulk_load(["core_person", "core_affiliation"]):
        people = _people(rng, countries, by_place, sizes["people"])
    reset_sequences([Organisation, Person, Affiliation])
    vacuum_analyze(["core_organisation", "core_organisation_groups", "core_person", "core_affiliation"])
    organisations = sum(len(ids) for ids in by_place.values())
    return {"organisations": organisations, "people": people, "affiliations": people, "sme_groups": sme_groups}


DOMAIN = Domain(name="core", sizes=sizes, clear=clear, generate=generate)
