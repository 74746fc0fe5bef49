"""Demo of the sponsorship platform: WTDC-17, whose side and social events 14 entities sponsored for
USD 329,590 (seed 004), WTDC-25 in Baku, and upcoming events open to sponsors, so that the three clicks, the
secretariat's pages and the revenue page show something on a first run.

Loaded once: every record is looked up before it is made, so a second run changes nothing. The sponsors'
names and the split of the 2017 total are made up for the demo; the count and the total are the report's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ponte.core.models import Country, Organisation, OrganisationCategory, User
from ponte.sponsorship.models import (
    Activity,
    ActivityKind,
    RequestState,
    SponsoredEvent,
    SponsorshipRequest,
    SponsorshipSequence,
)
from ponte.sponsorship.selectors import discounted

REASON = "sponsorship.request.recorded_from_report"
STAFF_EMAIL = "staff@ponte.example"
SPONSOR_EMAIL = "sme@astem.example"
SPONSOR_NAME = "ASTEM Co. Ltd."


@dataclass(frozen=True)
class DemoActivity:
    key: str
    kind: str
    name: str
    price: str
    slots: int
    name_fr: str = ""
    name_ar: str = ""


@dataclass(frozen=True)
class DemoEvent:
    code: str
    title: str
    title_fr: str
    title_ar: str
    starts_on: datetime.date
    days: int
    city: str
    country: str  # alpha-3
    currency: str
    discount: str
    activities: tuple[DemoActivity, ...]
    description: str = ""


SIDE_AND_SOCIAL = (
    DemoActivity("reception", ActivityKind.RECEPTION, "Welcome reception", "50000.00", 1, "Réception de bienvenue",
                 "حفل الاستقبال"),
    DemoActivity("dinner", ActivityKind.SOCIAL_EVENT, "Gala dinner", "65000.00", 1, "Dîner de gala", "عشاء رسمي"),
    DemoActivity("cocktail", ActivityKind.NETWORKING, "Networking cocktail", "20000.00", 2, "Cocktail de réseautage",
                 "حفل للتواصل"),
    DemoActivity("side_full", ActivityKind.SIDE_EVENT, "Side event, full day", "24100.00", 4,
                 "Événement parallèle, journée entière", "حدث جانبي، يوم كامل"),
    DemoActivity("side_half", ActivityKind.SIDE_EVENT, "Side event, half day", "14000.00", 8,
                 "Événement parallèle, demi-journée", "حدث جانبي، نصف يوم"),
    DemoActivity("coffee", ActivityKind.COFFEE_BREAK, "Coffee break", "6000.00", 10, "Pause café", "استراحة قهوة"),
)  # fmt: skip

# WTDC-17: the 14 sponsors of side and social events (seed 004), 10% off for the three that were members.
# (activity key, sponsor, member) — 50,000 + 65,000 + 18,000 + 20,000 + 21,690 + 3 x 24,100 + 12,600 + 5 x 14,000
# = USD 329,590.
SPONSORS_2017 = [
    ("reception", "Pampa Networks S.A. (demo)", False),
    ("dinner", "Rio de la Plata Telecom (demo)", False),
    ("cocktail", "Andes Fibre Holdings (demo)", True),
    ("cocktail", "Cono Sur Satellite (demo)", False),
    ("side_full", "Patagonia Mobile (demo)", True),
    ("side_full", "Global Towers Group (demo)", False),
    ("side_full", "Open Spectrum Alliance (demo)", False),
    ("side_full", "Digital Inclusion Fund (demo)", False),
    ("side_half", "Mercosur Data Centres (demo)", True),
    ("side_half", "Connect Schools Foundation (demo)", False),
    ("side_half", "Southern Cable Systems (demo)", False),
    ("side_half", "Rural Broadband Initiative (demo)", False),
    ("side_half", "Tango IoT Labs (demo)", False),
    ("side_half", "LatAm Cloud Exchange (demo)", False),
]
SPONSORS_2025 = [
    ("reception", "Caspian Digital (demo)", False),
    ("side_full", "Silk Road Networks (demo)", True),
    ("side_half", "Baku Innovation Hub (demo)", False),
    ("coffee", "Azerconnect Services (demo)", False),
]


def _events(today: datetime.date) -> list[DemoEvent]:
    """The past events and upcoming ones (the latter always in the years to come, whenever the demo is run)."""
    next_year = today.year + 1
    short = f"{next_year % 100:02d}"
    return [
        DemoEvent(
            "WTDC-17", "World Telecommunication Development Conference 2017",
            "Conférence mondiale de développement des télécommunications 2017", "المؤتمر العالمي لتنمية الاتصالات 2017",
            datetime.date(2017, 10, 9), 12, "Buenos Aires", "ARG", "USD", "10", SIDE_AND_SOCIAL,
        ),
        DemoEvent(
            "WTDC-25", "World Telecommunication Development Conference 2025",
            "Conférence mondiale de développement des télécommunications 2025", "المؤتمر العالمي لتنمية الاتصالات 2025",
            datetime.date(2025, 11, 17), 12, "Baku", "AZE", "USD", "10", SIDE_AND_SOCIAL,
        ),
        DemoEvent(
            f"GSR-{short}", f"Global Symposium for Regulators {next_year}",
            f"Colloque mondial des régulateurs {next_year}", f"الندوة العالمية لمنظمي الاتصالات {next_year}",
            datetime.date(next_year, 6, 29), 3, "Geneva", "CHE", "USD", "15", (
                DemoActivity("dinner", ActivityKind.SOCIAL_EVENT, "Regulators' dinner", "40000.00", 1,
                             "Dîner des régulateurs", "عشاء المنظمين"),
                DemoActivity("side_half", ActivityKind.SIDE_EVENT, "Side event, half day", "12000.00", 4,
                             "Événement parallèle, demi-journée", "حدث جانبي، نصف يوم"),
                DemoActivity("coffee", ActivityKind.COFFEE_BREAK, "Coffee break", "5000.00", 6, "Pause café",
                             "استراحة قهوة"),
                DemoActivity("lunch", ActivityKind.LUNCH, "Networking lunch", "18000.00", 3, "Déjeuner de réseautage",
                             "غداء للتواصل"),
                DemoActivity("lanyards", ActivityKind.LANYARDS, "Lanyards", "8000.00", 1, "Cordons porte-badges",
                             "أشرطة الشارات"),
            ),
        ),
        DemoEvent(
            f"WSIS-{short}", f"WSIS Forum {next_year}", f"Forum du SMSI {next_year}",
            f"منتدى القمة العالمية لمجتمع المعلومات {next_year}",
            datetime.date(next_year, 7, 6), 5, "Geneva", "CHE", "CHF", "10", (
                DemoActivity("reception", ActivityKind.RECEPTION, "High-level reception", "45000.00", 1,
                             "Réception de haut niveau", "حفل استقبال رفيع المستوى"),
                DemoActivity("side_full", ActivityKind.SIDE_EVENT, "Workshop room, full day", "15000.00", 6,
                             "Salle d'atelier, journée entière", "قاعة ورشة عمل، يوم كامل"),
                DemoActivity("wifi", ActivityKind.WIFI, "Conference Wi-Fi", "20000.00", 1, "Wi-Fi de la conférence",
                             "شبكة واي فاي المؤتمر"),
                DemoActivity("coffee", ActivityKind.COFFEE_BREAK, "Coffee break", "4500.00", 10, "Pause café",
                             "استراحة قهوة"),
            ),
        ),
    ]  # fmt: skip


def _event(spec: DemoEvent, countries: dict[str, Country]) -> tuple[SponsoredEvent, int]:
    event = SponsoredEvent.objects.filter(code=spec.code).first()
    created = 0
    if event is None:
        event = SponsoredEvent(
            code=spec.code,
            title_en=spec.title,
            title_fr=spec.title_fr,
            title_ar=spec.title_ar,
            starts_on=spec.starts_on,
            ends_on=spec.starts_on + datetime.timedelta(days=spec.days - 1),
            city=spec.city,
            country=countries[spec.country],
            currency=spec.currency,
            member_discount=Decimal(spec.discount),
            is_published=True,
            description_en=spec.description,
        )
        event._change_reason = "sponsorship.event.created_for_demo"  # type: ignore[attr-defined]
        event.save()
        created += 1
    for activity_spec in spec.activities:
        if Activity.objects.filter(event=event, name_en=activity_spec.name).exists():
            continue
        activity = Activity(
            event=event,
            kind=activity_spec.kind,
            name_en=activity_spec.name,
            name_fr=activity_spec.name_fr,
            name_ar=activity_spec.name_ar,
            price=Decimal(activity_spec.price),
            slots=activity_spec.slots,
        )
        activity._change_reason = "sponsorship.activity.created_for_demo"  # type: ignore[attr-defined]
        activity.save()
        created += 1
    return event, created


def _record_confirmed(event: SponsoredEvent, sponsors: list[tuple[str, str, bool]], staff: User) -> int:
    """Past sponsorships as the report gives them: confirmed, at the price of their time."""
    by_name = dict(event.activities.values_list("name_en", "pk"))
    activities = event.activities.in_bulk()
    names = {spec.key: spec.name for spec in SIDE_AND_SOCIAL}
    created = 0
    for key, name, member in sponsors:
        organisation, _new = Organisation.objects.get_or_create(
            name=name, country=None, defaults={"category": OrganisationCategory.PRIVATE_COMPANY}
        )
        activity = activities[by_name[names[key]]]
        if SponsorshipRequest.objects.filter(activity=activity, organisation=organisation).exists():
            continue
        percent = event.member_discount if member else Decimal(0)
        _amount, price = discounted(activity.price, percent)
        decided_at = timezone.make_aware(datetime.datetime.combine(event.starts_on, datetime.time(9)))
        year = event.starts_on.year
        request = SponsorshipRequest(
            reference=f"SP-{year}-{SponsorshipSequence.take_next(year):04d}",
            activity=activity,
            organisation=organisation,
            requested_by=staff,
            list_price=activity.price,
            discount_percent=percent,
            price=price,
            currency=event.currency,
            state=RequestState.CONFIRMED,
            decided_by=staff,
            decided_at=decided_at,
            note="Recorded from the partnership report.",
        )
        request._change_reason = REASON  # type: ignore[attr-defined]
        request.save()
        created += 1
    return created


def _upcoming_requests(event: SponsoredEvent, staff: User) -> int:
    """A request of the demo SME waiting at the upcoming GSR, and a confirmed one of another sponsor, so that the
    sponsor's and the secretariat's pages have something to show."""
    from ponte.sponsorship import services

    sponsor_user = User.objects.filter(email=SPONSOR_EMAIL).first()
    sponsor = Organisation.objects.filter(name=SPONSOR_NAME).first()
    created = 0
    coffee = event.activities.filter(kind=ActivityKind.COFFEE_BREAK).first()
    if (
        sponsor_user is not None
        and sponsor is not None
        and coffee is not None
        and not SponsorshipRequest.objects.filter(activity=coffee, organisation=sponsor).exists()
    ):
        services.request_sponsorship(
            activity=coffee, organisation=sponsor, requested_by=sponsor_user, message="Demo request."
        )
        created += 1
    dinner = event.activities.filter(kind=ActivityKind.SOCIAL_EVENT).first()
    if dinner is not None and not dinner.requests.exists():
        created += _record_confirmed_now(dinner, staff)
    return created


def _record_confirmed_now(activity: Activity, staff: User) -> int:
    organisation, _new = Organisation.objects.get_or_create(
        name="Alpine Telecom Regulators Network (demo)",
        country=None,
        defaults={"category": OrganisationCategory.INTERNATIONAL_ORGANISATION},
    )
    year = timezone.localdate().year
    request = SponsorshipRequest(
        reference=f"SP-{year}-{SponsorshipSequence.take_next(year):04d}",
        activity=activity,
        organisation=organisation,
        requested_by=staff,
        list_price=activity.price,
        discount_percent=Decimal(0),
        price=activity.price,
        currency=activity.event.currency,
        state=RequestState.CONFIRMED,
        decided_by=staff,
        decided_at=timezone.now(),
        note="Recorded for the demo.",
    )
    request._change_reason = REASON  # type: ignore[attr-defined]
    request.save()
    return 1


@transaction.atomic
def load_sponsorship_demo() -> int:
    """Create the demo events, activities and sponsorships that are missing; return how many records were made.

    Needs the core demo's secretariat account (``staff@ponte.example``); the demo SME's request is made only
    when its representative exists.
    """
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        return 0
    today = timezone.localdate()
    specs = _events(today)
    countries = {c.alpha3: c for c in Country.objects.filter(alpha3__in={spec.country for spec in specs})}
    created = 0
    events = {}
    for spec in specs:
        event, made = _event(spec, countries)
        events[spec.code] = event
        created += made
    created += _record_confirmed(events["WTDC-17"], SPONSORS_2017, staff)
    created += _record_confirmed(events["WTDC-25"], SPONSORS_2025, staff)
    created += _upcoming_requests(events[specs[2].code], staff)
    return created
