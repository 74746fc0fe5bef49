"""Demo of the BSG fund: three years of receipts and disbursements (a mistake reversed among them), and a
fellowship of the upcoming demo SG16 meeting awarded from the fund, so that the report shows figures on a first
run. Recorded through the services, as the secretariat would; loaded once: a second run changes nothing.

The figures are made up for the demo, in the spirit of Resolution 44's fund, not real ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.utils import timezone

from ponte.core.models import Country, Organisation, OrganisationCategory, Person, User
from ponte.funds import services
from ponte.funds.models import LedgerEntry

PARTNER = ("Global Connectivity Foundation (demo)", OrganisationCategory.FOUNDATION)
COMPANY = ("Telecom Industries Ltd (demo)", OrganisationCategory.PRIVATE_COMPANY)
# (years before this one, month, day, source, amount, partner, contributing country, description)
RECEIPTS = [
    (2, 2, 15, "partner_contribution", "120000.00", PARTNER, "", "Voluntary-contribution agreement, first year"),
    (2, 3, 1, "additional_budget", "60000.00", None, "", "Council allocation to the BSG fund"),
    (2, 4, 10, "voluntary_developing", "15000.00", None, "KEN", "Voluntary contribution of Kenya"),
    (1, 2, 14, "partner_contribution", "150000.00", PARTNER, "", "Voluntary-contribution agreement, second year"),
    (1, 3, 2, "additional_budget", "40000.00", None, "", "Council allocation to the BSG fund"),
    (1, 5, 20, "voluntary_private", "25000.00", COMPANY, "", "Sponsorship of the conformity programme"),
    (1, 6, 3, "voluntary_other", "8000.00", None, "", "Contribution of a regional telecommunication organisation"),
    (0, 1, 20, "partner_contribution", "100000.00", PARTNER, "", "Voluntary-contribution agreement, third year"),
    (0, 2, 5, "voluntary_developing", "10000.00", None, "SEN", "Voluntary contribution of Senegal"),
]
# (years before this one, month, day, source, purpose, amount, description)
DISBURSEMENTS = [
    (2, 4, 30, "partner_contribution", "consultancy", "45000.00", "Support to national standardization secretariats"),
    (2, 6, 12, "additional_budget", "training", "28000.00", "Regional workshops on applying Recommendations"),
    (2, 9, 1, "additional_budget", "delegate_assistance", "30000.00", "Fellowships to study group meetings"),
    (2, 10, 7, "voluntary_developing", "training", "9000.00", "Standardization training in Nairobi"),
    (1, 4, 15, "partner_contribution", "conformity_studies", "70000.00", "Interoperability study for IoT test labs"),
    (1, 6, 20, "partner_contribution", "training", "42500.00", "Online course on the Standards Q&A forum"),
    (1, 9, 10, "additional_budget", "delegate_assistance", "36000.00", "Fellowships to study group meetings"),
    (1, 10, 1, "voluntary_private", "consultancy", "18000.00", "Conformity assessment consultancy"),
    (1, 11, 4, "voluntary_other", "training", "4200.00", "Workshop on interconnection (recorded twice)"),
    (0, 2, 20, "partner_contribution", "consultancy", "25000.00", "Support to national standardization secretariats"),
    (0, 3, 10, "voluntary_developing", "training", "12000.00", "Standardization training in Dakar"),
]  # fmt: skip
REVERSED = "Workshop on interconnection (recorded twice)"
FELLOWS = [("Mona", "Salem", "female"), ("Karim", "Nabil", "male")]


def _booked_on(years_before: int, month: int, day: int) -> datetime.date:
    today = timezone.localdate()
    return min(datetime.date(today.year - years_before, month, day), today)


def _organisation(spec: tuple[str, str] | None) -> Organisation | None:
    if spec is None:
        return None
    organisation, _created = Organisation.objects.get_or_create(
        name=spec[0], country=None, defaults={"category": spec[1]}
    )
    return organisation


def _ledger(staff: User) -> int:
    """Every demo entry in the order of its date, as the secretariat would have recorded them."""
    countries = {c.alpha3: c for c in Country.objects.filter(alpha3__in=["KEN", "SEN"])}
    operations: list[tuple[datetime.date, int, Callable[[], LedgerEntry]]] = []
    for years_before, month, day, source, amount, partner, alpha3, description in RECEIPTS:
        booked_on = _booked_on(years_before, month, day)
        operations.append(
            (
                booked_on,
                0,  # on the same day, money comes in before it goes out
                partial(
                    services.record_receipt,
                    actor=staff,
                    source=source,
                    amount=Decimal(amount),
                    booked_on=booked_on,
                    description=description,
                    organisation=_organisation(partner),
                    country=countries.get(alpha3),
                ),
            )
        )
    for years_before, month, day, source, purpose, amount, description in DISBURSEMENTS:
        booked_on = _booked_on(years_before, month, day)
        operations.append(
            (
                booked_on,
                1,
                partial(
                    services.record_disbursement,
                    actor=staff,
                    source=source,
                    purpose=purpose,
                    amount=Decimal(amount),
                    booked_on=booked_on,
                    description=description,
                ),
            )
        )
    entries = [record() for _date, _order, record in sorted(operations, key=lambda operation: operation[:2])]
    mistake = next(entry for entry in entries if entry.description == REVERSED)
    entries.append(services.reverse_entry(actor=staff, entry=mistake, reason="The workshop was recorded twice."))
    return len(entries)


def _fellowship(staff: User, focal_point: User) -> int:
    """Two Egyptian candidates for the demo SG16 meeting: one awarded a full fellowship (paid by the fund), one
    waiting for the secretariat's decision."""
    from ponte.meetings.models import Meeting
    from ponte.meetings.services.fellowships import award_fellowship, nominate_fellow, nominations_close_on

    meeting = Meeting.objects.filter(code__startswith="DEMO-ITU-T-SG16-").first()
    if meeting is None or meeting.fellowships.exists() or timezone.localdate() > nominations_close_on(meeting):
        return 0
    if meeting.fellowship_budget <= 0:
        meeting.fellowship_budget = Decimal("15000.00")
        meeting._change_reason = "meetings.meeting.demo"  # type: ignore[attr-defined]
        meeting.save(update_fields=["fellowship_budget"])
    egypt = Country.objects.get(alpha3="EGY")
    nominations = [
        nominate_fellow(
            actor=focal_point,
            meeting=meeting,
            person=Person.objects.create(given_name=given, family_name=family, country=egypt, gender=gender),
            country=egypt,
            motivation="Demo candidate: editor of a draft Recommendation.",
        )
        for given, family, gender in FELLOWS
    ]
    award_fellowship(
        actor=staff,
        fellowship=nominations[0],
        kind="full",
        ticket=Decimal("1400.00"),
        daily_allowance=Decimal("250.00"),
        days=meeting.days,
        note="Demo award, paid by the BSG fund.",
    )
    return 1


@transaction.atomic
def load_demo(*, staff_email: str, focal_point_email: str) -> int:
    """Record the demo ledger if the fund has no entry yet, then the demo fellowship; return the entries created."""
    staff = User.objects.get(email=staff_email)
    before = LedgerEntry.objects.count()
    if not before:
        _ledger(staff)
    focal_point = User.objects.filter(email=focal_point_email).first()
    if focal_point is not None:
        _fellowship(staff, focal_point)
    return LedgerEntry.objects.count() - before
