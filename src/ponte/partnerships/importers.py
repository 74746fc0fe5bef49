"""Agreements read from a file, all rows or none: the secretariat's partnership-agreement database (DOMAIN.md §4).

A file has the columns ``reference, type, title, partner, partner_kind, signed_on, value, currency, value_usd,
regions, countries, action_areas, amends`` (CSV in UTF-8, or XLSX). Lists are separated by ``;``:

- ``type`` is a code (``mou``, ``cooperation``, ``voluntary_contribution``, ``sponsorship``, ``letter_of_intent``,
  ``project_document``) or its English name; ``title`` is the English title (the other languages are edited on
  the platform and never touched by a file);
- ``partner`` names one or more partners, found by name whatever its case; a partner not known yet is created
  with its ``partner_kind`` (one kind for all, or one per partner in the same order). The kind of a known partner
  is left as it is;
- ``signed_on`` is YYYY-MM-DD (or a date cell); ``value`` and ``value_usd`` are amounts of at most two decimals,
  ``currency`` three letters; ``value_usd`` may be empty when the currency is USD;
- ``regions`` are beneficiary-region codes (AFR AMS ARB ASP CIS EUR GLO), ``countries`` ISO 3166 alpha-3 codes,
  ``action_areas`` English names or codes of the action areas;
- ``amends`` is empty or the reference of the original agreement this one amends, in the file (before or after
  this row) or already in Ponte. An amendment amends an original, never another amendment.

An agreement is found by its ``reference``: a new reference creates it, a known one updates it, and a row that
changes nothing writes nothing (no history). Agreements that the file does not name are left alone. Every row is
checked first; if any is wrong, nothing is saved and the report lists every bad cell (line, column, reason).

Set-based, for files of 100,000 agreements, in a fixed number of statements whatever the number of rows:

- reads: the vocabulary, all partners, then the stored agreements named by the file and their links (by
  reference: one array parameter on PostgreSQL, chunks of the 999 parameters SQLite binds);
- writes, in one transaction: new partners with simple_history's ``bulk_create_with_history``; new agreements
  and links with ``COPY`` on PostgreSQL (``executemany`` on SQLite), changed agreements through a temporary table
  and one ``UPDATE``, removed links with one ``DELETE``; then the history with ``INSERT … SELECT``. Model
  instances are never built for agreements: with django-modeltranslation one costs about 0.2 ms, which alone
  would take the whole time budget of 100,000 rows. No ``post_save`` or ``m2m_changed`` is sent: the partner
  search, which listens to agreements, is told here instead (``mark_stale``: the partners linked to the written
  agreements and to their amendments, before and after, are re-indexed by the job queued on commit).

History, in simple_history's own tables, as simple_history records it:

- one ``HistoricalAgreement`` row per created (``+``) or changed (``~``) agreement, copied from the agreement as it
  stands after the import, with this file's reason (``partnerships.agreement.imported``) and the acting user:
  the rows ``bulk_create_with_history`` / ``bulk_update_with_history`` write, copied in the database instead of
  through instances; unchanged agreements get none;
- simple_history keeps ``m2m_fields`` history as a snapshot: for each history row, one row per link of each
  tracked many-to-many field (``HistoricalAgreement_partners`` … holding the link's id, the agreement and the
  other side), written by its ``m2m_changed`` receiver, which bulk writes do not trigger. Here one
  ``INSERT … SELECT`` per field joins this import's history rows with the links as they now stand. So the admin's
  history and ``diff_against`` show each version's partners, regions, countries and areas; where ``save()`` and
  ``.set()`` would have left one history row per changed field, an import leaves one per agreement.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, TypeVar

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Max, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from ponte.core.actions import require
from ponte.core.imports import RowError, read_table
from ponte.core.models import Country
from ponte.partnerships.models import ActionArea, Agreement, AgreementType, BeneficiaryRegion, Partner, PartnerKind
from ponte.partnerships.search_receivers import mark_stale

COLUMNS = [
    "reference",
    "type",
    "title",
    "partner",
    "partner_kind",
    "signed_on",
    "value",
    "currency",
    "value_usd",
    "regions",
    "countries",
    "action_areas",
    "amends",
]
REQUIRED_COLUMNS = {"reference", "type", "title", "partner", "signed_on", "value", "currency"}
# The bureau's whole agreement database (990 agreements by 2017) fits in one file many times over.
MAX_AGREEMENT_ROWS = 200_000
SEPARATOR = ";"
BATCH_SIZE = 2000
CHANGE_REASON = "partnerships.agreement.imported"
PARTNER_CREATED = "partnerships.partner.imported"
# The agreement's many-to-many fields, each with its history kept by simple_history (translation.py).
LINKS = ("partners", "regions", "countries", "action_areas")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CURRENCY = re.compile(r"[A-Z]{3}")
CENT = Decimal("0.01")
LARGEST_AMOUNT = Decimal("99999999999999.99")  # DecimalField(max_digits=16, decimal_places=2)
REFERENCE_LENGTH = 40
TITLE_LENGTH = 400
PARTNER_NAME_LENGTH = 255
PARTNER_KINDS = frozenset(PartnerKind.values)
UNKNOWN_REGION = gettext_lazy("Unknown region %(code)s: write one of %(codes)s.")
UNKNOWN_COUNTRY = gettext_lazy("Unknown country code %(code)s: give ISO 3166 alpha-3 codes, e.g. KEN;SEN.")
UNKNOWN_AREA = gettext_lazy("Unknown action area %(code)s: write its English name, e.g. Capacity building.")
# Columns whose cells repeat from row to row (codes and lists of codes): each different cell is read once.
REPEATING_COLUMNS = frozenset(
    {"type", "partner", "partner_kind", "signed_on", "currency", "regions", "countries", "action_areas"}
)

T = TypeVar("T")


@dataclass
class AgreementImportReport:
    """What a file did: agreements created, updated and unchanged, partners added, or every error (nothing saved)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    partners_created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _CellError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class _Row:
    """A row whose every cell reads well: the agreement it describes, its partners still to be found."""

    line: int
    reference: str
    type: str
    title: str
    partners: list[_KnownPartner | Partner]
    signed_on: datetime.date
    value: Decimal
    currency: str
    value_usd: Decimal
    regions: frozenset[int]
    countries: frozenset[str]
    action_areas: frozenset[int]
    amends: str

    def links(self, name: str) -> frozenset[Any]:
        """The ids this row links the agreement to (partners created by this file have theirs once saved)."""
        if name == "partners":
            return frozenset(partner.pk for partner in self.partners)
        values: frozenset[Any] = getattr(self, name)
        return values


def import_agreements(*, file_name: str, content: bytes, actor: Any = None) -> AgreementImportReport:
    """Check every row, then create or update the agreements by reference (and add new partners) in one
    transaction, or change nothing. ``actor`` is the signed-in user of a page (None for the command)."""
    if actor is not None:
        require(actor, "partnerships.manage_agreements")
    report = AgreementImportReport()
    table = read_table(file_name, content, REQUIRED_COLUMNS, report.errors, max_rows=MAX_AGREEMENT_ROWS)
    if not report.ok:
        return report
    lines = _read(table, is_xlsx=file_name.lower().endswith(".xlsx"), report=report)
    partners = _Partners()
    found = {
        line: partners.find(line, cells["partner"], cells["partner_kind"], report)
        for line, cells in lines
        if "partner" in cells and "partner_kind" in cells
    }
    in_file = {_text(values.get("reference")): _text(values.get("amends")) for values in table}
    amendments = [(line, cells.get("reference", ""), cells["amends"]) for line, cells in lines if cells.get("amends")]
    stored = _Stored(set(in_file), {amends for _line, _reference, amends in amendments} - set(in_file))
    _check_amends(amendments, in_file, stored, report)
    if not report.ok:
        order = {column: index for index, column in enumerate(COLUMNS)}
        report.errors.sort(key=lambda error: (error.line, order.get(error.column, -1)))
        return report
    rows = [_row(line, cells, found[line]) for line, cells in lines]
    plan = _Plan(rows, stored)
    if plan.created or plan.updated:
        with transaction.atomic():
            _write(plan, partners.created, actor)
    report.created, report.updated, report.unchanged = len(plan.created), len(plan.updated), plan.unchanged
    report.partners_created = len(partners.created)
    return report


def _text(value: str | None) -> str:
    return (value or "").strip()


# --- Reading the cells --------------------------------------------------------------------------------------


class _Cells:
    """How each column reads: a method per column, returning the value or raising ``_CellError`` with the reason."""

    def __init__(self, *, is_xlsx: bool) -> None:
        self.is_xlsx = is_xlsx
        with translation.override("en"):
            labels = {str(label).casefold(): code for code, label in AgreementType.choices}
        self.type_codes = {**labels, **{code: code for code in AgreementType.values}}
        self.region_codes = dict(BeneficiaryRegion.objects.values_list("code", "pk"))
        self.country_codes = {alpha3.upper(): code for code, alpha3 in Country.objects.values_list("code", "alpha3")}
        self.area_keys: dict[str, int] = {}
        for pk, code, name in ActionArea.objects.values_list("pk", "code", "name_en"):
            self.area_keys[code.casefold()] = pk
            self.area_keys[(name or "").casefold()] = pk

    def reference(self, text: str) -> str:
        if not text:
            raise _CellError(_("Write the agreement's reference."))
        if len(text) > REFERENCE_LENGTH:
            raise _CellError(
                _("The reference is too long: at most %(count)s characters.") % {"count": REFERENCE_LENGTH}
            )
        return text

    def type(self, text: str) -> str:
        code = self.type_codes.get(text.casefold())
        if code is None:
            message = _("Unknown type: write one of %(types)s.")
            raise _CellError(message % {"types": ", ".join(AgreementType.values)})
        return code

    def title(self, text: str) -> str:
        if not text:
            raise _CellError(_("Write the agreement's title (in English)."))
        if len(text) > TITLE_LENGTH:
            raise _CellError(_("The title is too long: at most %(count)s characters.") % {"count": TITLE_LENGTH})
        return text

    def partner(self, text: str) -> list[str]:
        names: dict[str, str] = {}
        for name in _items(text):
            name = " ".join(name.split())
            if len(name) > PARTNER_NAME_LENGTH:
                message = _("A partner's name is too long: at most %(count)s characters.")
                raise _CellError(message % {"count": PARTNER_NAME_LENGTH})
            names.setdefault(name.casefold(), name)
        if not names:
            raise _CellError(_("Write the partner's name (several partners separated by ;)."))
        return list(names.values())

    def partner_kind(self, text: str) -> list[str]:
        kinds = [kind.lower() for kind in _items(text)]
        unknown = [kind for kind in kinds if kind not in PARTNER_KINDS]
        if unknown:
            message = _("Unknown partner kind %(kind)s: write one of %(kinds)s.")
            raise _CellError(message % {"kind": unknown[0], "kinds": ", ".join(PartnerKind.values)})
        return kinds

    def signed_on(self, text: str) -> datetime.date:
        if self.is_xlsx:  # a date cell of a spreadsheet reads as "2025-07-01 00:00:00"
            text = text.removesuffix(" 00:00:00")
        try:
            if not DATE.fullmatch(text):
                raise ValueError(text)
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise _CellError(_("Write the date as YYYY-MM-DD, e.g. 2017-03-21.")) from None

    def value(self, text: str) -> Decimal:
        return _amount(text)

    def currency(self, text: str) -> str:
        code = text.upper()
        if not CURRENCY.fullmatch(code):
            raise _CellError(_("Write the currency as its three-letter code, e.g. USD, EUR or CHF."))
        return code

    def value_usd(self, text: str) -> Decimal | None:
        return _amount(text) if text else None

    def regions(self, text: str) -> frozenset[int]:
        return self._codes([code.upper() for code in _items(text)], self.region_codes, UNKNOWN_REGION)

    def countries(self, text: str) -> frozenset[str]:
        return self._codes([code.upper() for code in _items(text)], self.country_codes, UNKNOWN_COUNTRY)

    def action_areas(self, text: str) -> frozenset[int]:
        return self._codes(list(_items(text)), self.area_keys, UNKNOWN_AREA, fold=True)

    def amends(self, text: str) -> str:
        return text

    def _codes(self, codes: list[str], known: dict[str, T], message: Promise, *, fold: bool = False) -> frozenset[T]:
        """The ids of the codes (or names); the message (lazy: built only for a bad cell) names the first unknown."""
        found = [known.get(code.casefold() if fold else code) for code in codes]
        if None in found:
            unknown = codes[found.index(None)]
            raise _CellError(str(message) % {"code": unknown, "codes": ", ".join(self.region_codes)})
        return frozenset(value for value in found if value is not None)


def _items(text: str) -> list[str]:
    if not text:
        return []
    return [item for item in map(str.strip, text.split(SEPARATOR)) if item]


def _amount(text: str) -> Decimal:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or amount > LARGEST_AMOUNT or amount != amount.quantize(CENT):
        raise _CellError(_("Write an amount of at most two decimals, not negative, e.g. 250000 or 1250.50."))
    return amount.quantize(CENT)


def _read(
    table: list[dict[str, str]], *, is_xlsx: bool, report: AgreementImportReport
) -> list[tuple[int, dict[str, Any]]]:
    """Each line's cells that read well, with every bad cell (and every repeated reference) in the report."""
    cells = _Cells(is_xlsx=is_xlsx)
    readers = [
        (column, _once_per_cell(getattr(cells, column)) if column in REPEATING_COLUMNS else getattr(cells, column))
        for column in COLUMNS
    ]
    first_line: dict[str, int] = {}
    lines: list[tuple[int, dict[str, Any]]] = []
    for line, values in enumerate(table, start=2):  # line 1 is the header
        read: dict[str, Any] = {}
        for column, reader in readers:
            try:
                read[column] = reader((values.get(column) or "").strip())
            except _CellError as bad:
                report.errors.append(RowError(line, column, bad.reason))
        reference = read.get("reference")
        if reference in first_line:
            message = _("The same reference is already on line %(line)s.") % {"line": first_line[reference]}
            report.errors.append(RowError(line, "reference", message))
        elif reference:
            first_line[reference] = line
        _check_together(line, read, report)
        lines.append((line, read))
    return lines


def _once_per_cell(reader: Callable[[str], T]) -> Callable[[str], T]:
    """The reader of a column, remembering what each different cell reads as (a bad cell raises every time)."""
    read: dict[str, T] = {}

    def remembered(text: str) -> T:
        if text not in read:
            read[text] = reader(text)
        return read[text]

    return remembered


def _check_together(line: int, read: dict[str, Any], report: AgreementImportReport) -> None:
    """The cells that depend on others: the value in USD (the value itself in USD), one kind per partner."""
    value, currency = read.get("value"), read.get("currency")
    if "value_usd" in read and read["value_usd"] is None and currency is not None:
        if currency == "USD":
            read["value_usd"] = value
        else:
            message = _("Write the value in USD: the agreement is in %(currency)s.") % {"currency": currency}
            report.errors.append(RowError(line, "value_usd", message))
    names, kinds = read.get("partner"), read.get("partner_kind")
    if names is not None and kinds is not None and len(kinds) not in (0, 1, len(names)):
        message = _("Write one kind for all the partners, or one per partner in the same order.")
        report.errors.append(RowError(line, "partner_kind", message))
        del read["partner_kind"]  # which kind goes with which partner cannot be told


def _row(line: int, read: dict[str, Any], partners: list[_KnownPartner | Partner]) -> _Row:
    """A line whose every cell reads well, as a row to plan."""
    return _Row(
        line=line,
        reference=read["reference"],
        type=read["type"],
        title=read["title"],
        partners=partners,
        signed_on=read["signed_on"],
        value=read["value"],
        currency=read["currency"],
        value_usd=read["value_usd"],
        regions=read["regions"],
        countries=read["countries"],
        action_areas=read["action_areas"],
        amends=read["amends"],
    )


# --- Finding what the rows name ------------------------------------------------------------------------------


class _KnownPartner(NamedTuple):
    """A partner already in Ponte: its id is all a row needs (a model instance costs 0.1 ms with modeltranslation,
    seconds for 20,000 partners)."""

    pk: int
    name: str


class _Partners:
    """Every partner by its name whatever its case (one query), and those the file adds."""

    def __init__(self) -> None:
        self.by_name: dict[str, _KnownPartner | Partner] = {
            name.casefold(): _KnownPartner(pk, name) for pk, name in Partner.objects.values_list("pk", "name")
        }
        self.created: list[Partner] = []

    def find(
        self, line: int, names: list[str], kinds: list[str], report: AgreementImportReport
    ) -> list[_KnownPartner | Partner]:
        """The partners a line names: known ones, or new ones of the kind it gives (one for all, or one each)."""
        partners = []
        for position, name in enumerate(names):
            partner = self.by_name.get(name.casefold())
            if partner is None:
                kind = kinds[position] if len(kinds) > 1 else next(iter(kinds), "")
                if not kind:
                    message = _("%(name)s is a new partner: write its kind, one of %(kinds)s.")
                    choices = ", ".join(PartnerKind.values)
                    report.errors.append(RowError(line, "partner_kind", message % {"name": name, "kinds": choices}))
                    continue
                new = Partner(name=name, kind=kind)
                partner = self.by_name[name.casefold()] = new
                self.created.append(new)
            partners.append(partner)
        return partners


def _chunks(values: Iterable[T]) -> Iterator[list[T]]:
    """The values in lists for one ``IN`` each: SQLite binds at most 999 parameters a statement; PostgreSQL takes
    them all at once, as one array (``_among``)."""
    size = connection.features.max_query_params
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if size and len(chunk) == size - 10:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _among(field: str, values: list[Any]) -> Q:
    """``field IN values``; on PostgreSQL as one array parameter, since thousands of placeholders are slow to send."""
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    kind = "text" if values and isinstance(values[0], str) else "bigint"
    return Q(**{f"{field}__in": RawSQL(f"SELECT unnest(%s::{kind}[])", (values,))})  # noqa: S611 - a fixed type name


def _through(name: str) -> tuple[type[models.Model], str]:
    """The link table of one of the agreement's many-to-many fields and its column for the other side."""
    link = Agreement._meta.get_field(name)
    assert isinstance(link, models.ManyToManyField)  # noqa: S101 - LINKS names many-to-many fields
    through: type[models.Model] = link.remote_field.through  # type: ignore[assignment]
    return through, through._meta.get_field(link.m2m_reverse_field_name()).attname  # type: ignore[union-attr]


class _StoredAgreement(NamedTuple):
    pk: int
    type: str
    title: str | None
    signed_on: datetime.date
    value: Decimal
    currency: str
    value_usd: Decimal
    amends_id: int | None


class _Stored:
    """The agreements the file names as they are in the database, with their links (a few queries per chunk)."""

    def __init__(self, references: set[str], targets: set[str]) -> None:
        self.agreements: dict[str, _StoredAgreement] = {}
        fields = ("pk", "type", "title_en", "signed_on", "value", "currency", "value_usd", "amends_id")
        for chunk in _chunks(sorted(references - {""})):
            found = Agreement.objects.filter(_among("reference", chunk)).values_list("reference", *fields)
            self.agreements.update((reference, _StoredAgreement(*values)) for reference, *values in found)
        # Agreements the file's amendments amend without naming them on a row of their own: (id, amends id).
        self.targets: dict[str, tuple[int, int | None]] = {}
        for references_chunk in _chunks(sorted(targets)):
            found_targets = Agreement.objects.filter(_among("reference", references_chunk))
            for reference, pk, amends in found_targets.values_list("reference", "pk", "amends_id"):
                self.targets[reference] = (pk, amends)
        # For each many-to-many field: agreement id -> {other side's id: link id}.
        self.links: dict[str, dict[int, dict[Any, int]]] = {name: defaultdict(dict) for name in LINKS}
        ids = sorted(agreement.pk for agreement in self.agreements.values())
        for name in LINKS:
            through, other = _through(name)
            for ids_chunk in _chunks(ids):
                links = through._default_manager.filter(_among("agreement_id", ids_chunk))
                for pk, agreement_id, other_id in links.values_list("pk", "agreement_id", other):
                    self.links[name][agreement_id][other_id] = pk

    def pk(self, reference: str) -> int | None:
        """The id of a stored agreement, or None for one the file creates."""
        if reference in self.agreements:
            return self.agreements[reference].pk
        return self.targets[reference][0] if reference in self.targets else None


def _check_amends(
    amendments: list[tuple[int, str, str]], in_file: dict[str, str], stored: _Stored, report: AgreementImportReport
) -> None:
    """Each amendment (line, reference, amended reference) amends an original agreement, in the file or in the
    database, and has no amendments itself."""
    for line, reference, target in amendments:
        reason = ""
        if target == reference:
            reason = _("An agreement cannot amend itself: leave amends empty or give the original's reference.")
        elif target in in_file:
            if in_file[target]:
                reason = _("%(reference)s is itself an amendment (of %(original)s): give the original's reference.")
                reason %= {"reference": target, "original": in_file[target]}
        elif target in stored.targets:
            if stored.targets[target][1] is not None:
                reason = _("%(reference)s is itself an amendment: give the original's reference.")
                reason %= {"reference": target}
        else:
            reason = _("No agreement has the reference %(reference)s, in this file or in Ponte.")
            reason %= {"reference": target}
        if reason:
            report.errors.append(RowError(line, "amends", reason))
    _check_amendments_left_behind(amendments, in_file, stored, report)


def _check_amendments_left_behind(
    amendments: list[tuple[int, str, str]], in_file: dict[str, str], stored: _Stored, report: AgreementImportReport
) -> None:
    """An original that becomes an amendment must not keep amendments the file does not move elsewhere."""
    becoming = {
        stored.agreements[reference].pk: line
        for line, reference, _target in amendments
        if reference in stored.agreements and stored.agreements[reference].amends_id is None
    }
    left_behind: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(sorted(becoming)):
        amendments_found = Agreement.objects.filter(_among("amends_id", chunk))
        for amends_id, reference in amendments_found.values_list("amends_id", "reference"):
            if reference not in in_file:  # a row of the file says for itself what it amends
                left_behind[amends_id].append(reference)
    for pk, references in left_behind.items():
        message = _("%(references)s amend this agreement: an agreement with amendments cannot become an amendment.")
        report.errors.append(RowError(becoming[pk], "amends", message % {"references": ", ".join(references)}))


# --- Planning and writing ------------------------------------------------------------------------------------


class _Plan:
    """Which rows create an agreement, which update one (with its id), and how many change nothing."""

    def __init__(self, rows: list[_Row], stored: _Stored) -> None:
        self.stored = stored
        self.created: list[_Row] = []
        self.updated: list[tuple[int, _Row]] = []
        self.unchanged = 0
        for row in rows:
            agreement = stored.agreements.get(row.reference)
            if agreement is None:
                self.created.append(row)
            elif self._differs(agreement, row):
                self.updated.append((agreement.pk, row))
            else:
                self.unchanged += 1

    def _differs(self, agreement: _StoredAgreement, row: _Row) -> bool:
        amends = self.stored.pk(row.amends) if row.amends else None
        if row.amends and amends is None:
            return True  # it amends an agreement this file creates
        wanted = (row.type, row.title, row.signed_on, row.value, row.currency, row.value_usd, amends)
        if tuple(agreement[1:]) != wanted:
            return True
        return any(set(self.stored.links[name].get(agreement.pk, ())) != row.links(name) for name in LINKS)


def _write(plan: _Plan, partners: list[Partner], actor: Any) -> None:
    """Save the plan in a fixed number of statements: partners, agreements (originals before the amendments of
    new ones), links, then the history rows and their snapshots of the links."""
    now = timezone.now()
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if partners:
        bulk_create_with_history(
            partners,
            Partner,
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=PARTNER_CREATED,
            default_date=now,
        )
    ids = _create_agreements(plan, now)
    _update_agreements(plan, ids, now)
    created = [ids[row.reference] for row in plan.created]
    updated = [pk for pk, _row in plan.updated]
    rows = [*((ids[row.reference], row) for row in plan.created), *plan.updated]
    for name in LINKS:
        _write_links(name, rows, plan.stored.links[name])
    stamp = connection.ops.adapt_datetimefield_value(now)
    history = Agreement.history.model  # type: ignore[attr-defined]
    before = history._default_manager.aggregate(last=Max("history_id"))["last"] or 0
    _write_history(created, "+", stamp, user)
    _write_history(updated, "~", stamp, user)
    for name in LINKS:
        _write_snapshots(name, before, stamp)
    mark_stale(_partners_to_reindex(plan, rows))


def _partners_to_reindex(plan: _Plan, rows: list[tuple[int, _Row]]) -> set[int]:
    """The partners whose search rows the import changes: linked to the written agreements (before and after the
    import) or to the amendments of those agreements (stored ones amend only agreements stored before)."""
    through, _other = _through("partners")
    links = through._default_manager
    found = {partner for pk, _row in plan.updated for partner in plan.stored.links["partners"].get(pk, {})}
    found.update(partner for _pk, row in rows for partner in row.links("partners"))
    for chunk in _chunks([pk for pk, _row in plan.updated]):
        of_amendments = links.filter(_among("agreement__amends_id", chunk)).values_list("partner_id", flat=True)
        found.update(of_amendments.distinct())
    return found


def _amends_id(plan: _Plan, row: _Row, ids: dict[str, int]) -> int | None:
    if not row.amends:
        return None
    pk = plan.stored.pk(row.amends)
    return pk if pk is not None else ids[row.amends]


def _create_agreements(plan: _Plan, now: datetime.datetime) -> dict[str, int]:
    """Insert the new agreements, those that amend another new one last; their ids by reference."""
    ids: dict[str, int] = {}
    waiting = [row for row in plan.created if row.amends and plan.stored.pk(row.amends) is None]
    first = [row for row in plan.created if not (row.amends and plan.stored.pk(row.amends) is None)]
    columns = ["reference", "type", "title", "title_en", "signed_on", "value", "currency", "value_usd", "amends_id"]
    stamp = connection.ops.adapt_datetimefield_value(now)
    table = Agreement._meta.db_table
    for wave in (first, waiting):
        values = [
            (row.reference, row.type, row.title, row.title, row.signed_on, row.value, row.currency, row.value_usd,
             _amends_id(plan, row, ids), stamp, stamp)
            for row in wave
        ]  # fmt: skip
        if new_ids := _new_ids(table, len(wave)):  # PostgreSQL: the ids first, so they need not be read back
            numbered = [(pk, *row) for pk, row in zip(new_ids, values, strict=True)]
            _insert(table, ["id", *columns, "created_at", "updated_at"], numbered)
            ids.update((row.reference, pk) for row, pk in zip(wave, new_ids, strict=True))
            continue
        _insert(table, [*columns, "created_at", "updated_at"], values)
        for chunk in _chunks([row.reference for row in wave]):
            ids.update(Agreement.objects.filter(_among("reference", chunk)).values_list("reference", "pk"))
    return ids


def _new_ids(table: str, count: int) -> list[int]:
    """On PostgreSQL, ``count`` ids taken from the table's sequence, as an insert without ids would take them
    (empty elsewhere, and for no rows)."""
    if connection.vendor != "postgresql" or not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [row[0] for row in cursor.fetchall()]


def _update_agreements(plan: _Plan, ids: dict[str, int], now: datetime.datetime) -> None:
    """Write the file's values over the changed agreements; their other languages' titles stay (the untranslated
    ``title`` column holds the English one, as for a new agreement)."""
    columns = ["type", "title", "title_en", "signed_on", "value", "currency", "value_usd", "amends_id", "updated_at"]
    stamp = connection.ops.adapt_datetimefield_value(now)
    values = [
        (pk, row.type, row.title, row.title, row.signed_on, row.value, row.currency, row.value_usd,
         _amends_id(plan, row, ids), stamp)
        for pk, row in plan.updated
    ]  # fmt: skip
    if values:
        _update(Agreement._meta.db_table, columns, values)


def _write_links(name: str, rows: list[tuple[int, _Row]], stored: dict[int, dict[Any, int]]) -> None:
    """Add and remove the links of one many-to-many field of the agreements the file changes."""
    through, other = _through(name)
    removed: list[int] = []
    added: list[tuple[int, Any]] = []
    for pk, row in rows:
        wanted, now = row.links(name), stored.get(pk, {})
        removed += [link for other_id, link in now.items() if other_id not in wanted]
        added += [(pk, other_id) for other_id in wanted if other_id not in now]
    for chunk in _chunks(removed):
        through._default_manager.filter(_among("id", chunk)).delete()
    _insert(through._meta.db_table, ["agreement_id", other], added)


def _write_history(ids: list[int], history_type: str, stamp: Any, user: Any) -> None:
    """One history row per agreement (simple_history's ``+`` or ``~``), copied from the agreement as it now is."""
    q = connection.ops.quote_name
    history = Agreement.history.model  # type: ignore[attr-defined]
    columns = ", ".join(q(field.column) for field in history.tracked_fields)
    extra = ", ".join(map(q, ["history_date", "history_change_reason", "history_type", "history_user_id"]))
    for chunk in _chunks(ids):
        among, params = _sql_among("id", chunk)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {q(history._meta.db_table)} ({columns}, {extra}) "  # noqa: S608 - names from the models
                f"SELECT {columns}, %s, %s, %s, %s FROM {q(Agreement._meta.db_table)} WHERE {among}",
                [stamp, CHANGE_REASON, history_type, user.pk if user else None, *params],
            )


def _write_snapshots(name: str, after: int, stamp: Any) -> None:
    """simple_history's snapshot of one many-to-many field for each history row this import wrote (those after
    ``after`` of its date): the agreement's links as they now are (see the module's docstring)."""
    q = connection.ops.quote_name
    through, other = _through(name)
    snapshot = apps.get_model("partnerships", f"HistoricalAgreement_{name}")._meta.db_table
    history = Agreement.history.model._meta.db_table  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(snapshot)} (id, agreement_id, {q(other)}, history_id) "  # noqa: S608 - names from the models
            f"SELECT link.id, link.agreement_id, link.{q(other)}, record.history_id "
            f"FROM {q(history)} record JOIN {q(through._meta.db_table)} link ON link.agreement_id = record.id "
            f"WHERE record.history_id > %s AND record.history_date = %s",
            [after, stamp],
        )


def _sql_among(column: str, ids: list[int]) -> tuple[str, list[Any]]:
    """``column IN ids`` in SQL, with its parameters (one array on PostgreSQL, as in ``_among``)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [ids]
    return f"{column} IN ({_marks(ids)})", list(ids)


def _marks(values: list[Any]) -> str:
    return ", ".join(["%s"] * len(values))


# --- Writing many rows at once: COPY on PostgreSQL, executemany elsewhere (SQLite in tests and development) ------


def _insert(table: str, columns: list[str], values: list[tuple[Any, ...]]) -> None:
    if not values:
        return
    q = connection.ops.quote_name
    names = ", ".join(map(q, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {q(table)} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {q(table)} ({names}) VALUES ({_marks(columns)})"  # noqa: S608 - names from the models
            cursor.executemany(sql, values)


def _update(table: str, columns: list[str], values: list[tuple[Any, ...]]) -> None:
    """Set ``columns`` of the rows whose id is the first value of each tuple."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{q(column)} = %s" for column in columns)
            sql = f"UPDATE {q(table)} SET {assignments} WHERE id = %s"  # noqa: S608 - names from the models
            cursor.executemany(sql, [(*row[1:], row[0]) for row in values])
            return
        # A temporary table of the new values (COPY), then one UPDATE … FROM it.
        names = ", ".join(map(q, ["id", *columns]))
        cursor.execute("DROP TABLE IF EXISTS agreement_import")
        cursor.execute(
            f"CREATE TEMPORARY TABLE agreement_import ON COMMIT DROP AS SELECT {names} FROM {q(table)} WITH NO DATA"  # noqa: S608
        )
        _insert("agreement_import", ["id", *columns], values)
        changes = ", ".join(f"{q(column)} = new.{q(column)}" for column in columns)
        cursor.execute(f"UPDATE {q(table)} SET {changes} FROM agreement_import new WHERE {q(table)}.id = new.id")  # noqa: S608
