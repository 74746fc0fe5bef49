# ruff: noqa: RUF001
# (the texts are in six languages: their dashes, commas and parentheses are meant)
"""Partnerships: funding partners of the ten kinds and 26 years of their agreements with the bureau.

Full size: 20,000 partners and 200,000 agreements signed from 2000 to 2025, about 12% of them amendments of an earlier
agreement of the same partners. Most partners write in English; those of French-, Spanish-, Russian-, Chinese-
and Arabic-speaking countries often in their own language (names, mandates, strategies and their agreements'
titles), some in both. The track record is skewed as in the bureau's database: a few institutions (UN agencies,
development banks, bilateral agencies, administrations) with thousands of agreements, a long tail of partners
with one or two. An agreement has one to three partners, one or two action areas (mostly its first partner's
priorities), one to three beneficiary regions (global often) and up to five countries of them.

Action areas, regions and funding mechanisms are the project's reference tables (loaded by the migrations):
never emptied here. Once the rows are loaded, the partner search's index is built the way production builds it
after a bulk load (``rebuild_partner_search``).
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from bench.domains import Domain
from bench.environment import Scale
from bench.pgcopy import NULL, CopyWriter, bulk_load, execute, fetch, reset_sequences, vacuum_analyze

PARTNERS = 20_000
AGREEMENTS = 200_000
AMENDMENT_SHARE = 0.12
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2025, 12, 31)
LAST_START = datetime.date(2023, 12, 31)  # the latest a partner signs its first agreement
# The modeltranslation columns of the six languages (title_en, mandate_zh_hans…).
LANGUAGES = ["en", "fr", "es", "ru", "zh_hans", "ar"]
OWN_LANGUAGE = 0.6  # partners of a country of another language who write in it
ALSO_ENGLISH = 0.5  # of those, who give an English text too
OTHER_TITLE = 0.05  # an agreement's title translated into each other language

KIND_MIX = {
    "private_company": 0.33, "foundation": 0.15, "ngo": 0.15, "academia": 0.12, "international_organisation": 0.07,
    "bilateral_agency": 0.05, "administration": 0.05, "multilateral_agency": 0.03, "development_bank": 0.03,
    "un_agency": 0.02,
}  # fmt: skip
# The institutions that hold the big track records (they take the first ranks of the skew).
INSTITUTIONS = {"un_agency", "development_bank", "multilateral_agency", "bilateral_agency", "administration"}
INTERNATIONAL = {"un_agency", "multilateral_agency", "international_organisation"}
SKEW_OFFSET = 3  # partner of rank r weighs 1 / (r + offset): the first has a few per cent of the agreements
DONORS = {
    "US": 8, "GB": 6, "DE": 6, "FR": 6, "JP": 6, "KR": 5, "CN": 5, "CH": 5, "SE": 4, "NO": 4, "NL": 4, "CA": 4,
    "AU": 3, "AE": 4, "SA": 4, "IT": 3, "ES": 3, "FI": 3, "DK": 3, "BE": 3, "QA": 2, "KW": 2, "IN": 3, "BR": 2,
}  # fmt: skip
COUNTRY_LANGUAGE = {
    **dict.fromkeys(
        ["FR", "BE", "CH", "LU", "MC", "SN", "CI", "CM", "ML", "BF", "NE", "TD", "GN", "BJ", "TG", "CD", "CG", "GA",
         "MG", "HT", "BI", "CF", "DJ", "KM"],
        "fr",
    ),
    **dict.fromkeys(
        ["ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "BO", "PY", "UY", "CR", "PA", "CU", "DO", "GT", "HN", "SV",
         "NI", "GQ"],
        "es",
    ),
    **dict.fromkeys(["RU", "BY", "KZ", "KG", "TJ", "UZ", "AM", "AZ", "TM"], "ru"),
    **dict.fromkeys(["CN", "HK", "MO"], "zh_hans"),
}  # fmt: skip
CURRENCY_OF_COUNTRY = {
    **dict.fromkeys(["DE", "FR", "IT", "ES", "NL", "BE", "FI", "LU", "AT", "PT", "IE", "GR"], "EUR"),
    "CH": "CHF", "GB": "GBP", "JP": "JPY", "CN": "CNY", "SA": "SAR", "AE": "AED", "KR": "KRW", "CA": "CAD",
    "AU": "AUD", "SE": "SEK", "NO": "NOK",
}  # fmt: skip
USD_RATE = {
    "USD": 1.0, "EUR": 1.09, "CHF": 1.13, "GBP": 1.27, "JPY": 0.0068, "CNY": 0.14, "SAR": 0.27, "AED": 0.27,
    "KRW": 0.00075, "CAD": 0.74, "AUD": 0.66, "SEK": 0.095, "NOK": 0.094,
}  # fmt: skip
# Agreement types: share, chance of no value (an MoU funds nothing by itself), median value in USD.
TYPES = {
    "cooperation": (0.25, 0.2, 150_000), "voluntary_contribution": (0.20, 0.0, 250_000), "mou": (0.20, 0.7, 50_000),
    "project_document": (0.15, 0.0, 800_000), "sponsorship": (0.12, 0.0, 40_000),
    "letter_of_intent": (0.08, 0.85, 20_000),
}  # fmt: skip
AREA_POPULARITY = {
    "capacity-building": 5, "digital-inclusion": 4, "infrastructure": 4, "cybersecurity": 3, "ict-applications": 3,
    "enabling-environment": 3, "innovation": 2, "emergency-telecommunications": 2, "climate-change-e-waste": 1.5,
    "statistics-indicators": 1, "generic": 1,
}  # fmt: skip
# What agreements of each action area are about, in en, fr, es, ru, zh_hans, ar.
TOPICS: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    "capacity-building": [
        ("Capacity building for ICT professionals", "Renforcement des capacités des professionnels des TIC",
         "Creación de capacidades para profesionales de las TIC", "Создание потенциала специалистов ИКТ",
         "信通技术专业人员能力建设", "بناء قدرات المهنيين في مجال تكنولوجيا المعلومات والاتصالات"),
        ("Digital skills training", "Formation aux compétences numériques", "Formación en competencias digitales",
         "Обучение цифровым навыкам", "数字技能培训", "التدريب على المهارات الرقمية"),
    ],
    "ict-applications": [
        ("E-health services", "Services de santé en ligne", "Servicios de salud electrónica",
         "Услуги электронного здравоохранения", "电子卫生服务", "خدمات الصحة الإلكترونية"),
        ("E-agriculture platform", "Plateforme d'agriculture numérique", "Plataforma de agricultura electrónica",
         "Платформа электронного сельского хозяйства", "电子农业平台", "منصة الزراعة الإلكترونية"),
    ],
    "generic": [
        ("Telecommunication development cooperation", "Coopération pour le développement des télécommunications",
         "Cooperación para el desarrollo de las telecomunicaciones", "Сотрудничество в области развития электросвязи",
         "电信发展合作", "التعاون في تنمية الاتصالات"),
    ],
    "infrastructure": [
        ("Rural broadband connectivity", "Connectivité large bande en zone rurale", "Conectividad de banda ancha rural",
         "Широкополосная связь в сельских районах", "农村宽带连接", "التوصيل بالنطاق العريض في المناطق الريفية"),
        ("School connectivity", "Connexion des écoles", "Conectividad escolar", "Подключение школ", "学校互联互通",
         "توصيل المدارس"),
    ],
    "cybersecurity": [
        ("National cybersecurity strategy and CIRT", "Stratégie nationale de cybersécurité et CIRT",
         "Estrategia nacional de ciberseguridad y CIRT", "Национальная стратегия кибербезопасности и CIRT",
         "国家网络安全战略和计算机事件响应小组", "الاستراتيجية الوطنية للأمن السيبراني وفريق الاستجابة للحوادث"),
        ("Child online protection", "Protection des enfants en ligne", "Protección de la infancia en línea",
         "Защита детей в онлайновой среде", "儿童在线保护", "حماية الأطفال على الإنترنت"),
    ],
    "enabling-environment": [
        ("ICT policy and regulatory reform", "Réforme de la politique et de la réglementation des TIC",
         "Reforma de la política y la reglamentación de las TIC", "Реформа политики и регулирования ИКТ",
         "信通技术政策和监管改革", "إصلاح سياسات ولوائح تكنولوجيا المعلومات والاتصالات"),
    ],
    "emergency-telecommunications": [
        ("Emergency telecommunications and early warning", "Télécommunications d'urgence et alerte précoce",
         "Telecomunicaciones de emergencia y alerta temprana",
         "Электросвязь в чрезвычайных ситуациях и раннее предупреждение", "应急通信和预警",
         "اتصالات الطوارئ والإنذار المبكر"),
    ],
    "digital-inclusion": [
        ("Digital inclusion of persons with disabilities", "Inclusion numérique des personnes handicapées",
         "Inclusión digital de las personas con discapacidad",
         "Цифровая интеграция лиц с ограниченными возможностями", "残疾人数字包容",
         "الشمول الرقمي للأشخاص ذوي الإعاقة"),
        ("Women and girls in ICT", "Les femmes et les filles dans les TIC", "Mujeres y niñas en las TIC",
         "Женщины и девушки в сфере ИКТ", "信通技术领域的妇女和女童", "المرأة والفتاة في مجال التكنولوجيا"),
    ],
    "innovation": [
        ("Digital innovation ecosystems", "Écosystèmes d'innovation numérique", "Ecosistemas de innovación digital",
         "Экосистемы цифровых инноваций", "数字创新生态系统", "منظومات الابتكار الرقمي"),
    ],
    "climate-change-e-waste": [
        ("E-waste management", "Gestion des déchets électroniques", "Gestión de residuos electrónicos",
         "Управление электронными отходами", "电子废物管理", "إدارة المخلفات الإلكترونية"),
    ],
    "statistics-indicators": [
        ("ICT statistics and household surveys", "Statistiques des TIC et enquêtes auprès des ménages",
         "Estadísticas de las TIC y encuestas de hogares", "Статистика ИКТ и обследования домохозяйств",
         "信通技术统计和住户调查", "إحصاءات تكنولوجيا المعلومات والاتصالات والمسوح الأسرية"),
    ],
}  # fmt: skip
# An agreement's title from its topic and place, by language; an amendment's from the original's.
TITLE = {
    "en": "{topic} in {place}", "fr": "{topic} – {place}", "es": "{topic} en {place}", "ru": "{topic}: {place}",
    "zh_hans": "{place}{topic}项目", "ar": "مشروع {topic} في {place}",
}  # fmt: skip
GLOBAL_TITLE = {
    "en": "{topic}: global programme", "fr": "{topic} : programme mondial", "es": "{topic}: programa mundial",
    "ru": "{topic}: глобальная программа", "zh_hans": "全球{topic}项目", "ar": "البرنامج العالمي: {topic}",
}  # fmt: skip
AMENDMENT_TITLE = {
    "en": "Amendment {n} to {title}", "fr": "Avenant n° {n} : {title}", "es": "Enmienda {n}: {title}",
    "ru": "Поправка {n}: {title}", "zh_hans": "{title}（第{n}号修正）", "ar": "التعديل رقم {n}: {title}",
}  # fmt: skip
MANDATE = {
    "en": "{name} funds {areas} in {regions}, working with governments, regulators and communities.",
    "fr": "{name} finance {areas} dans les régions suivantes : {regions}, avec les gouvernements et les régulateurs.",
    "es": "{name} financia {areas} en {regions}, con gobiernos, reguladores y comunidades.",
    "ru": "{name} финансирует проекты в областях: {areas}. Регионы: {regions}.",
    "zh_hans": "{name}致力于在{regions}资助{areas}，与各国政府、监管机构和社区合作。",
    "ar": "تموّل {name} مجالات {areas} في {regions}، بالتعاون مع الحكومات والهيئات التنظيمية والمجتمعات.",
}
STRATEGY = {
    "en": "Strategy {start}–{end}: {topic}.", "fr": "Stratégie {start}-{end} : {topic}.",
    "es": "Estrategia {start}-{end}: {topic}.", "ru": "Стратегия на {start}–{end} годы: {topic}.",
    "zh_hans": "{start}—{end}年战略：{topic}。", "ar": "استراتيجية {start}-{end}: {topic}.",
}  # fmt: skip
AND = {"en": " and ", "fr": " et ", "es": " y ", "ru": " и ", "zh_hans": "和", "ar": " و"}
COMMA = {"zh_hans": "、", "ar": "، "}
EVERYWHERE = {
    "en": "every region", "fr": "toutes les régions", "es": "todas las regiones", "ru": "всех регионах",
    "zh_hans": "全球", "ar": "جميع المناطق",
}  # fmt: skip
STEMS = [
    "Baobab", "Kestrel", "Meridian", "Nimbus", "Orion", "Saffron", "Tanager", "Zephyr", "Atlas", "Cedar", "Delta",
    "Ember", "Fjord", "Granite", "Harbor", "Indigo", "Jade", "Kilimanjaro", "Lotus", "Monsoon", "Nile", "Oasis",
    "Pampas", "Quartz", "Sahel", "Taiga", "Umber", "Volta", "Wadi", "Yangtze", "Acacia", "Boreal", "Condor",
    "Dune", "Equator", "Falcon", "Gazelle", "Horizon", "Ibis", "Juniper", "Kora", "Lagoon", "Mistral", "Nova",
    "Olive", "Pioneer", "Quest", "Rift", "Sierra", "Tundra", "Unity", "Vista", "Willow", "Xenon", "Yarra", "Zambezi",
]  # fmt: skip
STEMS_RU = ["Байкал", "Волга", "Алтай", "Енисей", "Урал", "Заря", "Полюс", "Сибирь", "Восток", "Север", "Ока", "Амур"]
STEMS_ZH = [
    "华信",
    "中科",
    "东方",
    "长城",
    "天和",
    "丝路",
    "蓝海",
    "星河",
    "云桥",
    "鹏程",
    "启明",
    "博远",
    "九州",
    "瀚海",
]
STEMS_AR = ["النخيل", "الواحة", "الفرات", "النيل", "الخليج", "الأطلس", "قرطاج", "سبأ", "دلمون", "الأندلس", "المشرق"]
UN_AGENCIES = [
    "UNDP", "UNICEF", "UNESCO", "WHO", "FAO", "WFP", "UNHCR", "UNEP", "UNIDO", "UNCTAD", "UN Women", "UNFPA",
    "ILO", "OCHA", "UNOPS", "UN-Habitat", "IOM", "UNDRR",
]  # fmt: skip
# Partner names by language and kind ({stem}, {country}); a kind a language does not list uses "*".
NAMES: dict[str, dict[str, list[str]]] = {
    "en": {
        "administration": ["Ministry of ICT of {country}", "Ministry of Digital Economy of {country}",
                           "Telecommunication Regulatory Authority of {country}",
                           "Universal Service Fund of {country}"],
        "bilateral_agency": ["{country} International Cooperation Agency",
                             "Agency for International Development of {country}"],
        "development_bank": ["{stem} Development Bank", "{stem} Infrastructure Investment Bank",
                             "{country} Development Finance Corporation"],
        "multilateral_agency": ["{stem} Multilateral Fund for Digital Development", "{stem} Connectivity Partnership"],
        "foundation": ["{stem} Foundation", "{stem} Foundation for Digital Inclusion", "{stem} Family Trust"],
        "private_company": ["{stem} Telecom", "{stem} Networks", "{stem} Digital Solutions", "{stem} Satellite Systems",
                            "{stem} Cloud Services", "{stem} Communications"],
        "ngo": ["{stem} Connect Initiative", "{stem} Community Networks", "{stem} Digital Rights Network"],
        "academia": ["University of {stem}", "{stem} Institute of Technology", "{stem} Research Centre for ICT"],
        "international_organisation": ["{stem} Regional Telecommunications Organization",
                                       "{stem} Alliance for Affordable Internet"],
        "*": ["{stem} Partners"],
    },
    "fr": {
        "administration": ["Ministère de l'Économie numérique de {country}",
                           "Autorité de régulation des télécommunications de {country}"],
        "bilateral_agency": ["Agence de coopération internationale de {country}"],
        "development_bank": ["Banque {stem} de développement"],
        "foundation": ["Fondation {stem}", "Fondation {stem} pour l'inclusion numérique"],
        "private_company": ["{stem} Télécom", "Réseaux {stem}", "{stem} Solutions numériques"],
        "ngo": ["Association {stem} pour le numérique", "Réseau {stem} des communautés connectées"],
        "academia": ["Université {stem}", "École supérieure des télécommunications {stem}"],
        "*": ["Organisation {stem} pour le développement numérique"],
    },
    "es": {
        "administration": ["Ministerio de Tecnologías de la Información de {country}",
                           "Instituto Regulador de Telecomunicaciones de {country}"],
        "bilateral_agency": ["Agencia de Cooperación Internacional de {country}"],
        "development_bank": ["Banco {stem} de Desarrollo"],
        "foundation": ["Fundación {stem}", "Fundación {stem} para la Inclusión Digital"],
        "private_company": ["{stem} Telecomunicaciones", "Redes {stem}", "{stem} Soluciones Digitales"],
        "ngo": ["Asociación {stem} por la Conectividad", "Red {stem} de Comunidades Conectadas"],
        "academia": ["Universidad {stem}", "Instituto Tecnológico {stem}"],
        "*": ["Organización {stem} para el Desarrollo Digital"],
    },
    "ru": {
        "administration": ["Министерство цифрового развития ({country})", "Агентство связи ({country})"],
        "bilateral_agency": ["Агентство международного сотрудничества ({country})"],
        "development_bank": ["Банк развития «{stem}»"],
        "foundation": ["Фонд «{stem}»", "Фонд цифрового развития «{stem}»"],
        "private_company": ["{stem}Телеком", "Сети «{stem}»", "{stem} Цифровые решения"],
        "ngo": ["Ассоциация «{stem}» за доступный интернет"],
        "academia": ["Университет «{stem}»", "Институт связи «{stem}»"],
        "*": ["Организация «{stem}» по развитию связи"],
    },
    "zh_hans": {
        "administration": ["{country}工业和信息化部", "{country}通信管理局"],
        "bilateral_agency": ["{country}国际发展合作署"],
        "development_bank": ["{stem}开发银行"],
        "foundation": ["{stem}基金会", "{stem}数字包容基金会"],
        "private_company": ["{stem}电信", "{stem}网络科技有限公司", "{stem}通信集团"],
        "ngo": ["{stem}数字发展促进会"],
        "academia": ["{stem}大学", "{stem}信息通信研究院"],
        "*": ["{stem}数字发展组织"],
    },
    "ar": {
        "administration": ["وزارة الاتصالات وتكنولوجيا المعلومات في {country}", "هيئة تنظيم الاتصالات في {country}"],
        "bilateral_agency": ["الوكالة الدولية للتعاون الإنمائي في {country}"],
        "development_bank": ["بنك {stem} للتنمية"],
        "foundation": ["مؤسسة {stem}", "مؤسسة {stem} للشمول الرقمي"],
        "private_company": ["شركة {stem} للاتصالات", "شبكات {stem}", "{stem} للحلول الرقمية"],
        "ngo": ["جمعية {stem} للتنمية الرقمية"],
        "academia": ["جامعة {stem}", "معهد {stem} للاتصالات"],
        "*": ["منظمة {stem} للتنمية الرقمية"],
    },
}  # fmt: skip
PARTNER_COLUMNS = [
    "id", "name", "kind", "website", "mandate", *(f"mandate_{language}" for language in LANGUAGES), "strategy",
    *(f"strategy_{language}" for language in LANGUAGES), "is_active", "created_at", "country_id",
]  # fmt: skip
AGREEMENT_COLUMNS = [
    "id", "reference", "type", "title", *(f"title_{language}" for language in LANGUAGES), "signed_on", "value",
    "currency", "value_usd", "created_at", "updated_at", "amends_id",
]  # fmt: skip
LINK_TABLES = {
    "partnerships_agreement_partners": ("agreement_id", "partner_id"),
    "partnerships_agreement_action_areas": ("agreement_id", "actionarea_id"),
    "partnerships_agreement_regions": ("agreement_id", "beneficiaryregion_id"),
    "partnerships_agreement_countries": ("agreement_id", "country_id"),
}
PROFILE_TABLES = {
    "partnerships_partner_action_areas": ("partner_id", "actionarea_id"),
    "partnerships_partner_regions": ("partner_id", "beneficiaryregion_id"),
    "partnerships_partner_countries": ("partner_id", "country_id"),
    "partnerships_partner_mechanisms": ("partner_id", "fundingmechanism_id"),
}
SEARCH_TABLES = [
    "partnerships_partnersearchterm", "partnerships_partneragreementfact", "partnerships_partnertrackrecord",
    "partnerships_stalepartnersearch",
]  # fmt: skip
CLEARED = [
    "partnerships_partner", "partnerships_agreement", *LINK_TABLES, *PROFILE_TABLES, *SEARCH_TABLES,
    "partnerships_partnercontact", "partnerships_agreementdocument", "partnerships_historicalpartner",
    "partnerships_historicalpartner_action_areas", "partnerships_historicalpartner_regions",
    "partnerships_historicalpartner_countries", "partnerships_historicalpartner_mechanisms",
    "partnerships_historicalpartnercontact", "partnerships_historicalagreement",
    "partnerships_historicalagreement_partners", "partnerships_historicalagreement_regions",
    "partnerships_historicalagreement_countries", "partnerships_historicalagreement_action_areas",
    "partnerships_historicalagreementdocument",
]  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    """The reference tables and countries, by code, with their names in each language."""

    areas: dict[str, int]  # code -> id
    regions: dict[str, int]
    mechanisms: list[int]
    area_names: dict[int, dict[str, str]]  # id -> language -> name
    region_names: dict[int, dict[str, str]]
    countries_of_region: dict[str, list[str]]  # region code -> country codes (ITU Member States)
    country_names: dict[str, dict[str, str]]  # country code -> language -> name
    members: list[str]


@dataclass
class PartnerPlan:
    """A partner as the agreements need it: its language, currency, priorities and when it began."""

    id: int
    name: str
    kind: str
    language: str
    currency: str
    areas: list[int]
    regions: list[int]
    first_day: datetime.date


@dataclass
class Original:
    """What an amendment copies from the agreement it amends."""

    id: int
    reference: str
    partners: tuple[int, ...]
    signed_on: datetime.date
    value: float
    currency: str
    titles: dict[str, str]
    areas: list[int]
    regions: list[int]
    countries: list[str]
    amendments: int = 0


@dataclass
class Writers:
    """The COPY writers of the agreements and their links."""

    agreements: CopyWriter
    links: dict[str, CopyWriter] = field(default_factory=dict)

    def link(self, table: str, agreement: int, values: Sequence[object]) -> None:
        writer = self.links[table]
        for value in values:
            writer.write(f"{agreement}\t{value}\n")


def sizes(scale: Scale) -> dict[str, int]:
    return {
        "partners": scale.size("partners", PARTNERS, minimum=200),
        "agreements": scale.size("agreements", AGREEMENTS, minimum=2_000),
    }


def clear() -> None:
    """Empty the partners, agreements, their links and history, and the search's tables (not the reference
    tables: action areas, regions and mechanisms are the project's)."""
    execute(f"TRUNCATE {', '.join(CLEARED)} RESTART IDENTITY CASCADE")


def _vocabulary() -> Vocabulary:
    from ponte.core.models import Country
    from ponte.partnerships.models import ActionArea, BeneficiaryRegion, FundingMechanism

    def names(model: type[ActionArea] | type[BeneficiaryRegion]) -> dict[int, dict[str, str]]:
        columns = [f"name_{language}" for language in LANGUAGES]
        return {
            pk: dict(zip(LANGUAGES, found, strict=True)) for pk, *found in model.objects.values_list("pk", *columns)
        }

    countries_of_region: dict[str, list[str]] = defaultdict(list)
    country_names: dict[str, dict[str, str]] = {}
    members = []
    columns = [f"name_{language}" for language in LANGUAGES]
    for code, region, member, *found in Country.objects.order_by("code").values_list(
        "code", "region", "is_itu_member", *columns
    ):
        country_names[code] = {language: name or found[0] for language, name in zip(LANGUAGES, found, strict=True)}
        if member:
            members.append(code)
            if region:
                countries_of_region[region].append(code)
    return Vocabulary(
        areas=dict(ActionArea.objects.values_list("code", "pk")),
        regions=dict(BeneficiaryRegion.objects.values_list("code", "pk")),
        mechanisms=list(FundingMechanism.objects.values_list("pk", flat=True)),
        area_names=names(ActionArea),
        region_names=names(BeneficiaryRegion),
        countries_of_region=dict(countries_of_region),
        country_names=country_names,
        members=members,
    )


def _stem(rng: random.Random, language: str) -> str:
    return rng.choice({"ru": STEMS_RU, "zh_hans": STEMS_ZH, "ar": STEMS_AR}.get(language, STEMS))


def _name(rng: random.Random, kind: str, language: str, country: str | None, vocabulary: Vocabulary) -> str:
    place = vocabulary.country_names[country][language] if country else ""
    if kind == "un_agency":
        base = f"{rng.choice(UN_AGENCIES)} {vocabulary.country_names[country]['en']}" if country else ""
        return base or f"{rng.choice(UN_AGENCIES)} {rng.choice(STEMS)} Programme"
    templates = NAMES[language].get(kind) or NAMES[language]["*"]
    template = rng.choice(templates)
    if "{country}" in template and not country:
        template = NAMES[language]["*"][0]
    return template.format(stem=_stem(rng, language), country=place)


def _unique(name: str, taken: set[str], country: str | None, rng: random.Random) -> str:
    """The name, or with its country's code, or a number, when another partner has it (names are unique)."""
    candidates = [name, f"{name} ({country})" if country else name, f"{name} {rng.choice(STEMS)}"]
    for candidate in candidates:
        if candidate.casefold() not in taken:
            taken.add(candidate.casefold())
            return candidate
    number = 2
    while f"{name} {number}".casefold() in taken:
        number += 1
    taken.add(f"{name} {number}".casefold())
    return f"{name} {number}"


def _listing(names: list[str], language: str) -> str:
    if len(names) == 1:
        return names[0]
    return COMMA.get(language, ", ").join(names[:-1]) + AND[language] + names[-1]


def _texts(rng: random.Random, plan: PartnerPlan, vocabulary: Vocabulary) -> tuple[dict[str, str], dict[str, str]]:
    """The partner's mandate, and for a third of them a strategy, in its language (and some in English too)."""
    languages = [plan.language]
    if plan.language != "en" and rng.random() < ALSO_ENGLISH:
        languages.append("en")
    elif plan.language == "en" and rng.random() < 0.1:
        languages.append(rng.choice(LANGUAGES[1:]))
    mandates, strategies = {}, {}
    with_strategy = rng.random() < 0.33
    start = rng.randrange(2016, 2025)
    topic_area = next(code for code, pk in vocabulary.areas.items() if pk == plan.areas[0])
    topic = rng.choice(TOPICS[topic_area])
    for language in languages:
        index = LANGUAGES.index(language)
        areas = [vocabulary.area_names[pk][language].lower() for pk in plan.areas]
        regions = [vocabulary.region_names[pk][language] for pk in plan.regions if pk != vocabulary.regions["GLO"]]
        mandates[language] = MANDATE[language].format(
            name=plan.name,
            areas=_listing(areas, language),
            regions=_listing(regions, language) if regions else EVERYWHERE[language],
        )
        if with_strategy:
            strategies[language] = STRATEGY[language].format(start=start, end=start + 3, topic=topic[index])
    return mandates, strategies


def _weighted_sample(rng: random.Random, weights: dict[int, float], k: int) -> list[int]:
    """``k`` distinct keys drawn by weight."""
    chosen: list[int] = []
    population, values = list(weights), list(weights.values())
    while len(chosen) < min(k, len(population)):
        pick = rng.choices(population, weights=values)[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def _declare(rng: random.Random, plan: PartnerPlan, profile: dict[str, CopyWriter], vocabulary: Vocabulary) -> None:
    """The partner's declared priorities: its areas and regions, countries of them (agencies, administrations and
    banks always, others sometimes), one to three funding mechanisms."""
    for area in plan.areas:
        profile["partnerships_partner_action_areas"].row(plan.id, area)
    for region in plan.regions:
        profile["partnerships_partner_regions"].row(plan.id, region)
    if plan.kind in ("bilateral_agency", "administration", "development_bank") or rng.random() < 0.2:
        codes = [code for code, pk in vocabulary.regions.items() if pk in plan.regions and code != "GLO"]
        pool = [country for code in codes for country in vocabulary.countries_of_region.get(code, [])]
        for declared in rng.sample(pool, k=min(len(pool), rng.randint(1, 6))):
            profile["partnerships_partner_countries"].row(plan.id, declared)
    for mechanism in rng.sample(vocabulary.mechanisms, k=rng.choice([1, 1, 2, 3])):
        profile["partnerships_partner_mechanisms"].row(plan.id, mechanism)


def _partners(rng: random.Random, total: int, vocabulary: Vocabulary) -> list[PartnerPlan]:
    """COPY the partners and their declared priorities; return them best-known first (rank of the skew)."""
    countries = vocabulary.members
    hq_weights = [DONORS.get(code, 1.0) for code in countries]
    kinds = rng.choices(list(KIND_MIX), weights=list(KIND_MIX.values()), k=total)
    area_weights = {vocabulary.areas[code]: weight for code, weight in AREA_POPULARITY.items()}
    six_regions = {pk: 1.0 for code, pk in vocabulary.regions.items() if code != "GLO"}
    global_region = vocabulary.regions["GLO"]
    taken: set[str] = set()
    plans: list[PartnerPlan] = []
    created = datetime.datetime(2017, 3, 1, 9, tzinfo=datetime.UTC)
    profile = {table: CopyWriter(table, columns) for table, columns in PROFILE_TABLES.items()}
    with CopyWriter("partnerships_partner", PARTNER_COLUMNS) as partners:
        for pk, kind in enumerate(kinds, start=1):
            country: str | None = rng.choices(countries, weights=hq_weights)[0]
            if kind in INTERNATIONAL and rng.random() < 0.5:
                country = None
            language = "en"
            if country in COUNTRY_LANGUAGE and rng.random() < OWN_LANGUAGE:
                language = COUNTRY_LANGUAGE[country]
            elif country in vocabulary.countries_of_region.get("ARB", ()) and rng.random() < OWN_LANGUAGE:
                language = "ar"
            if kind == "un_agency":
                language = "en"
            name = _unique(_name(rng, kind, language, country, vocabulary), taken, country, rng)
            areas = _weighted_sample(rng, area_weights, rng.choice([1, 1, 2, 2, 3, 4]))
            regions = _weighted_sample(rng, six_regions, rng.choice([1, 1, 1, 2, 3]))
            if kind in INTERNATIONAL or rng.random() < 0.15:
                regions.append(global_region)
            started = FIRST_DAY + datetime.timedelta(days=int((LAST_START - FIRST_DAY).days * rng.random() ** 1.5))
            plan = PartnerPlan(
                pk, name, kind, language, CURRENCY_OF_COUNTRY.get(country or "", "USD"), areas, regions, started
            )
            mandates, strategies = _texts(rng, plan, vocabulary)
            active = rng.random() > 0.02
            partners.row(
                pk, name, kind, "", mandates.get("en", ""), *(mandates.get(language) for language in LANGUAGES),
                strategies.get("en", ""), *(strategies.get(language) for language in LANGUAGES), active,
                created + datetime.timedelta(days=rng.randrange(3000)), country,
            )  # fmt: skip
            _declare(rng, plan, profile, vocabulary)
            plans.append(plan)
    for writer in profile.values():
        writer.flush()
    # Institutions first, then everyone in a random order: the rank of the skew.
    keys = {plan.id: rng.random() * (0.01 if plan.kind in INSTITUTIONS else 1.0) for plan in plans}
    plans.sort(key=lambda plan: keys[plan.id])
    for plan in plans[: max(1, len(plans) // 100)]:
        plan.first_day = min(plan.first_day, FIRST_DAY + datetime.timedelta(days=rng.randrange(1500)))
    return plans


def _deck(rng: random.Random, plans: list[PartnerPlan], originals: int) -> list[PartnerPlan]:
    """The first partner of each original agreement, skewed: rank r gets about originals / (r + offset) / H."""
    weights = [1.0 / (rank + SKEW_OFFSET) for rank in range(1, len(plans) + 1)]
    total = sum(weights)
    deck: list[PartnerPlan] = []
    for plan, weight in zip(plans, weights, strict=True):
        deck += [plan] * max(1, int(originals * weight / total))
    if len(deck) < originals:
        deck += rng.choices(plans, weights=weights, k=originals - len(deck))
    rng.shuffle(deck)
    return deck[:originals]


def _usd_amount(rng: random.Random, kind: str) -> float:
    _share, zero, median = TYPES[kind]
    if rng.random() < zero:
        return 0.0
    return round(median * rng.lognormvariate(0, 1.1), -2)


def _day(rng: random.Random, first: datetime.date) -> datetime.date:
    """A day from ``first`` to the end, more of them recently (the bureau signs more every year)."""
    span = (LAST_DAY - first).days
    return first + datetime.timedelta(days=int(span * math.sqrt(rng.random())))


def _titles(
    area: str, topic_index: int, place: tuple[list[int], list[str]], languages: set[str], vocab: Vocabulary
) -> dict[str, str]:
    """The agreement's title in each of ``languages``: its topic, and its first country or region (or global)."""
    topic = TOPICS[area][topic_index % len(TOPICS[area])]
    regions, countries = place
    titles = {}
    for language in languages:
        words = topic[LANGUAGES.index(language)]
        if countries:
            titles[language] = TITLE[language].format(topic=words, place=vocab.country_names[countries[0]][language])
        elif regions[0] == vocab.regions["GLO"]:
            titles[language] = GLOBAL_TITLE[language].format(topic=words)
        else:
            titles[language] = TITLE[language].format(topic=words, place=vocab.region_names[regions[0]][language])
    return titles


def _write_agreement(
    out: Writers,
    pk: int,
    reference: str,
    kind: str,
    titles: dict[str, str],
    signed: datetime.date,
    value: float,
    currency: str,
    amends: int | None,
) -> None:
    usd = value * USD_RATE[currency]
    stamp = f"{signed} 12:00:00+00"
    translated = "\t".join(titles.get(language, NULL) for language in LANGUAGES)
    amended = NULL if amends is None else amends
    out.agreements.write(
        f"{pk}\t{reference}\t{kind}\t{titles['en']}\t{translated}\t{signed}\t{value:.2f}\t{currency}\t{usd:.2f}\t"
        f"{stamp}\t{stamp}\t{amended}\n"
    )


@dataclass
class _Draws:
    """What the agreements are drawn from, computed once."""

    vocab: Vocabulary
    plans: list[PartnerPlan]
    cumulative: list[float]  # of the skew, to draw co-funding partners
    area_weights: dict[int, float]
    area_codes: dict[int, str]
    six_regions: list[int]
    region_codes: dict[int, str]
    type_names: list[str]
    type_weights: list[float]


def _original(rng: random.Random, draws: _Draws, out: Writers, pk: int, first: PartnerPlan) -> Original:
    """One original agreement of ``first`` (and maybe co-funders), with its links."""
    vocab = draws.vocab
    partners = [first.id]
    for _extra in range(rng.choices([0, 1, 2], weights=[70, 22, 8])[0]):
        other = rng.choices(draws.plans, cum_weights=draws.cumulative)[0].id
        if other not in partners:
            partners.append(other)
    areas = [rng.choice(first.areas) if rng.random() < 0.8 else rng.choice(list(draws.area_weights))]
    if rng.random() < 0.35:
        second = rng.choices(list(draws.area_weights), weights=list(draws.area_weights.values()))[0]
        if second not in areas:
            areas.append(second)
    regions: list[int] = []
    if rng.random() < 0.25:
        regions.append(vocab.regions["GLO"])
    if not regions or rng.random() < 0.5:
        own = [region for region in first.regions if region != vocab.regions["GLO"]]
        pool = own if own and rng.random() < 0.8 else draws.six_regions
        regions += rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 1, 2])))
    countries: list[str] = []
    regional = [draws.region_codes[region] for region in regions if draws.region_codes[region] != "GLO"]
    if regional and rng.random() < 0.6:
        pool_countries = [code for region in regional for code in vocab.countries_of_region.get(region, [])]
        countries = rng.sample(pool_countries, k=min(len(pool_countries), rng.choice([1, 1, 2, 3, 4, 5])))
    kind = rng.choices(draws.type_names, weights=draws.type_weights)[0]
    signed = _day(rng, first.first_day)
    languages = {"en", first.language} | {language for language in LANGUAGES if rng.random() < OTHER_TITLE}
    titles = _titles(draws.area_codes[areas[0]], rng.randrange(2), (regions, countries), languages, vocab)
    value = round(_usd_amount(rng, kind) / USD_RATE[first.currency], -2)
    reference = f"ITU-D/{signed.year}/{pk:06d}"
    _write_agreement(out, pk, reference, kind, titles, signed, value, first.currency, None)
    out.link("partnerships_agreement_partners", pk, partners)
    out.link("partnerships_agreement_action_areas", pk, areas)
    out.link("partnerships_agreement_regions", pk, regions)
    out.link("partnerships_agreement_countries", pk, countries)
    return Original(pk, reference, tuple(partners), signed, value, first.currency, titles, areas, regions, countries)


def _amendment(rng: random.Random, out: Writers, pk: int, original: Original) -> None:
    """An amendment of ``original``: same partners, later, more money or more time; its own lists or none."""
    original.amendments += 1
    number = original.amendments
    signed = original.signed_on + datetime.timedelta(days=rng.randrange(120, 1100))
    if signed > LAST_DAY:  # an agreement signed lately is amended before the end
        signed = original.signed_on + datetime.timedelta(days=rng.randint(0, (LAST_DAY - original.signed_on).days))
    value = 0.0 if rng.random() < 0.4 else round(original.value * rng.uniform(0.1, 0.5), -2)
    titles = {
        language: AMENDMENT_TITLE[language].format(n=number, title=title)[:400]
        for language, title in original.titles.items()
    }
    reference = f"{original.reference}-A{number}"
    kind = "cooperation"
    _write_agreement(out, pk, reference, kind, titles, signed, value, original.currency, original.id)
    out.link("partnerships_agreement_partners", pk, original.partners)
    if rng.random() < 0.4:  # otherwise it names none and has the original's
        out.link("partnerships_agreement_action_areas", pk, original.areas)
        out.link("partnerships_agreement_regions", pk, original.regions)
        out.link("partnerships_agreement_countries", pk, original.countries)


def _agreements(rng: random.Random, plans: list[PartnerPlan], total: int, vocab: Vocabulary) -> tuple[int, int]:
    """COPY the originals then their amendments, with their links; return how many of each."""
    amendments = round(total * AMENDMENT_SHARE)
    originals = total - amendments
    weights = [1.0 / (rank + SKEW_OFFSET) for rank in range(1, len(plans) + 1)]
    draws = _Draws(
        vocab=vocab,
        plans=plans,
        cumulative=list(accumulate(weights)),
        area_weights={vocab.areas[code]: weight for code, weight in AREA_POPULARITY.items()},
        area_codes={pk: code for code, pk in vocab.areas.items()},
        six_regions=[pk for code, pk in vocab.regions.items() if code != "GLO"],
        region_codes={pk: code for code, pk in vocab.regions.items()},
        type_names=list(TYPES),
        type_weights=[share for share, _zero, _median in TYPES.values()],
    )
    links = {table: CopyWriter(table, columns) for table, columns in LINK_TABLES.items()}
    made: list[Original] = []
    with CopyWriter("partnerships_agreement", AGREEMENT_COLUMNS) as agreements:
        out = Writers(agreements, links)
        for pk, first in enumerate(_deck(rng, plans, originals), start=1):
            made.append(_original(rng, draws, out, pk, first))
        for pk in range(originals + 1, originals + amendments + 1):
            _amendment(rng, out, pk, rng.choice(made))
    for writer in links.values():
        writer.flush()
    return originals, amendments


def generate(scale: Scale, sizes: dict[str, int]) -> dict[str, int]:
    from ponte.partnerships.models import Agreement, Partner
    from ponte.partnerships.search import rebuild_partner_search

    rng = random.Random(f"{scale.seed}:partnerships")
    vocab = _vocabulary()
    loaded = ["partnerships_agreement", *LINK_TABLES, *PROFILE_TABLES]
    with bulk_load(["partnerships_partner", *loaded]):
        plans = _partners(rng, sizes["partners"], vocab)
        originals, amendments = _agreements(rng, plans, sizes["agreements"], vocab)
    reset_sequences([Partner, Agreement])
    vacuum_analyze(["partnerships_partner", *loaded])
    started = time.perf_counter()
    rebuild_partner_search()
    print(f"partnerships: search index built in {time.perf_counter() - started:.0f} s.", flush=True)
    vacuum_analyze(SEARCH_TABLES)
    counts = {
        "partners": len(plans),
        "agreements": originals + amendments,
        "amendments": amendments,
        "agreement_partners": fetch("SELECT count(*) FROM partnerships_agreement_partners")[0][0],
    }
    for table in SEARCH_TABLES[:3]:
        counts[table.removeprefix("partnerships_")] = fetch(f"SELECT count(*) FROM {table}")[0][0]  # noqa: S608
    return counts


DOMAIN = Domain(name="partnerships", sizes=sizes, clear=clear, generate=generate)
