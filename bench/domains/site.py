"""The rest of what the main pages show: opportunities looking for partners, and the site search's index.

Full size: 600 opportunities (concept projects and initiatives, in English and now and then in French or
Spanish too), three in four published, the others closed or drafts, each for one or two action areas, one or
two regions (the world now and then) and a few countries. Then the header search's index (``search_entry``,
``search_term``) is rebuilt from every record by the app's own ``ponte.search.indexing.rebuild_index``, as
``manage.py rebuild_search_index`` does after a bulk load: organisations, meetings, groups, Recommendations,
questions and opportunities. This domain comes last: the index stands on all the others.
"""

from __future__ import annotations

import datetime
import random

from bench.domains import Domain
from bench.environment import Scale
from bench.pgcopy import CopyWriter, execute, fetch, reset_sequences, vacuum_analyze

OPPORTUNITIES = 600
STATE_MIX = {"published": 0.75, "closed": 0.15, "draft": 0.1}
WHAT = [
    ("Connecting rural schools in {place}", "Connecter les écoles rurales - {place}",
     "Conectar escuelas rurales en {place}"),
    ("Community networks for {place}", "Réseaux communautaires - {place}", "Redes comunitarias en {place}"),
    ("National CIRT for {place}", "CIRT national - {place}", "CIRT nacional en {place}"),
    ("Digital skills for women in {place}", "Compétences numériques des femmes - {place}",
     "Competencias digitales para mujeres en {place}"),
    ("E-waste collection in {place}", "Collecte des déchets électroniques - {place}",
     "Recogida de residuos electrónicos en {place}"),
    ("Early warning by mobile in {place}", "Alerte précoce par mobile - {place}", "Alerta temprana móvil en {place}"),
]  # fmt: skip
COLUMNS = [
    "id", "kind", "title", "title_en", "title_fr", "title_es", "summary", "summary_en", "description",
    "description_en", "budget_sought", "currency", "video_url", "state", "published_at", "closed_at", "created_at",
    "updated_at", "created_by_id",
]  # fmt: skip


def sizes(scale: Scale) -> dict[str, int]:
    return {"opportunities": scale.size("opportunities", OPPORTUNITIES, minimum=60)}


def clear() -> None:
    execute(
        "TRUNCATE opportunities_opportunity, opportunities_historicalopportunity, search_term, search_entry "
        "RESTART IDENTITY CASCADE"
    )


def _opportunities(rng: random.Random, count: int) -> int:
    areas = [row[0] for row in fetch("SELECT id FROM partnerships_actionarea ORDER BY id")]
    regions = dict(fetch("SELECT code, id FROM partnerships_beneficiaryregion"))
    countries = fetch("SELECT code, name, region FROM core_country WHERE is_developing ORDER BY code")
    author = int(fetch("SELECT id FROM core_user WHERE username = 'bench-secretariat'")[0][0])
    first = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    with (
        CopyWriter("opportunities_opportunity_countries", ["opportunity_id", "country_id"]) as in_countries,
        CopyWriter("opportunities_opportunity_regions", ["opportunity_id", "beneficiaryregion_id"]) as in_regions,
        CopyWriter("opportunities_opportunity_action_areas", ["opportunity_id", "actionarea_id"]) as in_areas,
        CopyWriter("opportunities_opportunity", COLUMNS) as opportunities,
    ):
        for pk in range(1, count + 1):
            chosen = rng.sample(countries, k=rng.choice([1, 1, 2, 3]))
            place = chosen[0][1]
            en, fr, es = (text.format(place=place) for text in rng.choice(WHAT))
            translated = rng.random() < 0.3
            state = rng.choices(list(STATE_MIX), weights=list(STATE_MIX.values()))[0]
            created = first + datetime.timedelta(days=rng.randrange(1400))
            published = None if state == "draft" else created + datetime.timedelta(days=rng.randrange(1, 30))
            closed = published + datetime.timedelta(days=180) if state == "closed" and published else None
            summary = f"{en}: a project led with the administration, seeking partners for its first phase."
            description = f"{summary}\n\nThe project reaches {rng.randrange(5, 500)} sites over three years."
            opportunities.row(
                pk, rng.choice(["concept_project", "initiative"]), en, en, fr if translated else None,
                es if translated else None, summary, summary, description, description,
                f"{rng.randrange(50, 5000) * 1000}.00", "USD", "", state, published, closed, created, created, author,
            )  # fmt: skip
            for area in rng.sample(areas, k=rng.choice([1, 1, 2])):
                in_areas.row(pk, area)
            for code in {chosen[0][2] if rng.random() < 0.8 else "GLO", rng.choice(list(regions))}:
                if code in regions:
                    in_regions.row(pk, regions[code])
            for code, _name, _region in chosen:
                in_countries.row(pk, code)
    return opportunities.rows


def generate(scale: Scale, sizes: dict[str, int]) -> dict[str, int]:
    from ponte.opportunities.models import Opportunity
    from ponte.search.indexing import rebuild_index
    from ponte.search.models import Entry, Term

    rng = random.Random(f"{scale.seed}:site")
    opportunities = _opportunities(rng, sizes["opportunities"])
    reset_sequences([Opportunity])
    counts = rebuild_index()
    reset_sequences([Entry, Term])
    vacuum_analyze(["opportunities_opportunity", "search_entry", "search_term"])
    return {
        "opportunities": opportunities,
        "search_entries": sum(counts.values()),
        "search_terms": int(fetch("SELECT count(*) FROM search_term")[0][0]),
    }


DOMAIN = Domain(name="site", sizes=sizes, clear=clear, generate=generate)
