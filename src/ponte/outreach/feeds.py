"""RSS and Atom feeds of the published news, in the language of the address (/en/, /ar/…)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ponte.core.text import render_user_text
from ponte.outreach import selectors
from ponte.outreach.models import Campaign

ITEMS = 30


class NewsFeed(Feed):  # type: ignore[type-arg]
    """The latest published announcements and newsletters."""

    def title(self) -> str:
        return _("Ponte news")

    def description(self) -> str:
        return _("Announcements and newsletters of the Ponte platform and of SME associations.")

    def link(self) -> str:
        return reverse("outreach:list")

    def items(self) -> QuerySet[Campaign]:
        return selectors.published_campaigns()[:ITEMS]

    def item_title(self, item: Campaign) -> str:
        return item.title

    def item_description(self, item: Campaign) -> str:
        return str(render_user_text(item.body))

    def item_link(self, item: Campaign) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Campaign) -> datetime.datetime | None:
        return item.published_at

    def item_author_name(self, item: Campaign) -> str:
        return str(item.author_organisation) if item.author_organisation else _("Ponte secretariat")


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
