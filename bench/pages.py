"""The main pages and API calls a visitor and a member use, each beside the raw SQL that fetches what it shows.

Pages (target p95 ≤ 150 ms): home, meetings (filters), a meeting, groups and a group, organisations (filters, a
name search, a far page), an organisation, the Q&A list (filters and text search in three scripts), a question
with hundreds of answers and an ordinary one, Recommendations (filters, text) and one, opportunities (filters);
the header search (target 50 ms, as the partner search). The API's matching lists and details under
``/api/v1/``, anonymous where they are public; a signed-in member's pages (their portal, their questions, a
question as a member sees it with their votes and flags) and ``/api/v1/me``.

Baseline of each case: the hand-written SQL that fetches the rows the page shows (a page of rows and their
count with ``count(*) OVER ()``, the joined names, the counts a detail shows), so the ratio says what the rest
(the ORM, permissions, templates, JSON) costs; for a text search, the plain ``icontains`` ORM search a
developer would write (``title`` or ``body`` contains the words, or the name; the header search: each kind's
model searched so). Checks: the Q&A list's count and first page (page and API) are raw SQL's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.test import Client

from bench.pgcopy import fetch
from bench.timing import Case, Check, Measurement, Step, Suite

PAGE_TARGET_MS, SEARCH_TARGET_MS = 150.0, 50.0
PER_PAGE = 20  # Q&A, opportunities
PAGE_SIZE = 25  # meetings, organisations, Recommendations


@dataclass(frozen=True)
class Sample:
    """Records the cases name, picked once from the dataset (the busiest, as people open them most)."""

    meeting: str
    group: tuple[int, str, str]  # id, sector code, code
    administration: int
    sme: int
    heavy_question: int
    heavy_last_page: int  # the thread is read in pages of answers: its last
    ordinary_question: int
    recommendation: tuple[int, str, str]  # id, sector code, identifier
    opportunity: int
    member: int  # the account that asked most questions


def sample() -> Sample:
    from ponte.qa.selectors import ANSWERS_PER_PAGE

    def one(sql: str) -> Any:
        rows = fetch(sql)
        if not rows:
            raise SystemExit(f"The pages suite needs the generated dataset (no rows for: {sql[:80]}…).")
        return rows[0]

    heavy = one("SELECT id, answer_count FROM qa_question WHERE NOT is_hidden ORDER BY answer_count DESC, id LIMIT 1")
    recommendation = one(
        "SELECT r.id, s.code, r.identifier FROM standards_recommendation r JOIN core_sector s ON s.id = r.sector_id "
        "JOIN qa_question_recommendations qr ON qr.recommendation_id = r.id GROUP BY r.id, s.code "
        "ORDER BY count(*) DESC, r.id LIMIT 1"
    )
    return Sample(
        meeting=one(
            "SELECT m.code FROM meetings_meeting m JOIN core_group g ON g.id = m.group_id WHERE g.code = 'SG16' "
            "ORDER BY m.starts_on DESC LIMIT 1"
        )[0],
        group=tuple(
            one(
                "SELECT g.id, s.code, g.code FROM core_group g JOIN core_sector s ON s.id = g.sector_id "
                "WHERE s.code = 'ITU-T' AND g.code = 'SG16'"
            )
        ),
        administration=one(
            "SELECT a.organisation_id FROM core_affiliation a WHERE a.ended_on IS NULL "
            "GROUP BY a.organisation_id ORDER BY count(*) DESC LIMIT 1"
        )[0],
        sme=one(
            "SELECT o.id FROM core_organisation o JOIN core_organisation_groups og ON og.organisation_id = o.id "
            "WHERE o.category = 'sme' ORDER BY o.id LIMIT 1"
        )[0],
        heavy_question=heavy[0],
        heavy_last_page=max(1, math.ceil(heavy[1] / ANSWERS_PER_PAGE)),
        ordinary_question=one(
            "SELECT id FROM qa_question WHERE NOT is_hidden AND answer_count = 3 ORDER BY id LIMIT 1"
        )[0],
        recommendation=tuple(recommendation),
        opportunity=one("SELECT id FROM opportunities_opportunity WHERE state = 'published' ORDER BY id LIMIT 1")[0],
        member=one(
            "SELECT asked_by_id FROM qa_question GROUP BY asked_by_id ORDER BY count(*) DESC, asked_by_id LIMIT 1"
        )[0],
    )


def _get(client: Client, path: str, query: dict[str, Any] | None = None) -> Any:
    response = client.get(path, query or {})
    if response.status_code != 200:
        raise RuntimeError(f"{path}?{query or ''} answered {response.status_code}")
    return response


def _case(client: Client, label: str, path: str, query: dict[str, Any] | None, baseline: Callable[[], object]) -> Case:
    return Case(label, lambda: _get(client, path, query), baseline)


def _sql(sql: str, params: Sequence[Any] = ()) -> Callable[[], object]:
    return lambda: fetch(sql, params)


# --- Baselines: the raw SQL of what each page shows -------------------------------------------------------------

HOME = """
    SELECT (SELECT count(DISTINCT o.id) FROM core_organisation o JOIN core_organisation_groups og
              ON og.organisation_id = o.id WHERE o.is_active AND o.category = 'sme'),
           (SELECT count(DISTINCT o.country_id) FROM core_organisation o JOIN core_organisation_groups og
              ON og.organisation_id = o.id WHERE o.is_active AND o.category = 'sme'),
           (SELECT count(*) FROM core_organisation WHERE is_active),
           (SELECT count(*) FROM core_group WHERE is_active),
           (SELECT count(*) FROM core_country WHERE is_itu_member),
           (SELECT count(*) FROM meetings_meeting WHERE ends_on >= current_date),
           (SELECT count(*) FROM qa_question WHERE NOT is_hidden AND answer_count > 0)"""


def meetings_sql(where: str, params: Sequence[Any], *, past: bool = True, offset: int = 0) -> Callable[[], object]:
    order = "m.starts_on DESC, m.code" if past else "m.starts_on, m.code"
    when = "m.ends_on < current_date" if past else "m.ends_on >= current_date"
    return _sql(
        "SELECT m.code, m.title, m.starts_on, m.ends_on, m.city, m.is_virtual, g.code, s.code, c.name, "  # noqa: S608
        "count(*) OVER () FROM meetings_meeting m JOIN core_group g ON g.id = m.group_id "
        "JOIN core_sector s ON s.id = g.sector_id LEFT JOIN core_group pg ON pg.id = g.parent_id "
        f"LEFT JOIN core_country c ON c.code = m.country_id WHERE {when} AND {where} "
        f"ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {offset}",
        params,
    )


MEETING = """
    SELECT m.code, m.title, m.starts_on, m.ends_on, m.city, g.code, s.code, c.name,
           count(r.id) FILTER (WHERE r.state IN ('pending_payment', 'confirmed') AND r.mode = 'in_person'),
           count(r.id) FILTER (WHERE r.state IN ('pending_payment', 'confirmed') AND r.mode = 'remote')
    FROM meetings_meeting m JOIN core_group g ON g.id = m.group_id JOIN core_sector s ON s.id = g.sector_id
    LEFT JOIN core_country c ON c.code = m.country_id LEFT JOIN meetings_registration r ON r.meeting_id = m.id
    WHERE m.code = %s GROUP BY m.id, g.id, s.id, c.code"""
GROUPS = """
    SELECT g.code, g.title, s.code, pg.code, count(o.id)
    FROM core_group g JOIN core_sector s ON s.id = g.sector_id LEFT JOIN core_group pg ON pg.id = g.parent_id
    LEFT JOIN core_organisation_groups og ON og.group_id = g.id
    LEFT JOIN core_organisation o ON o.id = og.organisation_id AND o.is_active
    WHERE g.is_active GROUP BY g.id, s.code, pg.code ORDER BY s.code, g.kind, g.number, g.code"""
GROUP = """
    SELECT g.code, g.title, s.code, pg.code,
           (SELECT json_agg(t.row) FROM (SELECT json_build_array(o.id, o.name, o.category, c.name, count(*) OVER ())
              AS row FROM core_organisation o JOIN core_organisation_groups og ON og.organisation_id = o.id
              LEFT JOIN core_country c ON c.code = o.country_id WHERE og.group_id = g.id AND o.is_active
              ORDER BY o.name, o.id LIMIT 25) t)
    FROM core_group g JOIN core_sector s ON s.id = g.sector_id LEFT JOIN core_group pg ON pg.id = g.parent_id
    WHERE s.code = %s AND g.code = %s"""


def organisations_sql(where: str, params: Sequence[Any], offset: int = 0) -> Callable[[], object]:
    return _sql(
        "SELECT o.id, o.name, o.category, c.name, count(*) OVER () FROM core_organisation o "  # noqa: S608
        f"LEFT JOIN core_country c ON c.code = o.country_id WHERE o.is_active AND {where} "
        f"ORDER BY o.name, o.id LIMIT {PAGE_SIZE} OFFSET {offset}",
        params,
    )


ORGANISATION = """
    SELECT o.name, o.category, c.name,
           (SELECT json_agg(json_build_array(s.code, g.code, g.title)) FROM core_organisation_groups og
            JOIN core_group g ON g.id = og.group_id JOIN core_sector s ON s.id = g.sector_id
            WHERE og.organisation_id = o.id)
    FROM core_organisation o LEFT JOIN core_country c ON c.code = o.country_id WHERE o.id = %s"""
QUESTIONS = """
    SELECT t.*, (SELECT string_agg(s.code || ' ' || r.identifier, ', ' ORDER BY s.code, r.identifier)
                 FROM qa_question_recommendations qr JOIN standards_recommendation r ON r.id = qr.recommendation_id
                 JOIN core_sector s ON s.id = r.sector_id WHERE qr.question_id = t.id)
    FROM (SELECT q.id, q.title, q.language, q.state, q.answer_count, q.score, q.last_activity_at, g.code AS grp,
                 s.code AS sector, u.first_name, u.last_name, a.id IS NOT NULL AS has_accepted, count(*) OVER () AS n
          FROM qa_question q JOIN core_group g ON g.id = q.group_id JOIN core_sector s ON s.id = g.sector_id
          JOIN core_user u ON u.id = q.asked_by_id
          LEFT JOIN qa_answer a ON a.id = q.accepted_answer_id AND NOT a.is_hidden
          WHERE ({visible}) AND {where}
          ORDER BY q.last_activity_at DESC, q.id DESC LIMIT {limit}) t
    ORDER BY t.last_activity_at DESC, t.id DESC"""
THREAD = """
    SELECT q.id, q.title, q.body, q.state, q.score, g.code, s.code, u.first_name, u.last_name,
           (SELECT json_agg(json_build_array(a.id, a.body, a.score, a.created_at, au.first_name, au.last_name,
                    a.accepted, EXISTS (SELECT 1 FROM core_role e WHERE e.user_id = a.author_id
                    AND e.kind = 'expert' AND e.revoked_at IS NULL AND e.group_id IN (g.id, g.parent_id))))
            FROM (SELECT a.*, a.id = q.accepted_answer_id AS accepted FROM qa_answer a
                  WHERE a.question_id = q.id AND NOT a.is_hidden
                  ORDER BY a.id = q.accepted_answer_id DESC, a.score DESC, a.created_at, a.id
                  LIMIT %s OFFSET %s) a JOIN core_user au ON au.id = a.author_id),
           (SELECT json_agg(json_build_array(f.id, f.answer_id, f.body, f.created_at, fu.first_name, fu.last_name)
                    ORDER BY f.created_at, f.id)
            FROM qa_followup f JOIN core_user fu ON fu.id = f.author_id WHERE f.question_id = q.id AND NOT f.is_hidden)
    FROM qa_question q JOIN core_group g ON g.id = q.group_id JOIN core_sector s ON s.id = g.sector_id
    JOIN core_user u ON u.id = q.asked_by_id WHERE q.id = %s"""


def _thread(question: int, page: int = 1) -> Callable[[], object]:
    """The raw SQL of a thread's page: the question, one page of answers best first, and the follow-ups."""
    from ponte.qa.selectors import ANSWERS_PER_PAGE

    return _sql(THREAD, [ANSWERS_PER_PAGE, (page - 1) * ANSWERS_PER_PAGE, question])


def questions_sql(where: str, params: Sequence[Any], *, viewer: int | None = None) -> tuple[str, list[Any]]:
    visible = "NOT q.is_hidden" + (" OR q.asked_by_id = %s" if viewer else "")
    sql = QUESTIONS.format(visible=visible, where=where, limit=PER_PAGE)
    return sql, ([viewer] if viewer else []) + list(params)


def recommendations_sql(where: str, params: Sequence[Any]) -> Callable[[], object]:
    return _sql(
        "SELECT r.id, r.identifier, r.title, r.status, s.code, g.code, count(*) OVER () "  # noqa: S608
        "FROM standards_recommendation r JOIN core_sector s ON s.id = r.sector_id "
        f"LEFT JOIN core_group g ON g.id = r.group_id WHERE {where} ORDER BY s.code, r.identifier, r.id "
        f"LIMIT {PAGE_SIZE}",
        params,
    )


RECOMMENDATION = """
    SELECT r.identifier, r.title, r.summary, r.status, r.approved_on, r.url, s.code, g.code, ns.code, n.identifier,
           (SELECT json_agg(json_build_array(q.id, q.title) ORDER BY q.created_at DESC, q.id DESC)
            FROM (SELECT q.id, q.title, q.created_at FROM qa_question q JOIN qa_question_recommendations qr
                  ON qr.question_id = q.id WHERE qr.recommendation_id = r.id AND NOT q.is_hidden
                  ORDER BY q.created_at DESC, q.id DESC LIMIT 5) q)
    FROM standards_recommendation r JOIN core_sector s ON s.id = r.sector_id LEFT JOIN core_group g ON g.id = r.group_id
    LEFT JOIN standards_recommendation n ON n.id = r.superseded_by_id LEFT JOIN core_sector ns ON ns.id = n.sector_id
    WHERE s.code = %s AND r.identifier = %s"""


def opportunities_sql(where: str, params: Sequence[Any]) -> Callable[[], object]:
    return _sql(
        "SELECT o.id, o.title, o.summary, o.kind, o.budget_sought, o.published_at, "  # noqa: S608
        "(SELECT string_agg(a.name, ', ') FROM opportunities_opportunity_action_areas oa "
        "JOIN partnerships_actionarea a ON a.id = oa.actionarea_id WHERE oa.opportunity_id = o.id), "
        "(SELECT string_agg(b.name, ', ') FROM opportunities_opportunity_regions ob "
        "JOIN partnerships_beneficiaryregion b ON b.id = ob.beneficiaryregion_id WHERE ob.opportunity_id = o.id), "
        f"count(*) OVER () FROM opportunities_opportunity o WHERE o.state = 'published' AND {where} "
        f"ORDER BY o.published_at DESC, o.id DESC LIMIT {PER_PAGE}",
        params,
    )


OPPORTUNITY = """
    SELECT o.title, o.summary, o.description, o.kind, o.budget_sought, o.currency, o.published_at,
           (SELECT array_agg(a.name) FROM opportunities_opportunity_action_areas oa
            JOIN partnerships_actionarea a ON a.id = oa.actionarea_id WHERE oa.opportunity_id = o.id),
           (SELECT array_agg(b.name) FROM opportunities_opportunity_regions ob
            JOIN partnerships_beneficiaryregion b ON b.id = ob.beneficiaryregion_id WHERE ob.opportunity_id = o.id),
           (SELECT array_agg(c.name) FROM opportunities_opportunity_countries oc
            JOIN core_country c ON c.code = oc.country_id WHERE oc.opportunity_id = o.id)
    FROM opportunities_opportunity o WHERE o.id = %s"""


def icontains_questions(text: str) -> Callable[[], object]:
    """The plain ORM search: title or text contains the words as typed; a page and the count."""

    def search() -> object:
        from django.db.models import Q

        from ponte.qa.models import Question

        found = Question.objects.filter(is_hidden=False).filter(Q(title__icontains=text) | Q(body__icontains=text))
        page = list(found.select_related("group__sector", "asked_by").order_by("-last_activity_at", "-pk")[:PER_PAGE])
        return found.count(), page

    return search


def icontains_everything(text: str) -> Callable[[], object]:
    """The header search without its index: each kind's model searched with ``icontains``, counted, five shown."""

    def search() -> object:
        from django.db.models import Q

        from ponte.core.models import Group, Organisation
        from ponte.meetings.models import Meeting
        from ponte.opportunities.models import Opportunity
        from ponte.qa.models import Question
        from ponte.standards.models import Recommendation

        kinds = [
            Organisation.objects.filter(is_active=True, name__icontains=text),
            Meeting.objects.filter(Q(title__icontains=text) | Q(code__icontains=text)),
            Group.objects.filter(Q(title__icontains=text) | Q(code__icontains=text)),
            Recommendation.objects.filter(
                Q(title__icontains=text) | Q(identifier__icontains=text) | Q(summary__icontains=text)
            ),
            Question.objects.filter(is_hidden=False).filter(Q(title__icontains=text) | Q(body__icontains=text)),
            Opportunity.objects.filter(state="published").filter(Q(title__icontains=text) | Q(summary__icontains=text)),
        ]
        return [(found.count(), list(found[:5])) for found in kinds]

    return search


def icontains_organisations(text: str) -> Callable[[], object]:
    return organisations_sql("o.name ILIKE %s", [f"%{text}%"])


def icontains_recommendations(text: str) -> Callable[[], object]:
    return recommendations_sql("(r.identifier ILIKE %s OR r.title ILIKE %s OR r.summary ILIKE %s)", [f"%{text}%"] * 3)


# --- The measurements ----------------------------------------------------------------------------------------------

QA_TEXTS = [("text en", "conformance testing"), ("text zh", "网络安全"), ("text ar", "جودة الخدمة")]
SEARCHES = ["cybersecurity", "Kestrel", "SG16", "video coding", "网络安全", "accessibilité"]


def _member(pk: int) -> Client:
    from ponte.core.models import User

    client = Client()
    client.force_login(User.objects.get(pk=pk))
    return client


def measurements(client: Client) -> list[Measurement]:
    s = sample()
    group_id, sector, group = s.group
    rec_id, rec_sector, rec_identifier = s.recommendation
    member = _member(s.member)
    qa_filters: list[tuple[str, dict[str, Any], str, list[Any]]] = [
        ("no filter", {}, "TRUE", []),
        (f"group {group}", {"group": group_id}, "(q.group_id = %s OR g.parent_id = %s)", [group_id, group_id]),
        ("unanswered", {"status": "unanswered"}, "q.answer_count = 0", []),
        ("accepted", {"status": "accepted"}, "a.id IS NOT NULL", []),
        (
            f"Recommendation {rec_sector} {rec_identifier}",
            {"recommendation": f"{rec_sector} {rec_identifier}"},
            "EXISTS (SELECT 1 FROM qa_question_recommendations qr WHERE qr.question_id = q.id "
            "AND qr.recommendation_id = %s)",
            [rec_id],
        ),
    ]

    def qa(label: str, query: dict[str, Any], where: str, params: list[Any]) -> Case:
        return _case(client, label, "/en/qa/", query, _sql(*questions_sql(where, params)))

    def qa_api(label: str, query: dict[str, Any], where: str, params: list[Any]) -> Case:
        api_query = {**query}
        if "group" in api_query:
            api_query["group"] = f"{sector} {group}"
        if "status" in api_query:
            api_query = {"answered": "false"} if query["status"] == "unanswered" else {"accepted": "true"}
        api_query["limit"] = PER_PAGE
        return _case(client, label, "/api/v1/qa/questions", api_query, _sql(*questions_sql(where, params)))

    meeting_filters: list[tuple[str, dict[str, Any], str, list[Any]]] = [
        ("past, no filter", {"past": "on"}, "TRUE", []),
        ("past, ITU-T", {"past": "on", "sector": "ITU-T"}, "s.code = %s", ["ITU-T"]),
        ("past, group SG16", {"past": "on", "group": "SG16"}, "(g.code = %s OR pg.code = %s)", ["SG16", "SG16"]),
        ("past, 2024", {"past": "on", "year": 2024}, "EXTRACT(YEAR FROM m.starts_on) = %s", [2024]),
        ("upcoming", {}, "TRUE", []),
    ]
    organisation_filters = [
        ("no filter", {}, "TRUE", []),
        ("category sme", {"category": "sme"}, "o.category = %s", ["sme"]),
        ("country KE", {"country": "KE"}, "o.country_id = %s", ["KE"]),
        (
            "category academia, country JP",
            {"category": "academia", "country": "JP"},
            "o.category = %s AND o.country_id = %s",
            ["academia", "JP"],
        ),
    ]
    return [
        Measurement("home /en/", [_case(client, "home", "/en/", None, _sql(HOME))], target_ms=PAGE_TARGET_MS),
        Measurement(
            "meetings /en/meetings/",
            [
                _case(client, label, "/en/meetings/", query, meetings_sql(where, params, past="past" in query))
                for label, query, where, params in meeting_filters
            ]
            + [
                _case(
                    client,
                    "past, page 20",
                    "/en/meetings/",
                    {"past": "on", "page": 20},
                    meetings_sql("TRUE", [], offset=19 * PAGE_SIZE),
                ),
                _case(client, f"meeting {s.meeting}", f"/en/meetings/{s.meeting}/", None, _sql(MEETING, [s.meeting])),
            ],
            target_ms=PAGE_TARGET_MS,
        ),
        Measurement(
            "groups /en/groups/",
            [
                _case(client, "list", "/en/groups/", None, _sql(GROUPS)),
                _case(client, f"{sector} {group}", f"/en/groups/{sector}/{group}/", None, _sql(GROUP, [sector, group])),
                _case(client, "ITU-T SG17", "/en/groups/ITU-T/SG17/", None, _sql(GROUP, ["ITU-T", "SG17"])),
            ],
            target_ms=PAGE_TARGET_MS,
        ),
        Measurement(
            "organisations /en/organisations/",
            [
                _case(client, label, "/en/organisations/", query, organisations_sql(where, params))
                for label, query, where, params in organisation_filters
            ]
            + [
                _case(
                    client, "name: Kestrel", "/en/organisations/", {"q": "Kestrel"}, icontains_organisations("Kestrel")
                ),
                _case(
                    client,
                    "page 500",
                    "/en/organisations/",
                    {"page": 500},
                    organisations_sql("TRUE", [], offset=499 * PAGE_SIZE),
                ),
                _case(
                    client,
                    "administration (most staff)",
                    f"/en/organisations/{s.administration}/",
                    None,
                    _sql(ORGANISATION, [s.administration]),
                ),
                _case(client, "an SME", f"/en/organisations/{s.sme}/", None, _sql(ORGANISATION, [s.sme])),
            ],
            target_ms=PAGE_TARGET_MS,
        ),
        Measurement(
            "Q&A /en/qa/",
            [qa(*entry) for entry in qa_filters]
            + [_case(client, label, "/en/qa/", {"q": text}, icontains_questions(text)) for label, text in QA_TEXTS]
            + [_case(client, "page 50", "/en/qa/", {"page": 50}, _sql(*questions_sql("TRUE", [])))],
            target_ms=PAGE_TARGET_MS,
        ),
        Measurement(
            "question /en/qa/<id>/",
            [
                _case(client, "most answers", f"/en/qa/{s.heavy_question}/", None, _thread(s.heavy_question)),
                _case(
                    client,
                    "most answers, last page",
                    f"/en/qa/{s.heavy_question}/",
                    {"page": s.heavy_last_page},
                    _thread(s.heavy_question, s.heavy_last_page),
                ),
                _case(client, "3 answers", f"/en/qa/{s.ordinary_question}/", None, _thread(s.ordinary_question)),
            ],
            target_ms=PAGE_TARGET_MS,
        ),
        Measurement(
            "Recommendations /en/standards/",
            [
                _case(client, "no filter", "/en/standards/", None, recommendations_sql("TRUE", [])),
                _case(
                    client,
                    "sector ITU-R",
                    "/en/standards/",
                    {"sector": "ITU-R"},
                    recommendations_sql("s.code = %s", ["ITU-R"]),
                ),
                _case(
                    client,
                    "text: video coding",
                    "/en/standards/",
                    {"q": "video coding"},
                    icontains_recommendations("video coding"),
                ),
                _case(
                    client,
                    f"{rec_sector} {rec_identifier}",
                    f"/en/standards/{rec_sector}/{rec_identifier}/",
                    None,
                    _sql(RECOMMENDATION, [rec_sector, rec_identifier]),
                ),
            ],
            target_ms=PAGE_TARGET_MS,
        ),
        Measurement(
            "opportunities /en/opportunities/",
            [
                _case(client, "no filter", "/en/opportunities/", None, opportunities_sql("TRUE", [])),
                _case(
                    client,
                    "area cybersecurity",
                    "/en/opportunities/",
                    {"area": "cybersecurity"},
                    opportunities_sql(
                        "EXISTS (SELECT 1 FROM opportunities_opportunity_action_areas oa JOIN "
                        "partnerships_actionarea a ON a.id = oa.actionarea_id WHERE "
                        "oa.opportunity_id = o.id AND a.code = %s)",
                        ["cybersecurity"],
                    ),
                ),
                _case(
                    client,
                    "opportunity",
                    f"/en/opportunities/{s.opportunity}/",
                    None,
                    _sql(OPPORTUNITY, [s.opportunity]),
                ),
            ],
            target_ms=PAGE_TARGET_MS,
        ),
        Measurement(
            "header search /en/search/?q=",
            [_case(client, text, "/en/search/", {"q": text}, icontains_everything(text)) for text in SEARCHES],
            target_ms=SEARCH_TARGET_MS,
        ),
        Measurement(
            "API lists /api/v1/…",
            [
                _case(
                    client,
                    "meetings?past=true",
                    "/api/v1/meetings/",
                    {"past": "true", "limit": PAGE_SIZE},
                    meetings_sql("TRUE", []),
                ),
                _case(client, "groups", "/api/v1/groups", None, _sql(GROUPS)),
                _case(
                    client,
                    "organisations",
                    "/api/v1/organisations",
                    {"limit": PAGE_SIZE},
                    organisations_sql("TRUE", []),
                ),
                _case(
                    client,
                    "organisations?category=sme&country=KE",
                    "/api/v1/organisations",
                    {"category": "sme", "country": "KE", "limit": PAGE_SIZE},
                    organisations_sql("o.category = %s AND o.country_id = %s", ["sme", "KE"]),
                ),
                *(qa_api(f"qa/questions, {entry[0]}", *entry[1:]) for entry in qa_filters),
                _case(
                    client,
                    "qa/questions?q=conformance testing",
                    "/api/v1/qa/questions",
                    {"q": "conformance testing", "limit": PER_PAGE},
                    icontains_questions("conformance testing"),
                ),
                _case(
                    client,
                    "standards/recommendations",
                    "/api/v1/standards/recommendations",
                    {"limit": PAGE_SIZE},
                    recommendations_sql("TRUE", []),
                ),
                _case(
                    client,
                    "opportunities",
                    "/api/v1/opportunities/",
                    {"limit": PER_PAGE},
                    opportunities_sql("TRUE", []),
                ),
            ],
            target_ms=PAGE_TARGET_MS,
        ),
        Measurement(
            "API details /api/v1/…",
            [
                _case(client, "meeting", f"/api/v1/meetings/{s.meeting}", None, _sql(MEETING, [s.meeting])),
                _case(
                    client,
                    "organisation (most staff)",
                    f"/api/v1/organisations/{s.administration}",
                    None,
                    _sql(ORGANISATION, [s.administration]),
                ),
                _case(
                    client,
                    "question, most answers",
                    f"/api/v1/qa/questions/{s.heavy_question}",
                    None,
                    _sql(THREAD, [None, 0, s.heavy_question]),  # the API gives every answer
                ),
                _case(
                    client,
                    "question, 3 answers",
                    f"/api/v1/qa/questions/{s.ordinary_question}",
                    None,
                    _sql(THREAD, [None, 0, s.ordinary_question]),
                ),
                _case(
                    client,
                    "Recommendation",
                    f"/api/v1/standards/recommendations/{rec_sector}/{rec_identifier}",
                    None,
                    _sql(RECOMMENDATION, [rec_sector, rec_identifier]),
                ),
                _case(
                    client,
                    "opportunity",
                    f"/api/v1/opportunities/{s.opportunity}",
                    None,
                    _sql(OPPORTUNITY, [s.opportunity]),
                ),
            ],
            target_ms=PAGE_TARGET_MS,
        ),
        Measurement(
            "API search /api/v1/search/?q=",
            [_case(client, text, "/api/v1/search/", {"q": text}, icontains_everything(text)) for text in SEARCHES[:4]],
            target_ms=SEARCH_TARGET_MS,
        ),
        Measurement(
            "signed-in member",
            [
                _case(
                    member, "my portal /en/my/", "/en/my/", None, _sql(*questions_sql("q.asked_by_id = %s", [s.member]))
                ),
                _case(
                    member,
                    "my questions /en/qa/?mine=on",
                    "/en/qa/",
                    {"mine": "on"},
                    _sql(*questions_sql("q.asked_by_id = %s", [s.member], viewer=s.member)),
                ),
                _case(member, "Q&A list", "/en/qa/", None, _sql(*questions_sql("TRUE", [], viewer=s.member))),
                _case(
                    member,
                    "question, most answers",
                    f"/en/qa/{s.heavy_question}/",
                    None,
                    _thread(s.heavy_question),
                ),
                _case(
                    member,
                    "/api/v1/me",
                    "/api/v1/me",
                    None,
                    _sql(
                        "SELECT u.id, u.email, p.given_name, p.family_name FROM core_user u "
                        "LEFT JOIN core_person p ON p.user_id = u.id WHERE u.id = %s",
                        [s.member],
                    ),
                ),
            ],
            target_ms=PAGE_TARGET_MS,
        ),
    ]


# --- Checks --------------------------------------------------------------------------------------------------------

COUNT_SHOWN = re.compile(r'<p role="status">\s*([\d,.\u00a0\u202f ]+)\s+question')


def _shown_count(html: str) -> int | None:
    found = COUNT_SHOWN.search(html)
    return int(re.sub(r"\D", "", found.group(1))) if found else None


def checks(client: Client) -> list[Check]:
    """The Q&A list's count and first page, on the page and in the API, are what raw SQL finds."""
    s = sample()
    group_id, sector, group = s.group
    cases: list[tuple[str, dict[str, Any], dict[str, Any], str, list[Any]]] = [
        ("no filter", {}, {}, "TRUE", []),
        (
            f"group {group}",
            {"group": group_id},
            {"group": f"{sector} {group}"},
            "(q.group_id = %s OR g.parent_id = %s)",
            [group_id, group_id],
        ),
        ("unanswered", {"status": "unanswered"}, {"answered": "false"}, "q.answer_count = 0", []),
        ("accepted", {"status": "accepted"}, {"accepted": "true"}, "a.id IS NOT NULL", []),
    ]
    wrong_counts, wrong_pages, counted = [], [], []
    for label, page_query, api_query, where, params in cases:
        rows = fetch(*questions_sql(where, params))
        expected = rows[0][12] if rows else 0
        ids = [row[0] for row in rows]
        shown = _shown_count(_get(client, "/en/qa/", page_query).content.decode())
        if shown != expected:
            wrong_counts.append(f"{label}: the page shows {shown}, raw SQL {expected}")
        counted.append(f"{label} {expected:,}")
        api = _get(client, "/api/v1/qa/questions", {**api_query, "limit": PER_PAGE}).json()
        items = api["items"] if isinstance(api, dict) else api
        if [item["id"] for item in items[:PER_PAGE]] != ids:
            wrong_pages.append(f"{label}: the API's first page differs from raw SQL's")
    return [
        Check("Q&A list: count shown = raw SQL", not wrong_counts, "; ".join(wrong_counts) or ", ".join(counted)),
        Check("Q&A API: first page = raw SQL (same questions, same order)", not wrong_pages, "; ".join(wrong_pages)),
    ]


def prepare() -> list[Step]:
    return []


def afterwards(client: Client) -> tuple[list[Step], list[Check]]:
    return [], []


def suite() -> Suite:
    return Suite("pages", prepare, measurements, checks, afterwards)
