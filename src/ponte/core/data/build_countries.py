"""Build ``countries.csv`` (reference data for Ponte) from django-countries.

Run from the repository root with the project's virtualenv::

    .venv/bin/python src/ponte/core/data/build_countries.py

What it does:

* takes every ISO 3166-1 entry of ``django_countries.data.COUNTRIES``
  (alpha-2 -> English short name) and ``django_countries.data.ALT_CODES``
  (alpha-3, numeric);
* takes the Arabic, Chinese (Simplified), French, Russian and Spanish names
  from the gettext catalogues that ship with django-countries (read directly
  from the compiled ``.mo`` files, no Django translation machinery involved),
  applying the documented corrections in ``NAME_FIXES`` and filling the
  names the catalogues lack from ``MISSING_NAMES``;
* adds the ITU / UN classifications defined below as plain sets of ISO
  alpha-3 codes, each with its source;
* checks the sets for consistency, writes ``countries.csv`` next to this file
  and prints the counts.

The script is deterministic: rows are sorted by alpha-2 code.
"""

from __future__ import annotations

import csv
import gettext
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

from django.conf import settings

if not settings.configured:
    # No translation is activated: the lazy names of django-countries
    # resolve to their English source text.
    settings.configure(USE_I18N=False)

import django_countries
from django_countries.data import ALT_CODES, COUNTRIES

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "countries.csv"
LOCALE_DIR = Path(django_countries.__file__).resolve().parent / "locale"

# Column suffix -> gettext catalogue (directory under django_countries/locale).
LANGUAGES = {
    "ar": "ar",
    "zh_hans": "zh_Hans",
    "fr": "fr",
    "ru": "ru",
    "es": "es",
}

COLUMNS = [
    "alpha2",
    "alpha3",
    "numeric",
    "itu_member",
    "region",
    "developing",
    "ldc",
    "sids",
    "lldc",
    "transition",
    "name_en",
    "name_ar",
    "name_zh_hans",
    "name_fr",
    "name_ru",
    "name_es",
]

# ---------------------------------------------------------------------------
# ITU-D (BDT) regions of the ITU Member States.
# Source: ITU BDT list of Member States by region (the six ITU-D regions
# used for WTDC regional preparatory meetings, regional initiatives and ITU
# ICT statistics). 194 Member States: the 193 UN Member States plus the
# Holy See (Vatican City State). Palau, the only UN member that had not
# joined ITU, acceded on 19 September 2024 as the 194th Member State.
# ---------------------------------------------------------------------------

# Africa: the African UN Member States that are not members of the League of
# Arab States (44).
AFR = {
    "AGO", "BEN", "BWA", "BFA", "BDI", "CPV", "CMR", "CAF", "TCD", "COG",
    "CIV", "COD", "GNQ", "ERI", "SWZ", "ETH", "GAB", "GMB", "GHA", "GIN",
    "GNB", "KEN", "LSO", "LBR", "MDG", "MWI", "MLI", "MUS", "MOZ", "NAM",
    "NER", "NGA", "RWA", "STP", "SEN", "SYC", "SLE", "ZAF", "SSD", "TZA",
    "TGO", "UGA", "ZMB", "ZWE",
}  # fmt: skip

# Americas: the 35 States of the Americas, Canada and the USA included.
AMS = {
    "ATG", "ARG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CAN", "CHL", "COL",
    "CRI", "CUB", "DMA", "DOM", "ECU", "SLV", "GRD", "GTM", "GUY", "HTI",
    "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT",
    "SUR", "TTO", "USA", "URY", "VEN",
}  # fmt: skip

# Arab States: the 21 League of Arab States members that are ITU Member
# States, the North African ones included (Palestine is not an ITU Member
# State).
ARB = {
    "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY",
    "MRT", "MAR", "OMN", "QAT", "SAU", "SOM", "SDN", "SYR", "TUN", "ARE",
    "YEM",
}  # fmt: skip

# Asia and the Pacific (39, Iran and Palau included).
ASP = {
    "AFG", "AUS", "BGD", "BTN", "BRN", "KHM", "CHN", "PRK", "FJI", "IND",
    "IDN", "IRN", "JPN", "KIR", "KOR", "LAO", "MYS", "MDV", "MHL", "FSM",
    "MNG", "MMR", "NRU", "NPL", "NZL", "PAK", "PLW", "PNG", "PHL", "WSM",
    "SGP", "SLB", "LKA", "THA", "TLS", "TON", "TUV", "VUT", "VNM",
}  # fmt: skip

# Commonwealth of Independent States (12). ITU-D keeps Georgia and Ukraine
# in its CIS region (as in ITU's ICT statistics regional groupings), although
# both have left the CIS organisation itself.
CIS = {
    "ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM",
    "UKR", "UZB",
}  # fmt: skip

# Europe (43): EU-27, the rest of geographic Europe outside the CIS region,
# plus Israel and Türkiye (both in ITU-D's Europe region), and the Holy See.
EUR = {
    "ALB", "AND", "AUT", "BEL", "BIH", "BGR", "HRV", "CYP", "CZE", "DNK",
    "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "ISL", "IRL", "ISR", "ITA",
    "LVA", "LIE", "LTU", "LUX", "MLT", "MCO", "MNE", "NLD", "MKD", "NOR",
    "POL", "PRT", "ROU", "SMR", "SRB", "SVK", "SVN", "ESP", "SWE", "CHE",
    "TUR", "GBR", "VAT",
}  # fmt: skip

REGIONS = {"AFR": AFR, "AMS": AMS, "ARB": ARB, "ASP": ASP, "CIS": CIS, "EUR": EUR}
ITU_MEMBERS = set().union(*REGIONS.values())
ITU_MEMBER_COUNT = 194

# ---------------------------------------------------------------------------
# Least developed countries.
# Source: UN-OHRLLS / UN Committee for Development Policy (CDP) list of LDCs,
# state as of 2026: 44 countries. Graduated recently: Bhutan (13 Dec 2023),
# São Tomé and Príncipe (13 Dec 2024). Bangladesh, Lao PDR and Nepal are
# scheduled to graduate on 24 November 2026; they are kept as LDCs here (drop
# "BGD", "LAO", "NPL" once the graduation takes effect).
# ---------------------------------------------------------------------------
LDC = {
    # Africa (32)
    "AGO", "BEN", "BFA", "BDI", "CAF", "TCD", "COM", "COD", "DJI", "ERI",
    "ETH", "GMB", "GIN", "GNB", "LSO", "LBR", "MDG", "MWI", "MLI", "MRT",
    "MOZ", "NER", "RWA", "SEN", "SLE", "SOM", "SSD", "SDN", "TGO", "UGA",
    "TZA", "ZMB",
    # Asia (8)
    "AFG", "BGD", "KHM", "LAO", "MMR", "NPL", "TLS", "YEM",
    # Caribbean (1)
    "HTI",
    # Pacific (3)
    "KIR", "SLB", "TUV",
}  # fmt: skip

# ---------------------------------------------------------------------------
# Small island developing States.
# Source: UN-OHRLLS list of SIDS: UN Member States, and non-UN Members /
# Associate Members of the UN Regional Commissions.
# ---------------------------------------------------------------------------
SIDS_UN_MEMBERS = {
    # Caribbean (16)
    "ATG", "BHS", "BRB", "BLZ", "CUB", "DMA", "DOM", "GRD", "GUY", "HTI",
    "JAM", "KNA", "LCA", "VCT", "SUR", "TTO",
    # Pacific (13)
    "FJI", "KIR", "MHL", "FSM", "NRU", "PLW", "PNG", "WSM", "SLB", "TLS",
    "TON", "TUV", "VUT",
    # Atlantic, Indian Ocean and South China Sea (AIS) (9)
    "BHR", "CPV", "COM", "GNB", "MDV", "MUS", "STP", "SYC", "SGP",
}  # fmt: skip
SIDS_NON_UN = {
    # States in free association with New Zealand (ESCAP associate members)
    "COK", "NIU",
    # Associate members of ECLAC / ESCAP (territories)
    "ASM", "AIA", "ABW", "BMU", "VGB", "CYM", "MNP", "CUW", "PYF", "GLP",
    "GUM", "MTQ", "MSR", "NCL", "PRI", "SXM", "TCA", "VIR",
}  # fmt: skip
SIDS = SIDS_UN_MEMBERS | SIDS_NON_UN

# ---------------------------------------------------------------------------
# Landlocked developing countries.
# Source: UN-OHRLLS list of LLDCs (32 countries).
# ---------------------------------------------------------------------------
LLDC = {
    # Africa (16)
    "BWA", "BFA", "BDI", "CAF", "TCD", "SWZ", "ETH", "LSO", "MWI", "MLI",
    "NER", "RWA", "SSD", "UGA", "ZMB", "ZWE",
    # Asia (10)
    "AFG", "BTN", "KAZ", "KGZ", "LAO", "MNG", "NPL", "TJK", "TKM", "UZB",
    # Europe and the Caucasus (4)
    "ARM", "AZE", "MDA", "MKD",
    # Latin America (2)
    "BOL", "PRY",
}  # fmt: skip

# ---------------------------------------------------------------------------
# Economies in transition.
# Source: UN World Economic Situation and Prospects (WESP), statistical
# annex, country classification: South-Eastern Europe (5) and the
# Commonwealth of Independent States and Georgia (12).
# ---------------------------------------------------------------------------
TRANSITION = {
    # South-Eastern Europe
    "ALB", "BIH", "MNE", "MKD", "SRB",
    # Commonwealth of Independent States and Georgia
    "ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM",
    "UKR", "UZB",
}  # fmt: skip

# ---------------------------------------------------------------------------
# Developed economies.
# Source: UN WESP country classification (developed economies: EU-27, other
# Europe, Northern America, developed Asia and Pacific), completed with the
# European microstates that WESP does not list but that the UN M49
# "developed regions" grouping counts as developed (all of Europe).
# ---------------------------------------------------------------------------
DEVELOPED = {
    # European Union (27)
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA",
    "DEU", "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD",
    "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
    # Other Europe (WESP)
    "ISL", "NOR", "CHE", "GBR",
    # Other Europe (M49 developed regions; not listed by WESP)
    "AND", "LIE", "MCO", "SMR", "VAT",
    # Northern America
    "CAN", "USA",
    # Developed Asia and Pacific
    "AUS", "JPN", "NZL",
}  # fmt: skip

# ---------------------------------------------------------------------------
# Developing economies.
# Source: UN WESP / M49 developing-regions grouping: every ITU Member State
# that is neither a developed economy nor an economy in transition. This
# follows WESP, so it includes e.g. Israel, Türkiye, the Republic of Korea,
# Singapore and the Gulf States.
#
# LLDCs are by definition *developing* countries (UN-OHRLLS), so the nine
# transition economies that are also LLDCs (ARM, AZE, KAZ, KGZ, MDA, MKD,
# TJK, TKM, UZB) are marked developing=1 while keeping transition=1. Set
# LLDC_ARE_DEVELOPING to False to keep the WESP groups mutually exclusive.
#
# Entries that are not ITU Member States are developing=0, except the
# self-governing States that the UN lists as developing: the State of
# Palestine (WESP, developing Western Asia), the Cook Islands and Niue (SIDS,
# AOSIS members); and Western Sahara (M49 Northern Africa, a non-self-governing
# territory). Dependent territories, including those on the SIDS list, are 0;
# so are Hong Kong, Macao and Taiwan, which WESP groups with developing East
# Asia but which are high-income economies.
# ---------------------------------------------------------------------------
LLDC_ARE_DEVELOPING = True
DEVELOPING_NON_MEMBERS = {"PSE", "COK", "NIU", "ESH"}


def developing_codes() -> set[str]:
    """Alpha-3 codes marked developing=1."""
    codes = (ITU_MEMBERS - DEVELOPED - TRANSITION) | DEVELOPING_NON_MEMBERS
    if LLDC_ARE_DEVELOPING:
        codes |= LLDC
    return codes


# ---------------------------------------------------------------------------
# Names.
# ---------------------------------------------------------------------------

# Corrections of clear errors in the django-countries catalogues (wrong
# country, typos, wrong grammatical case, outdated names). Applied over the
# catalogue value.
NAME_FIXES: dict[str, dict[str, str]] = {
    # Catalogue has 朝鲜 (= DPRK) for the Republic of Korea.
    "KR": {"zh_hans": "韩国"},
    # Catalogue has 美属萨摩亚群岛 (= American Samoa) for Samoa.
    "WS": {"zh_hans": "萨摩亚"},
    # Truncated: 波斯尼亚和黑塞哥维.
    "BA": {"zh_hans": "波斯尼亚和黑塞哥维那"},
    # Typo: 尼珀尔.
    "NP": {"zh_hans": "尼泊尔"},
    # Typo: 塔吉克斯斯坦.
    "TJ": {"zh_hans": "塔吉克斯坦"},
    # 吉尔吉斯 -> UN Chinese short name.
    "KG": {"zh_hans": "吉尔吉斯斯坦"},
    # 多米尼加 is ambiguous with the Dominican Republic.
    "DM": {"zh_hans": "多米尼克"},
    # Typo: 法属奎亚那; Arabic غويانا alone reads as Guyana.
    "GF": {"zh_hans": "法属圭亚那", "ar": "غويانا الفرنسية"},
    # Outdated official name (科摩罗伊斯兰联邦共和国, before 2001).
    "KM": {"zh_hans": "科摩罗"},
    # Typo: "Trinidad yTobago".
    "TT": {"es": "Trinidad y Tobago"},
    # Wrong: "República de África Central".
    "CF": {"es": "República Centroafricana"},
    # Outdated: "Suazilandia".
    "SZ": {"es": "Eswatini"},
    # Missing accent: "República Arabe de Siria".
    "SY": {"es": "República Árabe Siria"},
    # Typo: "Îles Marshal".
    "MH": {"fr": "Îles Marshall"},
    # "Salomon" alone.
    "SB": {"fr": "Îles Salomon"},
    # "Île Jan Mayen" leaves out Svalbard.
    "SJ": {"fr": "Svalbard et Jan Mayen"},
    # Genitive forms instead of nominative.
    "LR": {"ru": "Либерия"},
    "MM": {"ru": "Мьянма"},
    "NC": {"ru": "Новая Каледония"},
    # Spaced hyphen: "Сан - Марино".
    "SM": {"ru": "Сан-Марино"},
}

# Names the catalogues do not have (the English source text changed).
MISSING_NAMES: dict[str, dict[str, str]] = {
    # "Bahamas (The)"
    "BS": {
        "ar": "جزر البهاما",
        "zh_hans": "巴哈马",
        "fr": "Bahamas",
        "ru": "Багамские Острова",
        "es": "Bahamas",
    },
    # "Netherlands (Kingdom of the)": UN short-name style.
    "NL": {
        "ar": "هولندا (مملكة)",
        "zh_hans": "荷兰王国",
        "fr": "Pays-Bas (Royaume des)",
        "ru": "Нидерланды (Королевство)",
        "es": "Países Bajos (Reino de los)",
    },
    # "Naoero": Nauru's new name (notified to the UN on 26 June 2026).
    "NR": {
        "ar": "ناويرو",
        "zh_hans": "瑙鲁",
        "fr": "Naoero",
        "ru": "Науэро",
        "es": "Naoero",
    },
    "SZ": {"zh_hans": "埃斯瓦蒂尼"},
    "FK": {"zh_hans": "福克兰群岛（马尔维纳斯）"},  # noqa: RUF001 (Chinese parentheses)
    "MK": {"zh_hans": "北马其顿"},
    "TZ": {"zh_hans": "坦桑尼亚联合共和国"},
    "TR": {"zh_hans": "土耳其"},
}


def load_catalogues() -> dict[str, dict[str, str]]:
    """Read the django-countries ``.mo`` catalogues: column -> {English: name}."""
    catalogues = {}
    for column, directory in LANGUAGES.items():
        path = LOCALE_DIR / directory / "LC_MESSAGES" / "django.mo"
        with path.open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        # _catalog maps msgid -> msgstr; untranslated entries are absent.
        catalogues[column] = {
            key: value
            for key, value in translations._catalog.items()  # type: ignore[attr-defined]
            if isinstance(key, str) and key and value
        }
    return catalogues


def localised_name(alpha2: str, english: str, column: str, catalogues: dict[str, dict[str, str]]) -> str:
    """Name of ``alpha2`` in ``column``: fix, else catalogue, else MISSING_NAMES."""
    fixed = NAME_FIXES.get(alpha2, {}).get(column)
    if fixed:
        return fixed
    value = catalogues[column].get(english, "").strip()
    if value:
        return value
    missing = MISSING_NAMES.get(alpha2, {}).get(column)
    if missing:
        return missing
    raise SystemExit(f"No {column} name for {alpha2} ({english})")


# ---------------------------------------------------------------------------
# Checks, output.
# ---------------------------------------------------------------------------


def require(condition: bool, message: str) -> None:
    """Stop the build with ``message`` unless ``condition`` holds."""
    if not condition:
        raise SystemExit(f"build_countries: {message}")


def check_sets(alpha3_codes: set[str]) -> None:
    """Check the classification sets against ISO 3166-1 and each other."""
    named = {
        "AFR": AFR,
        "AMS": AMS,
        "ARB": ARB,
        "ASP": ASP,
        "CIS": CIS,
        "EUR": EUR,
        "LDC": LDC,
        "SIDS": SIDS,
        "LLDC": LLDC,
        "TRANSITION": TRANSITION,
        "DEVELOPED": DEVELOPED,
        "DEVELOPING_NON_MEMBERS": DEVELOPING_NON_MEMBERS,
    }
    for name, codes in named.items():
        unknown = codes - alpha3_codes
        require(not unknown, f"{name}: unknown alpha-3 codes {sorted(unknown)}")
    sizes = sum(len(codes) for codes in REGIONS.values())
    require(sizes == len(ITU_MEMBERS), "a Member State is in two regions")
    require(
        len(ITU_MEMBERS) == ITU_MEMBER_COUNT,
        f"{len(ITU_MEMBERS)} ITU Member States, expected {ITU_MEMBER_COUNT}",
    )
    member_only = {"LDC": LDC, "LLDC": LLDC, "SIDS_UN_MEMBERS": SIDS_UN_MEMBERS}
    member_only |= {"TRANSITION": TRANSITION, "DEVELOPED": DEVELOPED}
    for name, codes in member_only.items():
        outside = codes - ITU_MEMBERS
        require(not outside, f"{name}: not ITU Member States {sorted(outside)}")
    require(not SIDS_NON_UN & ITU_MEMBERS, "SIDS_NON_UN holds a Member State")
    require(not DEVELOPING_NON_MEMBERS & ITU_MEMBERS, "a Member State in *_NON_MEMBERS")
    require(not TRANSITION & DEVELOPED, "an economy both developed and in transition")
    developing = developing_codes()
    require(LDC.issubset(developing), "an LDC is not developing")
    require(SIDS_UN_MEMBERS.issubset(developing), "a UN-member SIDS is not developing")
    require(not LLDC_ARE_DEVELOPING or LLDC.issubset(developing), "an LLDC not developing")
    require(not developing & DEVELOPED, "a developed economy marked developing")
    require(len(LDC) == 44, f"{len(LDC)} LDCs, expected 44")
    require(len(LLDC) == 32, f"{len(LLDC)} LLDCs, expected 32")
    require(len(TRANSITION) == 17, f"{len(TRANSITION)} transition, expected 17")


def header_comments() -> list[str]:
    """The ``#`` comment lines at the top of countries.csv (without the ``#``)."""
    return [
        "Ponte reference data: countries and territories.",
        ("Generated by build_countries.py (same folder); edit that script, not this file."),
        (
            "Codes and English names: ISO 3166-1 via django-countries "
            f"{version('django-countries')} (django_countries.data.COUNTRIES / "
            "ALT_CODES)."
        ),
        (
            "Names in ar, zh_hans, fr, ru, es: django-countries gettext catalogues "
            "(translated from the Debian iso-codes / Unicode CLDR catalogues), with "
            "the corrections and missing names listed in build_countries.py."
        ),
        (
            "itu_member: the 194 ITU Member States (193 UN Member States + the Holy "
            "See; Palau joined ITU as 194th Member State on 19 Sep 2024)."
        ),
        (
            "region: ITU-D (BDT) region per the ITU BDT list of Member States by "
            "region: AFR Africa, AMS Americas, ARB Arab States (the 21 League of "
            "Arab States members incl. North Africa), ASP Asia-Pacific, CIS "
            "(incl. Georgia and Ukraine), EUR Europe (incl. Israel, Türkiye); empty "
            "for non-members."
        ),
        (
            "ldc: UN-OHRLLS / UN CDP list of Least Developed Countries, state as of "
            "2026 (44). Bhutan graduated in 2023, São Tomé and Príncipe in 2024. "
            "Bangladesh, Lao PDR and Nepal are scheduled to graduate on 24 Nov "
            "2026 and are still marked LDC here."
        ),
        (
            "sids: UN-OHRLLS list of Small Island Developing States: UN Member "
            "States (38) and non-UN Members / Associate Members of the UN Regional "
            "Commissions (20)."
        ),
        "lldc: UN-OHRLLS list of Landlocked Developing Countries (32).",
        (
            "transition: economies in transition per the UN World Economic Situation "
            "and Prospects (WESP) country classification (17)."
        ),
        (
            "developing: developing economies per UN WESP / M49 developing regions: "
            "ITU Member States that are neither developed (WESP; plus the European "
            "microstates, M49) nor in transition; LLDCs count as developing even "
            "when also in transition. Non-members: 0 except the State of Palestine, "
            "the Cook Islands, Niue and Western Sahara."
        ),
        "Booleans are 1/0. numeric is the zero-padded ISO 3166-1 numeric code.",
    ]


def build_rows() -> list[dict[str, str]]:
    """One CSV row per ISO 3166-1 entry, sorted by alpha-2 code."""
    catalogues = load_catalogues()
    alpha3_codes = {ALT_CODES[code][0] for code in COUNTRIES}
    check_sets(alpha3_codes)
    developing = developing_codes()
    region_of = {a3: region for region, codes in REGIONS.items() for a3 in codes}
    rows = []
    for alpha2 in sorted(COUNTRIES):
        alpha3, numeric = ALT_CODES[alpha2]
        english = str(COUNTRIES[alpha2])
        row = {
            "alpha2": alpha2,
            "alpha3": alpha3,
            "numeric": f"{numeric:03d}",
            "itu_member": "1" if alpha3 in ITU_MEMBERS else "0",
            "region": region_of.get(alpha3, ""),
            "developing": "1" if alpha3 in developing else "0",
            "ldc": "1" if alpha3 in LDC else "0",
            "sids": "1" if alpha3 in SIDS else "0",
            "lldc": "1" if alpha3 in LLDC else "0",
            "transition": "1" if alpha3 in TRANSITION else "0",
            "name_en": english,
        }
        for column in LANGUAGES:
            row[f"name_{column}"] = localised_name(alpha2, english, column, catalogues)
        rows.append(row)
    return rows


def write(rows: list[dict[str, str]]) -> None:
    """Write the comments, the header row and ``rows`` to countries.csv."""
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        for line in header_comments():
            handle.write(f"# {line}\n")
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def report(rows: list[dict[str, str]]) -> None:
    """Print the counts per region and classification."""
    members = [row for row in rows if row["itu_member"] == "1"]
    print(f"rows: {len(rows)}")
    print(f"ITU Member States: {len(members)}")
    regions = Counter(row["region"] for row in members)
    print("regions:", ", ".join(f"{k} {regions[k]}" for k in sorted(regions)))
    for flag in ("developing", "ldc", "sids", "lldc", "transition"):
        total = sum(row[flag] == "1" for row in rows)
        in_members = sum(row[flag] == "1" for row in members)
        print(f"{flag}: {total} rows, of which {in_members} ITU Member States")


def main() -> int:
    """Build, write and report."""
    rows = build_rows()
    write(rows)
    report(rows)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
