"""The site search's index: one entry per public record, and the normalised terms of its texts.

The index is derived from the records (meetings, groups, Recommendations, Standards Q&A questions, opportunities,
organisations) and holds only what the public may read: a draft opportunity, a hidden question or an archived
organisation has no entry, and an organisation's entry carries its public card (name, category, country,
description), never its contacts. ``ponte.search.indexing`` writes it, ``ponte.search.selectors`` reads it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ponte.partnerships.search_models import TermField


class EntryKind(models.TextChoices):
    """The kinds of record the search finds, in the order the results page shows them."""

    MEETING = "meeting", _("Meetings")
    GROUP = "group", _("Groups")
    RECOMMENDATION = "recommendation", _("Recommendations")
    QUESTION = "question", _("Q&A questions")
    OPPORTUNITY = "opportunity", _("Opportunities")
    ORGANISATION = "organisation", _("Organisations")


class Entry(models.Model):
    """A public record as the results page shows it: its titles and snippets per language, where it lives."""

    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    object_id = models.PositiveBigIntegerField(_("record"))
    label = models.CharField(_("label"), max_length=120, blank=True, help_text=_("A code shown before the title."))
    titles = models.JSONField(_("titles"), default=dict, help_text=_("Language code → title."))
    snippets = models.JSONField(_("snippets"), default=dict, help_text=_("Language code → a short plain text."))
    link = models.JSONField(_("link"), default=dict, help_text=_("The keyword arguments of the record's page."))
    date = models.DateField(_("date"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once_per_record")]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"

    def title_in(self, language: str) -> tuple[str, str]:
        """The title in ``language``, else in English, else in the language it was written in; and that language."""
        for code in (language, settings.LANGUAGE_CODE, *self.titles):
            if self.titles.get(code):
                return str(self.titles[code]), code
        return "", language

    def snippet_in(self, language: str) -> tuple[str, str]:
        """The snippet in ``language``, else in English, else in the language it was written in; and that language."""
        for code in (language, settings.LANGUAGE_CODE, *self.snippets):
            if self.snippets.get(code):
                return str(self.snippets[code]), code
        return "", language


class Term(models.Model):
    """A normalised term of an entry's texts (``ponte.core.search_text.document_terms``), and whether it is in
    the title. The entry's kind is repeated so that one index answers a term and a kind."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="terms", db_index=False, verbose_name=_("entry")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    term = TermField(_("term"), max_length=64)
    in_title = models.BooleanField(_("in the title"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "term"], name="search_term_once_per_entry")]
        indexes = [
            models.Index(fields=["term", "kind", "entry", "in_title"], name="search_term_by_kind"),
            # Ranking asks of each entry found whether a term is in its title: for a term's prefix (cyber…)
            # the index above scans every entry with it each time (200 ms for 1,600 organisations).
            models.Index(fields=["entry", "term"], condition=models.Q(in_title=True), name="search_term_in_title"),
        ]
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.term
