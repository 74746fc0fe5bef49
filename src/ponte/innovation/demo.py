"""Demo of innovation-ecosystem assessments, from seed 002: Rwanda, Kenya and Moldova assessed by the secretariat
in 2017; North Macedonia, Serbia and Bosnia and Herzegovina led by certified national experts; and a few peers in
the same regions and income groups, so that the profiles have something to compare with. A draft of a new North
Macedonian assessment is left for the demo's certified expert (innovation.expert@ponte.example) to finish.

The scores are made up for the demo, not ITU's. Recorded through the services; a second run changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ponte.core.models import Country, Person, User
from ponte.experts.demo import EXPERT_EMAIL, STAFF_EMAIL, load_experts_demo
from ponte.experts.models import Certificate
from ponte.innovation import services
from ponte.innovation.models import Assessment, LeadKind, Pillar
from ponte.innovation.services import ScoreInput

# Scores in the order of data/pillars.csv: vision, policy, talent, infrastructure, capital, markets, culture.
# (country, date, lead expert or None for the secretariat, scores, summary)
ASSESSMENTS = [
    ("RWA", datetime.date(2017, 3, 15), None, (62, 48, 41, 45, 35, 38, 50),
     "A strong national vision (Smart Rwanda) and growing hubs in Kigali; early-stage capital and export markets "
     "are the gaps to close."),
    ("KEN", datetime.date(2017, 6, 20), None, (58, 52, 55, 60, 50, 57, 63),
     "A vibrant start-up culture around Nairobi's hubs and mobile money; policy coordination across ministries "
     "lags behind the ecosystem."),
    ("MDA", datetime.date(2017, 10, 10), None, (45, 50, 52, 48, 38, 40, 42),
     "Skilled ICT talent and a supportive IT park regime; investment and links between universities and firms "
     "are weak."),
    ("MKD", datetime.date(2017, 11, 20), ("Ana", "Stojanovska"), (40, 47, 50, 44, 33, 39, 41),
     "Led by a national expert trained in Ljubljana: a young, multilingual workforce; no shared national "
     "innovation vision yet."),
    ("SRB", datetime.date(2017, 12, 4), ("Jelena", "Petrović"), (55, 53, 61, 52, 42, 48, 50),
     "Led by a national expert: a strong software export sector and engineering schools; early-stage "
     "finance is scarce."),
    ("BIH", datetime.date(2018, 2, 12), ("Amra", "Hadžić"), (35, 38, 47, 40, 30, 34, 39),
     "Led by a national expert: talent leaves for abroad and policy is split between entities; communities of "
     "innovators are forming in Sarajevo."),
    ("UGA", datetime.date(2018, 4, 18), None, (44, 40, 37, 35, 28, 36, 45), ""),
    ("TZA", datetime.date(2018, 5, 9), None, (42, 41, 39, 37, 31, 40, 44), ""),
    ("BWA", datetime.date(2018, 3, 6), None, (50, 46, 43, 47, 41, 39, 42), ""),
    ("ZAF", datetime.date(2018, 6, 27), None, (57, 55, 58, 62, 60, 59, 56), ""),
    ("ALB", datetime.date(2018, 4, 3), None, (42, 44, 46, 43, 32, 37, 40), ""),
    ("MNE", datetime.date(2018, 5, 22), None, (38, 42, 45, 46, 34, 36, 38), ""),
    ("ARM", datetime.date(2018, 7, 11), None, (52, 49, 60, 50, 43, 47, 51), ""),
    ("GEO", datetime.date(2018, 9, 19), None, (54, 58, 53, 51, 45, 46, 49), ""),
]  # fmt: skip
DRAFT_SCORES = (46, 51, 54, None, None, None, None)


def _scores(values: tuple[int | None, ...]) -> dict[str, ScoreInput]:
    codes = list(Pillar.objects.order_by("position").values_list("code", flat=True))
    return {
        code: ScoreInput(Decimal(value) if value is not None else None, "Demo evidence: interviews and desk review.")
        for code, value in zip(codes, values, strict=True)
    }


def _lead(country: Country, day: datetime.date, name: tuple[str, str] | None) -> Certificate | None:
    if name is None:
        return None
    person = Person.objects.get(given_name=name[0], family_name=name[1], country=country)
    certificate = (
        Certificate.objects.filter(person=person, issued_on__lte=day, expires_on__gte=day, revoked_on__isnull=True)
        .order_by("-issued_on")
        .first()
    )
    if certificate is None:
        raise LookupError(f"{person} had no valid certificate on {day}")
    return certificate


@transaction.atomic
def load_innovation_demo(*, staff_email: str = STAFF_EMAIL) -> int:
    """The assessments of the seed and their peers, published; returns how many assessments it created."""
    if not Certificate.objects.exists():
        load_experts_demo(staff_email=staff_email)
    staff = User.objects.get(email=staff_email)
    created = 0
    for alpha3, day, lead_name, values, summary in ASSESSMENTS:
        country = Country.objects.get(alpha3=alpha3)
        if Assessment.objects.filter(country=country, assessed_on=day).exists():
            continue
        lead = _lead(country, day, lead_name)
        assessment = services.create_assessment(
            actor=staff, country=country, assessed_on=day,
            led_by=LeadKind.NATIONAL_EXPERT if lead else LeadKind.SECRETARIAT, lead_certificate=lead,
            texts={"summary_en": summary}, scores=_scores(values),
        )  # fmt: skip
        services.publish_assessment(actor=staff, assessment=assessment)
        created += 1
    created += _expert_draft()
    return created


def _expert_draft() -> int:
    """A draft the demo's certified expert started this year, if that account is certified today."""
    expert = User.objects.filter(email=EXPERT_EMAIL).first()
    if expert is None or not expert.has_perm("innovation.add_assessment"):
        return 0
    country = Country.objects.get(alpha3="MKD")
    day = datetime.date(timezone.localdate().year, 1, 10)
    if Assessment.objects.filter(country=country, assessed_on__year=day.year).exists():
        return 0
    services.create_assessment(
        actor=expert, country=country, assessed_on=min(day, timezone.localdate()), led_by=LeadKind.NATIONAL_EXPERT,
        texts={"summary_en": "Follow-up assessment, five years after the first (draft)."}, scores=_scores(DRAFT_SCORES),
    )  # fmt: skip
    return 1
