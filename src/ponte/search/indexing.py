"""Keeping the search index (``ponte.search.models``) equal to what the public may read.

Each kind of record has a ``Source``: the records the public may see (``visible``) and how one becomes an entry
(its titles and snippets in each language, its label, date and link) and terms (the normalised words of its
title, then of its other texts). ``index_record`` re-indexes one record (or removes its entry when it is no
longer public); ``ponte.search.receivers`` calls it after the commit of every save or delete of an indexed model;
``rebuild_index`` (``manage.py rebuild_search_index``) rebuilds everything from the records.

Texts are cut into terms by the partner search's ``document_terms`` (case and accents folded, Arabic unified,
Chinese and Japanese as character pairs), so the search behaves alike everywhere on the site.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.text import Truncator
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Group, Organisation, OrganisationCategory
from ponte.core.search_text import document_terms
from ponte.core.text import plain_text
from ponte.meetings.models import Meeting
from ponte.opportunities.models import Opportunity, OpportunityState
from ponte.qa.models import Question
from ponte.search.models import Entry, EntryKind, Term
from ponte.standards.models import Recommendation

logger = logging.getLogger(__name__)

SNIPPET_LENGTH = 220
CHUNK = 500
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _localised(instance: Any, name: str) -> dict[str, str]:
    """A translated field's text per language, without the empty ones (modeltranslation's ``name_xx`` columns)."""
    texts = {code: getattr(instance, build_localized_fieldname(name, code), "") or "" for code in LANGUAGES}
    return {code: text.strip() for code, text in texts.items() if text and text.strip()}


def _snippets(texts: dict[str, str]) -> dict[str, str]:
    return {code: Truncator(" ".join(text.split())).chars(SNIPPET_LENGTH) for code, text in texts.items() if text}


@dataclass
class Document:
    """What the index keeps of one record."""

    label: str
    titles: dict[str, str]
    snippets: dict[str, str] = field(default_factory=dict)
    link: dict[str, Any] = field(default_factory=dict)
    date: Any = None
    extra_texts: list[str] = field(default_factory=list)  # searchable, not shown
    snippet_texts: list[str] = field(default_factory=list)  # the full texts the snippets are cut from

    def terms(self) -> dict[str, bool]:
        """Each term of the document, and whether it is in the title (or label)."""
        found: dict[str, bool] = {}
        for text in [*self.extra_texts, *self.snippet_texts]:
            found.update(dict.fromkeys(document_terms(text), False))
        for text in [self.label, *self.titles.values()]:
            found.update(dict.fromkeys(document_terms(text), True))
        return found


@dataclass(frozen=True)
class Source:
    """A kind of record: the ones the public may read, and how one becomes a ``Document``."""

    kind: str
    model: type[models.Model]
    visible: Callable[[], models.QuerySet[Any]]
    document: Callable[[Any], Document]


# --- The kinds of record -----------------------------------------------------------------------------------------


def _meeting(meeting: Meeting) -> Document:
    titles = _localised(meeting, "title")
    place = meeting.city or ""
    countries = _localised(meeting.country, "name") if meeting.country else {}
    return Document(
        label=meeting.code,
        titles=titles,
        snippets={
            code: " · ".join(
                part for part in (str(meeting.group), place, countries.get(code) or countries.get("en", "")) if part
            )
            for code in LANGUAGES
        },
        link={"code": meeting.code},
        date=meeting.starts_on,
        extra_texts=[str(meeting.group), place, *countries.values()],
    )


def _group(group: Group) -> Document:
    return Document(
        label=f"{group.sector.code} {group.code}",
        titles=_localised(group, "title"),
        link={"sector": group.sector.code, "code": group.code},
        extra_texts=[*_localised(group.sector, "name").values()],
    )


def _recommendation(recommendation: Recommendation) -> Document:
    summaries = _localised(recommendation, "summary")
    return Document(
        label=f"{recommendation.sector.code} {recommendation.identifier}",
        titles=_localised(recommendation, "title"),
        snippets=_snippets(summaries),
        snippet_texts=list(summaries.values()),
        link={"sector": recommendation.sector.code, "identifier": recommendation.identifier},
        date=recommendation.approved_on,
        # "H702" finds H.702, as in the catalogue.
        extra_texts=["".join(char for char in recommendation.identifier if char.isalnum())],
    )


def _question(question: Question) -> Document:
    body = plain_text(question.body)
    return Document(
        label=str(question.group),
        titles={question.language: question.title},
        snippets=_snippets({question.language: body}),
        snippet_texts=[body],
        link={"pk": question.pk},
        date=question.created_at.date(),
    )


def _opportunity(opportunity: Opportunity) -> Document:
    summaries = _localised(opportunity, "summary")
    descriptions = _localised(opportunity, "description")
    return Document(
        label="",
        titles=_localised(opportunity, "title"),
        snippets=_snippets(summaries),
        snippet_texts=[*summaries.values(), *descriptions.values()],
        link={"pk": opportunity.pk},
        date=opportunity.published_at.date() if opportunity.published_at else None,
    )


def _category_labels(category: str) -> dict[str, str]:
    """The category's name in each language (the "SME" of "Small or medium enterprise (SME)")."""
    label = OrganisationCategory(category).label if category in OrganisationCategory.values else category
    labels = {}
    for code in LANGUAGES:
        with translation.override(code):
            labels[code] = str(label)
    return labels


def _organisation(organisation: Organisation) -> Document:
    # The public card only: name, category, country, description. Never its people, contacts or emails.
    descriptions = _localised(organisation, "description")
    categories = _category_labels(organisation.category)
    countries = _localised(organisation.country, "name") if organisation.country else {}
    return Document(
        label="",
        titles={settings.LANGUAGE_CODE: organisation.name},
        snippets={
            code: " · ".join(
                part
                for part in (
                    categories[code],
                    countries.get(code) or countries.get("en", ""),
                    descriptions.get(code) or descriptions.get("en", ""),
                )
                if part
            )[:SNIPPET_LENGTH]
            for code in LANGUAGES
        },
        snippet_texts=list(descriptions.values()),
        link={"pk": organisation.pk},
        extra_texts=[*categories.values(), *countries.values()],
    )


SOURCES: dict[str, Source] = {
    source.kind: source
    for source in (
        Source(
            EntryKind.MEETING,
            Meeting,
            lambda: Meeting.objects.select_related("group__sector", "country"),
            _meeting,
        ),
        Source(
            EntryKind.GROUP,
            Group,
            lambda: Group.objects.filter(is_active=True).select_related("sector"),
            _group,
        ),
        Source(
            EntryKind.RECOMMENDATION,
            Recommendation,
            lambda: Recommendation.objects.select_related("sector"),
            _recommendation,
        ),
        Source(
            EntryKind.QUESTION,
            Question,
            lambda: Question.objects.filter(is_hidden=False).select_related("group__sector"),
            _question,
        ),
        Source(
            EntryKind.OPPORTUNITY,
            Opportunity,
            lambda: Opportunity.objects.filter(state=OpportunityState.PUBLISHED),
            _opportunity,
        ),
        Source(
            EntryKind.ORGANISATION,
            Organisation,
            lambda: Organisation.objects.filter(is_active=True, listed=True).select_related("country"),
            _organisation,
        ),
    )
}
KIND_OF_MODEL: dict[type[models.Model], str] = {source.model: source.kind for source in SOURCES.values()}


# --- Writing the index -------------------------------------------------------------------------------------------


def _entry(kind: str, object_id: int, document: Document) -> Entry:
    return Entry(
        kind=kind,
        object_id=object_id,
        label=document.label[:120],
        titles=document.titles,
        snippets=document.snippets,
        link=document.link,
        date=document.date,
    )


def _terms(entry: Entry, document: Document) -> Iterator[Term]:
    for term, in_title in document.terms().items():
        yield Term(entry=entry, kind=entry.kind, term=term, in_title=in_title)


@transaction.atomic
def index_record(kind: str, object_id: int) -> Entry | None:
    """Re-index one record: its entry and terms anew, or none when the public may no longer read it."""
    source = SOURCES[kind]
    record = source.visible().filter(pk=object_id).first()
    Entry.objects.filter(kind=kind, object_id=object_id).delete()
    if record is None:
        return None
    document = source.document(record)
    entry = _entry(kind, object_id, document)
    entry.save()
    Term.objects.bulk_create(_terms(entry, document))
    return entry


def index_after_commit(kind: str, object_id: int) -> None:
    """Re-index a record once the transaction that changed it commits (at once outside a transaction)."""

    def reindex() -> None:
        try:
            index_record(kind, object_id)
        except Exception:  # the change is committed; a stale entry is mended by rebuild_search_index
            logger.exception("Could not re-index %s %s for the search", kind, object_id)

    transaction.on_commit(reindex)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def rebuild_index(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index of the given kinds (all by default) from the records; the number of entries per kind."""
    counts: dict[str, int] = {}
    for kind in kinds or SOURCES:
        source = SOURCES[kind]
        Term.objects.filter(kind=kind).delete()
        Entry.objects.filter(kind=kind).delete()
        counts[kind] = 0
        for chunk in _chunks(source.visible().order_by("pk").iterator(chunk_size=CHUNK), CHUNK):
            documents = [(record.pk, source.document(record)) for record in chunk]
            entries = Entry.objects.bulk_create([_entry(kind, pk, document) for pk, document in documents])
            Term.objects.bulk_create(
                [
                    term
                    for entry, (_pk, document) in zip(entries, documents, strict=True)
                    for term in _terms(entry, document)
                ],
                batch_size=2000,
            )
            counts[kind] += len(entries)
    return counts
