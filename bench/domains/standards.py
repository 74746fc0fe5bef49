"""Standards: the catalogue of Recommendations the Q&A's questions name and the conformity pages refer to.

Full size: 5,000 entries, about the size of ITU-T's and ITU-R's catalogues together (ITU-T 72%, ITU-R 26%, ITU-D
the rest), each series with the study group that keeps it (H: SG16, G: SG15, X: SG17…; ITU-R BT: SG6…). Mostly
Recommendations in force; some superseded by a later one of their series, withdrawn or pre-published;
supplements and technical papers beside them. Titles and summaries are in English (the other languages fall
back to it, as modeltranslation does for a text not yet translated).
"""

from __future__ import annotations

import datetime
import random

from bench.domains import Domain
from bench.environment import Scale
from bench.pgcopy import CopyWriter, execute, fetch, reset_sequences, vacuum_analyze

RECOMMENDATIONS = 5_000
SECTOR_SHARE = {"ITU-T": 0.72, "ITU-R": 0.26, "ITU-D": 0.02}
# Series: (sector, letters, group code, what the series is about, topics of its Recommendations).
SERIES = [
    ("ITU-T", "H", "SG16", "Audiovisual and multimedia systems",
     ["video coding for generic audiovisual services", "accessibility profiles for IPTV", "multimedia conferencing",
      "e-health multimedia services", "intelligent transport systems communications"]),
    ("ITU-T", "F", "SG16", "Non-telephone telecommunication services",
     ["audio-based indoor navigation for persons with visual impairments", "requirements for digital signage",
      "accessible meetings", "multimedia services for vehicles"]),
    ("ITU-T", "G", "SG15", "Transmission systems and media, digital systems and networks",
     ["gigabit-capable passive optical networks", "optical transport network interfaces", "fibre characteristics",
      "home networking transceivers", "synchronization of packet networks"]),
    ("ITU-T", "X", "SG17", "Data networks, open system communications and security",
     ["public-key infrastructure and certificate frameworks", "security of software-defined networks",
      "cybersecurity information exchange", "security guidelines for IoT devices", "identity management"]),
    ("ITU-T", "Y", "SG13", "Global information infrastructure, IP aspects, NGN, IoT and smart cities",
     ["machine learning in future networks", "quantum key distribution networks", "cloud computing requirements",
      "network slicing for IMT-2020", "key performance indicators for smart sustainable cities"]),
    ("ITU-T", "Q", "SG11", "Switching and signalling, and associated measurements and tests",
     ["signalling requirements for IMT-2020", "testing of Internet of things interoperability",
      "combating counterfeit ICT devices", "protocol for service-level agreements"]),
    ("ITU-T", "P", "SG12", "Telephone transmission quality, telephone installations, local line networks",
     ["objective perceptual assessment of speech quality", "quality of experience of video streaming",
      "subjective testing methods", "quality of service for mobile money"]),
    ("ITU-T", "L", "SG5", "Environment and ICTs, climate change, e-waste, energy efficiency, circular economy",
     ["energy efficiency of data centres", "e-waste management", "sustainable power-feeding solutions",
      "circular economy of mobile phones"]),
    ("ITU-T", "K", "SG5", "Protection against interference",
     ["protection against lightning", "human exposure to electromagnetic fields", "resistibility of equipment"]),
    ("ITU-T", "E", "SG2", "Overall network operation, telephone service, service operation and human factors",
     ["international numbering plan", "assignment of mobile network codes", "quality of telecommunication services",
      "human factors for persons with disabilities"]),
    ("ITU-T", "D", "SG3", "Tariff and accounting principles, telecommunication/ICT economic and policy issues",
     ["international mobile roaming", "digital financial services", "economic aspects of over-the-top services"]),
    ("ITU-T", "J", "SG9", "Cable networks and transmission of television, sound programme and other multimedia signals",
     ["cable television networks over IP", "smart television platforms", "conditional access systems"]),
    ("ITU-T", "Z", "SG17", "Languages and general software aspects for telecommunication systems",
     ["specification and description language", "testing and test control notation"]),
    ("ITU-R", "BT", "SG6", "Broadcasting service (television)",
     ["parameter values for ultra-high definition television", "high dynamic range television",
      "digital terrestrial television broadcasting"]),
    ("ITU-R", "BS", "SG6", "Broadcasting service (sound)",
     ["audio definition model", "loudness measurement", "digital sound broadcasting"]),
    ("ITU-R", "M", "SG5", "Mobile, radiodetermination, amateur and related satellite services",
     ["IMT-2020 radio interface", "maritime mobile service", "public protection and disaster relief"]),
    ("ITU-R", "P", "SG3", "Radiowave propagation",
     ["propagation prediction methods", "attenuation by atmospheric gases", "rain attenuation models"]),
    ("ITU-R", "S", "SG4", "Fixed-satellite service", ["satellite link performance", "earth station antennas"]),
    ("ITU-R", "SM", "SG1", "Spectrum management",
     ["spectrum monitoring", "unwanted emissions", "dynamic spectrum access"]),
    ("ITU-R", "RA", "SG7", "Radio astronomy", ["protection criteria for radio astronomy"]),
    ("ITU-D", "D", "SG1", "ITU-D Recommendations", ["broadband development in rural areas", "digital inclusion"]),
    ("ITU-D", "D", "SG2", "ITU-D Recommendations", ["e-health applications", "cybersecurity capacity building"]),
]  # fmt: skip
ASPECTS = [
    "requirements", "framework", "architecture", "functional requirements", "test methods", "use cases",
    "performance objectives", "protocol", "guidelines", "reference model", "terminology", "conformance testing",
]  # fmt: skip
STATUS_MIX = {"in_force": 0.8, "superseded": 0.14, "withdrawn": 0.04, "prepublished": 0.02}
KIND_MIX = {"recommendation": 0.92, "supplement": 0.05, "technical_paper": 0.03}
FIRST_APPROVAL, LAST_APPROVAL = datetime.date(1988, 1, 1), datetime.date(2026, 10, 31)
COLUMNS = [
    "id", "identifier", "kind", "title", "title_en", "summary", "summary_en", "status", "approved_on", "url", "file",
    "updated_at", "group_id", "sector_id", "superseded_by_id",
]  # fmt: skip


def sizes(scale: Scale) -> dict[str, int]:
    return {"recommendations": scale.size("recommendations", RECOMMENDATIONS, minimum=200)}


def clear() -> None:
    # What names Recommendations is made again after them (the Q&A domain comes later).
    execute(
        "TRUNCATE standards_recommendation, standards_historicalrecommendation, qa_question_recommendations, "
        "qa_historicalquestion_recommendations RESTART IDENTITY CASCADE"
    )


def generate(scale: Scale, sizes: dict[str, int]) -> dict[str, int]:
    from ponte.standards.models import Recommendation

    rng = random.Random(f"{scale.seed}:standards")
    sectors = dict(fetch("SELECT code, id FROM core_sector"))
    groups = {(row[0], row[1]): row[2] for row in fetch(
        "SELECT s.code, g.code, g.id FROM core_group g JOIN core_sector s ON s.id = g.sector_id"
    )}  # fmt: skip
    total = sizes["recommendations"]
    now = datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)
    next_id = 1
    with CopyWriter("standards_recommendation", COLUMNS) as copy:
        for sector, share in SECTOR_SHARE.items():
            series = [entry for entry in SERIES if entry[0] == sector]
            count = max(len(series), round(total * share))
            numbers: dict[str, int] = {}
            for index in range(count):
                _sector, letters, group, about, topics = series[index % len(series)]
                number = numbers[letters] = numbers.get(letters, 0) + 1
                kind = rng.choices(list(KIND_MIX), weights=list(KIND_MIX.values()))[0]
                identifier = _identifier(sector, letters, number, kind)
                status = rng.choices(list(STATUS_MIX), weights=list(STATUS_MIX.values()))[0]
                topic = rng.choice(topics)
                title = f"{topic.capitalize()}: {rng.choice(ASPECTS)}"
                summary = (
                    f"Recommendation {sector} {identifier} ({about}) specifies the {topic}. It gives the "
                    f"{rng.choice(ASPECTS)} and the {rng.choice(ASPECTS)}, with examples of their use."
                )
                approved = FIRST_APPROVAL + datetime.timedelta(
                    days=round((LAST_APPROVAL - FIRST_APPROVAL).days * rng.random() ** 0.7)
                )
                url = f"https://www.itu.int/rec/{sector[-1]}-REC-{identifier.replace(' ', '')}"
                # A superseded one points at the next of its series (made in this loop too).
                successor = next_id + len(series) if status == "superseded" and index + len(series) < count else None
                copy.row(
                    next_id, identifier, kind, title, title, summary, summary,
                    status if successor or status != "superseded" else "in_force", approved, url, "", now,
                    groups.get((sector, group)), sectors[sector], successor,
                )  # fmt: skip
                next_id += 1
    reset_sequences([Recommendation])
    vacuum_analyze(["standards_recommendation"])
    return {"recommendations": copy.rows}


def _identifier(sector: str, letters: str, number: int, kind: str) -> str:
    if kind == "supplement":
        return f"{letters} Suppl. {number}"
    if kind == "technical_paper":
        return f"HSTP-{letters}{number}"
    if sector == "ITU-D":
        return f"{letters}.{number}"
    # Numbers as the catalogues space them: H.264, G.9801, BT.2100.
    return f"{letters}.{number if number < 100 else 100 + (number - 100) * 7}"


DOMAIN = Domain(name="standards", sizes=sizes, clear=clear, generate=generate)
