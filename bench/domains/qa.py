# ruff: noqa: RUF001
# (the texts are in six languages: their punctuation is meant)
"""The Standards Q&A: accounts of generated people, the experts of each group, and 100,000 posts.

Full size: 20,000 accounts (people of the core domain with an email address, named as they are), 15 experts
per study group, and 100,000 posts: 25,000 questions, 50,000 answers and 25,000 follow-ups, with about 115,000
votes and the flags of the hidden posts. Questions are asked from 2018 to November 2026 in the six languages
(English most, then French, Spanish, Chinese, Arabic and Russian), each naming one to three Recommendations of
the group it is asked to (now and then a regional group of it, or a group without a Recommendation). A quarter
wait for an answer; most have a few, a handful have hundreds (the thread pages' worst case); experts write most
answers. Some questions are locked, some posts hidden (by a moderator, or pending review after three flags);
about a third of the answered questions have an accepted answer. Counters (answers, score, last activity) are
what the rows add up to, as the app keeps them.

The search terms of the questions are built by the app's own ``ponte.qa.services.index_question``.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from bench.domains import Domain
from bench.environment import Scale
from bench.pgcopy import CopyWriter, bulk_load, execute, fetch, reset_sequences, vacuum_analyze

ACCOUNTS = 20_000
QUESTIONS, ANSWERS, FOLLOW_UPS = 25_000, 50_000, 25_000
EXPERTS_PER_GROUP = 15
HEAVY_THREADS, HEAVY_ANSWERS = 5, 200  # the threads with hundreds of answers
UNANSWERED = 0.25
ACCEPTED = 0.35  # of the questions with a visible answer
LOCKED = 0.03
HIDDEN = {"question": 0.02, "answer": 0.015, "follow_up": 0.01}
BY_FLAGS = 0.4  # of the hidden posts: hidden after three flags, pending review
EXPERT_ANSWERS = 0.6
VOTES_PER_QUESTION, VOTES_PER_ANSWER = 2.0, 2.0  # on average
UPVOTES = 0.85
RESOLVED_FLAGS = 300
FIRST_DAY, LAST_DAY = (
    datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
)
LANGUAGE_MIX = {"en": 0.55, "fr": 0.12, "es": 0.1, "zh-hans": 0.08, "ar": 0.08, "ru": 0.07}
EMAIL_DOMAIN = "@bench.example"

# What people ask about, in en, fr, es, ru, zh-hans, ar.
TOPICS = [
    ("accessibility profiles", "profils d'accessibilité", "perfiles de accesibilidad", "профили доступности",
     "无障碍配置文件", "ملامح النفاذ"),
    ("conformance testing", "essais de conformité", "pruebas de conformidad", "испытания на соответствие",
     "一致性测试", "اختبار المطابقة"),
    ("cybersecurity requirements", "exigences de cybersécurité", "requisitos de ciberseguridad",
     "требования кибербезопасности", "网络安全要求", "متطلبات الأمن السيبراني"),
    ("interoperability of devices", "interopérabilité des appareils", "interoperabilidad de los dispositivos",
     "функциональная совместимость устройств", "设备互操作性", "قابلية التشغيل البيني للأجهزة"),
    ("energy efficiency", "efficacité énergétique", "eficiencia energética", "энергоэффективность", "能源效率",
     "كفاءة الطاقة"),
    ("quality of service", "qualité de service", "calidad de servicio", "качество обслуживания", "服务质量",
     "جودة الخدمة"),
    ("video coding parameters", "paramètres du codage vidéo", "parámetros de codificación de vídeo",
     "параметры кодирования видео", "视频编码参数", "معلمات تشفير الفيديو"),
    ("numbering resources", "ressources de numérotage", "recursos de numeración", "ресурсы нумерации", "编号资源",
     "موارد الترقيم"),
    ("optical access networks", "réseaux d'accès optiques", "redes de acceso ópticas", "оптические сети доступа",
     "光接入网", "شبكات النفاذ البصرية"),
    ("e-waste recycling", "recyclage des déchets électroniques", "reciclaje de residuos electrónicos",
     "переработка электронных отходов", "电子废物回收", "إعادة تدوير المخلفات الإلكترونية"),
    ("certificate management", "gestion des certificats", "gestión de certificados", "управление сертификатами",
     "证书管理", "إدارة الشهادات"),
    ("rural broadband deployment", "déploiement du haut débit rural", "despliegue de banda ancha rural",
     "развертывание широкополосной связи в сельских районах", "农村宽带部署", "نشر النطاق العريض في الريف"),
]  # fmt: skip
LANGUAGE_INDEX = {"en": 0, "fr": 1, "es": 2, "ru": 3, "zh-hans": 4, "ar": 5}
TITLES = {
    "en": ["How do I apply {rec} to {topic}?", "Does {rec} cover {topic} for small networks?",
           "Which clause of {rec} defines {topic}?", "{topic} under {rec}: what is mandatory?"],
    "fr": ["Comment appliquer {rec} aux {topic} ?", "La {rec} couvre-t-elle les {topic} ?",
           "Quelle clause de la {rec} définit les {topic} ?"],
    "es": ["¿Cómo se aplica {rec} a {topic}?", "¿Qué cláusula de {rec} define {topic}?",
           "{topic} según {rec}: ¿qué es obligatorio?"],
    "ru": ["Как применять {rec}: {topic}?", "Какой пункт {rec} определяет {topic}?"],
    "zh-hans": ["如何将{rec}应用于{topic}？", "{rec}中哪一条规定了{topic}？"],
    "ar": ["كيف أطبق {rec} على {topic}؟", "أي بند في {rec} يحدد {topic}؟"],
}  # fmt: skip
BODIES = {
    "en": "We are a small operator in {country}. Reading {rec} about {topic}, we do not see whether clause {clause} "
    "applies when the network has fewer than {size} subscribers.\n\n- What we tried: the test suite of annex {annex}\n"
    "- What is unclear: the **minimum** set of options\n\nAny pointer is welcome.",
    "fr": "Nous sommes une PME au {country}. En lisant la {rec} sur les {topic}, nous ne savons pas si la clause "
    "{clause} s'applique à un réseau de moins de {size} abonnés.\n\n- Essai : l'annexe {annex}\n\nMerci d'avance.",
    "es": "Somos una pyme de {country}. Al leer {rec} sobre {topic}, no sabemos si la cláusula {clause} se aplica a "
    "una red de menos de {size} abonados.\n\n- Probamos: el anexo {annex}\n\nGracias.",
    "ru": "Мы небольшая компания ({country}). В {rec} ({topic}) неясно, применяется ли пункт {clause} к сети "
    "менее чем на {size} абонентов.\n\n- Проверено: приложение {annex}",
    "zh-hans": "我们是{country}的一家中小企业。阅读{rec}关于{topic}的内容时，不清楚第{clause}条是否适用于少于{size}"
    "用户的网络。\n\n- 已尝试：附件{annex}",
    "ar": "نحن شركة صغيرة في {country}. عند قراءة {rec} بشأن {topic}، لا نعرف إن كان البند {clause} ينطبق على شبكة "
    "تضم أقل من {size} مشترك.\n\n- جربنا: الملحق {annex}",
}  # fmt: skip
ANSWERS_TEXT = {
    "en": ["Clause {clause} applies whatever the size of the network; annex {annex} lists the optional parts.",
           "See the implementers' guide: the **minimum** set is in table {clause}. Small networks may omit {topic}.",
           "We met the same question in our lab: test cases {clause}.1 to {clause}.4 are enough for {topic}."],
    "fr": ["La clause {clause} s'applique quelle que soit la taille du réseau ; l'annexe {annex} donne les options."],
    "es": ["La cláusula {clause} se aplica sea cual sea el tamaño de la red; el anexo {annex} da las opciones."],
    "ru": ["Пункт {clause} применяется независимо от размера сети; необязательные части указаны в приложении {annex}."],
    "zh-hans": ["无论网络规模大小，第{clause}条均适用；附件{annex}列出了可选部分。"],
    "ar": ["ينطبق البند {clause} أيا كان حجم الشبكة؛ ويبين الملحق {annex} الأجزاء الاختيارية."],
}  # fmt: skip
FOLLOW_UPS_TEXT = {
    "en": ["Thank you, that answers it.", "Could you say which edition of the Recommendation this refers to?",
           "Is there a test suite for this?", "The same holds for clause {clause}, see annex {annex}."],
    "fr": ["Merci, c'est clair.", "De quelle édition s'agit-il ?"],
    "es": ["Gracias, queda claro.", "¿De qué edición se trata?"],
    "ru": ["Спасибо, понятно.", "О какой редакции идёт речь?"],
    "zh-hans": ["谢谢，明白了。", "这是指哪个版本？"],
    "ar": ["شكرا، اتضح الأمر.", "إلى أي طبعة يشير هذا؟"],
}  # fmt: skip
LOCK_REASONS = ["Answered in full; further questions in a new thread.", "Duplicate of an earlier question."]
HIDE_REASONS = ["Advertising.", "Not about standards or their use."]


@dataclass
class Thread:
    """One question as made: its posts' ids and what its counters add up to."""

    id: int
    group: int
    asker: int
    created: datetime.datetime
    language: str
    last_activity: datetime.datetime
    reference: str = ""  # the first Recommendation it names, for its title
    hidden_cause: str = ""  # "flags" or "moderator" when hidden
    answers: list[tuple[int, int, bool]] = field(default_factory=list)  # (id, author, hidden)
    visible_answers: int = 0
    score: int = 0
    accepted: int | None = None


def sizes(scale: Scale) -> dict[str, int]:
    return {
        "accounts": scale.size("accounts", ACCOUNTS, minimum=300),
        "questions": scale.size("questions", QUESTIONS, minimum=250),
        "answers": scale.size("answers", ANSWERS, minimum=500),
        "follow_ups": scale.size("follow_ups", FOLLOW_UPS, minimum=250),
    }


def _bench_accounts() -> str:
    return f"SELECT id FROM core_user WHERE email LIKE '%%{EMAIL_DOMAIN}' AND NOT is_staff"  # noqa: S608


def clear() -> None:
    execute(
        "TRUNCATE qa_questionsearchterm, qa_flag, qa_historicalflag, qa_vote, qa_historicalvote, qa_followup, "
        "qa_historicalfollowup, qa_question_recommendations, qa_historicalquestion_recommendations, qa_answer, "
        "qa_historicalanswer, qa_question, qa_historicalquestion RESTART IDENTITY CASCADE"
    )
    execute(f"DELETE FROM core_role WHERE user_id IN ({_bench_accounts()})")  # noqa: S608
    execute(f"UPDATE core_person SET user_id = NULL WHERE user_id IN ({_bench_accounts()})")  # noqa: S608
    execute(f"DELETE FROM core_user WHERE id IN ({_bench_accounts()})")  # noqa: S608


def _accounts(rng: random.Random, count: int) -> list[int]:
    """Accounts for people with an email address (spread over the people), linked to them; their ids."""
    from ponte.core.models import Role, User

    people = fetch(f"SELECT count(*) FROM core_person WHERE email LIKE '%%{EMAIL_DOMAIN}'")[0][0]  # noqa: S608
    step = max(1, people // count)
    rows = fetch(
        f"SELECT id, given_name, family_name, email FROM (SELECT id, given_name, family_name, email, "  # noqa: S608
        f"row_number() OVER (ORDER BY id) AS n FROM core_person WHERE email LIKE '%%{EMAIL_DOMAIN}' "
        f"AND user_id IS NULL) p WHERE n %% %s = 0 ORDER BY id LIMIT %s",
        [step, count],
    )
    first = int(fetch("SELECT COALESCE(max(id), 0) FROM core_user")[0][0]) + 1
    joined = datetime.datetime(2017, 6, 1, tzinfo=datetime.UTC)
    columns = ["id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff"]
    with CopyWriter("core_user", [*columns, "is_active", "date_joined"]) as users:
        for offset, (_person, given, family, email) in enumerate(rows):
            since = joined + datetime.timedelta(days=rng.randrange(3000))
            users.row(first + offset, "!", False, email, given, family, email, False, True, since)
    execute("UPDATE core_person p SET user_id = u.id FROM core_user u WHERE u.email = p.email AND u.id >= %s", [first])
    reset_sequences([User, Role])
    return list(range(first, first + len(rows)))


def _experts(rng: random.Random, accounts: list[int]) -> dict[int, list[int]]:
    """Experts of every study group and working party (roles as the secretariat grants them); by group."""
    groups = [row[0] for row in fetch("SELECT id FROM core_group WHERE kind IN ('study_group', 'working_party')")]
    granted = datetime.datetime(2022, 1, 10, tzinfo=datetime.UTC)
    experts: dict[int, list[int]] = {}
    with CopyWriter("core_role", ["kind", "granted_at", "user_id", "group_id"]) as roles:
        for group in sorted(groups):
            experts[group] = rng.sample(accounts, k=min(EXPERTS_PER_GROUP, len(accounts)))
            for user in experts[group]:
                roles.row("expert", granted, user, group)
    return experts


def _when(rng: random.Random, after: datetime.datetime, days: float) -> datetime.datetime:
    moment = after + datetime.timedelta(minutes=rng.randrange(30, 60 * 24 * max(1, round(days))))
    return min(moment, LAST_DAY)


def _text(template: str, rng: random.Random, language: str, rec: str, topic: str) -> str:
    return template.format(
        rec=rec,
        topic=topic,
        clause=rng.randint(5, 12),
        annex=rng.choice("ABCD"),
        size=rng.choice([500, 1000, 5000, 20000]),
        country=rng.choice(["Kenya", "Senegal", "Peru", "Viet Nam", "Egypt", "Kazakhstan", "Bhutan", "Fiji"]),
    )


def _answer_counts(rng: random.Random, questions: int, answers: int) -> list[int]:
    """Answers per question: a quarter none, most a few, ``HEAVY_THREADS`` with hundreds."""
    counts = [0] * questions
    answered = [index for index in range(questions) if rng.random() >= UNANSWERED]
    heavy = rng.sample(answered, k=min(HEAVY_THREADS, len(answered)))
    for index in heavy:
        counts[index] = min(HEAVY_ANSWERS, answers // (4 * HEAVY_THREADS) or 1)
    left = answers - sum(counts) - len(answered)
    for index in answered:
        counts[index] += 1
    weights = [min(50.0, rng.paretovariate(1.6)) for _ in answered]
    for index in rng.choices(answered, weights=weights, k=max(0, left)):
        counts[index] += 1
    return counts


def _hidden(rng: random.Random, kind: str, moderator: int) -> tuple[bool, str, str, int | None]:
    """(is hidden, cause, reason, hidden by) for a new post."""
    if rng.random() >= HIDDEN[kind]:
        return False, "", "", None
    if rng.random() < BY_FLAGS:
        return True, "flags", "", None
    return True, "moderator", rng.choice(HIDE_REASONS), moderator


def generate(scale: Scale, sizes: dict[str, int]) -> dict[str, int]:
    from ponte.qa.models import Answer, Flag, FollowUp, Question, QuestionSearchTerm, Vote

    rng = random.Random(f"{scale.seed}:qa")
    accounts = _accounts(rng, sizes["accounts"])
    experts = _experts(rng, accounts)
    moderator = int(fetch("SELECT id FROM core_user WHERE username = 'bench-secretariat'")[0][0])
    parents = dict(fetch("SELECT id, parent_id FROM core_group"))
    regional = defaultdict(list)
    for group, parent in fetch("SELECT id, parent_id FROM core_group WHERE kind = 'regional_group'"):
        regional[parent].append(group)
    recs_by_group: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, group, reference in fetch(
        "SELECT r.id, r.group_id, s.code || ' ' || r.identifier FROM standards_recommendation r "
        "JOIN core_sector s ON s.id = r.sector_id WHERE r.group_id IS NOT NULL AND r.status <> 'withdrawn' "
        "ORDER BY r.id"
    ):
        recs_by_group[group].append((pk, reference))
    rec_groups = sorted(recs_by_group)
    # Popular groups get more questions (SG16, SG17, SG13 first: the groups ordered by id, skewed at random).
    group_weights = [rng.paretovariate(1.2) for _ in rec_groups]
    languages, language_weights = list(LANGUAGE_MIX), list(LANGUAGE_MIX.values())
    counts = _answer_counts(rng, sizes["questions"], sizes["answers"])
    threads: list[Thread] = []
    span = (LAST_DAY - FIRST_DAY).total_seconds()
    question_columns = [
        "id", "is_hidden", "hidden_cause", "hidden_reason", "hidden_at", "title", "body", "language", "state",
        "lock_reason", "created_at", "updated_at", "last_activity_at", "answer_count", "score", "experts_notified_at",
        "experts_notified", "asked_by_id", "group_id", "hidden_by_id",
    ]  # fmt: skip
    post_columns = ["id", "is_hidden", "hidden_cause", "hidden_reason", "hidden_at", "body", "created_at"]
    tables = ["qa_question", "qa_question_recommendations", "qa_answer", "qa_followup", "qa_vote", "qa_flag"]
    with bulk_load(tables):
        with (
            CopyWriter("qa_question_recommendations", ["question_id", "recommendation_id"]) as links,
            CopyWriter(
                "qa_answer", [*post_columns, "updated_at", "score", "author_id", "hidden_by_id", "question_id"]
            ) as answers,
            CopyWriter(
                "qa_followup", [*post_columns, "answer_id", "author_id", "hidden_by_id", "question_id"]
            ) as follow_ups,
        ):
            answer_id = 0
            # Questions oldest first (ids in the order they were asked).
            moments = sorted(FIRST_DAY + datetime.timedelta(seconds=span * rng.random() ** 0.8) for _ in counts)
            for number, (asked, answer_count) in enumerate(zip(moments, counts, strict=True), start=1):
                group = rng.choices(rec_groups, weights=group_weights)[0]
                named = rng.sample(recs_by_group[group], k=min(len(recs_by_group[group]), rng.choice([1, 1, 1, 2, 3])))
                if rng.random() < 0.1:
                    named = []
                if regional.get(group) and rng.random() < 0.15:
                    group = rng.choice(regional[group])
                for rec, _reference in named:
                    links.row(number, rec)
                language = rng.choices(languages, language_weights)[0]
                thread = Thread(number, group, rng.choice(accounts), asked, language, asked)
                thread.reference = named[0][1] if named else ""
                if rng.random() < HIDDEN["question"]:
                    thread.hidden_cause = "flags" if rng.random() < BY_FLAGS else "moderator"
                threads.append(thread)
                pool = experts.get(group) or experts.get(parents.get(group) or 0) or []
                for _ in range(answer_count):
                    answer_id += 1
                    author = rng.choice(pool) if pool and rng.random() < EXPERT_ANSWERS else rng.choice(accounts)
                    written = _when(rng, thread.last_activity if rng.random() < 0.5 else asked, 20)
                    hidden, cause, reason, by = _hidden(rng, "answer", moderator)
                    template = rng.choice(ANSWERS_TEXT[thread.language if rng.random() < 0.7 else "en"])
                    body = _text(
                        template, rng, thread.language, named[0][1] if named else "", _topic(rng, thread.language)
                    )
                    answers.row(
                        answer_id, hidden, cause, reason, written if hidden else None, body, written, written, 0,
                        author, by, number,
                    )  # fmt: skip
                    thread.answers.append((answer_id, author, hidden))
                    thread.visible_answers += not hidden
                    thread.last_activity = max(thread.last_activity, written)
            follow_up_id = 0
            for _ in range(sizes["follow_ups"]):
                thread = threads[int(len(threads) * rng.random() ** 1.5)] if rng.random() < 0.3 else rng.choice(threads)
                on_answer = rng.choice(thread.answers)[0] if thread.answers and rng.random() < 0.6 else None
                follow_up_id += 1
                written = _when(rng, thread.created, 60)
                hidden, cause, reason, by = _hidden(rng, "follow_up", moderator)
                author = thread.asker if rng.random() < 0.5 else rng.choice(accounts)
                template = rng.choice(FOLLOW_UPS_TEXT[thread.language])
                body = _text(template, rng, thread.language, "", "")
                follow_ups.row(
                    follow_up_id, hidden, cause, reason, written if hidden else None, body, written, on_answer, author,
                    by, thread.id,
                )  # fmt: skip
                thread.last_activity = max(thread.last_activity, written)
        votes, answer_scores = _votes(rng, threads, accounts)
        flags = _flags(rng, threads, accounts, moderator)
        with CopyWriter("qa_question", question_columns) as questions:
            for thread in threads:
                _question_row(rng, questions, thread, moderator)
        _counters(threads, answer_scores)
    _index()
    reset_sequences([Question, Answer, FollowUp, Vote, Flag, QuestionSearchTerm])
    vacuum_analyze([*tables, "qa_questionsearchterm", "core_user", "core_role", "core_person"])
    return {
        "accounts": len(accounts),
        "questions": len(threads),
        "answers": answer_id,
        "follow_ups": follow_up_id,
        "votes": votes,
        "flags": flags,
        "search_terms": int(fetch("SELECT count(*) FROM qa_questionsearchterm")[0][0]),
    }


def _topic(rng: random.Random, language: str) -> str:
    return rng.choice(TOPICS)[LANGUAGE_INDEX[language]]


def _question_row(rng: random.Random, out: CopyWriter, thread: Thread, moderator: int) -> None:
    language = thread.language
    reference = thread.reference or "ITU-T H.702"
    topic = _topic(rng, language)
    title = _text(rng.choice(TITLES[language]), rng, language, reference, topic)
    body = _text(BODIES[language], rng, language, reference, topic)
    hidden, cause = bool(thread.hidden_cause), thread.hidden_cause
    reason = rng.choice(HIDE_REASONS) if cause == "moderator" else ""
    by = moderator if cause == "moderator" else None
    locked = rng.random() < LOCKED
    notified = thread.created + datetime.timedelta(minutes=5)
    out.row(
        thread.id, hidden, cause, reason, thread.created if hidden else None, title[:200], body, language,
        "locked" if locked else "open", rng.choice(LOCK_REASONS) if locked else "", thread.created,
        thread.last_activity, thread.last_activity, 0, 0, notified, EXPERTS_PER_GROUP, thread.asker, thread.group, by,
    )  # fmt: skip


def _votes(rng: random.Random, threads: list[Thread], accounts: list[int]) -> tuple[int, dict[int, int]]:
    """Votes on questions and answers, never by their author, one per person and post; scores of the answers."""
    answer_scores: dict[int, int] = defaultdict(int)
    day = datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)
    with CopyWriter("qa_vote", ["value", "created_at", "answer_id", "question_id", "user_id"]) as votes:
        for thread in threads:
            for voter in rng.sample(accounts, k=min(len(accounts), int(rng.expovariate(1 / VOTES_PER_QUESTION)))):
                if voter != thread.asker:
                    value = 1 if rng.random() < UPVOTES else -1
                    thread.score += value
                    votes.row(value, min(day, thread.last_activity), None, thread.id, voter)
            for answer, author, _hidden in thread.answers:
                for voter in rng.sample(accounts, k=min(len(accounts), int(rng.expovariate(1 / VOTES_PER_ANSWER)))):
                    if voter != author:
                        value = 1 if rng.random() < UPVOTES else -1
                        answer_scores[answer] += value
                        votes.row(value, min(day, thread.last_activity), answer, thread.id, voter)
    return votes.rows, answer_scores


def _flags(rng: random.Random, threads: list[Thread], accounts: list[int], moderator: int) -> int:
    """Three open flags on each post hidden pending review; some flags dismissed by a moderator long ago."""
    created = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    columns = ["reason", "note", "created_at", "resolved_at", "outcome", "answer_id", "resolved_by_id", "user_id"]
    pending = fetch(
        "SELECT question_id, id, NULL FROM qa_answer WHERE hidden_cause = 'flags' UNION ALL "
        "SELECT question_id, answer_id, id FROM qa_followup WHERE hidden_cause = 'flags'"
    )
    with CopyWriter("qa_flag", [*columns, "follow_up_id", "question_id"]) as flags:
        for question, answer, follow_up in pending:
            on_answer = None if follow_up else answer
            for user in rng.sample(accounts, k=3):
                flags.row("spam", "", created, None, "", on_answer, None, user, follow_up, question)
        for thread in threads:
            if thread.hidden_cause == "flags":
                for user in rng.sample(accounts, k=3):
                    flags.row("off_topic", "", created, None, "", None, None, user, None, thread.id)
        for thread in rng.sample(threads, k=min(RESOLVED_FLAGS, len(threads))):
            resolved = thread.created + datetime.timedelta(days=2)
            flags.row("other", "Looks like an advert?", thread.created, resolved, "kept", None, moderator,
                      rng.choice(accounts), None, thread.id)  # fmt: skip
    return flags.rows


def _counters(threads: list[Thread], answer_scores: dict[int, int]) -> None:
    """Counters as the app keeps them (visible answers, scores) and the accepted answers, set in one pass each."""
    execute("CREATE TEMP TABLE bench_counts (id bigint, answers int, score int, accepted bigint)")
    accepted_rng = random.Random(len(threads))
    with CopyWriter("bench_counts", ["id", "answers", "score", "accepted"]) as counts:
        for thread in threads:
            visible = [answer for answer, _author, hidden in thread.answers if not hidden]
            if visible and accepted_rng.random() < ACCEPTED:
                thread.accepted = max(visible, key=lambda answer: answer_scores.get(answer, 0))
            counts.row(thread.id, thread.visible_answers, thread.score, thread.accepted)
    execute(
        "UPDATE qa_question q SET answer_count = c.answers, score = c.score, accepted_answer_id = c.accepted "
        "FROM bench_counts c WHERE c.id = q.id"
    )
    execute("TRUNCATE bench_counts")
    with CopyWriter("bench_counts", ["id", "score"]) as scores:
        for answer, score in answer_scores.items():
            scores.row(answer, score)
    execute("UPDATE qa_answer a SET score = c.score FROM bench_counts c WHERE c.id = a.id")
    execute("DROP TABLE bench_counts")


def _index() -> None:
    """The questions' search terms, by the app's own function (one question at a time, as when one is asked)."""
    from django.db import transaction

    from ponte.qa.models import Question
    from ponte.qa.services import index_question

    with transaction.atomic():
        for question in Question.objects.only("pk", "title", "body").order_by("pk").iterator(chunk_size=2000):
            index_question(question)


DOMAIN = Domain(name="qa", sizes=sizes, clear=clear, generate=generate)
