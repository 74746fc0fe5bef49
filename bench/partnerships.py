"""The partner search ("who could fund this?") and the agreements import, on the generated partnerships.

The search's API and page are timed over a mix of criteria (an action area and a region, a region, a country,
a mechanism, two areas and two regions, free text in English, French, Chinese and Arabic, an area with text),
each beside the plain ORM search a developer would write without the search's index: ``icontains`` on the
partner's name, mandate and strategy and on its agreements' titles (six languages), filters on the agreements'
areas, regions and countries and on the partner's mechanisms, the number and USD value of the agreements per
partner, ordered, 20 rows. The baseline ranks by agreements; the search also weighs what partners declare and
how recent their agreements are, so the two lists differ by design. What is checked instead, on the raw
tables: that every partner the API proposes meets the criteria as ``ponte.partnerships.search`` defines them,
and that the agreements and USD value it shows for each are what the raw rows add up to. The search caches its
answers until the next re-indexing, so the API is also timed with that cache off (``PARTNER_SEARCH_CACHE_SECONDS=0``):
what the first request for some criteria after a change costs.

Then the steps: a full rebuild of the index (``rebuild_partner_search``); the import of agreements through
``manage.py import_agreements`` (100,000 rows at full size: known partners by name, some amendments), its
re-import (nothing changes), the search refresh job after it; and the imported agreements removed again (with
the refresh after that), so that the next ``make bench`` measures the same dataset.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

from django.test import Client, override_settings

from bench.pgcopy import execute, fetch, vacuum_analyze
from bench.timing import Case, Check, Measurement, Step, Suite

API = "/api/v1/partnerships/partners/match"
PAGE = "/en/partnerships/partners/search/"
API_TARGET_MS, PAGE_TARGET_MS = 50.0, 150.0
ROWS = 20
IMPORT_PREFIX = "BENCH-IMPORT-"
IMPORT_ROWS = 100_000  # at full size; half the dataset's agreements below it
IMPORT_MARKER = "Quokka"  # a word only the imported titles have: found once the index is refreshed
IMPORT_AMENDMENTS = 0.12
SEARCH_TABLES = [
    "partnerships_partnersearchterm", "partnerships_partneragreementfact", "partnerships_partnertrackrecord",
]  # fmt: skip
LINKS = ["partners", "regions", "countries", "action_areas"]
# What an import writes and its removal deletes: vacuumed afterwards, or the dead rows linger until autovacuum
# (and slow the planner: with 100,000 dead links at the end of an index, planning the country search's
# examples took 120 ms instead of 3).
IMPORTED_TABLES = [
    "partnerships_agreement", *(f"partnerships_agreement_{name}" for name in LINKS), "partnerships_historicalagreement",
    *(f"partnerships_historicalagreement_{name}" for name in LINKS), *SEARCH_TABLES,
    "partnerships_stalepartnersearch",
]  # fmt: skip


@dataclass(frozen=True)
class Search:
    """Criteria as the API and the page take them (codes)."""

    label: str
    action_area: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    mechanism: str = ""
    q: str = ""

    def query(self) -> dict[str, Any]:
        wanted = {
            "action_area": list(self.action_area),
            "region": list(self.region),
            "country": list(self.country),
            "mechanism": self.mechanism,
            "q": self.q,
        }
        return {name: value for name, value in wanted.items() if value}

    @property
    def place(self) -> bool:
        return bool(self.action_area or self.region or self.country)


SEARCHES = [
    Search("Cybersecurity in AFR", action_area=("cybersecurity",), region=("AFR",)),
    Search("region ASP", region=("ASP",)),
    Search("country KEN", country=("KEN",)),
    Search("mechanism trust fund", mechanism="trust-fund"),
    Search("2 areas, 2 regions", action_area=("capacity-building", "digital-inclusion"), region=("AFR", "ARB")),
    Search("text en: rural broadband", q="rural broadband"),
    Search("text fr: cybersécurité", q="cybersécurité"),
    Search("text zh: 网络安全", q="网络安全"),
    Search("text ar: الشمول الرقمي", q="الشمول الرقمي"),
    Search("Capacity building + text: digital skills", action_area=("capacity-building",), q="digital skills"),
]
PAGE_SEARCHES = [SEARCHES[0], SEARCHES[2], SEARCHES[7], SEARCHES[9]]


def _get(client: Client, path: str, query: dict[str, Any]) -> Any:
    response = client.get(path, query)
    if response.status_code != 200:
        raise RuntimeError(f"{path}?{query} answered {response.status_code}")
    return response


def api_results(client: Client, search: Search) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = _get(client, API, search.query()).json()["results"]
    return results


# --- The baseline: the ORM search a developer would write over the raw tables ---------------------------------


def baseline(search: Search) -> list[tuple[int, str, int, Decimal | None]]:
    """The 20 partners with the most agreements meeting the criteria: (id, name, agreements, USD value).

    A phrase is looked for as it is typed (``icontains``) in the partner's name, mandate and strategy and in its
    agreements' titles, in every language; areas, regions and countries filter the agreements counted.
    """
    from django.db.models import Count, Q, Sum

    from ponte.partnerships.models import Agreement, Partner

    languages = ["en", "fr", "es", "ru", "zh_hans", "ar"]
    partners = Partner.objects.filter(is_active=True)
    if search.mechanism:
        partners = partners.filter(mechanisms__code=search.mechanism)
    if search.q:
        phrase = search.q
        own = Q(name__icontains=phrase)
        for language in languages:
            own |= Q(**{f"mandate_{language}__icontains": phrase}) | Q(**{f"strategy_{language}__icontains": phrase})
        titled = Q()
        for language in languages:
            titled |= Q(**{f"title_{language}__icontains": phrase})
        with_titles = Agreement.partners.through.objects.filter(agreement__in=Agreement.objects.filter(titled))
        partners = partners.filter(own | Q(pk__in=with_titles.values("partner_id")))
    if search.place:
        agreements = Agreement.objects.all()
        if search.action_area:
            agreements = agreements.filter(action_areas__code__in=search.action_area)
        if search.region:
            agreements = agreements.filter(regions__code__in=search.region)
        if search.country:
            agreements = agreements.filter(countries__alpha3__in=search.country)
        partners = partners.filter(agreements__in=agreements.values("pk"))
    ranked = partners.annotate(found=Count("agreements"), usd=Sum("agreements__value_usd")).order_by(
        "-found", "-usd", "pk"
    )
    return list(ranked.values_list("pk", "name", "found", "usd")[:ROWS])


# --- Checks on the raw tables ----------------------------------------------------------------------------------------

_LISTS = {
    "areas": ("partnerships_agreement_action_areas", "actionarea_id", "partnerships_actionarea", "id", "code"),
    "regions": (
        "partnerships_agreement_regions", "beneficiaryregion_id", "partnerships_beneficiaryregion", "id", "code",
    ),
    "countries": ("partnerships_agreement_countries", "country_id", "core_country", "code", "alpha3"),
}  # fmt: skip


def _of(kind: str) -> str:
    """The agreement whose list of ``kind`` applies: an amendment naming none has the original's."""
    table = _LISTS[kind][0]
    return (
        f"CASE WHEN a.amends_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} x WHERE x.agreement_id = a.id) "  # noqa: S608
        f"THEN a.amends_id ELSE a.id END AS {kind}_of"
    )


def raw_records(search: Search, partner_ids: list[int]) -> dict[int, tuple[int, int, Decimal]]:
    """Per partner, from the raw rows: matching agreements and amendments, originals among them, USD value."""
    conditions, params = [], []
    for kind, wanted in (("areas", search.action_area), ("regions", search.region), ("countries", search.country)):
        if wanted:
            table, column, vocabulary, key, code = _LISTS[kind]
            conditions.append(
                f"EXISTS (SELECT 1 FROM {table} x JOIN {vocabulary} v ON v.{key} = x.{column} "  # noqa: S608
                f"WHERE x.agreement_id = m.{kind}_of AND v.{code} = ANY(%s))"
            )
            params.append(list(wanted))
    rows = fetch(
        f"WITH mine AS (SELECT ap.partner_id, a.amends_id, a.value_usd, {_of('areas')}, {_of('regions')}, "  # noqa: S608
        f"{_of('countries')} FROM partnerships_agreement_partners ap "
        "JOIN partnerships_agreement a ON a.id = ap.agreement_id WHERE ap.partner_id = ANY(%s)) "
        "SELECT partner_id, count(*), count(*) FILTER (WHERE amends_id IS NULL), sum(value_usd) FROM mine m "
        f"WHERE {' AND '.join(conditions) or 'TRUE'} GROUP BY partner_id",
        [partner_ids, *params],
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _declared(search: Search, partner_ids: list[int]) -> dict[str, set[int]]:
    """Per kind of criteria: the partners that declare one of the requested values (raw many-to-many rows)."""
    kinds = {
        "areas": ("partnerships_partner_action_areas", "actionarea_id", "partnerships_actionarea", "id", "code",
                  search.action_area),
        "regions": ("partnerships_partner_regions", "beneficiaryregion_id", "partnerships_beneficiaryregion", "id",
                    "code", search.region),
        "countries": ("partnerships_partner_countries", "country_id", "core_country", "code", "alpha3",
                      search.country),
        "mechanism": ("partnerships_partner_mechanisms", "fundingmechanism_id", "partnerships_fundingmechanism",
                      "id", "code", (search.mechanism,) if search.mechanism else ()),
    }  # fmt: skip
    declared: dict[str, set[int]] = {}
    for kind, (table, column, vocabulary, key, code, wanted) in kinds.items():
        if wanted:
            rows = fetch(
                f"SELECT DISTINCT x.partner_id FROM {table} x JOIN {vocabulary} v ON v.{key} = x.{column} "  # noqa: S608
                f"WHERE x.partner_id = ANY(%s) AND v.{code} = ANY(%s)",
                [partner_ids, list(wanted)],
            )
            declared[kind] = {row[0] for row in rows}
    return declared


def raw_terms(partner_ids: list[int]) -> dict[int, set[str]]:
    """The normalised terms of each partner's name, mandate, strategy and agreement titles, from the raw rows."""
    from ponte.core.search_text import document_terms

    languages = ["en", "fr", "es", "ru", "zh_hans", "ar"]
    own = ", ".join(f"mandate_{language}, strategy_{language}" for language in languages)
    titles = ", ".join(f"a.title_{language}" for language in languages)
    texts: dict[int, set[str]] = {pk: set() for pk in partner_ids}
    for pk, *values in fetch(f"SELECT id, name, {own} FROM partnerships_partner WHERE id = ANY(%s)", [partner_ids]):  # noqa: S608
        texts[pk].update(value for value in values if value)
    rows = fetch(
        f"SELECT DISTINCT ap.partner_id, unnest(ARRAY[{titles}]) FROM partnerships_agreement_partners ap "  # noqa: S608
        "JOIN partnerships_agreement a ON a.id = ap.agreement_id WHERE ap.partner_id = ANY(%s)",
        [partner_ids],
    )
    for pk, title in rows:
        if title:
            texts[pk].add(title)
    return {pk: {term for text in found for term in document_terms(text)} for pk, found in texts.items()}


def _terms_found(search: Search, terms: set[str]) -> int:
    from ponte.core.search_text import query_terms

    return sum(
        1
        for wanted in query_terms(search.q)
        if (wanted.key in terms if wanted.exact else any(term.startswith(wanted.key) for term in terms))
    )


def _partner_ids(results: list[dict[str, Any]]) -> list[int]:
    from ponte.partnerships.models import Partner

    names = [result["partner"] for result in results]
    by_name = dict(Partner.objects.filter(name__in=names).values_list("name", "pk"))
    return [by_name[name] for name in names]


def _why_not(
    search: Search,
    pk: int,
    records: dict[int, tuple[int, int, Decimal]],
    declared: dict[str, set[int]],
    terms: dict[int, set[str]],
) -> str:
    """Why a partner proposed for the search does not meet its criteria in the raw rows ("" when it does)."""
    from ponte.core.search_text import query_terms
    from ponte.partnerships.search import terms_required

    declares_a_place = any(pk in declared.get(kind, ()) for kind in ("areas", "regions", "countries"))
    if search.place and pk not in records and not declares_a_place:
        return "neither declares nor has a matching agreement"
    if search.mechanism and pk not in declared["mechanism"]:
        return "does not declare the mechanism"
    if search.q and _terms_found(search, terms[pk]) < terms_required(len(query_terms(search.q))):
        return "its texts lack the words"
    return ""


def check_results(client: Client, searches: list[Search]) -> list[Check]:
    """Every partner proposed meets the criteria, and its agreements and USD value are the raw rows' sums."""
    wrong_listed, wrong_figures, overlaps = [], [], []
    found = 0
    for search in searches:
        results = api_results(client, search)
        found += len(results)
        if not results:
            wrong_listed.append(f"{search.label}: no partner found")
            continue
        ids = _partner_ids(results)
        records = raw_records(search, ids)
        declared = _declared(search, ids)
        terms = raw_terms(ids) if search.q else {}
        for pk, result in zip(ids, results, strict=True):
            if reason := _why_not(search, pk, records, declared, terms):
                wrong_listed.append(f"{search.label}: {result['partner']} {reason}")
            _matching, originals, usd = records.get(pk, (0, 0, Decimal("0.00")))
            if (result["agreements"], Decimal(result["value_usd"])) != (originals, usd):
                wrong_figures.append(
                    f"{search.label}: {result['partner']} shows {result['agreements']} agreements, "
                    f"USD {result['value_usd']}; the raw rows {originals}, USD {usd}"
                )
        best = {row[0] for row in baseline(search)}
        overlaps.append(f"{search.label} {len(best & set(ids))}/{len(ids)}")
    return [
        Check(
            "search: every partner proposed meets the criteria (raw rows)",
            not wrong_listed,
            "; ".join(wrong_listed[:5]) or f"{found} partners in {len(searches)} searches",
        ),
        Check(
            "search: agreements and USD value shown = raw rows",
            not wrong_figures,
            "; ".join(wrong_figures[:3]) or f"{found} partners",
        ),
        Check(
            "search: overlap with the baseline's top 20 by agreements (information: the search also weighs "
            "declared priorities and recency)",
            True,
            ", ".join(overlaps),
        ),
    ]


# --- Measurements -------------------------------------------------------------------------------------------------


def measurements(client: Client) -> list[Measurement]:
    def api(search: Search) -> Case:
        return Case(search.label, lambda: _get(client, API, search.query()), lambda: baseline(search))

    def computed(search: Search) -> Case:
        def answer() -> object:
            with override_settings(PARTNER_SEARCH_CACHE_SECONDS=0):
                return _get(client, API, search.query())

        return Case(search.label, answer)

    def page(search: Search) -> Case:
        return Case(search.label, lambda: _get(client, PAGE, search.query()), lambda: baseline(search))

    return [
        Measurement(f"partner search API {API}", [api(search) for search in SEARCHES], target_ms=API_TARGET_MS),
        # The same requests with the answers' cache off: what the first request after a re-indexing costs.
        Measurement(f"partner search API {API}, cache off", [computed(search) for search in SEARCHES]),
        Measurement(
            f"partner search page {PAGE}", [page(search) for search in PAGE_SEARCHES], target_ms=PAGE_TARGET_MS
        ),
    ]


def checks(client: Client) -> list[Check]:
    return check_results(client, SEARCHES)


# --- The index rebuild, the import and its undoing --------------------------------------------------------------------


def _imported_ids() -> list[int]:
    return [
        row[0] for row in fetch("SELECT id FROM partnerships_agreement WHERE reference LIKE %s", [f"{IMPORT_PREFIX}%"])
    ]


def remove_imported() -> list[int]:
    """Delete the agreements an import of the bench added, their links, history and search rows (plain SQL: the
    ORM would send a signal per agreement); return the partners whose search rows must be rebuilt."""
    ids = _imported_ids()
    if not ids:
        return []
    among = "IN (SELECT unnest(%s::bigint[]))"  # hashed; "= ANY(%s)" searches the 100,000 ids linearly per row
    linked = f"SELECT DISTINCT partner_id FROM partnerships_agreement_partners WHERE agreement_id {among}"  # noqa: S608
    partners = [row[0] for row in fetch(linked, [ids])]
    history = f"SELECT history_id FROM partnerships_historicalagreement WHERE id {among}"  # noqa: S608
    for name in LINKS:
        execute(f"DELETE FROM partnerships_historicalagreement_{name} WHERE history_id IN ({history})", [ids])  # noqa: S608
        execute(f"DELETE FROM partnerships_agreement_{name} WHERE agreement_id {among}", [ids])  # noqa: S608
    execute(f"DELETE FROM partnerships_historicalagreement WHERE id {among}", [ids])  # noqa: S608
    execute(
        f"DELETE FROM partnerships_partneragreementfact WHERE agreement_id {among} OR countries_of_id {among}",  # noqa: S608
        [ids, ids],
    )
    execute(f"DELETE FROM partnerships_agreement WHERE id {among}", [ids])  # noqa: S608
    return partners


def _mark_stale(partner_ids: list[int]) -> None:
    execute(
        "INSERT INTO partnerships_stalepartnersearch (partner_id, marked_at) SELECT unnest(%s::bigint[]), now()",
        [partner_ids],
    )


def _refresh() -> tuple[float, int]:
    from ponte.partnerships.search import refresh_partner_search

    started = time.perf_counter()
    partners = refresh_partner_search()
    return time.perf_counter() - started, partners


def prepare() -> list[Step]:
    """Undo what an interrupted run imported, then rebuild the whole index, timed."""
    from ponte.partnerships.search import rebuild_partner_search

    if stale := remove_imported():
        print(f"partnerships: removed the agreements an earlier run imported ({len(stale)} partners).", flush=True)
        vacuum_analyze(IMPORTED_TABLES)
    started = time.perf_counter()
    partners = rebuild_partner_search()
    seconds = time.perf_counter() - started
    vacuum_analyze(SEARCH_TABLES)
    counts = ", ".join(
        f"{fetch(f'SELECT count(*) FROM {table}')[0][0]:,} {table.removeprefix('partnerships_partner')}"  # noqa: S608
        for table in SEARCH_TABLES
    )
    return [
        Step(
            "partner search: full index rebuild (rebuild_partner_search)",
            seconds,
            f"{partners:,} partners: {counts} rows",
        )
    ]


def import_size() -> int:
    """Rows of the import: 100,000 at full size, half the dataset's agreements on a smaller one."""
    agreements = fetch("SELECT count(*) FROM partnerships_agreement")[0][0]
    return max(1_000, min(IMPORT_ROWS, agreements // 2))


def _import_rows(rows: int, rng: random.Random) -> list[list[object]]:
    """Agreements in the import's columns: known partners by name (the busy ones more often), a marker word in
    every title, and some amendments, of agreements of the file and of agreements already there."""
    partners = fetch(
        "SELECT p.name, count(*) FROM partnerships_partner p JOIN partnerships_agreement_partners ap "
        "ON ap.partner_id = p.id WHERE p.is_active GROUP BY p.id ORDER BY p.id"
    )
    names = [row[0] for row in partners]
    cumulative = list(accumulate(row[1] for row in partners))
    areas = [row[0] for row in fetch("SELECT name_en FROM partnerships_actionarea ORDER BY position")]
    regions = ["AFR", "AMS", "ARB", "ASP", "CIS", "EUR"]
    countries: dict[str, list[tuple[str, str]]] = {region: [] for region in regions}
    for alpha3, name, region in fetch("SELECT alpha3, name, region FROM core_country WHERE is_itu_member ORDER BY 1"):
        if region in countries:
            countries[region].append((alpha3, name))
    amendments = round(rows * IMPORT_AMENDMENTS)
    stored = fetch(
        "SELECT a.reference, string_agg(p.name, ';' ORDER BY p.id), max(a.signed_on) FROM partnerships_agreement a "
        "JOIN partnerships_agreement_partners ap ON ap.agreement_id = a.id "
        "JOIN partnerships_partner p ON p.id = ap.partner_id "
        "WHERE a.amends_id IS NULL AND a.id %% 7 = 0 AND p.is_active GROUP BY a.id ORDER BY a.id LIMIT %s",
        [amendments // 3],
    )
    table: list[list[object]] = [
        ["reference", "type", "title", "partner", "partner_kind", "signed_on", "value", "currency", "value_usd",
         "regions", "countries", "action_areas", "amends"]
    ]  # fmt: skip
    originals: list[tuple[str, str, datetime.date]] = []
    for number in range(1, rows - amendments + 1):
        chosen = list(dict.fromkeys(rng.choices(names, cum_weights=cumulative, k=rng.choice([1, 1, 1, 2, 3]))))
        region = rng.choice(regions)
        places = rng.sample(countries[region], k=rng.choice([0, 1, 1, 2, 3]))
        area = rng.choice(areas)
        signed = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(2000))
        value = round(250_000 * rng.lognormvariate(0, 1.1), -2)
        currency, usd = ("EUR", f"{value * 1.09:.2f}") if rng.random() < 0.2 else ("USD", "")
        place = places[0][1] if places else region
        reference = f"{IMPORT_PREFIX}{number:06d}"
        title = f"{area} in {place}, {IMPORT_MARKER} programme {number}"
        table.append(
            [reference, rng.choice(["cooperation", "voluntary_contribution", "project_document", "mou"]), title,
             ";".join(chosen), "", signed, f"{value:.2f}", currency, usd,
             ";".join([region, "GLO"] if rng.random() < 0.2 else [region]), ";".join(code for code, _ in places),
             ";".join(dict.fromkeys([area, rng.choice(areas)])) if rng.random() < 0.3 else area, ""]
        )  # fmt: skip
        originals.append((reference, ";".join(chosen), signed))
    targets = [(reference, partners, signed) for reference, partners, signed in stored]
    targets += rng.sample(originals, k=min(len(originals), amendments - len(targets)))
    for number, (target, chosen_names, signed) in enumerate(targets, start=1):
        value = round(50_000 * rng.lognormvariate(0, 1.0), -2)
        table.append(
            [f"{target}-A1" if target.startswith(IMPORT_PREFIX) else f"{IMPORT_PREFIX}A{number:06d}",
             "cooperation", f"Amendment 1: {IMPORT_MARKER} extension {number}", chosen_names, "",
             signed + datetime.timedelta(days=rng.randrange(90, 700)), f"{value:.2f}", "USD", "", "", "", "", target]
        )  # fmt: skip
    return table


def _csv(table: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    return out.getvalue().encode()


def _import(path: Path) -> float:
    """``manage.py import_agreements FILE``, timed, with the jobs it queues left in the queue."""
    from django.core.management import call_command

    with _jobs_queued():
        started = time.perf_counter()
        call_command("import_agreements", str(path), stdout=io.StringIO())
        return time.perf_counter() - started


def _history_rows() -> int:
    rows = fetch("SELECT count(*) FROM partnerships_historicalagreement WHERE reference LIKE %s", [f"{IMPORT_PREFIX}%"])
    return int(rows[0][0])


def _found(client: Client, word: str) -> int:
    return len(api_results(client, Search(word, q=word)))


def _stale() -> int:
    return int(fetch("SELECT count(DISTINCT partner_id) FROM partnerships_stalepartnersearch")[0][0])


@contextmanager
def _jobs_queued() -> Iterator[None]:
    """Jobs queued as with a broker (in memory here) instead of run at once, so the refresh is timed on its own."""
    from ponte.tasks import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager


def suite() -> Suite:
    return Suite("partnerships", prepare, measurements, checks, afterwards)


def afterwards(client: Client) -> tuple[list[Step], list[Check]]:
    """Import agreements, re-import them, refresh the search; then remove them and refresh again."""
    rows = import_size()
    table = _import_rows(rows, random.Random(f"import:{rows}"))
    steps: list[Step] = []
    checks: list[Check] = [
        Check(f"import: the word {IMPORT_MARKER} finds nobody before", _found(client, IMPORT_MARKER) == 0)
    ]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "agreements.csv"
        path.write_bytes(_csv(table))
        seconds = _import(path)
        created = len(_imported_ids())
        amendments = sum(1 for row in table[1:] if row[-1])
        steps.append(
            Step(
                f"import: {created:,} agreements (manage.py import_agreements)",
                seconds,
                f"{created / seconds:,.0f} rows/s (target ≥ 5,000); {amendments:,} amendments, known partners",
            )
        )
        checks.append(
            Check("import: every row created", created == len(table) - 1, f"{created:,} of {len(table) - 1:,}")
        )
        marked = _stale()
        history = _history_rows()
        seconds = _import(path)
        steps.append(
            Step(
                f"import: the same {created:,} rows again (nothing changes)",
                seconds,
                f"{created / seconds:,.0f} rows/s",
            )
        )
        checks.append(
            Check(
                "import: a re-import writes nothing",
                _history_rows() == history,
                f"{history:,} history rows before, {_history_rows():,} after",
            )
        )
    checks.append(
        Check(
            "import: marks the partners of its agreements for the search refresh",
            marked > 0,
            f"{marked:,} partners marked"
            if marked
            else "nothing marked, no job queued: the search does not see "
            "the imported agreements until a refresh or rebuild; the bench marks their partners itself",
        )
    )
    if not marked:
        _mark_stale(
            [row[0] for row in fetch(
                "SELECT DISTINCT partner_id FROM partnerships_agreement_partners WHERE agreement_id = ANY(%s)",
                [_imported_ids()],
            )]
        )  # fmt: skip
    seconds, partners = _refresh()
    how = "the job the import queued" if marked else "marked by the bench"
    steps.append(
        Step("import: search refresh job (refresh_partner_search)", seconds, f"{partners:,} partners re-indexed, {how}")
    )
    checks.append(
        Check(f"import: the word {IMPORT_MARKER} finds partners after the refresh", _found(client, IMPORT_MARKER) > 0)
    )
    stale = remove_imported()
    _mark_stale(stale)
    seconds, partners = _refresh()
    steps.append(
        Step(
            "import: search refresh after removing the imported agreements",
            seconds,
            f"{partners:,} partners re-indexed",
        )
    )
    vacuum_analyze(IMPORTED_TABLES)
    return steps, checks
